"""Admin imports run as background jobs: the request stores the uploads and URLs with a
queued run and returns at once; a worker (`import_worker`, django-tasks' database queue)
imports them; the run's page shows its progress, then its report; a run whose process
died is marked failed instead of staying "running"."""

import http.server
import io
import os
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from articles.ingest import runs
from articles.models import ImportItem, ImportRun
from tests.ingest.samples import html_page
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:articles_article_import")
SLOW_SECONDS = 2.0


def result_url(run: ImportRun) -> str:
    return reverse("admin:articles_article_import_result", args=[run.pk])


def progress_url(run: ImportRun) -> str:
    return reverse("admin:articles_article_import_progress", args=[run.pk])


def run_worker() -> str:
    """The worker's run-once: every queued task, then exit (signal handlers restored,
    the worker installs its own). Its connection housekeeping is left out: inside a
    test's transaction it would close the connection (autocommit is off there)."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    out = io.StringIO()
    try:
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            call_command(
                "import_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", stdout=out
            )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    return out.getvalue()


@contextmanager
def slow_server(delay: float):
    """Pages on 127.0.0.1, each answered after `delay` seconds."""

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(delay)
            body = html_page(title=f"区域医疗中心建设第{self.path[1:]}期通报", lead=f"第{self.path[1:]}期。")
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_slow_urls_are_queued_and_the_page_answers_at_once(client, editor, allow_loopback_fetch):
    with slow_server(SLOW_SECONDS) as base:
        urls = [f"{base}/{n}" for n in (1, 2, 3)]
        started = time.monotonic()
        response = client.post(IMPORT, {"urls": "\n".join(urls)})
        elapsed = time.monotonic() - started
        run = ImportRun.objects.get()
        assert response.status_code == 302 and response["Location"] == result_url(run)
        assert elapsed < SLOW_SECONDS, f"the request took {elapsed:.1f}s: it fetched the pages itself"
        assert run.status == "queued" and not run.items.exists()
        page = client.get(result_url(run)).content.decode()
        assert "排队" in page and "import_progress.js" in page and "<script>" not in page

        run_worker()

    run.refresh_from_db()
    assert (run.status, run.failed, run.items.count()) == ("finished", 0, 3) and run.finished_at
    assert run.created >= 1 and run.created + run.duplicate == 3  # the pages differ in one line only
    assert sorted(run.items.values_list("source", flat=True)) == urls
    assert not run.sources.exists()  # the queued sources go once the run is done
    assert "失败" in client.get(result_url(run)).content.decode()  # the final report


def test_uploads_are_stored_with_the_run_before_the_request_returns(client, editor):
    client.post(
        IMPORT,
        {"files": [SimpleUploadedFile("good.txt", PAGE.encode()), SimpleUploadedFile("empty.html", b"")]},
    )
    run = ImportRun.objects.get()
    assert run.status == "queued"
    assert [(s.name, bytes(s.data)) for s in run.sources.order_by("id")] == [
        ("good.txt", PAGE.encode()),
        ("empty.html", b""),
    ]
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.created, run.failed) == ("finished", 1, 1)
    outcomes = dict(ImportItem.objects.values_list("source", "outcome"))
    assert outcomes == {"good.txt": "created", "empty.html": "failed"}


def test_progress_is_reported_as_items_are_done(client, editor):
    client.post(IMPORT, {"files": [SimpleUploadedFile("good.txt", PAGE.encode())]})
    run = ImportRun.objects.get()
    before = client.get(progress_url(run)).json()
    assert before == {"status": "queued", "finished": False, "done": 0, "failed": 0, "error": ""}
    run_worker()
    after = client.get(progress_url(run)).json()
    assert after == {"status": "finished", "finished": True, "done": 1, "failed": 0, "error": ""}


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def running_run(*, worker: str, beat_ago: timedelta) -> ImportRun:
    run = ImportRun.objects.create(origin="admin", status="running", worker=worker)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - beat_ago)
    ImportItem.objects.create(run=run, source="a.html", outcome="created")
    ImportItem.objects.create(run=run, source="b.html", outcome="failed", error="empty file")
    return run


def test_a_run_whose_process_died_is_marked_failed_when_the_import_page_opens(client, editor):
    here = socket.gethostname()
    killed = running_run(worker=f"{here}:{dead_pid()}", beat_ago=timedelta(seconds=1))
    silent = running_run(worker=f"elsewhere:{os.getpid()}", beat_ago=runs.STALE_AFTER * 2)
    alive = running_run(worker=f"{here}:{os.getpid()}", beat_ago=timedelta(seconds=1))
    client.get(IMPORT)
    for run in (killed, silent):
        run.refresh_from_db()
        assert run.status == "failed" and run.finished_at and run.error
        assert (run.created, run.failed) == (1, 1)  # what it did before it stopped
    alive.refresh_from_db()
    assert alive.status == "running" and alive.finished_at is None
    page = client.get(result_url(killed)).content.decode()
    assert killed.error in page


def test_the_worker_sweeps_stale_runs_when_it_starts(editor):
    killed = running_run(worker=f"{socket.gethostname()}:{dead_pid()}", beat_ago=timedelta(seconds=1))
    run_worker()
    killed.refresh_from_db()
    assert killed.status == "failed"


def test_the_command_line_still_imports_in_its_own_process(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())
    run = ImportRun.objects.get()
    assert (run.status, run.created) == ("finished", 1) and not run.sources.exists()
    assert run.worker.endswith(f":{os.getpid()}")


def test_a_run_that_fails_before_its_first_page_is_marked_failed(client, editor, monkeypatch):
    from articles.ingest import runner

    def broken():
        raise RuntimeError("reference data missing")

    monkeypatch.setattr(runner, "load_gazetteer", broken)
    client.post(IMPORT, {"files": [SimpleUploadedFile("good.txt", PAGE.encode())]})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.finished_at and "reference data missing" in run.error
    assert not run.sources.exists()
