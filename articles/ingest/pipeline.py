"""One source item → PageResult: decode, parse, extract, fingerprint. No database.

Runs in worker processes under `--jobs N`, so everything in and out is picklable.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from articles.ingest import dedup
from articles.ingest.decode import decode_page
from articles.ingest.extract import extract_article
from articles.ingest.parse import parse_page
from articles.ingest.records import ExtractedArticle, PageError, RawPage
from articles.ingest.sources import SourceItem


@dataclass(frozen=True)
class PageResult:
    source: str
    raw: RawPage | None = None
    article: ExtractedArticle | None = None
    error: str | None = None
    encoding: str = ""
    media_type: str = ""
    content_hash: str = ""
    simhash: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.article is not None


def process(item: SourceItem, *, today: datetime.date | None = None) -> PageResult:
    started = time.perf_counter()
    if item.page is None:
        return PageResult(item.source, error=item.error or "unreadable source")
    raw = item.page
    try:
        decoded = decode_page(raw)
        article = extract_article(parse_page(decoded), url=raw.url, today=today)
    except PageError as exc:
        return PageResult(item.source, raw=raw, error=str(exc), seconds=time.perf_counter() - started)
    except RecursionError:
        return PageResult(item.source, raw=raw, error="the page is nested too deeply to parse")
    text = article.body_text
    return PageResult(
        item.source,
        raw=raw,
        article=article,
        encoding=decoded.encoding,
        media_type=decoded.media_type,
        content_hash=dedup.content_hash(text),
        simhash=dedup.simhash(text),
        seconds=time.perf_counter() - started,
    )


def as_json(result: PageResult, *, duplicate_of: str | None = None) -> dict:
    """The dry-run schema of issue #3 (keys exactly these)."""
    a = result.article
    published = a.published if a else None
    return {
        "file": result.source,
        "status": "ok" if result.ok else "error",
        "error": result.error,
        "title": a.title if a else None,
        "published_at": published.isoformat() if published else None,
        "published_precision": published.precision if published else None,
        "date_inferred": bool(published and published.inferred),
        "outlet": a.outlet if a else None,
        "original_outlet": a.original_outlet if a else None,
        "reporter": a.reporter if a else None,
        "url": a.url if a else None,
        "body": a.body_text if a else None,
        "programmes": [],
        "provinces": [],
        "divisions": [],
        "hospitals": [],
        "hospital_pairs": [],
        "events": [],
        "designations": [],
        "figures": [],
        "duplicate_of": duplicate_of,
    }
