"""Forty trap sentences (linking_cases.json, written by us) against the real gazetteer:
organisation names, people's names, ordinary words that contain places, two-character
counties, duplicate district names, aliases, names inside longer names, generic
institution words, relative names, towns and villages, abbreviations."""

import pytest

from articles.ingest.catalogue import load_gazetteer
from articles.ingest.linking import link_entities
from articles.ingest.metadata import dateline_place
from tests.ingest.conftest import PAGES, load_json

CASES = load_json(PAGES.parent / "linking_cases.json")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def gazetteer(django_db_blocker):
    with django_db_blocker.unblock():
        return load_gazetteer(fresh=True)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_linking_case(case, gazetteer):
    text = case["text"]
    linked = link_entities(text, gazetteer, dateline_place=dateline_place(text))
    got = {
        "programmes": set(linked.keys("programme")),
        "provinces": set(linked.named("province")),
        "divisions": set(linked.named("division")),
        "hospitals": set(linked.hospital_names()),
    }
    want = {key: set(case[key]) for key in got}
    assert got == want, case["note"]
