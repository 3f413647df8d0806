import factory
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory

from .. import roles, services
from ..models import Category, Part


def with_role(role: str, **fields):
    """A user holding one inventory role (its Django group, as migration 0003 seeded it)."""
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def manager(**fields):
    return with_role(roles.MANAGER, **fields)


def reader(**fields):
    return with_role(roles.USER, **fields)


def inventory_admin(**fields):
    return with_role(roles.ADMIN, **fields)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


def make_location(name: str, parent=None, **fields):
    """Locations are built through the tree service, never with hand-written lft/rght."""
    return services.create_location(name=name, parent=parent, **fields)


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part
        skip_postgeneration_save = True

    part_name = factory.Sequence(lambda n: f"Resistor 10k {n}")
    part_number = factory.Sequence(lambda n: f"C{25800 + n}")
    description = "Thick film resistor, 0603"
    quantity = 100
    supplier = "LCSC"

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):  # noqa: N805 (factory_boy hook)
        if create and extracted:
            obj.categories.set(extracted)
