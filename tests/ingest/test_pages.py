"""Real-shaped pages written by us, with their expected extraction:
- tests/ingest/sites/<family>/ (expected.json): pages imitating one site family's markup
  (xinhuanet, people_cn, gov_trs and county CMSs, hospital sites, WeChat, portals, app
  share pages, e-papers, crawler dumps …), each written before the fixes it led to.
- tests/ingest/sites/_traps/<trap>/ (expected.json): pages about one trap rather than a
  site — encodings, dates, titles, layout, credits, pages that are not articles.
  Each case keeps the "round" (the old pages2 … pages9 folder) it was written in.
- fixtures/demo_pages/ (EXPECTED.json): the demo corpus `make run` imports, in the
  formats the importer meets (TRS, portals, WeChat, hospital sites, reprints, dumps).
"""

import pytest

from articles.ingest.records import PageError
from tests.ingest.conftest import DEMO, SITES, compact, extract_file, load_json

# Every sites/**/expected.json: one folder per site family or trap.
CASES = [
    (expected.parent / c["file"], c)
    for expected in sorted(SITES.glob("**/expected.json"))
    for c in load_json(expected)
]
CASES += [(DEMO / c["file"], c) for c in load_json(DEMO / "EXPECTED.json")]


# A case with "known_failure" stays in the suite as a strict xfail: visible in every run,
# and reported the day it starts passing.
PARAMS = [
    pytest.param(
        path,
        case,
        id=f"{path.parent.name}/{case['file']}",
        marks=[pytest.mark.xfail(strict=True, reason=case["known_failure"])]
        if "known_failure" in case
        else [],
    )
    for path, case in CASES
]


@pytest.mark.parametrize(("path", "case"), PARAMS)
def test_page(path, case):
    if case.get("error"):
        with pytest.raises(PageError, match="no article"):
            extract_file(path)
        return
    article = extract_file(path)
    assert compact(article.title) == compact(case["title"])
    want = case["published_at"]
    got = article.published.isoformat() if article.published else None
    assert got is not None and (got[:16] == want[:16] if "T" in want else got[:10] == want[:10]), got
    assert article.published.inferred == case.get("date_inferred", False)
    assert compact(article.outlet) == compact(case["outlet"])
    assert compact(article.reporter) == compact(case["reporter"])
    body = compact(article.body_text)
    assert body.startswith(compact(case["body_first"])), article.body[0][:40]
    assert body.endswith(compact(case["body_last"])), article.body[-1][-40:]
    for junk in case["body_must_not_contain"]:
        assert compact(junk) not in body, junk
    if "original_outlet" in case:
        assert compact(article.original_outlet) == compact(case["original_outlet"])
    if "paragraphs" in case:
        assert len(article.body) == case["paragraphs"]
