"""Put back SQLite's listing index (migration 0004's `article_listing`).

SQLite changes a table by copying it into a new one; Django's copy recreates only the
indexes the models declare, so migration 0012 (a new column on articles_article) dropped
this raw-SQL index on SQLite without a word. Every "newest originals" listing then sorted
the whole table: the home page's eight latest articles took ~90 ms at 100,000 articles
instead of well under one. PostgreSQL alters tables in place and kept its index.
tests/test_indexes.py checks that the index exists after every migration and that the
listing query uses it.
"""

from django.db import migrations

SQLITE_CREATE = "CREATE INDEX IF NOT EXISTS article_listing ON articles_article (duplicate_of_id, published_at DESC, id DESC)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_search_tokens_folded")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
