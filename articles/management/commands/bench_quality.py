"""Extraction quality against gne and trafilatura on the gold set, side by side.

    manage.py bench_quality [--gold tests/ingest/sites/quality.json] [--verbose]
    make bench-quality

The gold set (tests/ingest/sites/quality.json, schema in its "schema" key) is pages
written by us, filed by site family, each annotated with title, published time (to the
minute when the page shows one), author, body start and end, and the whole body. Most
are also page-test cases (the extractor was developed against them); the rest are kept
out of the page tests, and the command prints their figures apart as well.
Three extractors run on every page in one run:
- ours: the dry-run path of `import_articles --dry-run` and `bench_import`
  (`pipeline.process` with no gazetteer: decode, parse, extract; no database writes),
  with `today` fixed to TODAY so a page's inferred year cannot move with the clock;
- gne (GeneralNewsExtractor) and trafilatura (`bare_extraction` with metadata, dates
  asked for as "%Y-%m-%d %H:%M" so a time can be scored), both given the decoded HTML;
  a text dump is given to them as one <p> per line (as in `bench_import`).
The peers' versions are pinned in pyproject.toml's `bench` group.

Scoring rules (articles/benchquality.py has them in full, the same for all three):
titles equal after whitespace and full-width punctuation are folded (site suffixes cut
only where the gold lists `title_suffixes`); dates by day, and by minute on pages whose
gold has a time; authors as sets of names with label words dropped (no author in the
gold: right when none is given); body start/end as prefixes/suffixes of the compact
body; body F1 as bag-of-characters F1 over letters and digits. A page an extractor fails
on scores as empty output.

--verbose adds each field per site family for the three extractors and lists every page
where ours is wrong, with what we gave and the gold.
"""

from __future__ import annotations

import datetime
import json
import warnings
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.benchquality import FIELDS, Output, compact, score, summarise
from articles.ingest.pipeline import process, use_gazetteer
from articles.ingest.sources import iter_sources
from articles.management.commands.bench_import import as_html

GOLD = Path(settings.BASE_DIR) / "tests" / "ingest" / "sites" / "quality.json"
TODAY = datetime.date(2026, 11, 22)  # the page tests' today
LABELS = {
    "title": "title",
    "title_site_cut": "title, site cut",
    "date_day": "date (day)",
    "date_minute": "date (minute)",
    "author": "author",
    "body_start": "body start",
    "body_end": "body end",
    "body_f1": "body F1 (mean)",
}


def ours(path: Path) -> Output:
    use_gazetteer(None)
    result = process(next(iter(iter_sources([str(path)]))), today=TODAY)
    article = result.article
    if article is None:
        return Output(error=result.error or "no article")
    published = article.published
    when = None
    if published is not None and published.day is not None:
        when = published.isoformat()[:16] if published.minute is not None else published.isoformat()
    return Output(title=article.title, published=when, author=article.reporter, body=article.body_text)


def load_peers():
    """The peers' extract functions, or a reason each is missing."""
    peers, missing = {}, []
    try:
        from gne import GeneralNewsExtractor

        extractor = GeneralNewsExtractor()

        def gne(page: str) -> Output:
            got = extractor.extract(page)
            return Output(
                title=got.get("title"),
                published=got.get("publish_time"),
                author=got.get("author"),
                body=got.get("content"),
            )

        peers["gne"] = gne
    except ImportError:
        missing.append("gne")
    try:
        import trafilatura

        def traf(page: str) -> Output:
            doc = trafilatura.bare_extraction(
                page,
                with_metadata=True,
                date_extraction_params={"outputformat": "%Y-%m-%d %H:%M", "extensive_search": True},
            )
            if doc is None:
                return Output(error="nothing extracted")
            return Output(title=doc.title, published=doc.date, author=doc.author, body=doc.text)

        peers["trafilatura"] = traf
    except ImportError:
        missing.append("trafilatura")
    return peers, missing


def run_peer(extract, page: str) -> Output:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return extract(page)
    except Exception as exc:  # noqa: BLE001 (a peer failing on a page scores as empty output)
        return Output(error=f"{type(exc).__name__}: {exc}")


class Command(BaseCommand):
    help = "Extraction quality per field: ours, gne and trafilatura on the gold set, side by side."

    def add_arguments(self, parser):
        parser.add_argument("--gold", default=str(GOLD), help="gold file (default: %(default)s)")
        parser.add_argument(
            "--verbose", action="store_true", help="per-family figures and every page where ours is wrong"
        )

    def handle(self, *args, gold, verbose, **options):
        gold_path = Path(gold)
        if not gold_path.is_file():
            raise CommandError(f"no gold file at {gold_path}")
        doc = json.loads(gold_path.read_text(encoding="utf-8"))
        pages = doc["pages"]
        folder = gold_path.parent
        peers, missing = load_peers()
        for name in missing:
            self.stderr.write(f"{name} is not installed (make bench-quality installs the bench group)")
        names = ["ours", *peers]
        verdicts: dict[str, list[dict]] = {n: [] for n in names}
        outputs: dict[str, list[Output]] = {n: [] for n in names}
        for page in pages:
            path = folder / page["file"]
            page = {
                **page,
                "body": "\n".join(page["body"]) if isinstance(page["body"], list) else page["body"],
            }
            got = {"ours": ours(path)}
            if peers:
                html = as_html(path)
                for name, extract in peers.items():
                    got[name] = run_peer(extract, html)
            for name in names:
                outputs[name].append(got[name])
                verdicts[name].append(score(page, got[name]))
        families = sorted({p["family"] for p in pages})
        self.stdout.write(
            f"gold set: {len(pages)} pages from {len(families)} site families ({gold_path.name})\n"
        )
        self._table("all pages", names, {n: summarise(v) for n, v in verdicts.items()})
        subsets = (
            ("in the page tests", lambda p: p.get("in_page_tests", True)),
            ("kept out of the page tests", lambda p: not p.get("in_page_tests", True)),
            ("that are HTML", lambda p: not p["file"].endswith(".txt")),
            (
                "that are text dumps (the peers get one <p> per line, no <title>)",
                lambda p: p["file"].endswith(".txt"),
            ),
        )
        for label, wanted in subsets:
            idx = [i for i, p in enumerate(pages) if wanted(p)]
            if idx and len(idx) < len(pages):
                self._table(
                    f"pages {label} ({len(idx)})",
                    names,
                    {n: summarise([verdicts[n][i] for i in idx]) for n in names},
                )
        self._losses(pages, names, verdicts)
        if verbose:
            for family in families:
                idx = [i for i, p in enumerate(pages) if p["family"] == family]
                self._table(
                    f"{family} ({len(idx)} pages)",
                    names,
                    {n: summarise([verdicts[n][i] for i in idx]) for n in names},
                )
            self._wrong(pages, verdicts["ours"], outputs["ours"])

    def _table(self, heading: str, names: list[str], summaries: dict) -> None:
        self.stdout.write(f"\n{heading}\n")
        self.stdout.write(f"{'field':18}" + "".join(f"{n:>14}" for n in names) + "   pages\n")
        for field in FIELDS:
            row = f"{LABELS[field]:18}"
            for n in names:
                row += f"{summaries[n][field][0]:14.3f}"
            self.stdout.write(row + f"   {summaries[names[0]][field][1]:5d}\n")

    def _losses(self, pages: list[dict], names: list[str], verdicts: dict) -> None:
        """Pages where a peer is right (or closer on body F1 by 0.05) and ours is not."""
        lines = []
        for field in FIELDS:
            for i, page in enumerate(pages):
                mine = verdicts["ours"][i][field]
                if mine is None:
                    continue
                better = [
                    n
                    for n in names[1:]
                    if (
                        verdicts[n][i][field] - mine >= 0.05
                        if field == "body_f1"
                        else verdicts[n][i][field] and not mine
                    )
                ]
                if better:
                    lines.append(f"  {LABELS[field]:15} {page['file']:45} {', '.join(better)}")
        self.stdout.write(f"\nfields where a peer is right and ours is not: {len(lines)}\n")
        self.stdout.write("".join(line + "\n" for line in lines))

    def _wrong(self, pages: list[dict], verdicts: list[dict], outputs: list[Output]) -> None:
        self.stdout.write("\npages where ours is wrong (ours → gold)\n")
        by_family = defaultdict(list)
        for page, verdict, out in zip(pages, verdicts, outputs, strict=True):
            by_family[page["family"]].append((page, verdict, out))
        for family, rows in sorted(by_family.items()):
            wrong = [
                (page, notes) for page, verdict, out in rows if (notes := self._notes(page, verdict, out))
            ]
            if wrong:
                self.stdout.write(f"{family}: {len(wrong)} of {len(rows)} pages\n")
            for page, notes in wrong:
                self.stdout.write(f"  {page['file']}\n" + "".join(f"    {n}\n" for n in notes))

    @staticmethod
    def _notes(page: dict, verdict: dict, out: Output) -> list[str]:
        if out.error:
            return [f"error: {out.error}"]
        body = compact(out.body)
        notes = []
        if not verdict["title"]:
            notes.append(f"title: {out.title!r} → {page['title']!r}")
        if not verdict["date_day"] or verdict["date_minute"] is False:
            notes.append(f"published: {out.published!r} → {page['published']!r}")
        if not verdict["author"]:
            notes.append(f"author: {out.author!r} → {page.get('author')!r}")
        if not verdict["body_start"]:
            notes.append(f"body start: {body[:25]!r} → {page['body_start']!r}")
        if not verdict["body_end"]:
            notes.append(f"body end: {body[-25:]!r} → {page['body_end']!r}")
        if verdict["body_f1"] < 0.95:
            notes.append(f"body F1 {verdict['body_f1']:.3f}")
        return notes
