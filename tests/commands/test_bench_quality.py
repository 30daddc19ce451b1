"""The quality benchmark's scoring rules and command, on two gold pages (not timed)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.benchquality import Output, author_names, body_f1, compact, parse_when, score, summarise
from articles.management.commands.bench_quality import GOLD, ours

GOLD_DOC = json.loads(GOLD.read_text(encoding="utf-8"))
PAGES = {p["file"]: p for p in GOLD_DOC["pages"]}
TWO = ["central_papers/i_cyol.html", "guancha/guancha_society.html"]


def gold(name: str) -> dict:
    page = PAGES[name]
    return {**page, "body": "\n".join(page["body"])}


def test_gold_set_is_as_documented():
    families = {p["family"] for p in GOLD_DOC["pages"]}
    assert len(GOLD_DOC["pages"]) >= 60 and len(families) >= 30
    for page in GOLD_DOC["pages"]:
        assert (GOLD.parent / page["file"]).is_file(), page["file"]
        assert page["published"][:4].isdigit() and len(page["published"]) in (10, 16), page["file"]
        body = compact("".join(page["body"]))
        assert body.startswith(compact(page["body_start"])), page["file"]
        assert body.endswith(compact(page["body_end"])), page["file"]


def test_gold_output_scores_full_marks_and_empty_output_none():
    page = gold(TWO[0])
    perfect = Output(
        title=page["title"], published=page["published"], author=page["author"], body=page["body"]
    )
    assert all(v is True or v == 1.0 for v in score(page, perfect).values())
    empty = score(page, Output(error="failed"))
    assert empty["body_f1"] == 0.0
    assert not any(v for k, v in empty.items() if k != "author")


def test_rules():
    assert parse_when("2024年05月31日 14:26") == parse_when("2024-05-31T06:26:00Z")
    assert parse_when("2024/05/31").minute is None
    assert parse_when("no date") is None
    assert author_names("本报记者 王喆 刘兵") == {"王喆", "刘兵"}
    assert author_names("文/张文华") == {"张文华"}  # 文 as a label, not inside a name
    assert body_f1("中国医院。", "中国医院很好") == pytest.approx(0.8)
    page = gold(TWO[0])
    off_by_one_minute = score(page, Output(published=page["published"][:-1] + "9"))
    assert off_by_one_minute["date_day"] and not off_by_one_minute["date_minute"]
    suffixed = score(page, Output(title=page["title"] + "_中青网"))
    assert not suffixed["title"] and suffixed["title_site_cut"]


def test_ours_on_two_pages_scores_and_summarises():
    verdicts = [score(gold(name), ours(GOLD.parent / name)) for name in TWO]
    summary = summarise(verdicts)
    assert summary["body_f1"][1] == 2 and 0.0 < summary["body_f1"][0] <= 1.0
    assert summary["title"][0] == 1.0


def test_command_prints_every_field_for_every_extractor(tmp_path):
    doc = {"schema": {}, "pages": [{**PAGES[n], "file": str(GOLD.parent / n)} for n in TWO]}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("bench_quality", "--gold", str(path), "--verbose", stdout=out, stderr=err)
    text = out.getvalue()
    assert "gold set: 2 pages from 2 site families" in text
    header = next(line for line in text.splitlines() if line.startswith("field"))
    assert "ours" in header
    for label in ("title", "date (day)", "date (minute)", "author", "body start", "body end", "body F1"):
        assert any(line.startswith(label) for line in text.splitlines()), label
    assert "central_papers (1 pages)" in text
