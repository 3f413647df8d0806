"""Demo accounts for the embedded-defaults start (`manage.py demo_data`)."""

from .models import User

DEMO_CUSTOMER = {"username": "customer", "email": "customer@example.com", "full_name": "Demo Customer"}


def load(stdout) -> None:
    if not User.objects.filter(username=DEMO_CUSTOMER["username"]).exists():
        User.objects.create_user(password="customer-pass-123", phone="+10000000000", **DEMO_CUSTOMER)
    stdout.write("  customer login: customer / customer-pass-123")
