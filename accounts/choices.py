from django.db import models


class UserType(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    LEGAL = "legal", "Legal entity"
