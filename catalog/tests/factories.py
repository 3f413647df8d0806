from decimal import Decimal

import factory

from catalog import models
from catalog.choices import CoefficientKind, PricingFormula, StockForm


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    id = factory.Sequence(lambda n: f"site_{n}")
    name = factory.Sequence(lambda n: f"Site {n}")
    price_of_hour = Decimal("600")
    additional_salary = Decimal("0.1")
    insurance = Decimal("0.3")
    overhead = Decimal("1.5")
    administrative = Decimal("1.0")
    profit_material = Decimal("0.01")
    profit_other = Decimal("0.25")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    id = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A test service"
    formula = PricingFormula.MILLING
    location = factory.SubFactory(LocationFactory)


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Machine

    name = factory.Sequence(lambda n: f"machine_{n}")
    location = factory.SubFactory(LocationFactory)
    service = factory.SubFactory(ServiceFactory, location=factory.SelfAttribute("..location"))


class MaterialFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MaterialFamily
        django_get_or_create = ["code"]

    code = "alum"
    name = "Алюминий"


class MaterialFactory(factory.django.DjangoModelFactory):
    """A material usable for milling, sold as sheet."""

    class Meta:
        model = models.Material
        skip_postgeneration_save = True

    id = factory.Sequence(lambda n: f"test_материал_{n}")
    name = factory.Sequence(lambda n: f"Material {n}")
    family = factory.SubFactory(MaterialFamilyFactory)
    density = Decimal("2800")
    k_handle = Decimal("0.03")

    @factory.post_generation
    def processes(material, create, extracted, **kwargs):  # noqa: N805 (factory_boy hook)
        if create:
            services = extracted if extracted is not None else ["cnc-milling"]
            material.processes.set(services)
            form = models.MaterialForm.objects.create(
                material=material, form=StockForm.SHEET, price_per_kg=Decimal("100")
            )
            form.processes.set(services)


class CoefficientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Coefficient

    kind = CoefficientKind.TOLERANCE
    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.Sequence(lambda n: f"Grade {n}")
    value = Decimal("1.00")
