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


REPORT_A = """首页 > 新闻
县域医共体建设试点名单公布
发布时间：2019-09-06 10:00 来源：示例健康报
近日，国家卫生健康委办公厅、国家中医药局办公室联合印发通知，公布紧密型县域医共体建设试点省和试点县名单，确定山西省、浙江省为试点省。
各地将按照通知要求推进试点工作，力争取得实效。
"""
REPORT_B = """首页 > 政务公开
县域医共体建设情况答问
发布时间：2023-11-20 09:00 来源：某县人民政府
问：我县医共体建设从何时开始？
答：2019年，国家卫生健康委、国家中医药局公布紧密型县域医共体建设试点名单，山西和浙江被确定为试点省。
"""


def test_one_happening_reported_twice_is_one_event_with_two_sources(tmp_path):
    Designation.objects.exclude(origin="article").delete()
    for name, text in (("a.txt", REPORT_A), ("b.txt", REPORT_B)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    quiet("import_articles", str(tmp_path))
    events = Event.objects.filter(programmes__key="county_reform", kind="list_announced").distinct()
    assert events.count() == 1
    (event,) = events
    assert (event.date.isoformat(), event.date_precision) == ("2019-09-01", "month")
    assert Citation.objects.filter(event=event).values("article").distinct().count() == 2
    assert event.summary.startswith("2019年9月：县域医共体公布名单")
    assert not event.summary.startswith("答")


def test_stored_facts_carry_roles_kinds_measures_and_confidence(article):
    designation = Designation.objects.get(province__slug="shanxi")
    assert (designation.role, designation.label) == ("pilot_province", "首批试点省份")
    assert 0 < designation.confidence <= 1
    figure = Figure.objects.get(value_text="600余")
    assert figure.measure == "people" and figure.confidence is not None
