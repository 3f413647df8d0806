from django.db import models


class ConnectionType(models.TextChoices):
    """How the platform reaches a printer's MQTT reports (docs/printshop-bambu.md)."""

    BAMBU_LAN = "bambu_lan", "Bambu Lab on the LAN"
    BAMBU_CLOUD = "bambu_cloud", "Bambu Lab cloud"
