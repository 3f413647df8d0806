"""Which printer events notify the owner, per printer (delivery comes with the notifier)."""

from ..models import NotificationSettings, Printer


def settings_for(printer: Printer) -> NotificationSettings:
    """The printer's settings, the spec's defaults until the owner changes them."""
    settings, _ = NotificationSettings.objects.get_or_create(printer=printer)
    return settings


def update_settings(settings: NotificationSettings, **changes) -> NotificationSettings:
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.save(update_fields=list(changes))
    return settings
