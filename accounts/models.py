from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from .choices import UserType


class User(AbstractUser):
    """The one identity of the platform: every API, admin and the customer pages use it."""

    first_name = None
    last_name = None
    full_name = models.CharField(max_length=255, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    user_type = models.CharField(max_length=16, choices=UserType.choices, default=UserType.INDIVIDUAL)
    bitrix_contact_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                condition=~models.Q(email=""),
                violation_error_message="Email already registered",
            ),
        ]

    def __str__(self):
        return self.username

    @property
    def is_admin(self) -> bool:
        """`is_admin` in the APIs is staff status."""
        return self.is_staff

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.username


class Shop(models.Model):
    """A retail shop: the tenant of the shop API. Its owner signs in with the shop's phone (OTP)."""

    owner = models.OneToOneField(User, on_delete=models.CASCADE, related_name="shop")
    name = models.CharField(max_length=255)
    phone = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class TelegramLink(models.Model):
    """A phone whose owner shared it with our Telegram bot: sign-in codes go to this chat."""

    phone = models.CharField(max_length=16, unique=True)
    chat_id = models.BigIntegerField()
    linked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phone"]

    def __str__(self):
        return f"{self.phone} → chat {self.chat_id}"
