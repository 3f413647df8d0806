"""Shop orders and production tasks, for the shop API's tests."""

import factory

from catalog.tests.shop_factories import ShopFactory
from orders.choices import TaskType
from orders.models import ProductionTask, ShopOrder, ShopOrderItem, ShopOrderStatusChange


class ShopOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopOrder
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    customer_phone = factory.Sequence(lambda n: f"+7702{n:07d}")
    recipient_phone = "+77017654321"
    recipient_name = "Айгуль Касымова"
    address = "г. Алматы, пр. Достык 89, кв. 45"
    flower_sum = 25000
    delivery_fee = 2000
    total = 27000

    @factory.post_generation
    def history(order, create, extracted, **kwargs):  # noqa: N805 (factory_boy hook)
        if create:
            ShopOrderStatusChange.objects.create(order=order, old_status="", new_status=order.status)


class ShopOrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopOrderItem

    order = factory.SubFactory(ShopOrderFactory)
    product_name = "Букет роз 'Классика'"
    quantity = 1
    price = 25000
    total = 25000


class ProductionTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionTask

    shop = factory.SubFactory(ShopFactory)
    task_type = TaskType.BOUQUET
    items = factory.LazyFunction(lambda: [{"product_name": "Букет роз", "quantity": 1, "special_requests": ""}])
