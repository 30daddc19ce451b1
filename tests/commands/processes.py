"""manage.py in its own process, on a SQLite file of its own: what concurrent imports and
the background worker are tested with (the test database lives in one process only)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(database: Path, *args: str) -> subprocess.Popen:
    # The tests' page servers listen on 127.0.0.1, which the importer refuses by default.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "IMPORT_FETCH_ALLOWED_HOSTS": "127.0.0.1"}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err
