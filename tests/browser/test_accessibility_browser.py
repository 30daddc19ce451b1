"""Accessibility in a real browser: keyboard entry, links that differ by more than colour,
and axe-core's WCAG 2.1 A/AA rules on the public pages, in Chinese and English."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from articles.models import Article
from hospitals.models import Hospital
from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def demo(page):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    return page


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, live_server):
    page.goto(live_server.url + "/provinces/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, document.activeElement.getAttribute('href')]"
    )
    assert focused == ["跳到正文", "#main"]
    assert page.locator(".skip-link").is_visible() and page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_links_in_grey_text_are_underlined(demo, live_server):
    underlined = "el => getComputedStyle(el).textDecorationLine"
    page = demo
    page.goto(live_server.url + "/articles/")
    assert {page.locator(".exports a").nth(i).evaluate(underlined) for i in range(2)} == {"underline"}
    page.goto(live_server.url + "/projects/")
    project_url = page.locator("table.projects tbody a").first.get_attribute("href")
    page.goto(live_server.url + project_url)
    sources = page.locator(".sources-list a")
    assert sources.count() >= 1 and sources.first.evaluate(underlined) == "underline"


def test_public_pages_have_no_serious_axe_violations(demo, live_server):
    article = Article.objects.filter(mentions__kind="hospital", duplicate_of=None).first()
    hospital = Hospital.objects.filter(output_partnerships__isnull=False).first()
    paths = [
        "/",
        "/provinces/",
        "/articles/?q=医疗中心",
        article.get_absolute_url(),
        hospital.get_absolute_url(),
        "/timeline/",
        "/projects/",
        "/provinces/shanxi/",
        "/programmes/regional-medical-center/",
        "/programmes/county-reform/",
    ]
    axe = Axe()
    found = {}
    for prefix in ("", "/en"):
        for path in paths:
            demo.goto(live_server.url + prefix + path)
            results = axe.run(demo, options=WCAG)
            serious = [
                (v["id"], len(v["nodes"]), v["nodes"][0]["target"])
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[prefix + path] = serious
    assert found == {}
