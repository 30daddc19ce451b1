"""The import command on hostile input: odd names, a failing store, repeats in a dry
run, usage errors. A bad item fails alone, with one line of reason, and leaves nothing."""

import http.server
import json
import os
import pathlib
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest import runner
from articles.models import Article, ImportItem, ImportRun, RawPage
from tests.commands.test_import_articles import run
from tests.ingest.samples import html_page, text_page

pytestmark = pytest.mark.django_db

BAD_NAME = os.fsdecode(b"bad\xff\xfe.html")  # what Python makes of a non-UTF-8 file name


def test_a_file_name_that_is_not_utf8_imports_under_an_escaped_name(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / BAD_NAME).write_text(html_page(), encoding="utf-8")
    direct = tmp_path / BAD_NAME
    direct.write_text(text_page(), encoding="utf-8")
    code, out, err = run(str(direct), str(folder))
    assert code == 0, err
    assert Article.objects.count() == 2
    assert set(RawPage.objects.values_list("filename", flat=True)) == {"bad\\xff\\xfe.html"}
    sources = set(ImportItem.objects.values_list("source", flat=True))
    assert sources == {f"{tmp_path}/bad\\xff\\xfe.html", f"{folder}/bad\\xff\\xfe.html"}
    assert ImportRun.objects.get().arguments == f"{tmp_path}/bad\\xff\\xfe.html\n{folder}"


def test_an_unexpected_error_while_storing_fails_that_page_only(tmp_path, monkeypatch):
    good = tmp_path / "good.html"
    good.write_text(html_page(), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(text_page(), encoding="utf-8")
    store_page = runner.store_page

    def fragile(result, *, known):
        if result.source == str(bad):
            raise KeyError("no such\nthing")
        return store_page(result, known=known)

    monkeypatch.setattr(runner, "store_page", fragile)
    code, out, err = run(str(bad), str(good))
    assert code == 1
    assert Article.objects.count() == 1
    item = ImportItem.objects.get(outcome="failed")
    assert item.error == "internal error while storing the page: KeyError: 'no such\\nthing'"
    assert f"failed: {bad}: internal error while storing the page" in err
    run_row = ImportRun.objects.get()
    assert run_row.finished_at and run_row.failed == 1 and run_row.created == 1


def test_the_run_is_finished_even_when_reading_is_interrupted(tmp_path, monkeypatch):
    def broken(values, *, source_url=""):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(runner, "iter_sources", broken)
    with pytest.raises(KeyboardInterrupt):
        run(str(tmp_path))
    interrupted = ImportRun.objects.get()
    assert interrupted.finished_at and interrupted.status == "failed"  # ended, and not "finished"
    assert "KeyboardInterrupt" in interrupted.error


def test_multi_line_reasons_are_recorded_and_printed_on_one_line(tmp_path, allow_loopback_fetch):
    class Loop(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "/b" if self.path == "/a" else "/a")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Loop)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, out, err = run(f"http://127.0.0.1:{server.server_port}/a")
    finally:
        server.shutdown()
    assert code == 1
    error = ImportItem.objects.get().error
    assert "redirect" in error and "\n" not in error
    assert [line for line in err.splitlines() if line.startswith("failed:")] == [
        f"failed: http://127.0.0.1:{server.server_port}/a: {error}"
    ]


def test_dry_run_calls_an_exact_repeat_unchanged_as_the_real_run_does(tmp_path):
    a = tmp_path / "a.html"
    a.write_text(html_page(), encoding="utf-8")
    copy = tmp_path / "copy.html"
    copy.write_bytes(a.read_bytes())
    code, out, err = run(str(a), str(copy), "--dry-run", "--format=jsonl")
    assert "1 created" in err and "1 unchanged" in err and "0 duplicate" in err
    assert json.loads(out.splitlines()[1])["duplicate_of"] is None
    run(str(a))
    code, out, err = run(str(copy), "--dry-run")
    assert code == 0 and "1 unchanged" in out
    assert "1 unchanged" in run(str(copy))[1]  # what the real run says


def test_a_repeat_of_a_stored_reprint_keeps_its_original(tmp_path):
    original = tmp_path / "original.html"
    original.write_text(html_page(), encoding="utf-8")
    reprint = tmp_path / "reprint.html"
    reprint.write_text(html_page().replace("示例健康报", "转载网"), encoding="utf-8")
    run(str(original), str(reprint))
    first = Article.objects.get(duplicate_of__isnull=True)
    _, out, _ = run(str(reprint), "--dry-run", "--format=jsonl")
    row = json.loads(out)
    assert row["duplicate_of"] == f"article:{first.pk}"


@pytest.mark.parametrize("target", ["folder", "archive"])
def test_source_url_with_a_folder_or_an_archive_is_a_usage_error(tmp_path, target):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(html_page(), encoding="utf-8")
    path = folder if target == "folder" else tmp_path / "pages.zip"
    if target == "archive":
        path.write_bytes(b"PK\x05\x06" + bytes(18))
    with pytest.raises(CommandError, match="--source-url") as info:
        call_command("import_articles", str(path), "--source-url", "https://example.org/a.html")
    assert info.value.returncode == 2
    assert not ImportRun.objects.exists()


def test_a_path_that_cannot_be_examined_is_a_usage_error(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    stat = pathlib.Path.stat

    def refusing(self, *args, **kwargs):
        if str(self).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(self))
        return stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", refusing)  # tests may run as root: chmod would not do
    with pytest.raises(CommandError, match="cannot access it \\(Permission denied\\)") as info:
        call_command("import_articles", str(locked / "a.html"))
    assert info.value.returncode == 2


def test_uppercase_url_scheme_is_not_a_usage_error(allow_loopback_fetch):
    code, out, err = run("HTTP://127.0.0.1:9/nothing.html")
    assert code == 1 and "unreachable URL" in ImportItem.objects.get().error


def test_bad_items_of_every_kind_fail_alone(tmp_path):
    """One good page among hostile ones: it imports, each of the others is one failed
    item with a one-line reason, and exit status is 1."""
    (tmp_path / "good.html").write_text(html_page(), encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.html")
    (tmp_path / "dangling.html").symlink_to(tmp_path / "nowhere")
    (tmp_path / "utf16.html").write_bytes(html_page().encode("utf-16-le"))
    (tmp_path / "empty.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (tmp_path / "sub").mkdir()  # an empty subfolder is nothing to report
    code, out, err = run(str(tmp_path), "/dev/zero")
    assert code == 1
    assert Article.objects.count() == 1
    failed = dict(ImportItem.objects.filter(outcome="failed").values_list("source", "error"))
    assert set(failed) == {
        str(tmp_path / name) for name in ("fifo.html", "dangling.html", "utf16.html", "empty.zip")
    } | {"/dev/zero"}
    assert all("\n" not in reason for reason in failed.values())
    assert "5 failed" in out


def test_folder_walk_does_not_follow_links_to_folders(tmp_path):
    (tmp_path / "a.html").write_text(html_page(), encoding="utf-8")
    (tmp_path / "up").symlink_to(tmp_path)
    code, out, err = run(str(tmp_path))
    assert code == 1 and Article.objects.count() == 1
    assert ImportItem.objects.get(outcome="failed").error == "symbolic link to a folder: not followed"
