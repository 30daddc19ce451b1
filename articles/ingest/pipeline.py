"""One source item → PageResult: decode, parse, extract, fingerprint. No database.

Runs in worker processes under `--jobs N`, so everything in and out is picklable.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import signal
import threading
import time
from dataclasses import dataclass, replace

from articles.ingest import dedup
from articles.ingest.decode import decode_page
from articles.ingest.extract import extract_article
from articles.ingest.facts import Facts, extract_facts, table_text
from articles.ingest.gazetteer import Gazetteer
from articles.ingest.linking import Linked, link_entities
from articles.ingest.metadata import dateline_place
from articles.ingest.owner import page_owner
from articles.ingest.parse import parse_page
from articles.ingest.records import DataTable, ExtractedArticle, PageError, RawPage, one_line
from articles.ingest.sources import SourceItem

# Set in each worker process (and in the parent) before pages are processed.
_GAZETTEER: Gazetteer | None = None

# Seconds one page may spend in decoding, parsing, extraction and linking. No page
# should come near it (a page takes milliseconds); it is the guarantee that a pattern
# or a parser we have not foreseen cannot stall a run.
PAGE_SECONDS = 10.0
_BUDGET: float = PAGE_SECONDS


def use_gazetteer(gazetteer: Gazetteer | None, budget: float = PAGE_SECONDS) -> None:
    """Set up this process for a run: the gazetteer to link with and each page's budget."""
    global _GAZETTEER, _BUDGET
    _GAZETTEER = gazetteer
    _BUDGET = budget


class _OverBudget(BaseException):
    """Raised in the middle of a page by the budget's timer. A BaseException, so that no
    `except Exception` on the way (a page must be able to fail) swallows it."""


@contextlib.contextmanager
def _time_budget(seconds: float):
    """Interrupt the block after `seconds` of wall time with `_OverBudget`. A SIGALRM
    interval timer does it, so it holds inside a long regular expression search (the
    engine checks for signals) as well as in Python code. Signals reach only the main
    thread: elsewhere (a web server's request thread) the block runs without a budget."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    armed = True

    def _interrupt(signum, frame):
        if armed:  # a signal that comes in while the budget is being taken down is ignored
            raise _OverBudget

    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
    linked: Linked | None = None
    facts: Facts | None = None
    warnings: tuple[str, ...] = ()  # what decoding forgave (the page imports all the same)

    @property
    def ok(self) -> bool:
        return self.error is None and self.article is not None


def process(
    item: SourceItem, *, today: datetime.date | None = None, budget: float | None = None
) -> PageResult:
    """Decode, parse, extract, link (when a gazetteer is set) and fingerprint one page.
    A page that trips an error of ours, or takes longer than its time budget, fails
    alone with the reason named, and the run goes on (in a worker process, an exception
    would end the whole run)."""
    budget = _BUDGET if budget is None else budget
    try:
        with _time_budget(budget):
            return _process(item, today=today)
    except _OverBudget:
        reason = f"the page took longer than {budget:g} s to extract and was given up"
        return PageResult(item.source, raw=item.page, error=reason, seconds=budget)
    except Exception as exc:  # noqa: BLE001 (any page must be able to fail on its own)
        reason = one_line(f"internal error while extracting the page: {type(exc).__name__}: {exc}")
        return PageResult(item.source, raw=item.page, error=reason)


def _process(item: SourceItem, *, today: datetime.date | None) -> PageResult:
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
    linked = facts = None
    words = None
    if _GAZETTEER is not None:
        owner = page_owner(_GAZETTEER, article.outlet, article.original_outlet)
        linked = link_entities(text, _GAZETTEER, dateline_place=dateline_place(text), owner=owner)
        tables = link_tables(article.tables, _GAZETTEER, owner)
        facts = extract_facts(text, linked, article.published, partnerships=_GAZETTEER.pairs, tables=tables)
        linked = with_table_mentions(linked, tables)
        words = dedup.split_long(list(linked.words))  # segmented once, for linking and fingerprint
        linked = replace(linked, words=())  # not needed past here: the result travels lighter
    return PageResult(
        item.source,
        raw=raw,
        article=article,
        encoding=decoded.encoding,
        media_type=decoded.media_type,
        content_hash=dedup.content_hash(text),
        simhash=dedup.simhash(text, words),
        seconds=time.perf_counter() - started,
        linked=linked,
        facts=facts,
        warnings=decoded.warnings,
    )


def link_tables(tables: tuple[DataTable, ...], gazetteer: Gazetteer, owner=None) -> tuple:
    """Each data table as text (its introduction, then a line per row), linked on its own."""
    return tuple((tt, link_entities(tt.text, gazetteer, owner=owner)) for tt in map(table_text, tables))


def stored_tables(data: bytes, media_type: str) -> tuple[DataTable, ...]:
    """The data tables of a stored raw page (the body keeps none of them), for a relink."""
    if media_type != "text/html" or not _TABLE_HEAD.search(data):
        return ()
    try:
        return parse_page(decode_page(RawPage("stored", data))).hints.tables
    except (PageError, RecursionError):
        return ()


_TABLE_HEAD = re.compile(rb"<(?:th|thead|caption)\b", re.I)


def with_table_mentions(linked: Linked, tables) -> Linked:
    """The places and hospitals a data table's rows name are the article's mentions too
    (without offsets: the table is not in the body); those the body names are not repeated."""
    have = {(m.kind, m.key) for m in linked.mentions}
    extra = []
    for tt, table_linked in tables:
        for m in table_linked.mentions:
            if m.start is None or m.start < tt.intro_end or m.method in ("via_entity", "owner"):
                continue
            if (m.kind, m.key) not in have:
                have.add((m.kind, m.key))
                extra.append(replace(m, start=None, end=None))
    return replace(linked, mentions=linked.mentions + tuple(extra)) if extra else linked


def process_many(items: list[SourceItem], *, keep_raw: bool = True) -> list[PageResult]:
    """`process` over a batch (what a worker process is sent at a time); without
    `keep_raw` the results leave out the pages' bytes (the sender has them)."""
    results = [process(item) for item in items]
    return results if keep_raw else [replace(r, raw=None) if r.raw is not None else r for r in results]


def as_json(result: PageResult, *, duplicate_of: str | None = None) -> dict:
    """The dry-run schema of issue #3 (keys exactly these)."""
    a = result.article
    published = a.published if a else None
    linked, facts = result.linked, result.facts
    names = {m.key: m.name for m in linked.mentions} if linked else {}
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
        "programmes": linked.keys("programme") if linked else [],
        "provinces": linked.named("province") if linked else [],
        "divisions": linked.named("division") if linked else [],
        "hospitals": linked.hospital_names() if linked else [],
        "hospital_pairs": [[names.get(p.output, p.output), names.get(p.input, p.input)] for p in facts.pairs]
        if facts
        else [],
        "events": [
            {"date": e.date.iso(), "kind": e.kind, "summary": e.summary, "text": e.text} for e in facts.events
        ]
        if facts
        else [],
        "designations": [
            {
                "programme": d.programme,
                "target": d.target.name,
                "date": d.date.iso() if d.date else None,
                "role": d.role,
                "batch": d.batch,
                "label": d.label,
                "summary": d.summary,
                "text": d.text,
            }
            for d in facts.designations
        ]
        if facts
        else [],
        "figures": [
            {
                "value": f.value,
                "unit": f.unit,
                "label": f.label,
                "measure": f.measure,
                "programme": f.programme,
                "summary": f.summary,
                "as_of": f.as_of.iso() if f.as_of else None,
            }
            for f in facts.figures
        ]
        if facts
        else [],
        "duplicate_of": duplicate_of,
        "chosen_by": dict(a.chosen_by) if a else {},
    }
