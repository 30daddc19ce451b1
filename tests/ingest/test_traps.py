"""One real-shaped page per failure class of issue 14 (tests/ingest/traps/), written by
us, each with the trap it sets in expected.json ("trap"). The rules that pass them are
written for the page shape, not the page: see articles/ingest/fields/.

An expected "chosen_by" names the rule that must set a field, so a trap passed by
accident (a later rule landing on the right value) is noticed."""

from pathlib import Path

import pytest

from tests.ingest.conftest import compact, extract_file, load_json

TRAPS = Path(__file__).resolve().parent / "traps"
CASES = load_json(TRAPS / "expected.json")


def test_every_trap_page_has_a_case():
    assert sorted(c["file"] for c in CASES) == sorted(p.name for p in TRAPS.glob("*.html"))


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_trap(case):
    article = extract_file(TRAPS / case["file"])
    assert compact(article.title) == compact(case["title"])
    want = case["published_at"]
    got = article.published.isoformat() if article.published else None
    assert got is not None and (got[:16] == want[:16] if "T" in want else got == want[:10]), got
    assert article.published.inferred == case.get("date_inferred", False)
    assert compact(article.outlet) == compact(case["outlet"])
    assert compact(article.original_outlet) == compact(case["original_outlet"])
    assert compact(article.reporter) == compact(case["reporter"])
    body = compact(article.body_text)
    assert body.startswith(compact(case["body_first"])), article.body[0][:40]
    assert body.endswith(compact(case["body_last"])), article.body[-1][-40:]
    for junk in case["body_must_not_contain"]:
        assert compact(junk) not in body, junk
    if "paragraphs" in case:
        assert len(article.body) == case["paragraphs"]
    for field, rule in case.get("chosen_by", {}).items():
        assert article.chosen_by.get(field) == rule, article.chosen_by
