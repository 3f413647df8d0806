from django.contrib.admin.apps import AdminConfig


class BackofficeAdminConfig(AdminConfig):
    """django.contrib.admin with a dashboard home (backoffice/dashboard.py), above every domain app."""

    default_site = "backoffice.admin_site.PlatformAdminSite"
