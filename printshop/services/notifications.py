"""Which printer events notify the owner, per printer (delivery comes with the notifier)."""

from config.db import save_changes

from ..models import NotificationSettings, Printer


def settings_for(printer: Printer) -> NotificationSettings:
    """The printer's settings, the spec's defaults until the owner changes them."""
    settings, _ = NotificationSettings.objects.get_or_create(printer=printer)
    return settings


def update_settings(settings: NotificationSettings, **changes) -> NotificationSettings:
    return save_changes(settings, **changes)
