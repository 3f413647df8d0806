from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from configurator import services
from configurator.choices import NodeType, QuoteStatus
from configurator.models import (
    Configuration,
    ConfigurationTemplate,
    ManufacturingType,
    Order,
    OrderItem,
    Quote,
    TemplateSelection,
)


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"root{n}")
    is_superuser = True


class ManufacturingTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManufacturingType

    name = factory.Sequence(lambda n: f"Casement Window {n}")
    description = "Energy-efficient casement windows"
    base_category = "window"
    image_url = "/images/casement.jpg"
    base_price = Decimal("200.00")
    base_weight = Decimal("15.00")


def make_node(name="Frame Options", *, parent=None, manufacturing_type=None, **fields):
    """Test trees are built through the tree service, never with hand-written lft/rght."""
    if parent is None and manufacturing_type is None:
        manufacturing_type = ManufacturingTypeFactory()
    fields.setdefault("node_type", NodeType.OPTION if parent is not None else NodeType.CATEGORY)
    return services.create_node(name=name, parent=parent, manufacturing_type=manufacturing_type, **fields)


class ConfigurationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Configuration

    manufacturing_type = factory.SubFactory(ManufacturingTypeFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Living Room Window {n}")
    description = "Bay window facing south"
    reference_code = factory.Sequence(lambda n: f"WIN-20240127-{n:03d}x")
    base_price = factory.LazyAttribute(lambda c: c.manufacturing_type.base_price)
    total_price = factory.LazyAttribute(lambda c: c.manufacturing_type.base_price)
    calculated_weight = factory.LazyAttribute(lambda c: c.manufacturing_type.base_weight)


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfigurationTemplate

    name = factory.Sequence(lambda n: f"Standard Casement {n}")
    description = "Most popular configuration"
    manufacturing_type = factory.SubFactory(ManufacturingTypeFactory)
    estimated_price = Decimal("450.00")
    estimated_weight = Decimal("20.00")
    created_by = factory.SubFactory(SuperuserFactory)


class TemplateSelectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateSelection

    template = factory.SubFactory(TemplateFactory)
    attribute_node = factory.LazyAttribute(lambda s: make_node(manufacturing_type=s.template.manufacturing_type))
    string_value = "Vinyl"
    selection_path = factory.LazyAttribute(lambda s: s.attribute_node.ltree_path)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    configuration = factory.SubFactory(ConfigurationFactory)
    user = factory.LazyAttribute(lambda q: q.configuration.user)
    quote_number = factory.Sequence(lambda n: f"Q-20240120-{n:03d}x")
    subtotal = Decimal("525.00")
    tax_rate = Decimal("8.50")
    tax_amount = Decimal("44.63")
    total_amount = Decimal("569.63")
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = QuoteStatus.DRAFT


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    quote = factory.SubFactory(QuoteFactory, status=QuoteStatus.ACCEPTED)
    order_number = factory.Sequence(lambda n: f"O-20240125-{n:03d}x")
    order_date = factory.LazyFunction(timezone.localdate)
    special_instructions = "Call before delivery"
    installation_address = factory.LazyFunction(lambda: {"street": "123 Main St", "city": "Springfield"})

    @factory.post_generation
    def items(order, create, extracted, **kwargs):  # noqa: N805 (factory_boy hook)
        if create:
            OrderItem.objects.create(
                order=order,
                configuration=order.quote.configuration,
                quantity=1,
                unit_price=order.quote.total_amount,
                total_price=order.quote.total_amount,
            )


class CustomerFactory(factory.django.DjangoModelFactory):
    """A CRM customer, named by string like the configurator's models name it (no crm import)."""

    class Meta:
        model = "crm.Customer"

    company_name = factory.Sequence(lambda n: f"Builders {n} Ltd")
    contact_person = factory.Faker("name")
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    phone = "555-1234"
    address = factory.LazyFunction(lambda: {"street": "123 Main St", "city": "Springfield", "country": "USA"})
    customer_type = "commercial"
    payment_terms = "net_30"
