"""The background worker as a process: it stops when the web server it was started with
stops (`make run`), and a run cut off by killing it is marked failed, not left running."""

import signal
import sqlite3
import subprocess
import time

from tests.admin.test_import_jobs import slow_server
from tests.commands.processes import finished, manage


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def run_row(database) -> tuple[str, str, int | None]:
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT status, error, finished_at IS NOT NULL FROM articles_importrun").fetchone()
    return row or ("", "", None)


def test_the_worker_stops_when_the_server_it_serves_stops(sqlite_file):
    server = subprocess.Popen(["sleep", "120"])  # stands in for runserver
    worker = manage(sqlite_file, "import_worker", "--no-reload", "--stop-with", str(server.pid))
    try:
        time.sleep(3)
        assert worker.poll() is None, finished(worker)[2]
        server.kill()
        server.wait()
        code, _out, err = finished(worker, timeout=20)
    finally:
        server.kill()
        worker.kill()
    assert code == 0, err


def test_a_run_cut_off_by_a_killed_worker_is_marked_failed(sqlite_file):
    with slow_server(60) as base:
        queue = (
            "from articles.tasks import queue_import; "
            f"queue_import(user=None, uploads=[], urls=['{base}/1', '{base}/2'])"
        )
        code, _out, err = finished(manage(sqlite_file, "shell", "-c", queue))
        assert code == 0, err
        assert run_row(sqlite_file)[0] == "queued"
        worker = manage(sqlite_file, "import_worker", "--no-reload", "--no-startup-delay")
        try:
            wait_for(lambda: run_row(sqlite_file)[0] == "running", 30, "the worker to take the run")
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        finally:
            worker.kill()
        assert run_row(sqlite_file)[0] == "running"  # nobody is left to say otherwise

        restarted = manage(sqlite_file, "import_worker", "--no-reload", "--batch", "--no-startup-delay")
        code, _out, err = finished(restarted, timeout=60)
    assert code == 0, err
    status, error, ended = run_row(sqlite_file)
    assert (status, ended) == ("failed", 1)
    assert "has ended" in error and error in err  # the worker says which runs it marked
    with sqlite3.connect(sqlite_file) as db:
        tasks = db.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
    assert tasks == [("FAILED",)]  # the queue's record of the task no longer says running either
