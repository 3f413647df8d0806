from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from files.tests.factories import ModelFileFactory
from orders.models import Order


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    user = factory.SubFactory(UserFactory)
    file = factory.SubFactory(ModelFileFactory, owner=factory.SelfAttribute("..user"))
    service_id = "cnc-milling"
    quantity = 1
    calculation_inputs = factory.LazyFunction(lambda: {"length": 30, "width": 20, "height": 10})
    total_price = Decimal("1500.00")
