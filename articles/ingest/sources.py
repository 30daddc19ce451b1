"""Paths and URLs → RawPage items (or a readable failure per item).

Files, folders (recursively), .zip archives (no path traversal, no decompression
bombs) and http(s) URLs (fetched with a timeout, an overall deadline and a size limit).
Every source that cannot give a page gives an item with a one-line reason instead, so
a run reports it and goes on.
"""

from __future__ import annotations

import errno
import http.client
import io
import ipaddress
import lzma
import os
import re
import socket
import stat
import string
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from articles.ingest.decode import MAX_PAGE_BYTES
from articles.ingest.records import RawPage, one_line

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".txt", ".php", ".asp", ".aspx", ".jsp", ""}
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024  # uncompressed total of one zip
MAX_RATIO = 200  # uncompressed / compressed: beyond this a member is treated as a bomb
FETCH_TIMEOUT = 20  # seconds the server may stay silent (connecting, or between two reads)
FETCH_DEADLINE = 60  # seconds for a whole fetch: a server sending a byte now and then never times out
USER_AGENT = "rmc-kb importer (+https://github.com/)"
NO_PAGES = "holds no .html/.htm/.txt pages"

# What zipfile and its decompressors raise on damaged or unsupported members.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    RuntimeError,  # encrypted
    NotImplementedError,  # compression method
    ValueError,
    zlib.error,
    lzma.LZMAError,
)


@dataclass(frozen=True)
class SourceItem:
    source: str
    page: RawPage | None = None
    error: str | None = None


def _failed(source: str, reason: str) -> SourceItem:
    return SourceItem(source, error=one_line(reason))


# ---------------------------------------------------------------- names

# Characters that would break a report line or a terminal: C0/C1 controls, line separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def display_name(name: str) -> str:
    """`name` as text any database and terminal accept: a file name's undecodable bytes
    (which Python keeps as lone surrogates) and control characters become backslash
    escapes, so one odd name neither crashes the run nor splits a report line."""
    try:
        data = os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate that did not come from the file system
        data = name.encode("utf-8", "backslashreplace")
    text = data.decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


def _stat_problem(value: str) -> str | None:
    try:
        exists = Path(value).exists()
    except OSError as exc:  # e.g. a parent folder we may not enter
        return f"{display_name(value)}: cannot access it ({exc.strerror or exc})"
    return None if exists else f"{display_name(value)}: no such file or folder"


def check_arguments(values: list[str]) -> list[str]:
    """Usage problems (missing paths, unsupported schemes), one message each."""
    problems = []
    for value in values:
        if is_url(value):
            continue
        if "://" in value:
            problems.append(f"{display_name(value)}: only http(s) URLs can be fetched")
        elif problem := _stat_problem(value):
            problems.append(problem)
    return problems


def is_single_page_file(value: str) -> bool:
    """A path naming one page (not a folder or an archive): what --source-url can describe."""
    try:
        return Path(value).is_file() and not value.lower().endswith(".zip")
    except OSError:
        return False


def _is_page_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.name.startswith(".") and path.suffix.lower() in PAGE_SUFFIXES


# ---------------------------------------------------------------- files


class _Refused(Exception):
    """A source that is not read; the message is the item's reason."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def _open_regular(path: Path) -> BinaryIO:
    """Open `path` only if it is a regular file: a FIFO would block the run, a device
    such as /dev/zero never ends. The check is made on the opened file (no window for a
    swap), which O_NONBLOCK lets us open even when it is a FIFO without a writer."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _Refused(f"not a regular file ({_kind(mode)})")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _link_problem(path: Path, exc: OSError) -> str:
    """Why a folder entry cannot be opened, in the user's terms."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: not read"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"dangling symbolic link (to {_link_target(path)}): not read"
    if exc.errno == errno.ENXIO:  # a Unix socket cannot be opened
        return "not a regular file (a socket)"
    return f"cannot read the file ({exc.strerror or exc})"


def _link_target(path: Path) -> str:
    try:
        return display_name(os.readlink(path))
    except OSError:
        return "?"


def _read_file(path: Path, source: str, url: str = "") -> SourceItem:
    """One page file. Reads stop one byte past the size limit whatever the size
    recorded for the file says (it can be wrong, or grow while we read)."""
    limit = MAX_PAGE_BYTES
    try:
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            data = b"" if size > limit else fh.read(limit + 1)
    except _Refused as exc:
        return _failed(source, str(exc))
    except OSError as exc:
        return _failed(source, _link_problem(path, exc))
    if max(size, len(data)) > limit:
        return _failed(
            source, f"file is {max(size, len(data)) / 1e6:.1f} MB, over the {limit // 1_000_000} MB limit"
        )
    return SourceItem(source, RawPage(source=source, data=data, url=url, filename=display_name(path.name)))


def _archive_file(path: Path, source: str) -> Iterator[SourceItem]:
    try:
        fh = _open_regular(path)
    except _Refused as exc:
        yield _failed(source, str(exc))
        return
    except OSError as exc:
        yield _failed(source, _link_problem(path, exc))
        return
    with fh:
        yield from _zip_items(fh, source)


# ---------------------------------------------------------------- archives


def _zip_items(path: Path | BinaryIO, source: str) -> Iterator[SourceItem]:
    """The pages of a zip archive, each its own item; an archive that gives none is
    itself a failed item, never a silent "0 pages"."""
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        yield _failed(source, f"not a readable zip archive ({exc})")
        return
    found = 0
    with archive:
        for item in _zip_members(archive, source):
            found += 1
            yield item
    if not found:
        yield _failed(source, f"the archive {NO_PAGES}")


def _zip_members(archive: zipfile.ZipFile, source: str) -> Iterator[SourceItem]:
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename
        member = f"{source}!{display_name(name)}"
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            yield _failed(member, "unsafe path in the archive (absolute or '..'); skipped")
            continue
        if name.lower().endswith(".zip") and not PurePosixPath(name).name.startswith("."):
            yield _failed(member, "archives inside archives are not opened: extract it first")
            continue
        if not _is_page_name(name):
            continue
        if info.file_size > MAX_PAGE_BYTES:
            yield _failed(member, f"archive member is {info.file_size / 1e6:.1f} MB, over the limit")
            continue
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1_000_000
        ):
            yield _failed(member, "archive member expands more than 200×: refused as a zip bomb")
            continue
        total += info.file_size
        if total > MAX_ARCHIVE_BYTES:
            yield _failed(member, "archive expands past 500 MB in total: the rest is refused")
            return
        yield _zip_member(archive, info, member)


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: str) -> SourceItem:
    if info.flag_bits & 0x1:
        return _failed(member, "the archive member is encrypted (password protected): not read")
    try:
        with archive.open(info) as fh:
            data = fh.read(MAX_PAGE_BYTES + 1)  # never trust the header's size
    except _ZIP_ERRORS as exc:
        return _failed(member, f"cannot extract from the archive ({type(exc).__name__}: {exc})")
    if len(data) > MAX_PAGE_BYTES:
        return _failed(member, "archive member is larger than its header says: refused")
    name = display_name(PurePosixPath(info.filename).name)
    return SourceItem(member, RawPage(source=member, data=data, filename=name))


# ---------------------------------------------------------------- folders


def _folder_items(folder: Path) -> Iterator[SourceItem]:
    """Pages and archives under `folder`, depth first in name order. Hidden entries are
    skipped, and so are files whose names are not page names; anything else that cannot
    be read (a FIFO, a dangling link, a link loop, a folder we may not list, a link to a
    folder, which is not followed) is an item with its reason, not a silent gap."""
    try:
        # Names only, sorted: the listing is held for the whole folder, and a DirEntry
        # object costs about 600 bytes against a name's 90 (10,000 pages: 6 MB → 0.9 MB).
        with os.scandir(folder) as it:
            names = sorted(entry.name for entry in it)
    except OSError as exc:
        yield _failed(display_name(str(folder)), f"cannot read the folder: {exc.strerror or exc}")
        return
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        source = display_name(str(path))
        mode = _lstat_mode(path)
        if stat.S_ISDIR(mode):
            yield from _folder_items(path)
        elif stat.S_ISLNK(mode) and _is_dir(path):
            yield _failed(source, "symbolic link to a folder: not followed")
        elif name.lower().endswith(".zip"):
            yield from _archive_file(path, source)
        elif _is_page_name(name):
            yield _read_file(path, source)


def _lstat_mode(path: Path) -> int:
    """The entry's own type (a link is a link); 0 when it has gone or cannot be seen,
    which its reading then reports."""
    try:
        return path.lstat().st_mode
    except OSError:
        return 0


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:  # dangling, a loop, or not ours to see: reported when opened
        return False


def _folder(path: Path, source: str) -> Iterator[SourceItem]:
    found = 0
    for item in _folder_items(path):
        found += 1
        yield item
    if not found:
        yield _failed(source, f"the folder {NO_PAGES}")


# ---------------------------------------------------------------- URLs


class _Incomplete(Exception):
    def __init__(self, received: int, expected: int | None = None) -> None:
        of = f" of {expected}" if expected else ""
        super().__init__(f"the page arrived incomplete: the server's answer ended after {received}{of} bytes")


class _TooSlow(Exception):
    pass


def _request_url(url: str) -> str:
    """`url` as a request line accepts it: non-ASCII characters of the path and query
    percent-encoded as UTF-8, as browsers do (the host is left alone and validated)."""
    parts = urllib.parse.urlsplit(url)
    safe = string.punctuation
    return urllib.parse.urlunsplit(
        parts._replace(
            path=urllib.parse.quote(parts.path, safe=safe),
            query=urllib.parse.quote(parts.query, safe=safe),
            fragment="",
        )
    )


def _read_body(response: http.client.HTTPResponse, deadline: float) -> bytes:
    """The body, read a chunk at a time so that the deadline holds even against a server
    that keeps the connection alive with a byte now and then; stops past the size limit."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_PAGE_BYTES:
        try:
            chunk = response.read1(64 * 1024)
        except http.client.IncompleteRead as exc:
            raise _Incomplete(size) from exc
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise _TooSlow
    left = getattr(response, "length", None)
    if size <= MAX_PAGE_BYTES and left:
        raise _Incomplete(size, size + left)
    return b"".join(chunks)


# ---------------------------------------------------------------- public addresses only

REFUSED_ADDRESS = "the address is not allowed: the importer fetches pages from public web servers only"


class _RefusedAddress(Exception):
    """A host that is, or resolves to, an address that is not public. Not an OSError,
    so that nothing on the way reports it as an unreachable server."""


# IPv6 ranges that carry an IPv4 address inside: NAT64 (64:ff9b::/96, last 32 bits).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Special-purpose blocks Python 3.11 still calls global (IETF protocol assignments).
_NOT_GLOBAL = (ipaddress.ip_network("192.0.0.0/24"),)


def is_public_address(address: str) -> bool:
    """Whether `address` (an IP address as text, IPv6 with or without a zone) belongs to
    the public internet: not loopback, private, shared, link-local, multicast, reserved,
    documentation or unspecified, including IPv4 addresses carried inside IPv6 ones."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip.sixtofour:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.teredo:
            return False
    if any(ip in network for network in _NOT_GLOBAL if network.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def _allowed_hosts() -> frozenset[str]:
    """Host names the site's settings let through whatever they resolve to (tests)."""
    from django.conf import settings

    if not settings.configured:
        return frozenset()
    return frozenset(host.lower().rstrip(".") for host in getattr(settings, "IMPORT_FETCH_ALLOWED_HOSTS", ()))


def _public_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *, allowed=()):
    """socket.create_connection, but the name is resolved once, every address it gives
    must be public, and the socket connects to one of exactly those addresses (and is
    checked again once connected): a second, different answer from DNS (rebinding)
    cannot send the importer anywhere else."""
    host, port = address
    infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    permitted = host.lower().rstrip(".") in allowed
    if not permitted and not all(is_public_address(info[4][0]) for info in infos):
        raise _RefusedAddress(host)
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            if not permitted and not is_public_address(sock.getpeername()[0]):
                raise _RefusedAddress(host)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
        except _RefusedAddress:
            sock.close()
            raise
    raise error or OSError(f"{host} has no address")


class _PublicAddresses:
    """Mixed into http.client's connections: their sockets come from `_public_connection`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = _allowed_hosts()
        self._create_connection = lambda *a, **k: _public_connection(*a, allowed=allowed, **k)


class _PublicHTTPConnection(_PublicAddresses, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicAddresses, http.client.HTTPSConnection):
    pass


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


class _HttpRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: urllib would also follow one to ftp://, and
    a page server has no business sending the importer anywhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(urllib.parse.urljoin(req.full_url, newurl)):
            raise urllib.error.HTTPError(newurl, code, f"{msg} - redirect to {newurl!r} refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# Every request, the first and each redirect, goes through the public-address check.
# Proxies named in the environment are not used: the proxy's own (often internal)
# address would be the one connected to.
_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _PublicHTTPHandler, _PublicHTTPSHandler, _HttpRedirectsOnly
)


def _download(url: str) -> tuple[bytes, str, str]:
    deadline = time.monotonic() + FETCH_DEADLINE
    request = urllib.request.Request(
        _request_url(url), headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"}
    )
    with _OPENER.open(request, timeout=FETCH_TIMEOUT) as response:
        data = _read_body(response, deadline)
        return data, response.geturl(), response.headers.get("Content-Type", "")


def _fetch_problem(exc: Exception) -> str:
    """A one-line reason for what went wrong while fetching."""
    if isinstance(exc, _RefusedAddress) or isinstance(getattr(exc, "reason", None), _RefusedAddress):
        return REFUSED_ADDRESS
    if isinstance(exc, urllib.error.HTTPError) and "infinite loop" in str(exc.reason):
        return f"the server's redirects go round in a loop (HTTP {exc.code})"
    if isinstance(exc, urllib.error.HTTPError):
        return f"the server answered HTTP {exc.code} {exc.reason}"
    if isinstance(exc, _Incomplete):
        return str(exc)
    if isinstance(exc, _TooSlow):
        return f"the server took longer than {FETCH_DEADLINE} s to send the page"
    if isinstance(exc, http.client.InvalidURL | ValueError):
        return f"not a valid URL ({exc})"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, http.client.HTTPException):
        return f"the server sent a malformed HTTP response ({type(exc).__name__}: {exc})"
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError):
        return f"the server did not answer within {FETCH_TIMEOUT} s"
    return f"unreachable URL ({reason})"


def fetch(url: str) -> SourceItem:
    source = display_name(url)
    try:
        data, final_url, content_type = _download(url)
    except (
        urllib.error.URLError,
        http.client.HTTPException,
        OSError,
        ValueError,
        _Incomplete,
        _TooSlow,
        _RefusedAddress,
    ) as exc:
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()  # it holds the response
        return _failed(source, _fetch_problem(exc))
    if len(data) > MAX_PAGE_BYTES:
        return _failed(source, f"page is over the {MAX_PAGE_BYTES // 1_000_000} MB limit")
    name = display_name(PurePosixPath(urllib.parse.urlsplit(final_url).path).name)
    page = RawPage(source=source, data=data, url=final_url, content_type=content_type, filename=name)
    return SourceItem(source, page)


# ---------------------------------------------------------------- sources


def _value_items(value: str, source_url: str) -> Iterator[SourceItem]:
    source = display_name(value)
    if is_url(value):
        yield fetch(value)
        return
    path = Path(value)
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        yield _failed(source, f"cannot access it ({exc.strerror or exc})")
        return
    if is_dir:
        yield from _folder(path, source)
    elif value.lower().endswith(".zip"):
        yield from _archive_file(path, source)
    else:
        yield _read_file(path, source, url=source_url)


def iter_sources(values: list[str], *, source_url: str = "") -> Iterator[SourceItem]:
    for value in values:
        yield from _guarded(display_name(value), _value_items(value, source_url))


def _guarded(source: str, items: Iterator[SourceItem]) -> Iterator[SourceItem]:
    """`items`, but a bug or an exception nobody foresaw while reading one argument ends
    that argument with a failed item instead of the whole run."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 (reported as the item's reason)
        yield _failed(source, f"internal error while reading the source: {type(exc).__name__}: {exc}")


def upload_items(name: str, data: bytes) -> Iterator[SourceItem]:
    """A file uploaded through the admin: a page, or a zip of pages (same rules as a zip
    on disk: no traversal, no bombs, the page size limit)."""
    name = display_name(name)
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        yield from _guarded(name, _zip_items(io.BytesIO(data), name))
    elif len(data) > MAX_PAGE_BYTES:
        yield _failed(
            name, f"file is {len(data) / 1e6:.1f} MB, over the {MAX_PAGE_BYTES // 1_000_000} MB limit"
        )
    else:
        yield SourceItem(name, RawPage(source=name, data=data, filename=PurePosixPath(name).name))
