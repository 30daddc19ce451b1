"""The import command end to end: outcomes, idempotence, reprints, bad input, exit codes."""

import http.server
import io
import json
import platform
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest.decode import MAX_PAGE_BYTES
from articles.models import Article, ImportItem, ImportRun, Outlet, RawPage
from tests.ingest.samples import html_page, text_page

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    write(folder, "a.html", html_page())
    write(folder / "sub", "b.txt", text_page())
    write(
        folder / "sub",
        "c",
        html_page(title="县域医共体建设让群众就近看病", lead="县域医共体建设持续推进。"),
        "gbk",
    )
    write(folder, "notes.jpg", b"\xff\xd8\xff\xe0" + bytes(50))  # not a page name: skipped in folders
    return folder


def test_folder_import_creates_articles_with_raw_pages_and_a_run(pages):
    code, out, err = run(str(pages))
    assert code == 0, err
    assert Article.objects.count() == 3
    assert RawPage.objects.count() == 3
    assert "3 created" in out
    run_row = ImportRun.objects.get()
    assert run_row.created == 3 and run_row.failed == 0 and run_row.finished_at
    assert set(ImportItem.objects.values_list("outcome", flat=True)) == {"created"}
    article = Article.objects.get(title="国家区域医疗中心建设稳步推进")
    assert article.outlet.name == "示例健康报"
    assert article.published_precision == "minute"
    assert "相关新闻" not in article.body and "版权所有" not in article.body
    gbk = Article.objects.get(title="县域医共体建设让群众就近看病")
    assert gbk.raw_page.encoding == "gb18030" and gbk.raw_page.media_type == "text/html"


def test_second_import_changes_nothing(pages):
    run(str(pages))
    snapshot = list(Article.objects.order_by("id").values("id", "title", "updated_at"))
    code, out, _ = run(str(pages))
    assert code == 0
    assert "3 unchanged" in out
    assert list(Article.objects.order_by("id").values("id", "title", "updated_at")) == snapshot


def test_reprint_is_stored_as_duplicate_of_the_original(tmp_path):
    original = write(tmp_path, "original.html", html_page())
    reprint_html = html_page(title="国家区域医疗中心建设稳步推进|今日快讯").replace("示例健康报", "某转载站")
    reprint_html = reprint_html.replace('<div class="nav">', '<div class="nav">转载站导航 ')
    reprint = write(tmp_path, "reprint.html", reprint_html)
    run(str(original))
    code, out, _ = run(str(reprint))
    assert code == 0 and "1 duplicate" in out
    first, second = Article.objects.order_by("id")
    assert second.duplicate_of == first
    assert list(Article.objects.published()) == [first]


def test_near_duplicate_with_edited_body_is_detected(tmp_path):
    a = write(tmp_path, "a.txt", text_page())
    edited = text_page().replace("覆盖医疗资源相对薄弱的地区", "覆盖医疗资源较为薄弱的地区")
    b = write(tmp_path, "b.txt", edited.replace("示例日报", "另一家网站"))
    code, out, _ = run(str(a), str(b))
    assert "1 duplicate" in out
    assert Article.objects.get(outlet__name="另一家网站").duplicate_of.outlet.name == "示例日报"


def test_dry_run_writes_nothing_and_prints_the_schema(pages):
    code, out, err = run(str(pages), "--dry-run", "--format=jsonl")
    assert code == 0
    assert Article.objects.count() == 0 and ImportRun.objects.count() == 0 and Outlet.objects.count() == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    assert set(rows[0]) == {
        "file",
        "status",
        "error",
        "title",
        "published_at",
        "published_precision",
        "date_inferred",
        "outlet",
        "original_outlet",
        "reporter",
        "url",
        "body",
        "programmes",
        "provinces",
        "divisions",
        "hospitals",
        "hospital_pairs",
        "events",
        "designations",
        "figures",
        "duplicate_of",
        "chosen_by",
    }
    # Which rule set each field, by name (articles/ingest/fields/).
    assert {"title", "body", "published", "outlet"} <= set(rows[0]["chosen_by"])
    assert all(isinstance(rule, str) and rule for rule in rows[0]["chosen_by"].values())
    assert "Dry run" in err and "3 created" in err  # summaries go to stderr in jsonl mode


def test_dry_run_reports_duplicates_within_the_run(tmp_path):
    a = write(tmp_path, "a.html", html_page())
    b = write(tmp_path, "b.html", html_page().replace("示例健康报", "转载网"))
    _, out, _ = run(str(a), str(b), "--dry-run", "--format=jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["duplicate_of"] is None and rows[1]["duplicate_of"] == str(a)


def test_dry_run_reports_near_duplicates_of_an_earlier_page_of_the_run(tmp_path):
    a = write(tmp_path, "a.txt", text_page())
    other = write(tmp_path, "b.txt", text_page(title="另一篇文章", lead="这是另一篇关于天气的短文。" * 40))
    edited = text_page().replace("覆盖医疗资源相对薄弱的地区", "覆盖医疗资源较为薄弱的地区")
    c = write(tmp_path, "c.txt", edited.replace("示例日报", "另一家网站"))
    _, out, _ = run(str(a), str(other), str(c), "--dry-run", "--format=jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["duplicate_of"] for row in rows] == [None, None, str(a)]


def test_source_url_becomes_the_canonical_url(tmp_path):
    page = write(tmp_path, "a.html", html_page())
    run(str(page), "--source-url", "https://news.example.org/2022/0518/a.html")
    assert Article.objects.get().url == "https://news.example.org/2022/0518/a.html"


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_bad_input_fails_per_item_and_the_rest_imports(tmp_path):
    good = write(tmp_path, "good.html", html_page())
    bad = {
        "empty.html": b"",
        "image.html": b"\x89PNG\r\n\x1a\n" + bytes(300),
        "list.html": "<html><body><ul>"
        + "".join(f"<li><a href='/{i}'>新闻标题{i}</a></li>" for i in range(20))
        + "</ul></body></html>",
    }
    paths = [str(write(tmp_path, name, data)) for name, data in bad.items()]
    huge = write(tmp_path, "huge.html", b"<p>" + b"a" * (MAX_PAGE_BYTES + 10))
    archive = _zip(
        tmp_path / "bundle.zip",
        {
            "../escape.html": html_page().encode(),
            "ok/page.txt": text_page().encode(),
            "bomb.html": b"\0" * 50_000_000,
        },
    )
    code, out, err = run(str(good), *paths, str(huge), str(archive))
    assert code == 1
    assert Article.objects.count() == 2  # good.html and ok/page.txt
    failed = dict(ImportItem.objects.filter(outcome="failed").values_list("source", "error"))
    assert len(failed) == 6
    assert "empty file" in failed[paths[0]]
    assert "PNG image" in failed[paths[1]]
    assert "no article" in failed[paths[2]]
    assert "over the 5 MB limit" in failed[str(huge)]
    assert "unsafe path" in failed[f"{archive}!../escape.html"]
    assert "over the limit" in failed[f"{archive}!bomb.html"] or "zip bomb" in failed[f"{archive}!bomb.html"]
    for source in failed:
        assert f"failed: {source}" in err
    assert "6 failed" in out
    assert not (tmp_path.parent / "escape.html").exists()


def test_truncated_html_still_imports_what_is_there(tmp_path):
    page = html_page()
    cut = page[: page.index("据介绍")] + '<p class="te'
    code, _, err = run(str(write(tmp_path, "cut.html", cut)))
    assert code == 0, err
    assert "首批试点省份" in Article.objects.get().body


def test_unreachable_url_fails_with_a_reason(allow_loopback_fetch):
    code, out, err = run("http://127.0.0.1:9/nothing.html")
    assert code == 1
    item = ImportItem.objects.get()
    assert item.outcome == "failed" and "unreachable URL" in item.error
    assert Article.objects.count() == 0


def test_url_is_fetched_and_becomes_canonical(tmp_path, allow_loopback_fetch):
    body = html_page().encode("gbk")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/news/2022/a.html"
        code, _, err = run(url)
    finally:
        server.shutdown()
    assert code == 0, err
    article = Article.objects.get()
    assert article.url == url and article.raw_page.encoding == "gb18030"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.html"], "no such file"),
        (["ftp://example.org/a.html"], "only http"),
        (["--jobs", "0", "."], "--jobs"),
        (["--source-url", "https://x.org/a", "a.html", "b.html"], "--source-url"),
    ],
)
def test_usage_errors_exit_2(args, message):
    with pytest.raises(CommandError, match=message) as info:
        call_command("import_articles", *args)
    assert info.value.returncode == 2


def test_parallel_jobs_give_the_same_result(pages):
    code, out, _ = run(str(pages), "--dry-run", "--format=jsonl", "--jobs", "2")
    serial = run(str(pages), "--dry-run", "--format=jsonl")[1]
    assert code == 0 and out == serial


def test_parallel_jobs_store_what_one_process_stores(pages):
    """Workers send results back without the page's bytes; the stored raw pages and
    import items still carry them (hash, size), as with one process."""

    def stored() -> list:
        items = ImportItem.objects.order_by("source").values_list("source", "outcome", "sha256", "size")
        raw = sorted((sha, bytes(data)) for sha, data in RawPage.objects.values_list("sha256", "data"))
        return [list(items), raw, sorted(Article.objects.values_list("title", "body"))]

    code, _, err = run(str(pages), "--jobs", "2")
    assert code == 0, err
    parallel = stored()
    assert len(parallel[1]) == 3 and all(data for _, data in parallel[1])
    Article.objects.all().delete()
    ImportItem.objects.all().delete()
    RawPage.objects.all().delete()
    code, _, err = run(str(pages))
    assert code == 0, err
    assert stored() == parallel


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_over_the_time_budget_fails_alone_and_the_run_goes_on(pages, jobs):
    # A budget far below any page's extraction time: every page hits it, in the
    # command's own process and in worker processes alike, and the run still finishes.
    code, out, err = run(str(pages), "--page-seconds", "0.000001", "--jobs", jobs)
    assert code == 1
    assert err.count("took longer than 1e-06 s to extract") == 3, err
    assert ImportRun.objects.get().failed == 3
    code, out, err = run(str(pages), "--jobs", jobs)  # the default budget lets them through
    assert code == 0, err
    assert Article.objects.count() == 3


def test_page_seconds_must_be_positive():
    with pytest.raises(CommandError, match="--page-seconds") as info:
        call_command("import_articles", "--page-seconds", "0", ".")
    assert info.value.returncode == 2


def test_a_page_with_a_few_invalid_bytes_imports_with_a_warning_on_its_item(tmp_path):
    page = html_page(lead="国家区域医疗中心建设项目稳步推进。" * 40).encode("utf-8")
    middle = page.index("。".encode()) + len("。".encode())
    write(tmp_path, "broken.html", page[:middle] + b"\xff" * 10 + page[middle:])
    code, out, err = run(str(tmp_path))
    assert code == 0, err
    item = ImportItem.objects.get()
    assert item.outcome == "created" and item.warning == "decoded as utf-8 with 10 invalid bytes replaced"
    assert "warning: " in err and "10 invalid bytes" in err
    assert "国家区域医疗中心建设项目稳步推进" in Article.objects.get().body


def test_two_files_with_one_canonical_url_settle_on_unchanged(tmp_path):
    # A site's page saved twice (an edit in between): both claim one canonical URL. The
    # article holds the version imported last; a page imported before is never applied
    # again, so a repeated run changes nothing and says so, for real and in a dry run.
    link = '<link rel="canonical" href="https://www.example.gov.cn/art/2023/6/9/art_1.html">'
    first = html_page(lead="首批项目已开诊。").replace("</title>", "</title>" + link)
    second = html_page(lead="首批项目已全部开诊，第二批项目加快建设。").replace("</title>", "</title>" + link)
    write(tmp_path, "a.html", first)
    write(tmp_path, "b.html", second)
    code, out, err = run(str(tmp_path))
    assert code == 0, err
    assert "1 created" in out and "1 updated" in out
    assert "第二批项目加快建设" in Article.objects.get().body
    for extra in ([], ["--dry-run"]):
        code, out, err = run(str(tmp_path), *extra)
        assert code == 0, err
        assert "2 unchanged" in (out + err) and "updated" not in (out + err).replace("0 updated", ""), (
            out + err
        )
    assert "第二批项目加快建设" in Article.objects.get().body


def test_a_long_run_returns_free_heap_pages_every_few_hundred_pages(pages, monkeypatch):
    from articles.ingest import heap

    trims, settled = [], []
    monkeypatch.setattr(heap, "TRIM_EVERY", 2)
    monkeypatch.setattr(heap, "release_free_memory", lambda: trims.append(1) or True)
    monkeypatch.setattr(heap, "settle", lambda: settled.append(1) or True)
    code, _, err = run(str(pages), "--jobs", "2")
    assert code == 0, err
    # one before the first page (the dictionaries' temporaries), one after the second page
    assert len(trims) == 2
    assert len(settled) == 1  # once, before the workers fork (they inherit it)
    # On glibc (these machines) the trim is real: the allocator's function is found.
    monkeypatch.undo()
    if platform.libc_ver()[0] == "glibc":
        assert heap.release_free_memory() is True
        assert heap.settle() is True
