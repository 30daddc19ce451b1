"""The review pages fit a 1366 px laptop screen: the article change page (its mentions'
hospital column was pushed 400 px off screen) and the designation queue (its quotes
squeezed into a narrow column made 17 rows a 4,561 px page)."""

import datetime

import pytest
from django.contrib.auth.models import User

from articles.models import Citation
from hospitals.models import Division
from programmes.models import Designation, Programme
from tests.admin.conftest import page_article  # noqa: F401  (a fixture)
from tests.factories import make_article

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def admin_page(page, live_server):
    User.objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    page.set_viewport_size(LAPTOP)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", "a-long-test-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_article_change_page_has_no_horizontal_overflow(admin_page, live_server, page_article, screenshot):  # noqa: F811
    page = admin_page
    page.goto(f"{live_server.url}/admin/articles/article/{page_article.pk}/change/")
    page.locator(".inline-group").first.wait_for()
    screenshot("admin-article-1366")
    assert overflow(page) <= 0
    hospital = page.locator("td.field-hospital").first.bounding_box()
    assert hospital["x"] + hospital["width"] <= LAPTOP["width"]


def test_designation_queue_gives_its_quotes_room(admin_page, live_server, screenshot):
    rmc = Programme.objects.get(key="regional_medical_center")
    sentence = (
        "经国家发展改革委、国家卫生健康委批复，该院作为输出医院与当地合作共建的项目列入第三批国家区域医疗中心建设项目名单。"
        * 2
    )
    taken = Designation.objects.filter(programme=rmc).values("division")
    counties = Division.objects.exclude(pk__in=taken.exclude(division=None)).filter(level="county")[:17]
    for i, county in enumerate(counties):
        article = make_article(title=f"第{i}篇关于区域医疗中心的报道")
        d = Designation.objects.create(
            programme=rmc,
            division=county,
            batch=3,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(i),
        )
        Citation.objects.create(article=article, quote=sentence, designation=d)
    page = admin_page
    page.goto(f"{live_server.url}/admin/programmes/designation/")
    page.locator("#result_list").wait_for()
    screenshot("admin-designations-1366")
    assert overflow(page) <= 0
    evidence = page.locator("td.field-evidence").first.bounding_box()
    assert evidence["width"] >= 300  # was 75 px: a few characters a line
    table = page.locator("#result_list").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert table["x"] + table["width"] <= filters["x"]  # the table stays beside the filters
    assert table["height"] < 17 * 130  # 17 rows made a 4,561 px page
