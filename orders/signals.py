"""What the orders app announces. Sent inside the service's transaction; receivers that write
must do so in that transaction (an outbox row), and deliver after commit."""

from django.dispatch import Signal

# A customer placed an order: kwargs `order`.
order_placed = Signal()
# Staff moved an order to another status: kwargs `order`.
order_status_changed = Signal()
