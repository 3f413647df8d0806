"""The roles `admin`, `manager` and `user` as Django groups with their permissions (inventory/roles.py).

Permissions are normally created after migrations run; they are created here first so a fresh
database gets its roles in the same `migrate`. Seeding sets each group to exactly what the table in
inventory/roles.py says, so a later change to the table ships as a new migration calling `seed_roles`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from inventory.roles import ROLES, codenames_of


def seed_roles(apps, schema_editor, strict=False):
    """Set each role to the table; permissions of models a later migration creates are left to the
    migration that seeds again after it (`strict` then checks that every one exists)."""
    for label in ("accounts", "inventory"):
        config = global_apps.get_app_config(label)
        create_permissions(config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        wanted = codenames_of(role)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if f"{permission.content_type.app_label}.{permission.codename}" in wanted
        ]
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        assert found == wanted or not strict, (role, wanted - found)
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0002_part_search_trigram_indexes"),
        ("accounts", "0002_user_bitrix_contact_id"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed_roles, remove_roles)]
