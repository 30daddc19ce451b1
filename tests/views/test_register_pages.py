"""The register pages and exports: /projects/ (facets, sorting, bad input, CSV/JSON),
project and document pages, and register data on programme, province, hospital pages."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from programmes.models import Project
from programmes.registers import load_registers
from tests.factories import make_article
from tests.registers.data import SOURCE, project

pytestmark = pytest.mark.django_db

DESIGNATION = {
    "programme": "county_reform", "role": "pilot_county", "place": "寿阳县", "code": "140725",
    "province": "山西", "batch": 2, "designated_on": "2020", "level": "national", "sources": [SOURCE], "verified": [],
}  # fmt: skip
DOCUMENT = {
    "title": "示例试点工作方案", "doc_number": "示例〔2019〕9号", "issuers": ["示例委"], "issued_on": "2019-11",
    "programmes": ["regional_medical_center"], "url": None, "summary": "示例要点。", "sources": [], "verified": [],
}  # fmt: skip


@pytest.fixture
def registers(write_registers):
    folder = write_registers(
        projects=[
            project(),
            project(
                name="测试丁医院山西医院",
                name_aliases=[],
                province="山西",
                prefecture="太原市",
                batch=1,
                listed_on="2019",
                specialty="儿科",
                host_hospital=None,
                output_hospitals=["北京大学第一医院"],
                status="open",
                sources=[],
                verified=[],
            ),
        ],  # fmt: skip
        totals=[{"batch": 1, "count": 10, "cumulative": 10, "announced_on": "2019", "sources": [SOURCE]}],
        designations=[DESIGNATION],
        documents=[DOCUMENT],
    )
    load_registers(folder=folder)
    return folder


def test_project_list_shows_every_project_and_facets(client, registers):
    html = client.get("/projects/").content.decode()
    assert "测试甲医院乙省医院" in html and "测试丁医院山西医院" in html
    html = client.get("/projects/", {"batch": "1"}).content.decode()
    assert "测试丁医院山西医院" in html and "测试甲医院乙省医院" not in html
    html = client.get("/projects/", {"province": "henan"}).content.decode()
    assert "测试甲医院乙省医院" in html and "测试丁医院山西医院" not in html
    html = client.get("/projects/", {"specialty": "儿科", "status": "open"}).content.decode()
    assert "测试丁医院山西医院" in html and "测试甲医院乙省医院" not in html
    html = client.get("/projects/", {"output": "fuwai-hospital"}).content.decode()
    assert "测试甲医院乙省医院" in html and "测试丁医院山西医院" not in html


def test_project_list_sorts(client, registers):
    def rows_for(order):
        response = client.get("/projects/", {"format": "json", "order": order})
        return json.loads(b"".join(response.streaming_content))

    rows = rows_for("-listed_on")
    assert [r["name"] for r in rows] == ["测试甲医院乙省医院", "测试丁医院山西医院"]
    rows = rows_for("batch")
    assert [r["batch"] for r in rows] == [1, 3]


@pytest.mark.parametrize(
    "params",
    [{"batch": "abc"}, {"province": "nowhere"}, {"order": "zzz"}, {"status": "x" * 500}, {"page": "-1"}],
)
def test_bad_parameters_show_form_errors_not_500(client, registers, params):
    response = client.get("/projects/", params)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "page" not in params:
        assert 'class="form-errors"' in response.content.decode()


def test_bad_parameters_in_an_export_are_a_400(client, registers):
    assert client.get("/projects/", {"format": "csv", "batch": "x"}).status_code == 400
    assert client.get("/projects/", {"format": "xml"}).status_code == 400


def test_json_export_has_one_object_per_project(client, registers):
    response = client.get("/projects/", {"format": "json", "province": "henan"})
    (row,) = json.loads(b"".join(response.streaming_content))
    assert row["name"] == "测试甲医院乙省医院"
    assert row["output_hospitals"] == ["中国医学科学院阜外医院"]
    assert row["host_hospital"] == "测试乙省依托医院"
    assert (row["province"], row["batch"], row["listed_on"]) == ("河南", 3, "2022-06")
    assert row["sources"] == [SOURCE]


def test_csv_export_has_a_bom_and_the_same_fields(client, registers):
    body = b"".join(client.get("/projects/", {"format": "csv", "batch": "3"}).streaming_content).decode()
    assert body.startswith("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert row["name"] == "测试甲医院乙省医院" and row["output_hospitals"] == "中国医学科学院阜外医院"
    assert row["province"] == "河南" and row["listed_on"] == "2022-06"
    assert "《示例项目名单》" in row["sources"] and SOURCE["url"] in row["sources"]


def test_project_page_shows_sources_milestones_verification_and_articles(client, registers):
    p = Project.objects.get(name="测试甲医院乙省医院")
    article = make_article(title="测试甲医院乙省医院开诊", body="测试甲医院乙省医院今天正式开诊。")
    call_command("relink", stdout=io.StringIO(), stderr=io.StringIO())
    assert article.mentions.filter(kind="project", project=p).exists()
    html = client.get(p.get_absolute_url()).content.decode()
    assert "示例项目名单" in html and "列入名单" in html
    assert "未经来源核实" in html  # host_hospital etc. are not in verified_fields
    assert "测试甲医院乙省医院开诊" in html
    assert "测试乙省依托医院" in html


def test_unsourced_project_says_so(client, registers):
    html = client.get(Project.objects.get(name="测试丁医院山西医院").get_absolute_url()).content.decode()
    assert "尚无来源，未经核实" in html


def test_rmc_programme_page_shows_register_by_batch_chart_map_and_documents(client, registers):
    html = client.get("/programmes/regional-medical-center/").content.decode()
    assert "chart--cumulative" in html and "官方公布 10 个" in html
    assert "tile--b1" in html  # 山西's first batch
    assert "《示例试点工作方案》" in html
    assert 'style="' not in html.split('id="reg-h"')[1].split('id="des-h"')[0]  # no inline styles (CSP)


def test_county_reform_page_lists_counties_linking_to_their_pages(client, registers):
    html = client.get("/programmes/county-reform/").content.decode()
    assert "/places/shou-yang-xian-140725/" in html and "试点县" in html


def test_hospital_pages_show_projects_as_output_or_host(client, registers):
    html = client.get("/hospitals/fuwai-hospital/").content.decode()
    assert "测试甲医院乙省医院" in html and "输出医院" in html
    host = Project.objects.get(name="测试甲医院乙省医院").host_hospital
    html = client.get(host.get_absolute_url()).content.decode()
    assert "测试甲医院乙省医院" in html and "依托医院" in html


def test_province_membership_comes_from_the_registers(client, registers):
    rows = json.loads(b"".join(client.get("/provinces/", {"format": "json"}).streaming_content))
    by_code = {r["code"]: r for r in rows}
    assert "regional-medical-center" in by_code["14"]["programmes"]  # 山西: a project
    assert "county-reform" in by_code["14"]["programmes"]  # 寿阳县: a designation
    assert by_code["14"]["regional-medical-center_batch"] == 1
    assert by_code["14"]["regional-medical-center_year"] == 2019
    assert by_code["41"]["programmes"] == "regional-medical-center"  # 河南
    html = client.get("/provinces/henan/").content.decode()
    assert "测试甲医院乙省医院" in html


def test_documents_are_official_milestones_on_the_timeline(client, registers):
    html = client.get("/timeline/").content.decode()
    assert "official-docs" in html and "《示例试点工作方案》" in html
    html = client.get("/timeline/", {"programme": "county_reform"}).content.decode()
    assert "示例试点工作方案" not in html


def test_document_page_lists_articles_citing_it(client, registers):
    make_article(title="文件解读", body="按照《示例试点工作方案》（示例〔2019〕9号）的要求推进试点。")
    call_command("relink", stdout=io.StringIO(), stderr=io.StringIO())
    from programmes.models import PolicyDocument

    doc = PolicyDocument.objects.get()
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "《示例试点工作方案》" in html and "示例〔2019〕9号" in html and "文件解读" in html


def test_coverage_reports_batches_against_official_totals(registers):
    out = io.StringIO()
    call_command("coverage", stdout=out)
    text = out.getvalue()
    assert "batch 1: 1 in register (running 1); official 10 (cumulative 10) — 9 missing" in text
    assert "batch 3: 1 in register (running 2); no official total recorded" in text
    assert "projects without a source: 1" in text
    assert "provinces covered: 2 of 34" in text
    assert "no host_hospital: 1" in text


def test_article_page_links_projects_and_documents(client, registers):
    article = make_article(title="开诊", body="测试甲医院乙省医院按照《示例试点工作方案》开诊。")
    call_command("relink", stdout=io.StringIO(), stderr=io.StringIO())
    html = client.get(article.get_absolute_url()).content.decode()
    assert "mention--project" in html and "mention--document" in html
    assert Project.objects.get(name="测试甲医院乙省医院").get_absolute_url() in html
