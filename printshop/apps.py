from django.apps import AppConfig


class PrintshopConfig(AppConfig):
    name = "printshop"
