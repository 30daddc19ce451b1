"""Shared fixtures: the reference data is loaded once into the test database."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Provinces, divisions, programmes and hospitals are what every page stands on;
    # load them once per session (each test then runs in a rolled-back transaction).
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Chinese: a request to /en/ leaves English active in the thread,
    and reverse() in the next test would build /en/ URLs."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached page aggregates (articles.aggregates) are keyed by the data version, which
    rolled-back tests can repeat with other data: every test starts with an empty cache
    (and no page or value kept in this process's memory: articles/pagecache.py, aggregates.py)."""
    from django.core.cache import cache

    from articles.aggregates import local_values
    from articles.pagecache import local_pages

    cache.clear()
    local_pages.clear()
    local_values.clear()
    yield
    cache.clear()
    local_pages.clear()
    local_values.clear()


@pytest.fixture
def allow_loopback_fetch(settings):
    """Let the importer fetch from this machine's 127.0.0.1 (its test servers): by
    default it fetches from public web servers only."""
    settings.IMPORT_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def empty_registers(db):
    """No register rows: for tests that measure what articles alone yield (the session
    loads fixtures/registers/, whose rows would collide with theirs)."""
    from programmes.models import BatchTotal, Designation, PolicyDocument, Project

    Designation.objects.exclude(origin="article").delete()
    for model in (Project, PolicyDocument, BatchTotal):
        model.objects.all().delete()


@pytest.fixture
def write_registers(tmp_path, empty_registers):
    """write_registers(projects=[...], totals=[...], designations=[...], documents=[...]) → folder."""

    import json

    def write(*, projects=(), totals=(), designations=(), documents=()):
        (tmp_path / "rmc_projects.json").write_text(
            json.dumps(
                {"about": "test", "projects": list(projects), "batch_totals": list(totals)},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        (tmp_path / "designations.json").write_text(
            json.dumps({"designations": list(designations)}, ensure_ascii=False), encoding="utf-8"
        )
        (tmp_path / "policy_documents.json").write_text(
            json.dumps({"documents": list(documents)}, ensure_ascii=False), encoding="utf-8"
        )
        return tmp_path

    return write
