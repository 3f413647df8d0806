"""The part search reads one stored, upper-cased `search_key` (issue 11 Speed).

On PostgreSQL one trigram index over `search_key` replaces the three on the number, description and
supplier (the one on the name stays: suggestions search names only), and two b-trees serve the
ranking: `UPPER(part_name) COLLATE "C"` answers exact names, name prefixes (`LIKE 'X%'` needs a
byte-ordered index) and the name order within a rank; `UPPER(part_number)` answers exact numbers.
SQLite has no pg_trgm and reads the same queries without them.
"""

import django.db.models.functions.text
from django.db import migrations, models

REPLACED = ("part_number", "description", "supplier")
INDEXES = {
    "inventory_part_search_key_trgm": "USING gin (search_key gin_trgm_ops)",
    "inventory_part_name_key": '((UPPER(part_name::text) COLLATE "C"))',
    "inventory_part_number_key": "(UPPER(part_number::text))",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in REPLACED:
        schema_editor.execute(f"DROP INDEX IF EXISTS inventory_part_{column}_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON inventory_part {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for column in REPLACED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS inventory_part_{column}_trgm "
            f'ON inventory_part USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0008_ai_config")]

    operations = [
        migrations.AddField(
            model_name="part",
            name="search_key",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(
                    django.db.models.functions.text.Concat(
                        "part_name",
                        models.Value("\x1f"),
                        "part_number",
                        models.Value("\x1f"),
                        "description",
                        models.Value("\x1f"),
                        "supplier",
                        output_field=models.TextField(),
                    )
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
