from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from printshop.dashboard import FarmDashboard, app_list_entry

from . import dashboard


class PlatformAdminSite(admin.AdminSite):
    """Django's admin with a dashboard on its home page (backoffice/dashboard.py) and the print
    farm's own dashboard (printshop/dashboard.py) listed first in the print shop's box."""

    site_header = _("Workshop platform")
    site_title = _("Workshop admin")
    index_title = _("Today")

    def index(self, request, extra_context=None):
        context = {"dashboard_cards": dashboard.cards(request.user), "dashboard_banners": dashboard.banners()}
        return super().index(request, {**context, **(extra_context or {})})

    def get_urls(self):
        return FarmDashboard(self).get_urls() + super().get_urls()

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        entry = app_list_entry(request)
        for app in app_list:
            if app["app_label"] == "printshop" and entry:
                app["models"].insert(0, entry)
        return app_list
