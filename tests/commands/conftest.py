import shutil
from pathlib import Path

import pytest

from tests.commands.processes import finished, manage


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated and loaded with the reference data, once per session."""
    database = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    for command in (["migrate", "-v0"], ["load_reference"]):
        code, _out, err = finished(manage(database, *command))
        assert code == 0, err
    return database


@pytest.fixture
def sqlite_file(migrated_sqlite, tmp_path) -> Path:
    """A fresh copy of the migrated file for one test."""
    database = tmp_path / "kb.sqlite3"
    shutil.copy(migrated_sqlite, database)
    return database
