"""Two imports at once into one SQLite file: writers wait their turn (IMMEDIATE
transactions and a busy timeout) instead of failing pages with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.samples import html_page, text_page

ROOT = Path(__file__).resolve().parents[2]
PAGES_PER_RUN = 80


def manage(database: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("concurrent") / "kb.sqlite3"
    for command in (["migrate", "-v0"], ["load_reference"]):
        code, _out, err = finished(manage(database, *command))
        assert code == 0, err
    return database


def page_set(folder: Path, name: str) -> Path:
    """Pages unlike each other (and unlike the other set's), so every one is written."""
    folder = folder / name
    folder.mkdir()
    for n in range(PAGES_PER_RUN):
        title = f"{name}组第{n}号：区域医疗中心建设进展通报之{n * 7919 % 1000}"
        lead = f"{name}组第{n}篇报道，编号{n * 104729}，本省医疗卫生工作第{n}次例会召开。"
        page = html_page(title=title, lead=lead) if n % 2 else text_page(title=title, lead=lead)
        (folder / f"{n:03}.html").write_text(page, encoding="utf-8")
    return folder


def test_two_imports_at_once_into_one_sqlite_file_fail_no_page(sqlite_file, tmp_path):
    first, second = page_set(tmp_path, "甲"), page_set(tmp_path, "乙")
    runs = [manage(sqlite_file, "import_articles", str(folder)) for folder in (first, second)]
    results = [finished(process) for process in runs]
    for code, out, err in results:
        assert "locked" not in err, err[-2000:]
        assert code == 0, err[-2000:]
        assert f"{PAGES_PER_RUN} pages" in out and " 0 failed" in out, out
