"""Admin pieces the apps share."""

from django.contrib import admin


class ReadOnlyInline(admin.TabularInline):
    """Rows the services write (an order's history, a delivery's attempts): shown, never added or
    edited here. Subclasses name `model` and `fields`."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False
