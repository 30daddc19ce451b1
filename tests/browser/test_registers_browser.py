"""The project register in a real browser: facets narrow the table, a bad value shows
a form error, the programme page draws its chart and batch map."""

import pytest

from programmes.models import Project
from programmes.registers import load_registers
from tests.registers.data import project

pytestmark = pytest.mark.browser


@pytest.fixture
def registers(page, tmp_path):
    from programmes.models import BatchTotal, Designation, PolicyDocument

    Designation.objects.exclude(origin="article").delete()
    for model in (Project, PolicyDocument, BatchTotal):
        model.objects.all().delete()
    import json

    rows = [
        project(),
        project(name="测试丁医院山西医院", name_aliases=[], province="山西", prefecture="太原市", batch=1,
                listed_on="2019", host_hospital=None, output_hospitals=["北京大学第一医院"]),
    ]  # fmt: skip
    (tmp_path / "rmc_projects.json").write_text(
        json.dumps(
            {"about": "", "projects": rows, "batch_totals": [{"batch": 1, "count": 3, "cumulative": 3}]}
        ),
        encoding="utf-8",
    )
    load_registers(folder=tmp_path)
    return page


def test_register_facets_and_programme_page(registers, live_server, screenshot):
    page = registers
    page.goto(live_server.url + "/projects/")
    rows = page.locator("table.projects tbody tr")
    assert rows.count() == 2
    screenshot("projects")
    page.select_option("select[name=province]", "shanxi")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/projects/?*province=shanxi*")
    assert rows.count() == 1 and "测试丁医院山西医院" in rows.first.inner_text()
    page.goto(live_server.url + "/projects/?batch=abc")
    assert page.locator(".form-errors li").count() == 1 and page.locator("[role=alert]").is_visible()
    assert rows.count() == 2  # the register without the bad filter, not an empty list
    page.goto(live_server.url + "/programmes/regional-medical-center/")
    assert page.locator(".chart--cumulative rect").count() == 2  # batches 1 and 3
    assert page.locator(".tile--b1").count() >= 1
    assert page.locator(".chart--cumulative line.official").count() == 1
    screenshot("programme-rmc")
