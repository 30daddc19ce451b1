"""Re-run entity linking and fact extraction over stored articles.

Run it after the gazetteer changes (a new hospital or alias, a corrected place):
automatic mentions and facts are rebuilt; what staff confirmed or rejected is kept.
Running it twice changes nothing the second time.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.ingest.catalogue import load_gazetteer
from articles.ingest.facts import extract_facts
from articles.ingest.linking import link_entities
from articles.ingest.metadata import dateline_place
from articles.ingest.pipeline import link_tables, stored_tables, with_table_mentions
from articles.ingest.records import PublishedAt
from articles.ingest.store import EntityIds, store_links
from articles.models import Article, RawPage
from hospitals.models import note_data_change


def published_of(article: Article) -> PublishedAt | None:
    """The stored publication time back as the pipeline's PublishedAt, at its precision."""
    from django.utils import timezone

    if article.published_at is None:
        return None
    local = timezone.localtime(article.published_at)
    p = article.published_precision
    return PublishedAt(
        local.year,
        local.month if p != "year" else None,
        local.day if p in ("day", "minute", "second") else None,
        local.hour if p in ("minute", "second") else None,
        local.minute if p in ("minute", "second") else None,
        local.second if p == "second" else None,
    )


def _tables(article: Article):
    """The data tables of the article's raw page (not part of its body)."""
    raw = RawPage.objects.filter(article=article).values_list("data", "media_type").first()
    return stored_tables(bytes(raw[0]), raw[1]) if raw else ()


def relink_article(article: Article, gazetteer, ids: EntityIds) -> None:
    text = article.body
    linked = link_entities(text, gazetteer, dateline_place=dateline_place(text))
    tables = link_tables(_tables(article), gazetteer)
    facts = extract_facts(text, linked, published_of(article), partnerships=gazetteer.pairs, tables=tables)
    linked = with_table_mentions(linked, tables)
    with transaction.atomic():
        store_links(article, linked, facts, ids)


class Command(BaseCommand):
    help = "Re-run linking and fact extraction over stored articles (keeps staff decisions)."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", help="only this article id (repeatable)")

    def handle(self, *args, article=None, **options):
        started = time.monotonic()
        gazetteer = load_gazetteer(fresh=True)
        ids = EntityIds()
        articles = Article.objects.order_by("id")
        if article:
            articles = articles.filter(id__in=article)
        count = 0
        for item in articles.iterator(chunk_size=200):
            relink_article(item, gazetteer, ids)
            count += 1
        note_data_change("relink")  # cached pages and counts are recomputed
        self.stdout.write(f"Relinked {count} articles in {time.monotonic() - started:.1f}s.")
