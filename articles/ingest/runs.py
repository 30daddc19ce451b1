"""Import runs and the processes that run them: a run → its owner (host:pid) and
heartbeat; running runs → the ones whose process died, marked failed.

A running run's process writes `heartbeat_at` as it works through pages (at most every
HEARTBEAT_EVERY seconds). A run is stale when its process is known to be gone (same host,
no such pid: a killed worker or command) or when it has not beaten for STALE_AFTER,
longer than any one page may take (a fetch's 60 s deadline plus extraction), so a slow
run is never taken for a dead one. `sweep_stale_runs` marks stale runs failed, with
the counts of what they did; it runs when a worker starts and when staff open the
import pages.
"""

from __future__ import annotations

import os
import socket
import time
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from articles.models import ImportItem, ImportOutcome, ImportRun, ImportStatus

HEARTBEAT_EVERY = 10.0  # seconds
STALE_AFTER = timedelta(minutes=5)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def running_fields() -> dict:
    """What a run records when a process starts running it."""
    return {"status": ImportStatus.RUNNING, "worker": this_process(), "heartbeat_at": timezone.now()}


class Heartbeat:
    """Tells the database the run's process is alive; cheap to call on every page."""

    def __init__(self, run: ImportRun) -> None:
        self.run_id = run.pk
        self.last = time.monotonic()

    def beat(self) -> None:
        if time.monotonic() - self.last < HEARTBEAT_EVERY:
            return
        self.last = time.monotonic()
        ImportRun.objects.filter(pk=self.run_id, status=ImportStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        )


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def process_is_gone(worker: str) -> bool:
    """True when `worker` (host:pid) ran on this host and that process no longer exists.
    Another host's process cannot be looked at: its heartbeat decides."""
    host, _, pid = worker.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not pid_exists(int(pid))


def item_counts(run_id: int) -> dict[str, int]:
    counts = Counter(ImportItem.objects.filter(run_id=run_id).values_list("outcome", flat=True))
    return {outcome: counts[outcome] for outcome in ImportOutcome.values}


def sweep_stale_runs() -> list[ImportRun]:
    """Mark running runs whose process died as failed; returns them."""
    now = timezone.now()
    swept = []
    for run in ImportRun.objects.filter(status=ImportStatus.RUNNING).only("pk", "worker", "heartbeat_at"):
        if process_is_gone(run.worker):
            why = f"its process ({run.worker}) has ended: killed or restarted"
        elif run.heartbeat_at is None or run.heartbeat_at < now - STALE_AFTER:
            minutes = STALE_AFTER.total_seconds() / 60
            why = f"its process ({run.worker or 'unknown'}) has not reported for over {minutes:.0f} min"
        else:
            continue
        counts = item_counts(run.pk)
        done = sum(counts.values())
        reason = (
            f"The import stopped before it finished: {why}. {done} item(s) were done; "
            "the rest were not imported (import them again)."
        )
        # Only if it has not beaten since we looked: a live run is never failed by a race.
        if ImportRun.objects.filter(
            pk=run.pk, status=ImportStatus.RUNNING, heartbeat_at=run.heartbeat_at
        ).update(status=ImportStatus.FAILED, finished_at=now, error=reason, **counts):
            swept.append(ImportRun.objects.get(pk=run.pk))
    return swept
