import factory

from crm.models import Customer, CustomerType


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    company_name = factory.Sequence(lambda n: f"Builders {n} Ltd")
    contact_person = factory.Faker("name")
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    phone = "555-1234"
    address = factory.LazyFunction(lambda: {"street": "123 Main St", "city": "Springfield", "country": "USA"})
    customer_type = CustomerType.COMMERCIAL
    payment_terms = "net_30"
