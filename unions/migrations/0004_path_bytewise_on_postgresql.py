"""On PostgreSQL, the units' paths compare byte by byte (collation "C"), whatever the database's own
collation: a subtree is then exactly the range of paths from "/1/4/" up to "/1/40" (the separator sorts just
below "0"; unions.models.path_range_q), which its index can walk in tree order. Under a language's collation
(en_US.UTF-8, vi_VN.UTF-8) the separators are skipped at the first level of comparison and a subtree's paths
are not one range. SQLite compares text byte by byte already."""

from django.db import migrations

TO_C = 'ALTER TABLE unions_organization ALTER COLUMN path TYPE varchar(255) COLLATE "C"'
BACK = 'ALTER TABLE unions_organization ALTER COLUMN path TYPE varchar(255) COLLATE "default"'


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("unions", "0003_tree_revision")]

    operations = [migrations.RunPython(_on_postgresql(TO_C), _on_postgresql(BACK))]
