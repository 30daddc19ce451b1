"""Hostile inputs, without the database: every bad source becomes one item with a
one-line reason (odd file names, special files, broken HTTP servers, empty or nested
archives), and decoding survives truncated, mislabelled and BOM-marked pages."""

import codecs
import io
import os
import socket
import socketserver
import threading
import time
import zipfile

import pytest

from articles.ingest import sources
from articles.ingest.decode import decode_page, normalise_text
from articles.ingest.records import PageError, RawPage, one_line
from articles.ingest.sources import display_name, fetch, iter_sources
from tests.ingest.samples import html_page, text_page


def items(*values: str) -> dict[str, str | None]:
    """source → error (None for a page that was read), collected with a time limit: a
    source that blocks (a FIFO, a dripping server) fails the test instead of hanging it."""
    found: dict[str, str | None] = {}
    thread = threading.Thread(
        target=lambda: found.update((i.source, i.error) for i in iter_sources(list(values))), daemon=True
    )
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "reading the sources blocked"
    return found


# ---------------------------------------------------------------- names


def test_display_name_escapes_undecodable_bytes_and_control_characters():
    assert display_name(os.fsdecode(b"bad\xff\xfe.html")) == "bad\\xff\\xfe.html"
    assert display_name("new\nline.html") == "new\\nline.html"
    assert display_name("页面 1.html") == "页面 1.html"
    assert display_name("lone\ud800surrogate") == "lone\\ud800surrogate"


def test_undecodable_file_names_are_made_safe(tmp_path):
    name = os.fsdecode(b"bad\xff\xfe.html")
    (tmp_path / name).write_text(html_page(), encoding="utf-8")
    for item in iter_sources([str(tmp_path / name), str(tmp_path)]):
        item.source.encode("utf-8")  # no lone surrogates left
        item.page.filename.encode("utf-8")
        assert item.source.endswith("bad\\xff\\xfe.html") and item.page.filename == "bad\\xff\\xfe.html"


# ---------------------------------------------------------------- special files


def test_a_fifo_or_a_device_given_directly_is_not_read(tmp_path):
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    assert items(str(fifo)) == {str(fifo): "not a regular file (a FIFO)"}
    assert items("/dev/zero") == {"/dev/zero": "not a regular file (a device)"}


def test_reads_stop_past_the_size_limit_whatever_the_size_says(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_PAGE_BYTES", 100)
    page = tmp_path / "a.html"
    page.write_bytes(b"a" * 200)
    assert "over the" in items(str(page))[str(page)]


def test_odd_entries_in_folders_are_reported_not_skipped(tmp_path):
    (tmp_path / "good.html").write_text(html_page(), encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.html")
    (tmp_path / "dangling.html").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loopA.html").symlink_to(tmp_path / "loopB.html")
    (tmp_path / "loopB.html").symlink_to(tmp_path / "loopA.html")
    (tmp_path / "zero.html").symlink_to("/dev/zero")
    (tmp_path / "fifo.jpg").symlink_to(tmp_path / "fifo.html")  # not a page name: skipped
    found = items(str(tmp_path))
    assert found[str(tmp_path / "good.html")] is None
    assert found[str(tmp_path / "fifo.html")] == "not a regular file (a FIFO)"
    assert found[str(tmp_path / "zero.html")] == "not a regular file (a device)"
    assert "dangling symbolic link" in found[str(tmp_path / "dangling.html")]
    assert "symbolic link loop" in found[str(tmp_path / "loopA.html")]
    assert "symbolic link loop" in found[str(tmp_path / "loopB.html")]
    assert len(found) == 6


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "good.html").write_text(html_page(), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "page.html").write_text(html_page(), encoding="utf-8")
    scandir = os.scandir

    def refusing(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # tests may run as root: chmod would not do
    found = items(str(tmp_path))
    assert found == {
        str(tmp_path / "good.html"): None,
        str(locked): "cannot read the folder: Permission denied",
    }


# ---------------------------------------------------------------- archives


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("members", "source", "reason"),
    [
        ({}, "a.zip", "the archive holds no .html/.htm/.txt pages"),
        ({"img/logo.png": b"\x89PNG", "data.csv": b"a,b"}, "a.zip", "no .html/.htm/.txt pages"),
        ({"inner.zip": _zip({"p.html": b"<p>x</p>"})}, "a.zip!inner.zip", "archives inside archives"),
    ],
)
def test_archives_without_pages_are_reported(tmp_path, members, source, reason):
    (tmp_path / "a.zip").write_bytes(_zip(members))
    found = items(str(tmp_path / "a.zip"))
    assert reason in found[str(tmp_path / source)]


def test_a_corrupt_member_fails_alone(tmp_path):
    data = bytearray(_zip({"a.html": html_page().encode() * 20, "b.txt": text_page().encode()}))
    start = data.index(b"a.html") + len(b"a.html") + 10
    data[start : start + 40] = bytes(40)  # damage a.html's deflate stream
    (tmp_path / "a.zip").write_bytes(bytes(data))
    found = items(str(tmp_path / "a.zip"))
    assert "cannot extract" in found[f"{tmp_path / 'a.zip'}!a.html"]
    assert found[f"{tmp_path / 'a.zip'}!b.txt"] is None


# ---------------------------------------------------------------- HTTP


class _Raw(socketserver.BaseRequestHandler):
    """Answers each path with raw bytes (or a callable writing to the socket): the
    broken responses real servers send, which http.server would not produce."""

    routes: dict = {}

    def handle(self):
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            request += chunk
        path = request.split(b" ")[1].decode()
        answer = self.routes.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        try:
            answer(self.request) if callable(answer) else self.request.sendall(answer)
        except OSError:
            pass


@pytest.fixture
def server(allow_loopback_fetch):
    """A local server; tests fill `routes` and get its base URL."""

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    handler = type("Handler", (_Raw,), {"routes": {}})
    srv = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield handler.routes, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


PAGE = html_page().encode()
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(PAGE)


def _drip(sock: socket.socket) -> None:
    sock.sendall(OK)
    for byte in PAGE:
        sock.sendall(bytes([byte]))
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (b"HELLO WORLD\r\n\r\n<html>hi</html>", "malformed HTTP response"),
        (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\nhi", "malformed HTTP response"),
        (
            b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(150)) + b"\r\nhi",
            "malformed HTTP response",
        ),
        (OK.replace(b"%d" % len(PAGE), b"100000") + PAGE, "arrived incomplete"),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % (len(PAGE) + 100) + PAGE,
            "arrived incomplete",
        ),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n", "arrived incomplete"),
    ],
)
def test_broken_http_answers_fail_with_a_reason(server, answer, reason):
    routes, base = server
    routes["/p"] = answer
    item = fetch(base + "/p")
    assert item.page is None and reason in item.error and "\n" not in item.error


def test_a_dripping_server_is_given_up_on(server, monkeypatch):
    monkeypatch.setattr(sources, "FETCH_DEADLINE", 1)
    routes, base = server
    routes["/drip"] = _drip
    started = time.monotonic()
    item = fetch(base + "/drip")
    assert item.error == "the server took longer than 1 s to send the page"
    assert time.monotonic() - started < 5


def test_a_redirect_loop_is_reported_on_one_line(server):
    routes, base = server
    routes["/a"] = b"HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"
    routes["/b"] = b"HTTP/1.1 302 Found\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n"
    item = fetch(base + "/a")
    assert "redirect" in item.error and "\n" not in item.error


def test_redirects_lead_to_http_only(server):
    routes, base = server
    routes["/ftp"] = b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/x\r\nContent-Length: 0\r\n\r\n"
    assert "redirect to 'ftp://127.0.0.1/x' refused" in fetch(base + "/ftp").error


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://127.0.0.1:abc/", "http://exa mple.com/", "http://127.0.0.1:1/\udcff"]
)
def test_malformed_urls_fail_with_a_reason(url):
    item = fetch(url)
    assert item.page is None and "URL" in item.error
    item.source.encode("utf-8")


def test_uppercase_schemes_are_urls(server):
    routes, base = server
    routes["/ok.html"] = OK + PAGE
    assert sources.is_url("HTTP://example.org/") and sources.is_url("Https://example.org/")
    assert not sources.check_arguments([base.replace("http", "HTTP") + "/ok.html"])
    item = fetch(base.replace("http", "HTTP") + "/ok.html")
    assert item.error is None and item.page.data == PAGE


# ---------------------------------------------------------------- decoding


def decode(data: bytes, name: str = "page.html", content_type: str = ""):
    return decode_page(RawPage(source=name, data=data, filename=name, content_type=content_type))


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_inside_a_character_decodes_without_the_broken_tail(cut):
    data = text_page().encode("utf-8") + "完".encode()[:cut]
    page = decode(data, "cut.txt")
    assert page.encoding == "utf-8" and page.text.rstrip().endswith("秋季养生从饮食开始")


def test_invalid_utf8_inside_the_page_is_not_taken_for_a_truncation():
    # Not silently forgiven as a cut-off end would be: replaced, and said so.
    data = html_page().encode("utf-8").replace("。".encode(), b"\xe3\x80", 1)
    page = decode(data)
    assert page.warnings == ("decoded as utf-8 with 2 invalid bytes replaced",)


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-32-le"])
def test_utf32_with_a_bom_is_decoded(encoding):
    data = html_page().encode(encoding)
    if encoding != "utf-32":
        data = (codecs.BOM_UTF32_BE if encoding.endswith("be") else codecs.BOM_UTF32_LE) + data
    page = decode(data)
    assert page.encoding.startswith("utf-32") and "国家区域医疗中心建设稳步推进" in page.text


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_html_is_seen_as_html(bom):
    encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    assert decode(bom + html_page().encode(encoding)).media_type == "text/html"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (html_page().encode("utf-16-le"), "UTF-16"),
        (html_page().encode("utf-32-le"), "UTF-32"),
        (html_page().encode()[:500] + b"\0" * 10 + html_page().encode()[500:], "binary data"),
        (bytes(5000), "binary data"),
    ],
)
def test_text_without_a_bom_or_with_nuls_keeps_a_clear_reason(data, reason):
    with pytest.raises(PageError, match=reason):
        decode(data)


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        ("iso-8859-1", ""),
        ("latin-1", ""),
        ("windows-1252", ""),
        ("unicode_escape", ""),
        ("raw_unicode_escape", ""),
        ("gbk", "text/html; charset=ISO-8859-1"),
        ("rot13", ""),
    ],
)
def test_a_wrong_western_or_escape_declaration_gives_way_to_chinese(meta, content_type):
    page = decode(html_page(charset=meta).encode("gbk"), content_type=content_type)
    assert page.encoding == "gb18030" and "输出医院将派驻管理和技术团队" in page.text


def test_a_right_western_declaration_is_kept():
    data = "<html><head><meta charset='iso-8859-1'></head><body><p>Café crème, été 2024.</p></body></html>"
    page = decode(data.encode("latin-1"))
    assert page.encoding == "iso8859-1" and "Café crème, été" in page.text


def test_normalise_text_strips_control_characters_but_keeps_layout():
    assert normalise_text("a\x00b\x01c\x08d\x0be\x0c\x0ef\x1fg\x7fh\ufffdi") == "abcde\x0cfghi"
    assert normalise_text("行一\t列\n行二\f页二") == "行一\t列\n行二\f页二"


def test_control_characters_do_not_reach_the_text():
    page = decode(html_page(lead="控制\x01字符\x02不应\x1f出现。").encode())
    assert "控制字符不应出现" in page.text


# ---------------------------------------------------------------- reasons


def test_reasons_are_one_bounded_line():
    assert one_line("a\n  b\r\n\tc") == "a b c"
    long = one_line("x" * 5000)
    assert len(long) <= 500 and long.endswith("…")


def test_an_unexpected_error_in_one_page_fails_that_page_only(monkeypatch):
    """A bug of ours tripped by one page is that page's failure, named, not the run's."""
    from articles.ingest import pipeline
    from articles.ingest.records import RawPage
    from articles.ingest.sources import SourceItem

    def broken(page):
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "decode_page", broken)
    raw = RawPage(source="x.html", data=b"<p>x</p>", filename="x.html")
    result = pipeline.process(SourceItem("x.html", raw))
    assert not result.ok
    assert result.error == "internal error while extracting the page: KeyError: 'boom'"
