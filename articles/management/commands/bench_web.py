"""Benchmark the public pages on a synthetic corpus (`make bench-web`).

Builds (or reuses) a corpus of N articles in the current database with
articles.benchdata, then requests each page in-process with django.test.Client and
prints p50/p95 server time and the number of queries per page. The goal is p95 under
50 ms for every page at 100,000 articles; missing it is reported, not an error.

It writes to the database, so it runs only against a dedicated one (a name containing
"bench") or with --i-know-this-writes. `make bench-web` uses var/bench_web.sqlite3 and
the PostgreSQL database rmc_kb_bench.
"""

import statistics
import tempfile
import time
import unicodedata
import warnings
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles import benchdata
from articles.aggregates import local_values
from articles.management.throwaway import manage, throwaway_database
from articles.models import Article
from articles.pagecache import local_pages
from hospitals.models import Hospital, Province
from programmes.models import Programme

GOAL_MS = 50.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil
    return ordered[int(rank) - 1]


def dedicated(name: str) -> bool:
    """A database meant for the benchmark: its name (or file name) contains "bench"."""
    return "bench" in str(name).rsplit("/", 1)[-1]


def pad(text: str, width: int) -> str:
    """Left-justify to a display width (CJK characters take two columns)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def bench_pages() -> list[tuple[str, str]]:
    """(page, URL) for every page measured, on entities the corpus is dense in."""
    province = Province.objects.filter(slug="henan").first() or Province.objects.order_by("code").first()
    programme = Programme.objects.order_by("order", "key").first()
    hospital = (
        Hospital.objects.filter(slug__in=["shanxi-bethune-hospital"]).first()
        or Hospital.objects.annotate(n=Count("mentions")).order_by("-n", "id").first()
    )
    article = (
        Article.objects.filter(duplicate_of__isnull=True, citations__isnull=False)
        .order_by("-published_at", "-id")
        .first()
    ) or Article.objects.order_by("-id").first()
    deep_page = max(1, min(50, Article.objects.filter(duplicate_of__isnull=True).count() // 20))
    pages = [
        ("home", "/"),
        ("province", province.get_absolute_url()),
        ("province list", "/provinces/"),
        ("article list", "/articles/"),
        ("list + province", f"/articles/?province={province.slug}"),
        ("list + province + programme", f"/articles/?province={province.slug}&programme={programme.slug}"),
        (f"list, page {deep_page}", f"/articles/?page={deep_page}"),
        ("search 白求恩", "/articles/?q=白求恩"),
        ("search 区域医疗中心", "/articles/?q=区域医疗中心"),
        ("search + province", f"/articles/?q=基层卫生&province={province.slug}"),
        ("timeline", "/timeline/"),
        ("timeline + province", f"/timeline/?province={province.slug}"),
        ("programme", programme.get_absolute_url()),
        ("hospital", hospital.get_absolute_url()),
    ]
    if article is not None:
        pages.append(("article", article.get_absolute_url()))
    return pages


def real_profile(pages: str) -> str:
    """The per-article figures of `pages` imported into a throw-away SQLite database (in
    child processes: this one stays on the benchmark's database)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            env = throwaway_database(Path(folder))
        except CommandError as exc:
            return f"not measured ({exc})"
        manage(["import_articles", pages, "-v0"], env)  # a failed page exits 1: the profile still counts
        done = manage(["bench_web", "--profile-only"], env)
        if done.returncode:
            return f"not measured (bench_web failed: {done.stderr.strip()[-200:]})"
    lines = [line for line in done.stdout.splitlines() if line.startswith("PROFILE ")]
    return lines[-1].removeprefix("PROFILE ") if lines else "not measured"


class Command(BaseCommand):
    help = "Build a synthetic corpus and measure p50/p95 server time of the public pages."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="corpus size (default 100000)")
        parser.add_argument("--repeats", type=int, default=30, help="timed requests per page (default 30)")
        parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
        parser.add_argument(
            "--cold", type=int, default=3, help="requests after clearing the cache, per page (median shown)"
        )
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep an existing corpus of the same size instead of rebuilding it",
        )
        parser.add_argument("--skip-build", action="store_true", help="measure whatever is in the database")
        parser.add_argument(
            "--i-know-this-writes",
            action="store_true",
            dest="allow_write",
            help="allow writing the corpus into a database whose name does not contain 'bench'",
        )
        parser.add_argument("--only", default="", help="comma-separated page names to measure")
        parser.add_argument(
            "--real-pages",
            default="fixtures/demo_pages",
            help="pages imported into a throw-away SQLite database to compare the corpus's "
            "per-article figures with (default fixtures/demo_pages; empty to skip)",
        )
        parser.add_argument(
            "--profile-only",
            action="store_true",
            help="print the per-article figures of the database and stop",
        )

    def handle(self, *args, **options):
        if options["profile_only"]:
            self.stdout.write(f"PROFILE {benchdata.profile().line()}")
            return
        name = str(settings.DATABASES["default"]["NAME"])
        if not options["skip_build"] and not dedicated(name) and not options["allow_write"]:
            raise CommandError(
                f"refusing to write a synthetic corpus into {name!r}: use a dedicated database "
                "(its name containing 'bench', as `make bench-web` does) or --i-know-this-writes"
            )
        if not options["skip_build"]:
            self.build(options["articles"], options["seed"], options["reuse"])
        self.stdout.write("\nPer article (originals):")
        self.stdout.write(f"  synthetic corpus: {benchdata.profile().line()}")
        if options["real_pages"]:
            self.stdout.write(
                f"  real pages ({options['real_pages']}, imported): {real_profile(options['real_pages'])}"
            )
        self.measure(options)

    def build(self, n: int, seed: int, reuse: bool) -> None:
        existing = benchdata.corpus_size()
        if reuse and existing == n:
            self.stdout.write(f"Reusing the corpus of {existing:,} articles.")
            return
        if existing:
            self.stdout.write(f"Removing the corpus of {existing:,} articles …")
            benchdata.remove_corpus()
        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % 10_000 == 0 or done == n:
                rate = done / (time.perf_counter() - started)
                self.stdout.write(f"  {done:,} / {n:,} articles ({rate:,.0f}/s)")

        self.stdout.write(f"Generating {n:,} articles …")
        benchdata.generate(n, seed=seed, progress=progress)
        self.stdout.write(f"Generated in {time.perf_counter() - started:.0f} s.")

    def measure(self, options) -> None:
        pages = bench_pages()
        if options["only"]:
            wanted = {p.strip() for p in options["only"].split(",")}
            pages = [p for p in pages if p[0] in wanted]
        client = Client()
        vendor = connection.vendor
        version = ".".join(map(str, connection.Database.sqlite_version_info)) if vendor == "sqlite" else ""
        if vendor == "postgresql":
            version = str(connection.pg_version)
        total = Article.objects.count()
        originals = Article.objects.filter(duplicate_of__isnull=True).count()
        self.stdout.write(
            f"\nDatabase: {vendor} {version} ({settings.DATABASES['default']['NAME']}); "
            f"{total:,} articles ({originals:,} originals); "
            f"{options['repeats']} timed requests per page after {options['warmup']} warm-up\n"
        )
        header = (
            f"{pad('page', 28)} {'p50 ms':>8} {'p95 ms':>8} {'cold ms':>8} {'queries':>8} {'hit ms':>8}  URL"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        over = []
        errors = 0
        warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
        # Timed without query logging (DEBUG off); queries counted on one separate request.
        # p50/p95: repeated requests with the page cache off (the view runs every time; the
        # cached aggregates are warm); cold: median of --cold requests each right after the
        # cache is cleared (what the first visitor after a change waits); hit: median of
        # the same requests answered whole from the page cache (articles/pagecache.py).
        quiet = override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS])
        with quiet, override_settings(PAGE_CACHE_SECONDS=0):
            for label, url in pages:
                cold = []
                for _ in range(max(1, options["cold"])):
                    cache.clear()
                    local_pages.clear()
                    local_values.clear()
                    start = time.perf_counter()
                    response = client.get(url)
                    cold.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    self.stderr.write(f"{label}: {url} answered {response.status_code}")
                    errors += 1
                    continue
                for _ in range(options["warmup"]):
                    client.get(url)
                times = []
                for _ in range(options["repeats"]):
                    start = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                with CaptureQueriesContext(connection) as queries:
                    client.get(url)
                query_count = len(queries.captured_queries)  # before the next request resets the log
                with override_settings(PAGE_CACHE_SECONDS=300):
                    client.get(url)
                    hits = []
                    for _ in range(options["repeats"]):
                        start = time.perf_counter()
                        client.get(url)
                        hits.append((time.perf_counter() - start) * 1000)
                p50, p95 = statistics.median(times), percentile(times, 95)
                if p95 > GOAL_MS:
                    over.append(label)
                flag = " *" if p95 > GOAL_MS else ""
                self.stdout.write(
                    f"{pad(label, 28)} {p50:>8.1f} {p95:>8.1f} {statistics.median(cold):>8.1f} "
                    f"{query_count:>8} {statistics.median(hits):>8.2f}  {url}{flag}"
                )
        self.stdout.write(
            f"\nGoal p95 < {GOAL_MS:.0f} ms, page cache off: "
            + (f"missed by {len(over)} page(s) (*): {', '.join(over)}" if over else "met by every page")
        )
        if errors:
            raise CommandError(f"{errors} page(s) did not answer 200")
