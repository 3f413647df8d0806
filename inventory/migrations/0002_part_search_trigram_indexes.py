"""Trigram GIN indexes for the part text search (issue 11), on PostgreSQL only.

`icontains` is written by Django as `UPPER(col::text) LIKE UPPER(%s)`, so the indexes are on that
expression; pg_trgm then serves the `%term%` searches that a b-tree cannot. SQLite has no pg_trgm:
there the migration does nothing.
"""

from django.db import migrations

SEARCHED = ("part_name", "part_number", "description", "supplier")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS inventory_part_{column}_trgm "
            f'ON inventory_part USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS inventory_part_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
