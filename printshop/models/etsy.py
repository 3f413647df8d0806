from django.conf import settings
from django.db import models

from printshop import vault


class EtsyShop(models.Model):
    """A seller's Etsy shop linked to a platform user; its OAuth tokens are kept encrypted (printshop.vault)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="etsy_shops")
    etsy_user_id = models.PositiveBigIntegerField(unique=True)
    etsy_shop_id = models.PositiveBigIntegerField(unique=True)
    shop_name = models.CharField(max_length=255)
    first_name = models.CharField(max_length=255, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    access_token_encrypted = models.TextField(editable=False)
    refresh_token_encrypted = models.TextField(editable=False)
    token_expires_at = models.DateTimeField()
    # Receipts changed before this moment are all here; the next sync asks Etsy for newer changes.
    synced_until = models.DateTimeField(null=True, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_sync_error = models.TextField(blank=True)
    # Etsy refused our refresh token (the seller revoked access): syncing waits for a new sign-in.
    needs_relink = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.shop_name} (Etsy shop {self.etsy_shop_id})"

    @property
    def access_token(self) -> str:
        return vault.decrypt(self.access_token_encrypted)

    @property
    def refresh_token(self) -> str:
        return vault.decrypt(self.refresh_token_encrypted)

    def keep_tokens(self, tokens) -> None:
        """Store a new grant (not saved): both tokens encrypted, and when the access token expires."""
        self.access_token_encrypted = vault.encrypt(tokens.access_token)
        self.refresh_token_encrypted = vault.encrypt(tokens.refresh_token)
        self.token_expires_at = tokens.expires_at
        self.needs_relink = False
