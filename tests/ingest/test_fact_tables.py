"""List notices whose designees or output → input pairs stand in a data table: the table
is kept as rows (not pasted into the body) and the fact extractor reads them."""

import pytest

from articles.ingest import pipeline
from articles.ingest.decode import decode_page
from articles.ingest.extract import extract_article
from articles.ingest.parse import parse_page
from articles.ingest.records import RawPage
from articles.ingest.sources import SourceItem
from tests.ingest.gazetteer_sample import sample_gazetteer

_HEAD = '<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
_NAV = '<div class="nav"><a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>'

PROJECTS = (
    _HEAD.format(title="我省国家区域医疗中心建设项目名单_某省发展和改革委员会")
    + _NAV
    + """<div class="article"><h1>我省国家区域医疗中心建设项目名单</h1>
<p>2021年，我省成为国家区域医疗中心建设第二批试点省份。到目前为止，我省已有两个项目纳入国家区域医疗中心建设，具体名单见下表：</p>
<table border="1"><tr><th>序号</th><th>项目名称</th><th>输出医院</th><th>依托医院</th><th>批次</th></tr>
<tr><td>1</td><td>同济山西医院</td><td>华中科技大学同济医学院附属同济医院</td><td>太原市某医院</td><td>第一批</td></tr>
<tr><td>2</td><td>北京儿童医院郑州医院</td><td>首都医科大学附属北京儿童医院</td><td>郑州市某医院</td><td>—</td></tr>
</table>
<p>各项目由省发展改革委会同省卫生健康委共同调度推进，有关市县负责做好属地项目的各项保障工作。</p>
</div>
<div class="sidebar"><table><tr><th>热点</th></tr><tr><td>山西省寿阳县入选试验区</td></tr></table></div>
</body></html>"""
)

PLACES = (
    _HEAD.format(title="关于转发首批基层卫生健康综合试验区名单的通知")
    + _NAV
    + """<div class="article"><h1>关于转发首批基层卫生健康综合试验区名单的通知</h1>
<p>各市卫生健康委：</p>
<p>国家卫生健康委近日确定首批基层卫生健康综合试验区，现将有关名单转发给你们，请各地结合实际认真学习借鉴。</p>
<table><tr><th>序号</th><th>省份</th><th>县（市、区）</th></tr>
<tr><td>1</td><td>山西省</td><td>寿阳县</td></tr>
<tr><td>2</td><td>海南省</td><td>东方市</td></tr>
</table>
<p>某省卫生健康委员会办公室</p>
</div></body></html>"""
)


@pytest.fixture
def gaz():
    gazetteer = sample_gazetteer()
    pipeline.use_gazetteer(gazetteer)
    yield gazetteer
    pipeline.use_gazetteer(None)


def _run(html: str):
    page = RawPage("notice.html", html.encode("utf-8"))
    result = pipeline.process(SourceItem("notice.html", page), today=None)
    assert result.ok, result.error
    return result


def test_a_data_table_of_the_article_is_kept_as_rows_not_in_the_body():
    article = extract_article(parse_page(decode_page(RawPage("p.html", PROJECTS.encode()))))
    assert "同济山西医院" not in article.body_text  # the body stays prose
    assert len(article.tables) == 1  # the sidebar's table is not the article's
    table = article.tables[0]
    assert table.rows[0] == ("序号", "项目名称", "输出医院", "依托医院", "批次")
    assert table.rows[2][1] == "北京儿童医院郑州医院"
    assert "见下表" in table.before[-1]


def test_a_project_table_gives_designations_batches_and_pairs(gaz):
    facts = _run(PROJECTS).facts
    designations = {(d.programme, d.target.key, d.role, d.batch) for d in facts.designations}
    assert ("regional_medical_center", "bethune", "project", 1) in designations
    assert ("regional_medical_center", "henan-children", "project", None) in designations
    # the hosts (依托医院) are not designated, nor is the province by its second batch
    assert {d.target.key for d in facts.designations} == {"bethune", "henan-children"}
    pairs = {(p.output, p.input): p for p in facts.pairs}
    assert set(pairs) == {("tongji", "bethune")}
    assert pairs[("tongji", "bethune")].text.startswith("项目名称：同济山西医院；输出医院：")
    assert pairs[("tongji", "bethune")].start is None  # a row, not a span of the body


def test_a_place_table_designates_the_counties_with_the_introductions_batch(gaz):
    facts = _run(PLACES).facts
    got = {(d.programme, d.target.name, d.role, d.batch) for d in facts.designations}
    assert got == {
        ("primary_care_pilot_zone", "寿阳县", "pilot_zone", 1),
        ("primary_care_pilot_zone", "东方市", "pilot_zone", 1),
    }
    result = _run(PLACES)
    assert {"寿阳县", "东方市"} <= set(result.linked.named("division"))  # the article names them


def test_a_table_without_a_programme_gives_nothing(gaz):
    html = PLACES.replace("首批基层卫生健康综合试验区", "首批先进单位")
    assert _run(html).facts.designations == ()


# ---------------------------------------------------------------- stored, and kept by relink

STORED = (
    _HEAD.format(title="某省国家区域医疗中心建设项目名单_某省发展和改革委员会")
    + '<meta name="PubDate" content="2023-02-10 16:00"></head><body>'
    + _NAV
    + """<div class="article"><h1>某省国家区域医疗中心建设项目名单</h1>
<div class="info">发布日期：2023-02-10　信息来源：某省发展和改革委员会</div>
<p>截至目前，某省已有两个项目纳入国家区域医疗中心建设，有关名单见下表，请各地做好项目建设保障工作：</p>
<table><tr><th>序号</th><th>项目名称</th><th>输出医院</th><th>批次</th></tr>
<tr><td>1</td><td>中日友好医院江西医院</td><td>中日友好医院</td><td>第二批</td></tr>
<tr><td>2</td><td>中南大学湘雅医院江西医院</td><td>中南大学湘雅医院</td><td>第四批</td></tr>
</table>
<p>各项目由省发展改革委会同省卫生健康委共同调度推进，有关市县负责做好属地项目的各项保障工作。</p>
</div></body></html>"""
)


@pytest.mark.django_db
def test_table_facts_are_stored_with_the_row_as_quote_and_survive_a_relink(tmp_path):
    import io

    from django.core.management import call_command

    from articles.models import Citation, Mention
    from programmes.models import Designation

    Designation.objects.exclude(origin="article").delete()
    page = tmp_path / "list.html"
    page.write_text(STORED, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())

    def rows():
        return sorted(
            Citation.objects.filter(start__isnull=True, designation__isnull=False).values_list(
                "quote", "designation__hospital__name", "designation__batch"
            )
        )

    stored = rows()
    assert [(name, batch) for _, name, batch in stored] == [
        ("中南大学湘雅医院江西医院", 4),
        ("中日友好医院江西医院", 2),
    ]
    assert all(quote.startswith("项目名称：") for quote, _, _ in stored)
    assert Citation.objects.filter(start__isnull=True, partnership__isnull=False).count() == 2
    assert Mention.objects.filter(start__isnull=True, surface="中日友好医院江西医院").exists()
    call_command("relink", stdout=io.StringIO())
    assert rows() == stored
