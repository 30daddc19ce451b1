"""Run the background worker of admin imports (django-tasks-db's `db_worker`), after
marking failed the runs a killed worker left "running".

    manage.py import_worker                       # until stopped (SIGINT/SIGTERM)
    manage.py import_worker --stop-with PID       # and stop when process PID ends (make run)
    manage.py import_worker --batch               # what is queued, then exit
"""

from __future__ import annotations

import os
import signal
import threading
import time

from django_tasks_db.management.commands import db_worker

from articles.ingest.runs import pid_exists
from articles.tasks import sweep

GRACE_SECONDS = 10  # after the server stops, how long the current page may take before the worker quits


def _stop_with(pid: int) -> None:
    """Stop this worker once process `pid` has ended: first as on Ctrl-C (the worker
    finishes the page in hand), then for good after GRACE_SECONDS (the run is recorded
    as interrupted)."""
    while pid_exists(pid):
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE_SECONDS)
    os.kill(os.getpid(), signal.SIGTERM)


class Command(db_worker.Command):
    help = "Run admin imports queued in the database; marks runs cut off by a killed worker failed first."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stop-with",
            type=int,
            metavar="PID",
            help="stop when this process ends (make run passes the web server's pid)",
        )

    def handle(self, *args, stop_with: int | None = None, **options) -> None:
        for run in sweep():
            self.stderr.write(f"import run {run.pk}: {run.error}")
        if stop_with:
            threading.Thread(target=_stop_with, args=(stop_with,), daemon=True).start()
        super().handle(*args, **options)
