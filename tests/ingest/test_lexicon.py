"""The shared vocabularies (articles/ingest/lexicon.py) and the two bugs their copies caused."""

import datetime
import pathlib
import re

import pytest

from articles.ingest import lexicon, metadata
from articles.ingest.body import cjk_count
from articles.ingest.facts import FactDate, sentence_date
from articles.ingest.records import PublishedAt
from articles.search import clean_query, tokens

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "char",
    ["王", "䶮", "﨑", "𠮷", "𪚥", "𫠠", "𰀀"],  # URO, Ext A, compatibility, Ext B, C, E, G
)
def test_every_han_block_is_han(char):
    assert lexicon.HAN_CHAR.fullmatch(char)
    assert cjk_count(char) == 1
    assert lexicon.regex(r"[\p{Han}]").fullmatch(char)


def test_punctuation_and_latin_are_not_han():
    assert lexicon.han_count("，。A1【】·〇") == 0


def test_a_rare_character_stays_in_search_tokens():
    """Drift bug 1: search.py knew only U+4E00–9FFF, so 王䶮医院 became 王 / 医院.
    (A run is stored as its character pairs plus its last character.)"""
    assert tokens("王䶮医院") == "王䶮 䶮医 医院 院"
    assert clean_query("王䶮医院 分院") == ["王䶮医院", "分院"]
    assert tokens("𠮷林路") == "𠮷林 林路 路"


def test_a_rare_character_in_a_reporter_name():
    assert metadata.reporter_in("记者 王䶮 通讯员 李四") == "王䶮"


def test_until_then_is_past_not_a_plan():
    """Drift bug 2: facts.py's copy of the plan words lacked the 截至 exception."""
    published = PublishedAt(2024, 1, 5)
    assert sentence_date("截至2023年6月，全省已建成12个分中心。", published, None) == FactDate(2023, 6)
    assert sentence_date("到2025年6月，全省将建成12个分中心。", published, None) is None
    assert lexicon.plan_years("截至2023年底已建成，力争2027年前全覆盖，到2030年") == {2027, 2030}


def test_dateline_year_ignores_until_then_and_targets_alike():
    today = datetime.date(2024, 12, 1)
    text = "截至2023年底，已建成。力争2025年完成。"
    assert metadata.infer_year(3, 5, text, today=today) == 2023


# The Han range and the plan words are written only in lexicon.py.
_HAN_LITERAL = re.compile(r"\\u4e00-\\u9fff|\\u3400-|一-龥|\\U00020000")
_PLAN_LITERAL = re.compile(r"力争\|预计\|计划")


def test_no_copy_of_the_vocabularies_outside_the_lexicon():
    copies = []
    for path in (ROOT / "articles").rglob("*.py"):
        if path.name == "lexicon.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if _HAN_LITERAL.search(text) or _PLAN_LITERAL.search(text):
            copies.append(str(path.relative_to(ROOT)))
    assert copies == []


def test_anniversary_and_founding_years_are_not_the_time_of_writing():
    text = "2023年以来，该院始建于1954年，2024年将迎来建院七十周年。"
    assert lexicon.history_years(text) == {1954, 2024}
    assert metadata.infer_year(11, 8, text, today=datetime.date(2026, 11, 22)) == 2023
