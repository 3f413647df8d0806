"""The spec's `tasks:*` permissions join the roles (inventory/roles.py): users read tasks, managers
create and cancel them, admins do everything."""

import importlib
from functools import partial

from django.db import migrations

seeding = importlib.import_module("inventory.migrations.0003_seed_roles")


class Migration(migrations.Migration):
    dependencies = [("inventory", "0006_shop_warehouse")]

    operations = [migrations.RunPython(partial(seeding.seed_roles, strict=True), migrations.RunPython.noop)]
