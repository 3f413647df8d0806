"""What the orders app announces. Sent inside the service's transaction; receivers that write
must do so in that transaction (an outbox row), and deliver after commit."""

from django.dispatch import Signal

# A customer placed an order: kwargs `order`.
order_placed = Signal()
# Staff moved an order to another status: kwargs `order`.
order_status_changed = Signal()

# Shop orders (spec shop-cvety.md), sent inside the writing transaction.
# A shop order was created (plain or with items): kwargs `order`.
shop_order_created = Signal()
# A shop order moved along the status flow (or to `issue`): kwargs `order`, `old_status`, `new_status`.
shop_order_status_changed = Signal()
# A payment webhook was accepted and recorded for a shop order: kwargs `order`, `payment`.
shop_payment_received = Signal()
