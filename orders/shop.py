"""Shop orders (shop spec "Orders", "Production", "Tracking"): the one place that changes them.

The API, the admin and the pages all come here. What happens is announced with the signals in
`signals.py` (and `catalog.signals.products_ordered`) inside the writing transaction, so the CRM's
webhooks and the warehouse's stock follow without this app importing them.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from catalog.signals import products_ordered
from config.errors import NotFound, Problem, Refused, Rejected
from files import services as files

from .choices import DeliveryMethod, ShopOrderStatus
from .models import (
    ProductionTask,
    ShopOrder,
    ShopOrderIssue,
    ShopOrderItem,
    ShopOrderPhoto,
    ShopOrderStatusChange,
    ShopPayment,
)
from .signals import shop_order_created, shop_order_status_changed, shop_payment_received

S = ShopOrderStatus
# The spec's "Valid Status Transitions", exactly; any status may also go to `issue` (allowed_moves).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NEW: (S.PAID,),
    S.PAID: (S.ASSEMBLED,),
    S.ASSEMBLED: (S.DELIVERY, S.SELF_PICKUP),
    S.DELIVERY: (S.DELIVERED,),
    S.SELF_PICKUP: (S.DELIVERED,),
    S.DELIVERED: (S.COMPLETED,),
    S.COMPLETED: (),
    S.ISSUE: (),
}


def allowed_moves(status: str) -> tuple[str, ...]:
    return (*TRANSITIONS[status], S.ISSUE)


def can_move(old: str, new: str) -> bool:
    return new in allowed_moves(old)


# -- creating orders ------------------------------------------------------------------------------


def _check_window(delivery_from, delivery_to) -> None:
    if delivery_from and delivery_to and delivery_to < delivery_from:
        raise Refused("delivery_window", "The delivery window must end after it starts", code="value_error")


def _record(order: ShopOrder, old: str, new: str) -> None:
    ShopOrderStatusChange.objects.create(order=order, old_status=old, new_status=new)


def create_order(
    shop,
    *,
    customer_phone: str,
    flower_sum: int,
    delivery_fee: int = 0,
    total: int | None = None,
    **details,
) -> ShopOrder:
    """A `new` order with the amounts as given; `total`, when sent, must be flowers plus delivery."""
    if total is not None and total != flower_sum + delivery_fee:
        raise Refused(
            "total", f"The total must be flower_sum + delivery_fee = {flower_sum + delivery_fee}", code="value_error"
        )
    _check_window(details.get("delivery_from"), details.get("delivery_to"))
    with transaction.atomic():
        order = ShopOrder.objects.create(
            shop=shop,
            customer_phone=customer_phone,
            flower_sum=flower_sum,
            delivery_fee=delivery_fee,
            total=flower_sum + delivery_fee,
            **details,
        )
        _record(order, "", order.status)
        shop_order_created.send(sender=ShopOrder, order=order)
    return order


def create_order_with_items(shop, *, items: list[dict], delivery_fee: int = 0, **details) -> ShopOrder:
    """A `new` order whose lines are priced from the shop's active products at their current price.

    `products_ordered` is sent inside the transaction first: a receiver (the warehouse) may refuse
    with `Rejected`, and then nothing is saved.
    """
    quantities: dict[int, int] = {}
    for item in items:
        quantities[item["product_id"]] = quantities.get(item["product_id"], 0) + item["quantity"]
    products = Product.objects.filter(shop=shop, is_active=True).in_bulk(list(quantities))
    missing = [
        Problem(f"items.{index}.product_id", f"Product {item['product_id']} not found", "value_error")
        for index, item in enumerate(items)
        if item["product_id"] not in products
    ]
    if missing:
        raise Refused(problems=missing)
    lines = [(products[product_id], quantity) for product_id, quantity in quantities.items()]
    _check_window(details.get("delivery_from"), details.get("delivery_to"))
    flower_sum = sum(product.current_price * quantity for product, quantity in lines)
    with transaction.atomic():
        products_ordered.send(sender=Product, shop=shop, lines=lines)
        order = ShopOrder.objects.create(
            shop=shop, flower_sum=flower_sum, delivery_fee=delivery_fee, total=flower_sum + delivery_fee, **details
        )
        ShopOrderItem.objects.bulk_create(
            ShopOrderItem(
                order=order,
                product=product,
                product_name=product.name,
                quantity=quantity,
                price=product.current_price,
                total=product.current_price * quantity,
            )
            for product, quantity in lines
        )
        _record(order, "", order.status)
        shop_order_created.send(sender=ShopOrder, order=order)
    return order


# -- moving orders along ----------------------------------------------------------------------------


def change_status(order: ShopOrder, new_status: str) -> ShopOrder:
    """Move the order along the spec's table (any status may go to `issue`); anything else is refused
    and changes nothing. Announced as `shop_order_status_changed`."""
    new_status = ShopOrderStatus(new_status)
    with transaction.atomic():
        order = ShopOrder.objects.select_for_update().get(pk=order.pk)
        old_status = order.status
        if not can_move(old_status, new_status):
            allowed = ", ".join(allowed_moves(old_status))
            raise Rejected(
                f"An order in status '{old_status}' cannot move to '{new_status}'; it may move to: {allowed}",
                code="invalid_status",
            )
        if old_status == new_status:
            return order
        order.status = new_status
        fields = ["status", "updated_at"]
        if new_status == S.PAID and order.paid_at is None:
            order.paid_at = timezone.now()
            fields.append("paid_at")
        order.save(update_fields=fields)
        _record(order, old_status, new_status)
        shop_order_status_changed.send(sender=ShopOrder, order=order, old_status=old_status, new_status=new_status)
    return order


def report_issue(order: ShopOrder, *, issue_type: str, comment: str = "") -> ShopOrderIssue:
    """Put the order in `issue` (from any status) and keep what went wrong."""
    with transaction.atomic():
        order = change_status(order, S.ISSUE)
        return ShopOrderIssue.objects.create(order=order, issue_type=issue_type, comment=comment)


# -- payments ------------------------------------------------------------------------------------


def receive_payment(order_id: int, *, payment_id: str, payment_method: str, amount: int, status: str) -> dict:
    """Record the provider's notice once per `payment_id` and answer what it did; a replay answers
    the first answer again. Only a successful payment of exactly the order's total marks a `new`
    order paid (announced as a status change and `shop_payment_received`)."""
    with transaction.atomic():
        order = ShopOrder.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise NotFound("Order not found")
        earlier = ShopPayment.objects.filter(payment_id=payment_id).first()
        if earlier is not None:
            if earlier.order_id != order.pk:
                raise Rejected(f"Payment {payment_id} was already received for another order", code="duplicate")
            return earlier.answer
        accepted, message = _judge(order, amount, status)
        payment = ShopPayment(
            order=order, payment_id=payment_id, payment_method=payment_method, amount=amount, status=status
        )
        if accepted:
            order = change_status(order, S.PAID)
        payment.accepted = accepted
        payment.answer = {
            "order_id": order.pk,
            "payment_id": payment_id,
            "accepted": accepted,
            "order_status": order.status,
            "message": message,
        }
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:  # the same payment_id, for another order, saved while this one was judged
            raise Rejected(f"Payment {payment_id} was already received for another order", code="duplicate") from None
        if accepted:
            shop_payment_received.send(sender=ShopOrder, order=order, payment=payment)
    return payment.answer


def _judge(order: ShopOrder, amount: int, status: str) -> tuple[bool, str]:
    if status != "success":
        return False, f"Payment status is '{status}'; the order is unchanged"
    if amount != order.total:
        return False, f"Amount {amount} does not match the order total {order.total}; the order is unchanged"
    if order.status != S.NEW:
        return False, f"The order is '{order.status}', not awaiting payment; the order is unchanged"
    return True, "Payment received; the order is paid"


# -- photos of the flowers -----------------------------------------------------------------------

MAX_PHOTOS = 10  # per order: the bouquet from a few sides, before it leaves


def add_photo(order: ShopOrder, *, owner, file_name: str, content: bytes) -> ShopOrderPhoto:
    """Keep a photo of the order's flowers once decoded (PNG, JPEG, GIF or WebP, at most
    SHOP_PHOTO_MAX_UPLOAD_BYTES, the spec's "File Uploads: 10 MB"); it goes last. The customer sees
    it on the public tracking (spec "Tracking": "Photos only show flowers")."""
    return files.add_to_gallery(
        order.photos,
        limit=MAX_PHOTOS,
        whose="An order",
        owner=owner,
        file_name=file_name,
        content=content,
        max_bytes=settings.SHOP_PHOTO_MAX_UPLOAD_BYTES,
    )


def delete_photo(photo: ShopOrderPhoto) -> None:
    """The photo and its stored picture."""
    files.delete_image(photo.image)  # the photo row goes with its image (CASCADE)


def photo_url(photo: ShopOrderPhoto) -> str:
    """The photo's public address: its id is unguessable, and the tracking shows it to anyone with the link."""
    return reverse("shop-order-photo", args=[photo.image_id, photo.image.extension])


# -- production ----------------------------------------------------------------------------------


def create_task(shop, *, order_id: int | None = None, **values) -> ProductionTask:
    """A task in the shop's production queue, linked to one of the shop's own orders when named."""
    order = None
    if order_id is not None:
        order = ShopOrder.objects.filter(shop=shop, pk=order_id).first()
        if order is None:
            raise NotFound("Order not found")
    with transaction.atomic():
        return ProductionTask.objects.create(shop=shop, order=order, **values)


# -- customers -----------------------------------------------------------------------------------

# Who a phone is, for the `customer` of an order: the CRM registers a lookup in its ready()
# (shop id, phones) -> {phone: (customer id, name)}; without one the order shows no id or name.
CustomerDirectory = Callable[[int, list[str]], dict[str, tuple[int, str]]]
_customer_directories: list[CustomerDirectory] = []


def customer_totals(shop_ref: str, phone_ref: str):
    """A customer's orders count and total spent (paid orders only), matched by phone within the shop,
    as two correlated subqueries for `annotate`: a page of customers or orders costs the same at any size."""
    orders = ShopOrder.objects.filter(shop=OuterRef(shop_ref), customer_phone=OuterRef(phone_ref)).order_by()
    count = orders.values("customer_phone").annotate(n=Count("*")).values("n")
    spent = orders.filter(paid_at__isnull=False).values("customer_phone").annotate(s=Sum("total")).values("s")
    return Coalesce(Subquery(count), 0), Coalesce(Subquery(spent), 0)


def register_customer_directory(directory: CustomerDirectory) -> None:
    if directory not in _customer_directories:
        _customer_directories.append(directory)


def customers_by_phone(shop_id: int, phones: list[str]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for directory in _customer_directories:
        found.update(directory(shop_id, phones))
    return found


# Whose name holds some text, for the orders' `search` (spec "Get Orders": phones, names, id): the CRM
# registers (shop id, text) -> a queryset of the phones of the shop's customers so named, read as a subquery.
CustomerSearch = Callable[[int, str], QuerySet]
_customer_searches: list[CustomerSearch] = []


def register_customer_search(search: CustomerSearch) -> None:
    if search not in _customer_searches:
        _customer_searches.append(search)


def phones_of_customers_named(shop_id: int, text: str) -> list[QuerySet]:
    return [search(shop_id, text) for search in _customer_searches]


# -- tracking ------------------------------------------------------------------------------------

# A flat or office and whatever follows it: "кв. 45", "кв45", "офис 5", "apt. 3".
FLAT = re.compile(r"^(кв|квартира|apt|apartment|flat|офис|office|оф)(\.|\d|$)", re.IGNORECASE)
CITY = re.compile(r"^(г|город|city)\b\.?", re.IGNORECASE)
MASK = "*****"


def mask_address(address: str) -> str:
    """The address a stranger may see: the city, the kind of street and the house number; the
    street's name masked, the flat left out (spec "Tracking": "г. Алматы, пр. ***** 89")."""
    shown = []
    for part in (p.strip() for p in address.split(",")):
        if CITY.match(part):
            shown.append(part)
            continue
        words = []
        for word in part.split():
            if FLAT.match(word):
                break  # the flat, with or without a comma before it, and the rest of the part
            keep = any(ch.isdigit() for ch in word) or (word.endswith(".") and len(word) <= 5)
            words.append(word if keep else MASK)
        if words:
            shown.append(" ".join(_squeeze(words)))
    return ", ".join(shown)


def _squeeze(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if not (word == MASK and out and out[-1] == MASK):
            out.append(word)
    return out


def tracked_order(token: str) -> ShopOrder:
    order = ShopOrder.objects.filter(tracking_token=token).first()
    if order is None:
        raise NotFound("Tracking token not found")
    return order


def timeline(order: ShopOrder) -> list[dict]:
    """The steps of the order's way, each with when it was reached (None for steps still ahead)."""
    reached = {change.new_status: change.changed_at for change in order.status_changes.all()}
    last = S.SELF_PICKUP if order.delivery_method == DeliveryMethod.SELF_PICKUP else S.DELIVERY
    way = [S.NEW, S.PAID, S.ASSEMBLED, last, S.DELIVERED, S.COMPLETED]
    steps = [{"status": step, "label": S(step).label, "at": reached.get(step), "done": step in reached} for step in way]
    if order.status == S.ISSUE:
        steps.append({"status": S.ISSUE, "label": S.ISSUE.label, "at": reached.get(S.ISSUE), "done": True})
    return steps
