"""PageResult → database rows: the one place in the pipeline that writes.

One transaction per page: a page that fails leaves nothing behind.
Outcomes: created, updated (same URL, new content), unchanged (same bytes or same
content at the same URL), duplicate (a reprint of a stored article, stored and linked
to it so listings fold it into the original).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction

from articles.ingest import dedup
from articles.ingest.metadata import SHANGHAI
from articles.ingest.pipeline import PageResult
from articles.ingest.records import EXTRACTOR_VERSION, PublishedAt
from articles.models import Article, ImportOutcome, Outlet, RawPage
from hospitals.slugs import pinyin_slug


@dataclass(frozen=True)
class Stored:
    outcome: str
    article: Article | None
    duplicate_of: Article | None = None


class KnownArticles:
    """What a run keeps between pages: fingerprints of stored originals (near-duplicate
    checks) and outlets by name (most pages of a batch share a handful)."""

    def __init__(self) -> None:
        rows = Article.objects.filter(duplicate_of__isnull=True, simhash__isnull=False).values_list(
            "id", "simhash"
        )
        self.simhashes: list[tuple[int, int]] = list(rows)
        self.outlets: dict[str, Outlet] = {}

    def forget_uncommitted(self) -> None:
        """After a rolled-back page: outlets it created may not exist any more."""
        self.outlets.clear()
        ids = set(Article.objects.filter(id__in=[i for i, _ in self.simhashes]).values_list("id", flat=True))
        self.simhashes = [row for row in self.simhashes if row[0] in ids]

    def near(self, simhash: int) -> int | None:
        best = min(self.simhashes, key=lambda row: dedup.distance(row[1], simhash), default=None)
        if best is not None and dedup.is_near(best[1], simhash):
            return best[0]
        return None

    def add(self, article: Article) -> None:
        if article.duplicate_of_id is None and article.simhash is not None:
            self.simhashes.append((article.id, article.simhash))


def _datetime(published: PublishedAt | None) -> datetime.datetime | None:
    if published is None:
        return None
    return datetime.datetime(
        published.year,
        published.month or 1,
        published.day or 1,
        published.hour or 0,
        published.minute or 0,
        published.second or 0,
        tzinfo=SHANGHAI,
    )


def _outlet(name: str | None, known: KnownArticles) -> Outlet | None:
    if not name:
        return None
    if name in known.outlets:
        return known.outlets[name]
    outlet = Outlet.objects.filter(name=name).first() or _new_outlet(name)
    known.outlets[name] = outlet
    return outlet


def _new_outlet(name: str) -> Outlet:
    base = pinyin_slug(name, max_length=100) or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Outlet.objects.create(name=name, slug=slug)


def _fields(result: PageResult, known: KnownArticles) -> dict:
    a = result.article
    published = a.published
    return {
        "title": a.title[:300],
        "published_at": _datetime(published),
        "published_precision": published.precision if published else "day",
        "date_inferred": bool(published and published.inferred),
        "outlet": _outlet(a.outlet, known),
        "original_outlet": _outlet(a.original_outlet, known),
        "reporter": (a.reporter or "")[:100],
        "url": (a.url or "")[:1000],
        "body": a.body_text,
        "content_hash": result.content_hash,
        "simhash": result.simhash,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _slug(title: str, raw_sha: str) -> str:
    # The raw page's hash, not the body's: an exact reprint shares the body hash.
    return f"{pinyin_slug(title, max_length=90) or 'article'}-{raw_sha[:10]}"


def _save_raw(article: Article, result: PageResult, sha: str, *, new: bool = False) -> None:
    raw = result.raw
    values = {
        "data": raw.data,
        "sha256": sha,
        "size": len(raw.data),
        "media_type": result.media_type,
        "encoding": result.encoding,
        "filename": raw.filename[:500],
        "url": (raw.url or "")[:1000],
    }
    if new:
        RawPage.objects.create(article=article, **values)
    else:
        RawPage.objects.update_or_create(article=article, defaults=values)


def raw_sha256(result: PageResult) -> str:
    return hashlib.sha256(result.raw.data).hexdigest()


@transaction.atomic
def store_page(result: PageResult, *, known: KnownArticles) -> Stored:
    sha = raw_sha256(result)
    same_bytes = RawPage.objects.filter(sha256=sha).select_related("article").first()
    if same_bytes:
        return Stored(ImportOutcome.UNCHANGED, same_bytes.article, same_bytes.article.duplicate_of)

    fields = _fields(result, known)
    url = fields["url"]
    if url and (existing := Article.objects.filter(url=url).first()):
        if existing.content_hash == result.content_hash:
            _save_raw(existing, result, sha)
            return Stored(ImportOutcome.UNCHANGED, existing, existing.duplicate_of)
        if (
            existing.duplicate_of_id is None
            and Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True)
            .exclude(pk=existing.pk)
            .exists()
        ):
            fields["duplicate_of"] = Article.objects.get(
                content_hash=result.content_hash, duplicate_of__isnull=True
            )
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        _save_raw(existing, result, sha)
        return Stored(ImportOutcome.UPDATED, existing, existing.duplicate_of)

    original = Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True).first()
    if original is None and (near_id := known.near(result.simhash)):
        original = Article.objects.get(pk=near_id)
    article = Article.objects.create(slug=_slug(fields["title"], sha), duplicate_of=original, **fields)
    _save_raw(article, result, sha, new=True)
    known.add(article)
    return Stored(ImportOutcome.DUPLICATE if original else ImportOutcome.CREATED, article, original)
