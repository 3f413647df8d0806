from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import dashboard


class PlatformAdminSite(admin.AdminSite):
    """Django's admin with a dashboard on its home page (backoffice/dashboard.py)."""

    site_header = _("Workshop platform")
    site_title = _("Workshop admin")
    index_title = _("Today")

    def index(self, request, extra_context=None):
        context = {"dashboard_cards": dashboard.cards(request.user), "dashboard_banners": dashboard.banners()}
        return super().index(request, {**context, **(extra_context or {})})
