from django.urls import path

from . import storefront_views

app_name = "storefront"

urlpatterns = [
    path("<int:shop_id>/", storefront_views.catalogue, name="catalogue"),
    path("<int:shop_id>/cart/", storefront_views.cart, name="cart"),
    path("<int:shop_id>/cart/add/", storefront_views.cart_add, name="cart-add"),
    path("<int:shop_id>/cart/change/", storefront_views.cart_change, name="cart-change"),
    path("<int:shop_id>/checkout/", storefront_views.checkout, name="checkout"),
]
