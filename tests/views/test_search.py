"""Search finds what researchers type (issue 16, item 7), on SQLite and PostgreSQL alike:
phrases late in long documents, "2023年" as a phrase, full-width digits and letters,
rare characters, one-character queries, Traditional characters, snippets that show the
query, and ANALYZE after a large import."""

import random

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import clean_query, index_article, search, snippet, tokens
from tests.factories import make_article
from tests.ingest.samples import text_page

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return set(search(Article.objects.all(), q).values_list("title", flat=True))


def indexed(title: str, body: str) -> Article:
    article = make_article(title=title, body=body)
    index_article(article)
    return article


# Filler from characters the phrases below never use, so a phrase occurs only where placed.
_FILLER = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
_PLACED = ["鹅鸭鹦鹉", "蝌蚪蜻蜓", "骆驼麒麟", "琵琶琥珀", "翡翠玛瑙", "蟋蟀螳螂", "枇杷橄榄", "芙蓉牡丹"]


def _filler(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(_FILLER) for _ in range(n))


def test_phrases_late_in_a_long_document_are_found():
    """PostgreSQL keeps no positions past 16,383 in a tsvector; the eight phrases sit
    from the start to past 100,000 characters, each in its own article."""
    offsets = [0, 8_000, 16_000, 16_400, 30_000, 60_000, 90_000, 120_000]
    for i, (offset, phrase) in enumerate(zip(offsets, _PLACED, strict=True)):
        body = _filler(offset, i) + phrase + _filler(2_000, 100 + i)
        indexed(f"长文{i}", body)
    recall = sum(found(phrase) == {f"长文{i}"} for i, phrase in enumerate(_PLACED)) / len(_PLACED)
    assert recall == 1.0


def test_a_phrase_after_its_words_occurred_hundreds_of_times_is_found():
    """PostgreSQL keeps at most 256 positions of one lexeme: 白求 and 求恩 occur 400
    times apart before they occur together."""
    indexed("重复", "白求，求恩。" * 400 + "白求恩")
    indexed("从未连写", "白求，求恩。" * 400)
    assert found("白求恩") == {"重复"}


def test_a_year_with_its_unit_is_one_phrase():
    indexed("年度", "2023年度工作总结")
    indexed("年月", "2023年6月开诊")
    indexed("分开", "2023 项目，今年开诊")
    indexed("别的年份", "2022年开诊")
    assert clean_query("2023年") == ["2023年"]
    assert found("2023年") == {"年度", "年月"}
    assert found("2023年6月") == {"年月"}
    assert found("年6月") == {"年月"}


def test_full_width_digits_and_letters_fold_on_both_sides():
    indexed("全角", "５Ｇ远程会诊于６月上线")
    indexed("半角", "5G远程会诊于6月上线")
    assert found("5G") == {"全角", "半角"}
    assert found("５Ｇ") == {"全角", "半角"}
    assert found("６月") == {"全角", "半角"}


def test_rare_characters_outside_the_basic_block_are_kept():
    indexed("扩展A", "王䶮医院院长")
    indexed("扩展B", "𠮷野镇卫生院")
    assert "䶮" in tokens("王䶮医院") and "𠮷" in tokens("𠮷野")
    assert found("王䶮") == {"扩展A"}
    assert found("𠮷野") == {"扩展B"}
    assert found("王医") == set()


def test_one_character_finds_every_article_with_that_character():
    indexed("词中", "今年开诊")
    indexed("词首", "年度报告")
    indexed("单独", "2023年")
    indexed("没有", "上月开诊")
    assert found("年") == {"词中", "词首", "单独"}


def test_a_one_character_search_says_what_it_does(client):
    indexed("词中", "今年开诊")
    html = client.get(reverse("articles:list"), {"q": "年"}).content.decode()
    assert "单字检索" in html
    html = client.get(reverse("articles:list"), {"q": "今年"}).content.decode()
    assert "单字检索" not in html


def test_simplified_and_traditional_find_each_other():
    indexed("繁体", "香港醫院管理局與內地醫院合作")
    indexed("简体", "香港医院管理局与内地医院合作")
    assert found("医院") == {"繁体", "简体"}
    assert found("醫院管理") == {"繁体", "简体"}


def test_phrases_do_not_run_across_punctuation():
    indexed("分开", "山西白求，求恩")
    indexed("连写", "山西白求恩医院")
    assert found("白求恩") == {"连写"}


@pytest.mark.parametrize(
    ("text", "q", "shown"),
    [
        ("香港醫院管理局" + "。" * 100, "医院", "<mark>醫院</mark>"),
        ("第５Ｇ远程会诊", "5G", "<mark>５Ｇ</mark>"),
        ("前文" * 40 + "白求恩" + "中间" * 10 + "医院" + "后文" * 40, "白求恩 医院", "<mark>医院</mark>"),
        ("x" * 200 + "2023年度", "2023年", "<mark>2023年</mark>"),
    ],
)
def test_snippets_show_the_query(text, q, shown):
    out = snippet(text, q)
    assert shown in out


def test_a_snippet_shows_the_most_terms_it_can():
    text = "白求恩" + "。" * 100 + "白求恩与医院" + "。" * 100
    out = snippet(text, "白求恩 医院")
    assert "<mark>白求恩</mark>" in out and "<mark>医院</mark>" in out


def test_no_snippet_when_only_the_title_matches(client):
    indexed("白求恩医院开诊", "新院区今日开诊。")
    response = client.get(reverse("articles:list"), {"q": "白求恩"})
    [article] = response.context["object_list"]
    assert article.snippet == ""


def test_every_snippet_on_a_result_page_contains_its_query(client):
    rng = random.Random(7)
    queries = ["医院", "2023年", "5G", "白求恩 医院", "年"]
    for n in range(30):
        parts = [_filler(rng.randint(0, 300), n)]
        for q in rng.sample(queries, 2):
            parts.append(q.replace(" ", "，") + _filler(rng.randint(0, 200), n + 50))
        indexed(f"文{n}", "".join(parts))
    checked = 0
    for q in queries:
        for article in client.get(reverse("articles:list"), {"q": q}).context["object_list"]:
            first = clean_query(q)[0]
            assert f"<mark>{first.upper() if first == '5g' else first}</mark>" in article.snippet
            checked += 1
    assert checked >= 20


def test_a_large_import_refreshes_the_planner_statistics(tmp_path, monkeypatch):
    from django.core.management import call_command

    from articles.ingest import store

    monkeypatch.setattr(store, "ANALYZE_AFTER", 2)
    for n in range(2):
        page = text_page(title=f"区域医疗中心建设第{n}次推进会", lead=f"本报讯 第{n}次，")
        (tmp_path / f"p{n}.txt").write_text(page, encoding="utf-8")
    calls = []
    real = store.analyze_if_large
    monkeypatch.setattr(
        "articles.ingest.runner.analyze_if_large", lambda changed: calls.append(real(changed)) or calls[-1]
    )
    call_command(
        "import_articles", str(tmp_path), stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w")
    )
    assert calls == [True]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
            assert cursor.fetchone()[0] >= 2
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            assert cursor.fetchone()[0] > 0


def test_a_small_import_does_not_analyze(monkeypatch):
    from articles.ingest import store

    assert store.analyze_if_large(store.ANALYZE_AFTER - 1) is False
