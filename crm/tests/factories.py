import factory

from accounts.tests.factories import UserFactory
from crm.models import CallRequest, SyncItem


class CallRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallRequest

    user = factory.SubFactory(UserFactory)
    name = factory.Faker("name")
    phone = "+1234567890"
    product = "CNC Milling"
    time = "Morning"
    additional = "Need urgent quote"
    agreement = True


class SyncItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncItem

    entity_type = "contact"
    entity_id = factory.Sequence(lambda n: n + 1)
