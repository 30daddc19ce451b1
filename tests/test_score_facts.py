"""score_facts computes its numbers from what the importer extracts (two gold pages)."""

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

GOLD = Path(__file__).parent / "facts_gold"
PAGES = ["p01_changting_bureau_first_batch.html", "r12_xinhua_huaxi_tibet.html"]


def _row(output: str, kind: str) -> list[str]:
    """The first 'all' row of `kind`: gold, pred, match, precision, recall, F1."""
    line = next(line for line in output.splitlines() if line.startswith(kind + " "))
    return line.split()[1:7]


@pytest.fixture
def gold_dir(tmp_path):
    (tmp_path / "pages").mkdir()
    for name in PAGES:
        shutil.copy(GOLD / "pages" / name, tmp_path / "pages" / name)
    return tmp_path


def _run(folder: Path, pages: list[dict], *extra) -> str:
    (folder / "gold.json").write_text(json.dumps({"pages": pages}, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("score_facts", "--gold", str(folder), *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_fact_the_page_cannot_produce_lowers_recall(gold_dir):
    pages = [
        {
            "file": PAGES[0],
            "designations": [
                {
                    "programme": "primary_care_pilot_zone",
                    "target": "长汀县",
                    "role": "pilot_zone",
                    "batch": 1,
                },
                # Nothing on the page names 寿阳县: no extractor can find it.
                {"programme": "county_reform", "target": "寿阳县", "role": "pilot_county", "batch": None},
            ],
            "owner_mentions": ["长汀县"],
            "must_not": [{"kind": "designation", "target": "寿阳县"}],
        },
        {
            "file": PAGES[1],
            "pairs": [
                ["四川大学华西第二医院", "西藏自治区妇产儿童医院"],
                ["中日友好医院", "中日友好医院江西医院"],
            ],
        },
    ]
    output = _run(gold_dir, pages, "--verbose")
    gold, pred, matched, precision, recall, _ = _row(output, "designations")
    assert gold == "2"
    assert int(matched) <= 1 and float(recall) <= 0.5
    assert float(precision) == pytest.approx(int(matched) / int(pred), abs=0.01)
    gold, pred, matched, precision, recall, _ = _row(output, "pairs")
    assert gold == "2" and float(recall) < 1
    assert "missed designation" in output and "寿阳县" in output
    assert "must_not: 0 of 1 rules violated" in output
    last = output.strip().splitlines()[-1]
    assert last.startswith("SUMMARY pages=2 ")


@pytest.mark.django_db
def test_an_empty_gold_page_makes_every_extracted_fact_an_extra(gold_dir):
    output = _run(gold_dir, [{"file": PAGES[0]}])
    gold, pred, matched, precision, recall, _ = _row(output, "designations")
    assert (gold, matched) == ("0", "0") and int(pred) > 0
    assert precision == "0.00" and recall == "-"
    assert re.search(r"SUMMARY pages=1 .*designations P=0\.00/R=-", output)


@pytest.mark.django_db
def test_must_not_rules_are_checked(gold_dir):
    rule = {"kind": "designation", "target": "长汀县"}  # the page does designate it
    output = _run(gold_dir, [{"file": PAGES[0], "must_not": [rule]}])
    assert "must_not: 1 of 1 rules violated" in output
