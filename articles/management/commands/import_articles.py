"""Import news pages (files, folders, zip archives, http(s) URLs) as articles.

Each page is extracted, fingerprinted and stored in its own transaction; a page that
fails is reported with its reason and the others go on. Exit status: 0 when every
page imported, 1 when any failed, 2 for a usage error.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.pipeline import PAGE_SECONDS, as_json
from articles.ingest.runner import PageOutcome, run_import
from articles.ingest.sources import check_arguments, is_single_page_file, is_url

SOURCE_URL_USAGE = "--source-url takes an http(s) URL and exactly one page file (not a folder or a .zip)"


class Command(BaseCommand):
    help = "Import news pages from files, folders, .zip archives or http(s) URLs."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH_OR_URL", help="files, folders, .zip archives or URLs"
        )
        parser.add_argument("--dry-run", action="store_true", help="extract and link, but write nothing")
        parser.add_argument(
            "--format", choices=["text", "jsonl"], default="text", help="jsonl: one object per page"
        )
        parser.add_argument("--jobs", type=int, default=1, help="worker processes for extraction (default 1)")
        parser.add_argument("--source-url", default="", help="the original URL of a single file")
        parser.add_argument(
            "--page-seconds",
            type=float,
            default=PAGE_SECONDS,
            help=f"a page whose extraction takes longer fails with that reason (default {PAGE_SECONDS:g})",
        )

    def handle(self, *args, paths, dry_run, format, jobs, source_url, page_seconds, **options):
        _check_usage(paths, jobs, source_url)
        if not page_seconds > 0:
            raise CommandError("--page-seconds must be more than 0", returncode=2)
        verbosity = options["verbosity"]
        progress = sys.stderr.isatty() and verbosity >= 1
        done = 0

        def on_page(page: PageOutcome) -> None:
            nonlocal done
            done += 1
            if format == "jsonl":
                self.stdout.write(
                    json.dumps(as_json(page.result, duplicate_of=page.duplicate_of), ensure_ascii=False)
                )
            elif verbosity >= 2:
                title = page.result.article.title if page.result.article else ""
                self.stdout.write(f"{page.outcome:9} {page.result.source}  {title}")
            if page.error and verbosity >= 1:
                self.stderr.write(f"failed: {page.result.source}: {page.error}")
            for warning in page.result.warnings if verbosity >= 1 else ():
                self.stderr.write(f"warning: {page.result.source}: {warning}")
            if progress:
                sys.stderr.write(f"\r{done} pages processed…")
                sys.stderr.flush()

        report = run_import(
            paths,
            dry_run=dry_run,
            jobs=jobs,
            source_url=source_url,
            on_page=on_page,
            page_seconds=page_seconds,
        )
        if progress:
            sys.stderr.write("\r")
        summary = ("Dry run, nothing written. " if dry_run else "") + report.summary()
        (self.stderr if format == "jsonl" else self.stdout).write(summary)
        if report.failed:
            sys.exit(1)


def _check_usage(paths: list[str], jobs: int, source_url: str) -> None:
    """Usage errors (exit status 2) before anything is read or written."""
    if jobs < 1:
        raise CommandError("--jobs must be 1 or more", returncode=2)
    if source_url and (len(paths) != 1 or is_url(paths[0]) or not is_url(source_url)):
        raise CommandError(SOURCE_URL_USAGE, returncode=2)
    problems = check_arguments(paths)
    if problems:
        raise CommandError("; ".join(problems), returncode=2)
    if source_url and not is_single_page_file(paths[0]):  # one URL cannot name many pages
        raise CommandError(SOURCE_URL_USAGE, returncode=2)
