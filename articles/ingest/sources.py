"""Paths and URLs → RawPage items (or a readable failure per item).

Files, folders (recursively), .zip archives (no path traversal, no decompression
bombs) and http(s) URLs (fetched with a timeout and a size limit).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from articles.ingest.decode import MAX_PAGE_BYTES
from articles.ingest.records import RawPage

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".txt", ".php", ".asp", ".aspx", ".jsp", ""}
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024  # uncompressed total of one zip
MAX_RATIO = 200  # uncompressed / compressed: beyond this a member is treated as a bomb
FETCH_TIMEOUT = 20
USER_AGENT = "rmc-kb importer (+https://github.com/)"


@dataclass(frozen=True)
class SourceItem:
    source: str
    page: RawPage | None = None
    error: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def check_arguments(values: list[str]) -> list[str]:
    """Usage problems (missing paths, unsupported schemes), one message each."""
    problems = []
    for value in values:
        if is_url(value):
            continue
        if "://" in value:
            problems.append(f"{value}: only http(s) URLs can be fetched")
        elif not Path(value).exists():
            problems.append(f"{value}: no such file or folder")
    return problems


def _is_page_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.name.startswith(".") and path.suffix.lower() in PAGE_SUFFIXES


def _read_file(path: Path, source: str, url: str = "") -> SourceItem:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return SourceItem(
                source, error=f"file is {size / 1e6:.1f} MB, over the {MAX_PAGE_BYTES // 1_000_000} MB limit"
            )
        return SourceItem(source, RawPage(source=source, data=path.read_bytes(), url=url, filename=path.name))
    except OSError as exc:
        return SourceItem(source, error=f"cannot read the file ({exc.strerror or exc})")


def _zip_items(path: Path | io.BytesIO, source: str) -> Iterator[SourceItem]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield SourceItem(source, error=f"not a readable zip archive ({exc})")
        return
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename
            member = f"{source}!{name}"
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                yield SourceItem(member, error="unsafe path in the archive (absolute or '..'); skipped")
                continue
            if not _is_page_name(name):
                continue
            if info.file_size > MAX_PAGE_BYTES:
                yield SourceItem(
                    member, error=f"archive member is {info.file_size / 1e6:.1f} MB, over the limit"
                )
                continue
            if (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 1_000_000
            ):
                yield SourceItem(member, error="archive member expands more than 200×: refused as a zip bomb")
                continue
            total += info.file_size
            if total > MAX_ARCHIVE_BYTES:
                yield SourceItem(member, error="archive expands past 500 MB in total: the rest is refused")
                return
            try:
                with archive.open(info) as fh:
                    data = fh.read(MAX_PAGE_BYTES + 1)  # never trust the header's size
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                yield SourceItem(member, error=f"cannot extract from the archive ({exc})")
                continue
            if len(data) > MAX_PAGE_BYTES:
                yield SourceItem(member, error="archive member is larger than its header says: refused")
                continue
            yield SourceItem(member, RawPage(source=member, data=data, filename=PurePosixPath(name).name))


def fetch(url: str) -> SourceItem:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (http(s) only)
            data = response.read(MAX_PAGE_BYTES + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return SourceItem(url, error=f"the server answered HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return SourceItem(url, error=f"unreachable URL ({reason})")
    if len(data) > MAX_PAGE_BYTES:
        return SourceItem(url, error=f"page is over the {MAX_PAGE_BYTES // 1_000_000} MB limit")
    name = PurePosixPath(urllib.request.urlparse(final_url).path).name
    return SourceItem(
        url, RawPage(source=url, data=data, url=final_url, content_type=content_type, filename=name)
    )


def iter_sources(values: list[str], *, source_url: str = "") -> Iterator[SourceItem]:
    for value in values:
        if is_url(value):
            yield fetch(value)
            continue
        path = Path(value)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if child.suffix.lower() == ".zip":
                    yield from _zip_items(child, str(child))
                elif _is_page_name(child.name):
                    yield _read_file(child, str(child))
        elif path.suffix.lower() == ".zip":
            yield from _zip_items(path, value)
        else:
            yield _read_file(path, value, url=source_url)


def upload_items(name: str, data: bytes) -> Iterator[SourceItem]:
    """A file uploaded through the admin: a page, or a zip of pages (same rules as a zip
    on disk: no traversal, no bombs, the page size limit)."""
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        yield from _zip_items(io.BytesIO(data), name)
    elif len(data) > MAX_PAGE_BYTES:
        yield SourceItem(
            name, error=f"file is {len(data) / 1e6:.1f} MB, over the {MAX_PAGE_BYTES // 1_000_000} MB limit"
        )
    else:
        yield SourceItem(name, RawPage(source=name, data=data, filename=PurePosixPath(name).name))
