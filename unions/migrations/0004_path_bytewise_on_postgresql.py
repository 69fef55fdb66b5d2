"""On PostgreSQL, the units' paths compare byte by byte (collation "C"), whatever the database's own
collation. A subtree's paths are then one range of the path index ("/1/4/" up to "/1/40"), and PostgreSQL
turns `path LIKE '/1/4/%'` into that range itself: a list in tree order walks the subtree and stops at its
page. Under a language's collation (en_US.UTF-8, vi_VN.UTF-8) a LIKE prefix is only a filter, and such a
list walked the path index from the nation's first unit. SQLite compares text byte by byte already."""

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
