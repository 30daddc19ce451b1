"""Paths and URLs → an import report: read sources, process pages (in worker processes
with jobs > 1), then store each page in its own transaction, or, in a dry run, only
report what would be stored.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from django.db import DatabaseError
from django.utils import timezone

from articles.ingest import dedup, heap, rows, runs
from articles.ingest.catalogue import load_gazetteer
from articles.ingest.gazetteer import Gazetteer, base_dictionary
from articles.ingest.pipeline import PAGE_SECONDS, PageResult, process, process_many, use_gazetteer
from articles.ingest.records import EXTRACTOR_VERSION, one_line
from articles.ingest.sources import SourceItem, display_name, iter_sources
from articles.ingest.store import KnownArticles, analyze_if_large, earlier_import, raw_sha256, store_page
from articles.models import Article, ImportItem, ImportOutcome, ImportRun, ImportStatus
from articles.models import RawPage as StoredRawPage


@dataclass
class PageOutcome:
    result: PageResult
    outcome: str  # an ImportOutcome value
    error: str | None = None
    article_id: int | None = None
    duplicate_of: str | None = None  # the earlier copy: a source of this run or "article:<id>"


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    run: ImportRun | None = None

    @property
    def pages(self) -> int:
        return sum(self.counts.values())

    @property
    def failed(self) -> int:
        return self.counts[ImportOutcome.FAILED]

    def summary(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        parts = ", ".join(f"{self.counts[o]} {o}" for o in ImportOutcome.values)
        return f"{self.pages} pages: {parts} in {self.seconds:.1f}s ({rate:.1f} pages/s)"


def _results(
    items: Iterable[SourceItem], jobs: int, gazetteer: Gazetteer | None, budget: float
) -> Iterator[PageResult]:
    use_gazetteer(gazetteer, budget)
    # jieba's dictionary, the gazetteer's tokenizer and automaton are built before the
    # first page, not inside its time budget (on a busy machine they took longer than it).
    base_dictionary()  # the fingerprint segments with it even without a gazetteer
    if gazetteer is not None:
        gazetteer.prepare()
    # Building them left ~7 MB of temporaries freed but held by the allocator: handed
    # back before the first page (and the fork), they are not part of the run's peak.
    heap.release_free_memory()
    if jobs <= 1:
        yield from map(process, items)
        return
    # Workers are forked from this process once its gazetteer is ready (jieba's
    # dictionary, the gazetteer's tokenizer and automaton built above, before the fork),
    # so they start at once and share those tables copy-on-write instead of each
    # building its own; nothing is pickled to them but pages. They extract, link and
    # fingerprint; this process stores. A forked child inherits the database connections:
    # it never uses them, keeps them referenced (`_keep_connections`) and leaves through
    # os._exit as multiprocessing's forked processes do, so no finaliser of the child
    # closes a socket the parent still talks on.
    # Batches go out a few at a time (Executor.map would read and send every page at once,
    # so memory would grow with the run); results come back in order, without the page's
    # bytes (this process still holds them: they need not travel back).
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=_keep_connections
    ) as pool:
        pending: deque[tuple[Future, list[SourceItem]]] = deque()
        for batch in _batches(items, _BATCH):
            pending.append((pool.submit(process_many, batch, keep_raw=False), batch))
            if len(pending) >= 3 * jobs:
                yield from _with_pages(*pending.popleft())
        while pending:
            yield from _with_pages(*pending.popleft())


def _with_pages(future: Future, batch: list[SourceItem]) -> Iterator[PageResult]:
    for result, item in zip(future.result(), batch, strict=True):
        yield replace(result, raw=item.page) if result.raw is None and item.page is not None else result


_INHERITED: list = []


def _keep_connections() -> None:
    """In a forked worker: hold on to the database connections inherited from the parent,
    so that nothing in the worker ever lets one be collected (a PostgreSQL connection
    collected here would tell the server goodbye on the parent's socket)."""
    from django.db import connections

    _INHERITED.extend(c.connection for c in connections.all(initialized_only=True) if c.connection)


_BATCH = 8  # pages per task sent to a worker


def _batches(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    batch: list[SourceItem] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_ITEMS = rows.table(ImportItem)


class _DryRunDuplicates:
    """Duplicate detection without writing: earlier pages of this run, then the database.
    An exact repeat of a page's bytes is "unchanged", as `store_page` finds it first."""

    def __init__(self) -> None:
        self.sources: list[str] = []  # the run's original pages, so far
        self.hashes: dict[str, int] = {}  # content hash → its page in `sources`
        self.raw: dict[str, str | None] = {}  # sha256 of the bytes → what that page duplicates
        self.simhashes = dedup.SimhashIndex()  # keyed by the page's place in `sources`
        self.known = KnownArticles()

    def outcome(self, result: PageResult) -> PageOutcome:
        sha = raw_sha256(result)
        if sha in self.raw:
            return PageOutcome(result, ImportOutcome.UNCHANGED, duplicate_of=self.raw[sha])
        stored = StoredRawPage.objects.filter(sha256=sha).values_list("article__duplicate_of_id", flat=True)
        if found := list(stored[:1]):
            original = found[0]
            return PageOutcome(
                result, ImportOutcome.UNCHANGED, duplicate_of=original and f"article:{original}"
            )
        if imported_before := earlier_import(sha):
            original = imported_before[1]
            return PageOutcome(
                result, ImportOutcome.UNCHANGED, duplicate_of=original and f"article:{original}"
            )
        earlier = self.check(result)
        self.raw[sha] = earlier
        outcome = ImportOutcome.DUPLICATE if earlier else ImportOutcome.CREATED
        return PageOutcome(result, outcome, duplicate_of=earlier)

    def check(self, result: PageResult) -> str | None:
        if (earlier := self.hashes.get(result.content_hash)) is not None:
            return self.sources[earlier]
        if (earlier := self.simhashes.near(result.simhash)) is not None:
            return self.sources[earlier]
        stored = Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True).first()
        if stored:
            return f"article:{stored.pk}"
        if near := self.known.near(result.simhash):
            return f"article:{near}"
        self.hashes[result.content_hash] = len(self.sources)
        self.simhashes.add(len(self.sources), result.simhash)
        self.sources.append(result.source)
        return None


def _store(result: PageResult, known: KnownArticles, run: ImportRun) -> PageOutcome:
    outcome = _store_page(result, known) if result.ok else _failed(result, result.error)
    _ITEMS.insert_many(
        [
            {
                "run_id": run.pk,
                "source": result.source[:1000],
                "outcome": outcome.outcome,
                "error": (outcome.error or "")[:2000],
                "warning": "; ".join(result.warnings)[:2000],
                "article_id": outcome.article_id if outcome.outcome != ImportOutcome.FAILED else None,
                "sha256": raw_sha256(result) if result.raw else "",
                "size": len(result.raw.data) if result.raw else None,
                "duration_ms": round(result.seconds * 1000),
                "extractor_version": EXTRACTOR_VERSION,
            }
        ]
    )
    return outcome


def _failed(result: PageResult, reason: str | None) -> PageOutcome:
    """A failed page; its reason is one line everywhere it is shown (summary, stderr,
    JSON, the ImportItem row) whatever stage or library wrote it."""
    reason = one_line(reason or "unknown error")
    return PageOutcome(replace(result, error=reason), ImportOutcome.FAILED, error=reason)


def _store_page(result: PageResult, known: KnownArticles) -> PageOutcome:
    """Store one page; whatever goes wrong fails this page only. Its transaction is
    rolled back (store_page is atomic), so nothing of it stays in the database."""
    try:
        stored = store_page(result, known=known)
    except DatabaseError as exc:
        known.forget_uncommitted()
        return _failed(result, f"the database refused the page ({exc})")
    except Exception as exc:  # noqa: BLE001 (a bug on one page must not stop the run)
        known.forget_uncommitted()
        return _failed(result, f"internal error while storing the page: {type(exc).__name__}: {exc}")
    return PageOutcome(
        result,
        stored.outcome,
        article_id=stored.article_id,
        duplicate_of=f"article:{stored.duplicate_of_id}" if stored.duplicate_of_id else None,
    )


def _dry_run_outcome(result: PageResult, duplicates: _DryRunDuplicates) -> PageOutcome:
    return duplicates.outcome(result) if result.ok else _failed(result, result.error)


def _finish(run: ImportRun, report: ImportReport, interrupted: BaseException | None) -> None:
    for name in ImportOutcome.values:
        setattr(run, name, report.counts[name])
    run.finished_at = timezone.now()
    run.status = ImportStatus.FAILED if interrupted else ImportStatus.FINISHED
    if interrupted:
        run.error = one_line(
            f"interrupted after {report.pages} item(s): {type(interrupted).__name__} {interrupted}"
        )
    run.save()
    report.run = run


def run_import(
    values: list[str],
    *,
    dry_run: bool = False,
    jobs: int = 1,
    source_url: str = "",
    user=None,
    origin: str = "command",
    on_page: Callable[[PageOutcome], None] | None = None,
    link: bool = True,
    items: Iterable[SourceItem] | None = None,
    page_seconds: float = PAGE_SECONDS,
    run: ImportRun | None = None,
) -> ImportReport:
    """Import the pages `values` name (or the already read `items`, e.g. admin uploads,
    with `values` describing them for the run's record). `link=False` skips entity
    linking and facts (the benchmark uses it to measure what linking costs). A page
    whose extraction takes longer than `page_seconds` fails with that reason. `run` is a
    queued run to carry out (an admin job) instead of a new one."""
    started = time.perf_counter()
    report = ImportReport()
    arguments = "\n".join(display_name(value) for value in values)  # argv may hold undecodable bytes
    if dry_run:
        run = None
    elif run is None:
        run = ImportRun.objects.create(user=user, origin=origin, arguments=arguments, **runs.running_fields())
    else:
        ImportRun.objects.filter(pk=run.pk).update(**runs.running_fields())
        run.refresh_from_db()
    heartbeat = runs.Heartbeat(run) if run is not None else None
    known = None if dry_run else KnownArticles()
    duplicates = _DryRunDuplicates() if dry_run else None
    gazetteer = load_gazetteer() if link else None
    sources = items if items is not None else iter_sources(values, source_url=source_url)
    heap.settle()  # before the workers fork: they inherit it
    try:
        for result in _results(sources, jobs, gazetteer, page_seconds):
            outcome = _dry_run_outcome(result, duplicates) if dry_run else _store(result, known, run)
            report.counts[outcome.outcome] += 1
            if report.pages % heap.TRIM_EVERY == 0:  # keep resident memory flat over a long run
                heap.release_free_memory()
            if on_page:
                on_page(outcome)
            if heartbeat:
                heartbeat.beat()
    except BaseException as exc:
        interrupted = exc
        raise
    else:
        interrupted = None
        if not dry_run:
            analyze_if_large(report.counts[ImportOutcome.CREATED] + report.counts[ImportOutcome.UPDATED])
    finally:  # an interrupted run is still recorded as ended (failed), with what it did
        report.seconds = time.perf_counter() - started
        if run is not None:
            _finish(run, report, interrupted)
    return report
