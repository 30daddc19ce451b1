"""Forty trap sentences (linking_cases.json, written by us) against the real gazetteer:
organisation names, people's names, ordinary words that contain places, two-character
counties, duplicate district names, aliases, names inside longer names, generic
institution words, relative names, towns and villages, abbreviations."""

import pytest

from articles.ingest.catalogue import load_gazetteer
from articles.ingest.linking import link_entities
from articles.ingest.metadata import dateline_place
from tests.ingest.conftest import SITES, load_json

CASES = load_json(SITES.parent / "linking_cases.json")
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker):
    # django_db_setup: the test database (with its reference data) must exist first,
    # even when this module runs before any other database test.
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


# The page cases that also name the entities their body links (written in round pages3).
END_TO_END = [
    (expected.parent / c["file"], c)
    for expected in sorted(SITES.glob("**/expected.json"))
    for c in load_json(expected)
    if "programmes" in c
]


@pytest.mark.parametrize(("path", "case"), END_TO_END, ids=[c["file"] for _, c in END_TO_END])
def test_page_entities_end_to_end(path, case, gazetteer):
    """Extraction then linking on whole pages: only the body links, and all of it."""
    from tests.ingest.conftest import extract_file

    text = extract_file(path).body_text
    linked = link_entities(text, gazetteer, dateline_place=dateline_place(text))
    got = {
        "programmes": set(linked.keys("programme")),
        "provinces": set(linked.named("province")),
        "divisions": set(linked.named("division")),
        "hospitals": set(linked.hospital_names()),
    }
    assert got == {key: set(case[key]) for key in got}
