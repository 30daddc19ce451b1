"""Benchmark the importer against gne and trafilatura on the same pages.

The corpus is generated (`articles/benchpages.py`): real-size news pages, 30–150 KB of
HTML with their chrome, in the shapes the importer meets, every page varied. One run
measures, on the same pages and back to back:

- extraction only: decode, parse and extract the fields (no linking, no fingerprint, no
  database), next to gne's extraction, both on one core;
- extraction with linking, facts and the fingerprint (still no database);
- the full import (read the files, extract, link, facts, fingerprint, store; rolled back
  at the end) with --jobs 1 and with --jobs 2;
- gne and trafilatura, one core each.

The set is measured in rounds (three by default) and ratios are taken within a round:
the speed of a shared machine drifts by a fifth from one minute to the next. Memory is
measured in separate processes, each importing N pages with --jobs 2 for real (a
transaction per page) into a throw-away SQLite database: the peak RSS (VmHWM) of that
process, read after 100, 1,000, … pages and at the end, and of each of its workers,
sampled from /proc. The corpus is written and the database made before that process
starts, so no figure is a peak inherited from the benchmark's own process or one of
writing the corpus.

gne and trafilatura are installed only for this (`make bench-import`).
"""

import html
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.benchpages import describe, write_corpus
from articles.ingest.catalogue import load_gazetteer
from articles.ingest.decode import decode_page
from articles.ingest.extract import extract_article
from articles.ingest.parse import parse_page
from articles.ingest.pipeline import process, use_gazetteer
from articles.ingest.runner import run_import
from articles.ingest.sources import iter_sources
from articles.management.throwaway import throwaway_database

ROOT = Path(settings.BASE_DIR)


def as_html(path: Path) -> str:
    """gne and trafilatura take HTML: text dumps are given one <p> per line."""
    item = next(iter_sources([str(path)]))
    from articles.ingest.decode import decode_page

    decoded = decode_page(item.page)
    if decoded.media_type == "text/html":
        return decoded.text
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in decoded.text.splitlines() if line.strip())
    return f"<html><body>{lines}</body></html>"


class Rate(float):
    """Pages per second of wall-clock time; `.cpu` per second of CPU time, this process's
    and (for --jobs) its workers' together.

    On a shared machine wall-clock figures move with whatever else runs; CPU time is what
    a page costs, whoever else is using the cores."""

    cpu: float
    own_ms: float
    children_ms: float


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its children that have ended (import workers
    count once their pool has shut down, which is before `run_import` returns)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def timed(label: str, count: int, work) -> Rate:
    started, (own, children) = time.perf_counter(), _cpu()
    work()
    seconds, (own_after, children_after) = time.perf_counter() - started, _cpu()
    cpu_seconds = (own_after - own) + (children_after - children)
    rate = Rate(count / seconds if seconds else float("inf"))
    rate.cpu = count / cpu_seconds if cpu_seconds else float("inf")
    rate.own_ms = 1000 * (own_after - own) / count  # CPU ms a page costs this process
    rate.children_ms = 1000 * (children_after - children) / count  # … and the workers
    sys.stdout.write(
        f"{label:58} {count:6d} pages {seconds:7.2f} s {rate:7.1f} pages/s   cpu {rate.cpu:6.1f} pages/s\n"
    )
    return rate


def extract_only(items) -> list:
    """Decode, parse and extract the fields of each page: no linking, no fingerprint, no
    database (what gne's extraction does, plus decoding the bytes)."""
    return [extract_article(parse_page(decode_page(item.page)), url=item.page.url) for item in items]


class Command(BaseCommand):
    help = "Benchmark the importer against gne and trafilatura (prints pages/s and peak memory)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=500, help="pages in the corpus (default 500)")
        parser.add_argument("--rounds", type=int, default=3, help="measurement rounds (default 3)")
        parser.add_argument(
            "--memory-pages",
            default="100,1000",
            help="corpus sizes whose import memory is measured, comma-separated (default 100,1000; '' for none)",
        )
        parser.add_argument(
            "--memory-only",
            metavar="FOLDER",
            help="child mode, run by --memory-pages in a fresh process with a throw-away database in FOLDER's parent: import FOLDER's pages with --jobs 2 and print its peak RSS (for the figures run e.g. --pages 10 --rounds 0 --memory-pages 100,1000,10000)",
        )

    def handle(self, *args, pages, rounds, memory_pages, memory_only, **options):
        # As in production: with DEBUG on, Django keeps the SQL of the last 9,000 queries,
        # which costs time on every query and shows up as memory growth.
        settings.DEBUG = False
        if memory_only:
            self._memory_child(Path(memory_only))
            return
        with tempfile.TemporaryDirectory(prefix="rmc-bench-") as tmp:
            folder = Path(tmp)
            paths, stories = write_corpus(folder, pages)
            items = list(iter_sources([str(folder)]))
            bodies = [len(a.body_text) for a in extract_only(items)]
            self.stdout.write(
                f"corpus: {pages} generated pages (articles/benchpages.py)\n{describe(paths, stories)}\n"
            )
            self.stdout.write(
                f"body text as extracted: median {statistics.median(bodies):.0f} chars "
                f"(min {min(bodies)}, max {max(bodies)})\n"
            )
            htmls = [as_html(p) for p in paths]
            gazetteer = load_gazetteer().prepare()  # as a long-running worker would have it
            process(items[0])
            results = []
            for n in range(1, rounds + 1):
                self.stdout.write(f"\nround {n} of {rounds}\n")
                results.append(self._round(folder, items, htmls, gazetteer, pages))
            if results:
                self._summary(results)
        sizes = [int(n) for n in memory_pages.split(",") if n.strip()]
        if sizes:
            self.stdout.write(
                "\npeak RSS (VmHWM) of a separate process importing N pages with --jobs 2 into a\n"
                "throw-away SQLite database (committed page by page, as a real import), also read\n"
                "after 100, 1,000 … pages; and of each of its workers (sampled from /proc every 0.1 s;\n"
                "a worker's figure counts the pages it shares copy-on-write with its parent, 'own' is\n"
                "what it does not share):\n"
            )
        for n in sizes:
            self._memory(n)

    def _round(self, folder: Path, items, htmls: list[str], gazetteer, pages: int) -> dict[str, Rate]:
        """Every measurement once, back to back, so the ratios of a round compare runs
        made under the same load."""
        rates = {
            "extract": timed(
                "ours: extraction only (decode, parse, fields)", pages, lambda: extract_only(items)
            )
        }
        if gne := self._gne(htmls):
            rates["gne"] = gne
        use_gazetteer(gazetteer)
        rates["linked"] = timed(
            "ours: extraction + linking + facts + fingerprint, no store",
            pages,
            lambda: [process(i) for i in items],
        )
        rates["full"] = timed(
            "ours: full import --jobs 1 (read, all of the above, store)",
            pages,
            lambda: self._import_rolled_back(folder),
        )
        rates["jobs"] = timed(
            "ours: full import --jobs 2 (the same, 2 workers)",
            pages,
            lambda: self._import_rolled_back(folder, jobs=2),
        )
        if trafilatura := self._trafilatura(htmls):
            rates["trafilatura"] = trafilatura
        return rates

    def _summary(self, results: list[dict[str, Rate]]) -> None:
        """Medians over the rounds; each ratio is taken within a round, then the median
        (and the range) of those ratios is shown."""
        self.stdout.write(
            f"\nover {len(results)} rounds (median, and the range of the rounds; cpu: the same by CPU time)\n"
        )

        def ratio(label: str, a: str, b: str) -> None:
            if b not in results[0] or a not in results[0]:
                return
            wall = [r[a] / r[b] for r in results]
            by_cpu = sorted(r[a].cpu / r[b].cpu for r in results)
            line = f"{label:62} {statistics.median(wall):5.2f} ({min(wall):.2f}–{max(wall):.2f})"
            line += f"   cpu {statistics.median(by_cpu):5.2f} ({by_cpu[0]:.2f}–{by_cpu[-1]:.2f})"
            if len(wall) > 1:
                line += f"   first round {wall[0]:.2f}"
            self.stdout.write(line + "\n")

        for key, label in (
            ("extract", "ours extraction only"),
            ("gne", "gne extraction"),
            ("full", "ours full import --jobs 1"),
            ("jobs", "ours full import --jobs 2"),
        ):
            if key in results[0]:
                self.stdout.write(f"{label:30} {statistics.median(r[key] for r in results):7.1f} pages/s\n")
        ratio("extraction only (decode, parse, fields) / gne, one core each", "extract", "gne")
        ratio("full import --jobs 1 (extract, link, facts, store) / gne", "full", "gne")
        ratio("full import --jobs 2 / gne on one core", "jobs", "gne")
        ratio("full import: --jobs 2 / --jobs 1 (scaling)", "jobs", "full")
        ratio("full import --jobs 1 / trafilatura", "full", "trafilatura")
        if "jobs" in results[0]:
            self._cpu_split(results)

    def _cpu_split(self, results: list[dict[str, Rate]]) -> None:
        """Where --jobs 2 spends CPU: this process (reading, storing: the part that does
        not run in parallel) and the workers. From them, the speed-up two free cores
        would give: a page takes at least the parent's share, and at least half of all
        the CPU it costs."""
        bounds = []
        for r in results:
            parent, workers = r["jobs"].own_ms, r["jobs"].children_ms
            single = 1000 / r["full"].cpu
            bounds.append(single / max(parent, (parent + workers) / 2))
            self.stdout.write(
                f"--jobs 2 CPU per page: this process {parent:5.1f} ms, workers {workers:5.1f} ms "
                f"(--jobs 1: {single:5.1f} ms)\n"
            )
        self.stdout.write(
            f"{'--jobs 2 / --jobs 1 that these CPU times allow on 2 free cores':62} "
            f"{statistics.median(bounds):5.2f} ({min(bounds):.2f}–{max(bounds):.2f})\n"
        )

    @staticmethod
    def _import_rolled_back(folder: Path, jobs: int = 1, link: bool = True) -> None:
        with transaction.atomic():
            report = run_import([str(folder)], jobs=jobs, link=link)
            if report.failed:
                sys.stderr.write(f"{report.failed} pages failed in the benchmark import\n")
            transaction.set_rollback(True)

    def _memory_child(self, folder: Path) -> None:
        """In a fresh process: import the corpus in `folder` with --jobs 2 into the
        throw-away database beside it, and print this process's peak after 100, 1,000, …
        pages and at the end (VmHWM is per address space: nothing of the parent's peak
        comes across exec)."""
        database = Path(settings.DATABASES["default"]["NAME"])
        if (
            settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
            or database.parent != folder.parent
        ):
            raise CommandError(
                "--memory-only imports for real: run it through --memory-pages (a throw-away database)"
            )
        peaks: dict[int, float] = {}
        seen = 0

        def on_page(_outcome) -> None:
            nonlocal seen
            seen += 1
            if seen >= 100 and str(seen).rstrip("0") == "1":  # 100, 1,000, 10,000 …
                peaks[seen] = _status(os.getpid())["hwm_mb"]

        started = time.perf_counter()
        report = run_import([str(folder)], jobs=2, on_page=on_page)
        seconds = time.perf_counter() - started
        if report.failed:
            sys.stderr.write(f"{report.failed} pages failed in the memory run\n")
        status = _status(os.getpid())
        self.stdout.write(
            json.dumps({"pages": report.pages, "seconds": round(seconds, 1), "peaks": peaks, **status})
        )

    def _memory(self, pages: int) -> None:
        with tempfile.TemporaryDirectory(prefix="rmc-bench-mem-") as tmp:
            folder = Path(tmp) / "pages"
            folder.mkdir()
            write_corpus(folder, pages)
            env = throwaway_database(Path(tmp))
            command = [sys.executable, "manage.py", "bench_import", "--memory-only", str(folder)]
            child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
            self._sample_memory(pages, child)

    def _sample_memory(self, pages: int, child: subprocess.Popen) -> None:
        workers: dict[int, dict] = {}
        while child.poll() is None:
            for pid in _children(child.pid):
                if figures := _status(pid):
                    seen = workers.setdefault(pid, figures)
                    for key, value in figures.items():
                        seen[key] = max(seen[key], value)
            time.sleep(0.1)
        out = child.stdout.read()
        if child.returncode:
            self.stderr.write(f"memory run of {pages} pages failed (exit {child.returncode})")
            return
        own = json.loads(out.strip().splitlines()[-1])
        parts = ", ".join(
            f"{w['hwm_mb']:.0f} MB (own {w['own_mb']:.0f} MB)" for w in sorted(workers.values(), key=str)
        )
        earlier = "".join(
            f"after {int(n):,} pages {mb:.1f}; " for n, mb in own["peaks"].items() if int(n) < own["pages"]
        )
        self.stdout.write(
            f"  {pages:6d} pages in {own['seconds']:6.1f} s: importing process {own['hwm_mb']:6.1f} MB "
            f"({earlier}at the end: anonymous {own['anon_mb']:.1f}, files {own['file_mb']:.1f}, "
            f"shared memory {own['shmem_mb']:.1f}); workers {parts or 'none seen'}\n"
        )

    def _gne(self, htmls: list[str]) -> Rate | None:
        try:
            from gne import GeneralNewsExtractor
        except ImportError:
            self.stderr.write("gne is not installed: run `make bench-import`")
            return None
        extractor = GeneralNewsExtractor()

        def work():
            for page in htmls:
                try:
                    extractor.extract(page)
                except Exception:  # gne raises on some pages; the time spent still counts
                    pass

        return timed("gne 0.4.3: extraction", len(htmls), work)

    def _trafilatura(self, htmls: list[str]) -> Rate | None:
        try:
            import trafilatura
        except ImportError:
            self.stderr.write("trafilatura is not installed: run `make bench-import`")
            return None
        return timed(
            "trafilatura: extraction (with metadata)",
            len(htmls),
            lambda: [trafilatura.bare_extraction(page, with_metadata=True) for page in htmls],
        )


def _children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status(pid: int) -> dict[str, float]:
    """Peak resident memory (VmHWM), the memory the process does not share (Private_Clean +
    Private_Dirty), and what it holds resident now: anonymous memory (its heap), mapped
    files (libraries, SQLite's files) and shared memory; in MB, {} when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return {}

    def kb(text: str, key: str) -> int:
        return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(key + ":")), 0)

    return {
        "hwm_mb": kb(status, "VmHWM") / 1024,
        "own_mb": (kb(rollup, "Private_Clean") + kb(rollup, "Private_Dirty")) / 1024,
        "anon_mb": kb(status, "RssAnon") / 1024,
        "file_mb": kb(status, "RssFile") / 1024,
        "shmem_mb": kb(status, "RssShmem") / 1024,
    }
