"""The five real scraped pages in ../shared/seeds, read in place (never copied), against
their ground truth in ../shared/annotations/seeds.json."""

import pytest

from tests.ingest.conftest import SHARED, compact, extract_file, load_json

ANNOTATIONS = SHARED / "annotations" / "seeds.json"
if not ANNOTATIONS.exists():
    pytest.skip(f"{ANNOTATIONS} is not beside the project", allow_module_level=True)
SEEDS = load_json(ANNOTATIONS)["pages"]


@pytest.fixture(scope="module")
def extracted():
    return {page["file"]: extract_file(SHARED / "seeds" / page["file"]) for page in SEEDS}


@pytest.mark.parametrize("page", SEEDS, ids=lambda p: p["file"][:3])
def test_seed_metadata(page, extracted):
    article = extracted[page["file"]]
    assert compact(article.title) == compact(page["title"])
    want = page["published_at"]
    got = article.published.isoformat()
    assert got[:16] == want[:16] if "T" in want else got.startswith(want)
    assert article.published.inferred == page["date_inferred"]
    assert compact(article.outlet) == compact(page["outlet"])
    if page.get("reporter"):
        assert compact(article.reporter) == compact(page["reporter"])
    if "original_outlet" in page:
        assert compact(article.original_outlet) == compact(page["original_outlet"])


@pytest.mark.parametrize("page", SEEDS, ids=lambda p: p["file"][:3])
def test_seed_body_boundaries(page, extracted):
    body = compact(extracted[page["file"]].body_text)
    assert body.startswith(compact(page["body_first"]))
    assert body.endswith(compact(page["body_last"]))
    for junk in page["body_must_not_contain"]:
        assert compact(junk) not in body, junk
