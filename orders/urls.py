from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("quote/<int:file_id>/", views.quote, name="quote"),
    path("quote/price/", views.quote_price, name="quote-price"),
    path("orders/new/", views.place_order, name="place"),
    path("orders/", views.my_orders, name="mine"),
    path("orders/<int:order_id>/", views.order_detail, name="detail"),
    path("orders/<int:order_id>/cancel/", views.cancel, name="cancel"),
    path("orders/<int:order_id>/quotation.pdf", views.quotation, name="quotation"),
    path("orders/<int:order_id>/invoice/", views.invoice, name="invoice"),
]
