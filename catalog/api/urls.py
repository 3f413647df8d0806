from django.urls import path

from . import shop_views, views

mfg = [
    path("calculate-price", views.CalculatePriceView.as_view(), name="mfg-calculate-price"),
    path("services", views.ServiceListView.as_view(), name="mfg-services"),
    path("materials", views.MaterialListView.as_view(), name="mfg-materials"),
    path("coefficients", views.CoefficientListView.as_view(), name="mfg-coefficients"),
    path("locations", views.LocationListView.as_view(), name="mfg-locations"),
]

shop = [
    path("products", shop_views.ProductListCreateView.as_view(), name="shop-products"),
    path("products/<id:product_id>", shop_views.ProductDetailView.as_view(), name="shop-product-detail"),
    path("products/<id:product_id>/photos", shop_views.ProductPhotoCreateView.as_view(), name="shop-product-photos"),
    path(
        "products/<id:product_id>/photos/<id:photo_id>",
        shop_views.ProductPhotoDetailView.as_view(),
        name="shop-product-photo-detail",
    ),
]
