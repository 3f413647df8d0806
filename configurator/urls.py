from django.urls import path

from . import views

app_name = "configurator"

urlpatterns = [
    path("", views.product_types, name="types"),
    path("types/<int:type_id>/", views.configure_new, name="new"),
    path("types/<int:type_id>/price/", views.price_new, name="price-new"),
    path("configurations/", views.my_configurations, name="configurations"),
    path("configurations/<int:configuration_id>/", views.configuration_detail, name="configuration"),
    path("configurations/<int:configuration_id>/edit/", views.configure_edit, name="edit"),
    path("configurations/<int:configuration_id>/price/", views.price_edit, name="price-edit"),
    path("configurations/<int:configuration_id>/quote/", views.request_quote, name="request-quote"),
    path("quotes/", views.my_quotes, name="quotes"),
    path("quotes/<int:quote_id>/", views.quote_detail, name="quote"),
    path("quotes/<int:quote_id>/answer/", views.answer_quote, name="answer-quote"),
    path("quotes/<int:quote_id>/order/", views.place_order, name="place-order"),
    path("orders/", views.my_orders, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
]
