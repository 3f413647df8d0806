"""What the accounts app announces. Sent inside the service's transaction; receivers that write
must do so in that transaction (an outbox row), and deliver after commit."""

from django.dispatch import Signal

# A customer signed up: kwargs `user`.
user_registered = Signal()
