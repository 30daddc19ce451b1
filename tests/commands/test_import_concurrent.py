"""Two imports at once into one SQLite file: writers wait their turn (IMMEDIATE
transactions and a busy timeout) instead of failing pages with "database is locked"."""

from pathlib import Path

from tests.commands.processes import finished, manage
from tests.ingest.samples import html_page, text_page

PAGES_PER_RUN = 80


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
