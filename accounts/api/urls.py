from django.urls import path

from . import shop_views, views

mfg = [
    path("register", views.RegisterView.as_view(), name="mfg-register"),
    path("login", views.LoginView.as_view(), name="mfg-login"),
    path("logout", views.LogoutView.as_view(), name="mfg-logout"),
    path("profile", views.ProfileView.as_view(), name="mfg-profile"),
    path("users", views.UserListView.as_view(), name="mfg-users"),
    path("users/<id:user_id>", views.UserDetailView.as_view(), name="mfg-user-detail"),
]

shop = [
    path("auth/request-otp", shop_views.RequestOtpView.as_view(), name="shop-request-otp"),
    path("auth/verify-otp", shop_views.VerifyOtpView.as_view(), name="shop-verify-otp"),
    path("telegram/webhook", shop_views.TelegramWebhookView.as_view(), name="shop-telegram-webhook"),
]
