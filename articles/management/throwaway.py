"""A throw-away SQLite database for the benchmarks' child processes: made, migrated and
given the registers by child processes, so the benchmark's own process stays on its
database (and its memory is not theirs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError


def manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`manage.py args` in a child process with `env`, its output captured as text."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def throwaway_database(folder: Path) -> dict[str, str]:
    """The environment of child processes that use a new SQLite database in `folder`,
    migrated and with the reference registers loaded; CommandError names a failed step."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'throwaway.sqlite3'}"}
    for step in (["migrate", "--noinput", "-v0"], ["load_reference", "-v0"]):
        done = manage(step, env)
        if done.returncode:
            raise CommandError(f"{step[0]} failed: {done.stderr.strip()[-200:]}")
    return env
