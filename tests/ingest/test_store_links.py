"""Linking and facts in the database: stored on import, rebuilt by relink, staff
decisions kept."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Citation, Mention, UnmatchedName
from hospitals.models import Province
from programmes.models import Designation, Event, Figure, Programme
from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.django_db

PAGE = """首页 > 新闻
山西白求恩医院获批国家区域医疗中心建设项目
发布时间：2022-06-01 10:00 来源：示例日报
（资料图）
记者从山西省卫生健康委获悉，2019年，山西省被确定为首批区域医疗中心建设试点省份，山西白求恩医院成为国家区域医疗中心建设项目。
同济医院作为输出医院，向山西白求恩医院派出600余名专家。寿阳县医疗集团和集团人民医院也参与了远程会诊。
相关推荐
河南省儿童医院举办义诊
"""


def quiet(*args):
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def article(tmp_path: Path) -> Article:
    # These tests measure what an article alone yields: no register rows to attach to
    # (test_article_evidence_attaches_to_register_row covers that).
    Designation.objects.exclude(origin="article").delete()
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    quiet("import_articles", str(page))
    return Article.objects.get()


def snapshot():
    return (
        sorted(Mention.objects.values_list("kind", "surface", "start", "status"), key=str),
        sorted(
            Designation.objects.values_list("programme__key", "province__slug", "hospital__slug", "status"),
            key=str,
        ),
        sorted(Event.objects.values_list("date", "date_precision", "status"), key=str),
        sorted(Figure.objects.values_list("value_text", "unit"), key=str),
        Citation.objects.count(),
    )


def test_import_stores_mentions_candidates_and_cited_facts(article):
    kinds = set(article.mentions.values_list("kind", flat=True))
    assert kinds == {"programme", "province", "hospital", "division"}
    assert not article.mentions.filter(hospital__name="河南省儿童医院").exists()  # boilerplate is not linked
    assert article.mentions.filter(hospital__name="山西白求恩医院", start__isnull=False).count() == 2
    designation = Designation.objects.get(programme__key="regional_medical_center", province__slug="shanxi")
    assert (designation.display_date, designation.batch, designation.status) == ("2019", 1, "automatic")
    citation = designation.citations.get()
    assert citation.article == article and "被确定为首批" in citation.quote
    assert Figure.objects.filter(value_text="600余", unit="名").exists()
    names = set(UnmatchedName.objects.values_list("name", flat=True))
    assert names == {"寿阳县医疗集团", "寿阳县人民医院"}
    assert article.unmatched_mentions.count() == 2


def test_relink_is_idempotent(article):
    before = snapshot()
    quiet("relink")
    assert snapshot() == before
    quiet("relink")
    assert snapshot() == before


def test_relink_keeps_staff_decisions(article):
    mention = article.mentions.filter(kind="province", start__isnull=False).first()
    mention.status = "confirmed"
    mention.save()
    rejected = Designation.objects.get(province__slug="shanxi")
    rejected.status = "rejected"
    rejected.save()
    quiet("relink")
    mention.refresh_from_db()
    assert mention.status == "confirmed"
    assert article.mentions.filter(kind="province", start=mention.start).count() == 1  # not duplicated
    assert Designation.objects.get(province__slug="shanxi").status == "rejected"


def test_relink_links_a_candidate_once_staff_add_the_hospital(article):
    from hospitals.models import Division, Hospital

    assert not article.mentions.filter(hospital__name="寿阳县人民医院").exists()
    county = Division.objects.get(name="寿阳县")
    Hospital.objects.create(
        name="寿阳县人民医院", slug="shouyang-people", province=county.province, division=county
    )
    quiet("relink")
    mention = article.mentions.get(hospital__name="寿阳县人民医院")
    assert (mention.surface, mention.method) == ("集团人民医院", "pattern")
    assert not article.unmatched_mentions.filter(unmatched__name="寿阳县人民医院").exists()


def test_demo_corpus_links_programmes(tmp_path):
    quiet("import_articles", str(DEMO))
    linked = Article.objects.filter(mentions__kind="programme").distinct().count()
    assert linked == Article.objects.count()


def test_a_page_the_database_refuses_leaves_nothing_behind_and_the_run_goes_on(tmp_path, monkeypatch):
    """One transaction per page: a failure while its citations are written (after its
    article, raw page, search row, mentions and facts) rolls all of them back."""
    from django.db import DatabaseError

    from articles.ingest import store
    from articles.models import ArticleSearch, ImportItem, RawPage, UnmatchedMention

    (tmp_path / "bad.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "good.txt").write_text(DEMO.joinpath("07_dump_gbk.txt").read_bytes().decode("gb18030"))
    insert_many = store._CITATION.insert_many

    def refuse_bad_page(rows, **kwargs):
        rows = list(rows)
        if any("白求恩" in row["quote"] for row in rows):
            raise DatabaseError("disk full")
        return insert_many(rows, **kwargs)

    monkeypatch.setattr(store._CITATION, "insert_many", refuse_bad_page)
    with pytest.raises(SystemExit):
        quiet("import_articles", str(tmp_path))
    good = Article.objects.get()
    assert "白求恩" not in good.body
    assert RawPage.objects.get().article == good and ArticleSearch.objects.get().article == good
    assert set(Mention.objects.values_list("article", flat=True)) == {good.pk}
    assert set(Citation.objects.values_list("article", flat=True)) == {good.pk}
    assert not UnmatchedMention.objects.exclude(article=good).exists()
    assert not Designation.objects.filter(hospital__name="山西白求恩医院").exists()
    failed = ImportItem.objects.get(outcome="failed")
    assert failed.source.endswith("bad.txt") and "disk full" in failed.error
    assert ImportItem.objects.get(outcome="created").article == good


def test_article_evidence_attaches_to_register_row(tmp_path: Path):
    """A designation the register already holds is cited, not duplicated: it keeps its
    origin and its confirmed status, and gains the article's sentence as evidence."""
    Designation.objects.filter(programme__key="regional_medical_center", province__slug="shanxi").delete()
    row = Designation.objects.create(
        programme=Programme.objects.get(key="regional_medical_center"),
        province=Province.objects.get(slug="shanxi"),
        batch=1,
        origin="reference",
        status="confirmed",
        sources=[{"issuer": "示例", "title": "示例文件", "date": "2019", "url": None}],
    )
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    quiet("import_articles", str(page))
    row.refresh_from_db()
    assert (row.origin, row.status) == ("reference", "confirmed")
    assert row.citations.count() == 1
    assert (
        Designation.objects.filter(programme__key="regional_medical_center", province__slug="shanxi").count()
        == 1
    )
