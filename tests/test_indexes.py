"""The indexes and triggers that migrations create with raw SQL stay in place.

SQLite alters a table by copying it, and Django's copy recreates only the indexes the
models declare: migration 0012 dropped SQLite's listing index this way, unnoticed, and
every newest-first listing sorted the whole article table. These tests fail when a later
migration does it again."""

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def test_the_listing_index_exists():
    assert "article_listing" in _indexes("articles_article")


def test_newest_originals_are_read_from_the_listing_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a near-empty table: make the planner show what it can use
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Article.objects.published().for_listing()[:8].explain()
    assert "article_listing" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's full-text table and its triggers")
def test_the_search_triggers_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"articles_search_ai", "articles_search_ad", "articles_search_au"} <= triggers
