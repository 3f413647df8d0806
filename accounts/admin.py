from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from .forms import AdminLoginForm
from .models import Shop, TelegramLink, User

admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "full_name", "phone", "user_type", "is_staff", "is_active", "date_joined"]
    list_filter = ["user_type", "is_staff", "is_superuser", "is_active", "date_joined"]
    search_fields = ["username", "email", "full_name", "phone"]
    ordering = ["-date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Profile", {"fields": ["full_name", "email", "phone", "user_type"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "full_name", "password1", "password2"]}),
    ]


# -- Retail shops (issue 13): the shop API's tenants and the phones linked to the Telegram bot. -----


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "phone", "owner", "telegram_chat", "storefront", "created_at"]
    search_fields = ["name", "phone", "owner__username"]
    list_select_related = ["owner"]
    # A shop is made by its owner's first phone sign-in; the phone is the sign-in, so it stays as it is.
    readonly_fields = ["owner", "phone", "telegram_chat", "storefront", "created_at"]
    fields = ["name", "phone", "owner", "telegram_chat", "storefront", "created_at"]

    def get_queryset(self, request):
        chats = TelegramLink.objects.filter(phone=OuterRef("phone")).values("chat_id")[:1]
        return super().get_queryset(request).annotate(chat_id=Subquery(chats))

    def has_add_permission(self, request):
        return False

    @admin.display(description="Telegram chat", ordering="chat_id")
    def telegram_chat(self, shop):
        if shop.chat_id is None:
            return "not linked"
        url = reverse("admin:accounts_telegramlink_changelist") + f"?phone={shop.phone}"
        return format_html('<a href="{}">{}</a>', url, shop.chat_id)

    @admin.display(description="Storefront")
    def storefront(self, shop):
        url = reverse("storefront:catalogue", args=[shop.pk])
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(TelegramLink)
class TelegramLinkAdmin(admin.ModelAdmin):
    """Made by the bot when a user shares their own contact; staff may only look, or unlink a phone."""

    list_display = ["phone", "chat_id", "linked_at"]
    search_fields = ["phone", "=chat_id"]
    list_filter = ["linked_at"]
    readonly_fields = ["phone", "chat_id", "linked_at"]

    def has_add_permission(self, request):
        return False
