from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts.api import urls as accounts_api
from catalog.api import urls as catalog_api
from config.api import configurator, inventory, mfg, printshop, shop
from config.api.mounts import api_urlpatterns
from configurator.api import urls as configurator_api
from crm.api import customer_urls as customer_api
from crm.api import mfg_urls as call_requests_api
from files.api import urls as files_api
from inventory.api import urls as inventory_api
from orders.api import urls as orders_api
from printshop.api import etsy_urls as printshop_etsy_api
from printshop.api import urls as printshop_api

from . import views

handler500 = "config.api.mounts.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch posts here
    path("accounts/", include("accounts.urls")),
    path("mfg/", include("files.urls")),
    path("mfg/", include("orders.urls")),
    path("mfg/", include("crm.urls")),
    path("configure/", include("configurator.urls")),
    path("track/", include("orders.tracking_urls")),
    path("shop/", include("catalog.urls")),  # product photos
    path("shop/", include("orders.storefront_urls")),  # each shop's storefront, cart and checkout
    path("admin/", admin.site.urls),
    path("api/schema", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    *api_urlpatterns(
        {
            mfg.dialect: [accounts_api.mfg, catalog_api.mfg, files_api.mfg, orders_api.mfg, call_requests_api.mfg],
            configurator.dialect: [configurator_api.configurator, customer_api.configurator],
            shop.dialect: [accounts_api.shop, catalog_api.shop, orders_api.shop, customer_api.shop, inventory_api.shop],
            inventory.dialect: [inventory_api.inventory],
            printshop.dialect: [printshop_api.printshop, printshop_etsy_api.printshop],
        }
    ),
]
