"""Benchmark the importer against gne and trafilatura on the same pages.

Builds a corpus of N pages from the demo pages, the trap pages of the tests
(tests/ingest/sites/_traps, less the pages that are not articles) and (when present) the
shared seed pages, each copy made distinct by one inserted sentence, then measures in
one run: our extraction alone (dry run), our full import into the database (rolled
back at the end), gne's extraction and trafilatura's extraction. The set is measured
in rounds (three by default) and ratios are taken within a round: the speed of a shared
machine drifts by a fifth from one minute to the next. Peak memory is taken from child
processes importing 100 and 1,000 pages, so the figures are comparable.

gne and trafilatura are installed only for this (`make bench-import`).
"""

import html
import json
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

from articles.ingest.catalogue import load_gazetteer
from articles.ingest.pipeline import process, use_gazetteer
from articles.ingest.runner import run_import
from articles.ingest.sources import iter_sources

ROOT = Path(settings.BASE_DIR)
SOURCES = [
    ROOT / "fixtures" / "demo_pages",
    ROOT / "tests" / "ingest" / "sites" / "_traps",
    ROOT.parent / "shared" / "seeds",
]


def corpus_templates() -> list[tuple[str, bytes]]:
    pages = []
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".html", ".txt") and path.parent.name != "not_article":
                pages.append((path.name, path.read_bytes()))
    return pages


def _variant(name: str, data: bytes, n: int) -> bytes:
    """Insert one numbered sentence so every copy is a distinct page."""
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sentence = f"（基准样本第{n}号，本句用于区分副本，统计口径与正文一致。）"
    marker = "。"
    at = text.find(marker, text.find("<p" if name.endswith(".html") else "\n") + 1)
    if at < 0:
        return data
    text = text[: at + 1] + sentence + text[at + 1 :]
    return text.encode(encoding, errors="ignore")


def build_corpus(folder: Path, count: int) -> list[Path]:
    templates = corpus_templates()
    if not templates:
        raise CommandError("no pages to benchmark with")
    paths = []
    for n in range(count):
        name, data = templates[n % len(templates)]
        path = folder / f"{n:05d}_{name}"
        path.write_bytes(_variant(name, data, n))
        paths.append(path)
    return paths


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
    """Pages per second of wall-clock time; `.cpu` per second of this process's CPU time.

    On a shared machine wall-clock figures move with whatever else runs; CPU time is what
    a page costs this process (for --jobs it leaves out the workers, so it is not shown)."""

    cpu: float


def timed(label: str, count: int, work, *, cpu: bool = True) -> Rate:
    started, started_cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    rate = Rate(count / seconds if seconds else float("inf"))
    rate.cpu = count / cpu_seconds if cpu_seconds else float("inf")
    cpu_text = f"   cpu {rate.cpu:7.1f} pages/s" if cpu else ""
    sys.stdout.write(f"{label:42} {count:6d} pages {seconds:8.2f} s {rate:9.1f} pages/s{cpu_text}\n")
    return rate


def added(base: Rate, more: Rate) -> str:
    """How much longer a page takes in `more` than in `base`, by wall clock and CPU time."""
    return f"{100 * (base / more - 1):.0f}% (cpu: {100 * (base.cpu / more.cpu - 1):.0f}%)"


class Command(BaseCommand):
    help = "Benchmark the importer against gne and trafilatura (prints pages/s and peak memory)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=500, help="pages in the corpus (default 500)")
        parser.add_argument("--rounds", type=int, default=3, help="measurement rounds (default 3)")
        parser.add_argument(
            "--memory-only", action="store_true", help="child mode: import and print peak RSS"
        )

    def handle(self, *args, pages, rounds, memory_only, **options):
        with tempfile.TemporaryDirectory(prefix="rmc-bench-") as tmp:
            folder = Path(tmp)
            paths = build_corpus(folder, pages)
            if memory_only:
                self._import_rolled_back(folder)
                peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                self.stdout.write(json.dumps({"pages": pages, "peak_rss_mb": round(peak_kb / 1024, 1)}))
                return
            self.stdout.write(f"corpus: {pages} pages from {len(corpus_templates())} templates\n")
            htmls = [as_html(p) for p in paths]
            items = list(iter_sources([str(folder)]))
            gazetteer = load_gazetteer()
            gazetteer.tokens("预热")  # build the automaton and jieba once, as a long-running worker would
            process(items[0])
            results = []
            for n in range(1, rounds + 1):
                self.stdout.write(f"\nround {n} of {rounds}\n")
                results.append(self._round(folder, items, htmls, gazetteer, pages, first=n == 1))
            self._summary(results)
        self.stdout.write("\npeak RSS of a separate process importing N pages:\n")
        for n in (100, 1000):
            child = subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "bench_import", "--memory-only", "--pages", str(n)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            self.stdout.write(f"  {figures['pages']:5d} pages: {figures['peak_rss_mb']:7.1f} MB\n")

    def _round(
        self, folder: Path, items, htmls: list[str], gazetteer, pages: int, *, first: bool
    ) -> dict[str, Rate]:
        """Every measurement once, back to back, so the ratios of a round compare runs
        made under the same load. The first --jobs run starts the workers' forkserver
        (about a second, as for any import command); later rounds find it running."""
        use_gazetteer(None)
        rates = {"bare": timed("ours: extraction, no linking", pages, lambda: [process(i) for i in items])}
        use_gazetteer(gazetteer)
        rates["extract"] = timed(
            "ours: extraction + linking + facts", pages, lambda: [process(i) for i in items]
        )
        self.stdout.write(
            f"linking adds {added(rates['bare'], rates['extract'])} to a page's processing time\n"
        )
        timed(
            "ours: import --dry-run (incl. reading files)",
            pages,
            lambda: run_import([str(folder)], dry_run=True),
        )
        rates["full"] = timed(
            "ours: full import into the database", pages, lambda: self._import_rolled_back(folder)
        )
        rates["unlinked"] = timed(
            "ours: full import without linking", pages, lambda: self._import_rolled_back(folder, link=False)
        )
        self.stdout.write(
            f"linking (with storing mentions and facts) adds {added(rates['unlinked'], rates['full'])} "
            "to a page's full import time\n"
        )
        rates["jobs"] = timed(
            "ours: full import, --jobs 2" + (" (cold)" if first else ""),
            pages,
            lambda: self._import_rolled_back(folder, jobs=2),
            cpu=False,
        )
        if gne := self._gne(htmls):
            rates["gne"] = gne
        if trafilatura := self._trafilatura(htmls):
            rates["trafilatura"] = trafilatura
        return rates

    def _summary(self, results: list[dict[str, Rate]]) -> None:
        """Medians over the rounds; each ratio is taken within a round, then the median
        (and the range) of those ratios is shown."""
        self.stdout.write(f"\nover {len(results)} rounds (median, and the range of the rounds)\n")

        def ratio(label: str, a: str, b: str, *, cpu: bool = True) -> None:
            if b not in results[0]:
                return
            wall = sorted(r[a] / r[b] for r in results)
            line = f"ratio {label:44} {statistics.median(wall):5.2f} ({wall[0]:.2f}–{wall[-1]:.2f})"
            if cpu:
                by_cpu = sorted(r[a].cpu / r[b].cpu for r in results)
                line += f"   cpu {statistics.median(by_cpu):5.2f} ({by_cpu[0]:.2f}–{by_cpu[-1]:.2f})"
            self.stdout.write(line + "\n")

        for key, label in (("full", "ours full import"), ("gne", "gne"), ("jobs", "ours --jobs 2")):
            if key in results[0]:
                self.stdout.write(f"{label:20} {statistics.median(r[key] for r in results):7.1f} pages/s\n")
        ratio("ours full import / gne extraction:", "full", "gne")
        ratio("ours full import --jobs 2 / gne extraction:", "jobs", "gne", cpu=False)
        ratio("ours extraction / gne extraction:", "extract", "gne")
        ratio("ours full import / trafilatura:", "full", "trafilatura")

    @staticmethod
    def _import_rolled_back(folder: Path, jobs: int = 1, link: bool = True) -> None:
        with transaction.atomic():
            report = run_import([str(folder)], jobs=jobs, link=link)
            if report.failed:
                sys.stderr.write(f"{report.failed} pages failed in the benchmark import\n")
            transaction.set_rollback(True)

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
