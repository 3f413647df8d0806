from django.urls import path

from . import views

app_name = "crm"

urlpatterns = [
    path("call-me/", views.call_request, name="call-request"),
]
