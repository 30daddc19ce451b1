"""Plain data passed between the import stages: bytes in, an article (or an error) out.

Nothing here touches Django; every stage up to `store` is testable without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR_VERSION = "1.0"
MAX_REASON_CHARS = 500


def one_line(reason: str, limit: int = MAX_REASON_CHARS) -> str:
    """A failure reason as one bounded line: reasons go to one summary line, one stderr
    line and one database field, and some come from libraries with newlines in them
    (urllib's redirect-loop error) or with a whole response quoted."""
    text = " ".join(reason.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PageError(Exception):
    """A page that cannot become an article; the message is shown to staff as is."""


@dataclass(frozen=True)
class RawPage:
    """What a source handed us: the bytes and where they came from."""

    source: str  # the path or URL as given (reported back in summaries and JSON)
    data: bytes
    url: str = ""  # canonical URL when known (fetched URL or --source-url)
    content_type: str = ""  # HTTP Content-Type header when fetched
    filename: str = ""


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str
    media_type: str  # "text/html" or "text/plain"
    warnings: tuple[str, ...] = ()  # what was forgiven (invalid bytes replaced)


@dataclass(frozen=True)
class DataTable:
    """A data table of the article (one with header cells): kept as rows of cell texts
    for the fact extractor, not pasted into the body's paragraphs."""

    rows: tuple[tuple[str, ...], ...]  # the header row first, as the page has it
    caption: str = ""
    before: tuple[str, ...] = ()  # the text just before the table: what introduces it


@dataclass(frozen=True)
class PageHints:
    """What the markup says about the article (HTML only; empty for text dumps)."""

    titles: tuple[str, ...] = ()  # best first: og:title, ArticleTitle, h1 …
    title_tag: str = ""
    headline_field: str = ""  # the title the site's editors gave (og:title, ArticleTitle), as written
    published: tuple[str, ...] = ()  # raw date strings from meta tags / time elements
    source: str = ""  # ContentSource / og:site_name style outlet
    author: str = ""
    url: str = ""  # rel=canonical / og:url
    body_lines: tuple[str, ...] = ()  # lines of the detected main-content block
    tables: tuple[DataTable, ...] = ()  # the data tables inside that block


@dataclass(frozen=True)
class PageText:
    """A page reduced to its visible lines, plus the markup's hints."""

    lines: tuple[str, ...]
    hints: PageHints = field(default_factory=PageHints)


@dataclass(frozen=True)
class PublishedAt:
    """A publication time in Asia/Shanghai local time, known to `precision`."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    inferred: bool = False  # the year came from the page's context, not its date

    @property
    def precision(self) -> str:
        if self.second is not None:
            return "second"
        if self.minute is not None:
            return "minute"
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        date = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.minute is None:
            return date
        time = f"{self.hour:02d}:{self.minute:02d}"
        if self.second is not None:
            time += f":{self.second:02d}"
        return f"{date}T{time}+08:00"


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    body: tuple[str, ...]  # paragraphs
    published: PublishedAt | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    reporter: str | None = None
    url: str | None = None
    tables: tuple[DataTable, ...] = ()  # the body's data tables, as rows (not in `body`)
    # Which rule set each field (articles/ingest/fields/): {"title": "markup_headline", …}.
    chosen_by: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def body_text(self) -> str:
        return "\n".join(self.body)
