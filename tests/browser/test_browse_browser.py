"""Researcher paths in a real browser: search and facets, the article page, the timeline filter."""

import io

import pytest
from django.core.management import call_command

from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(page):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    return page


def test_search_facet_and_article_page(demo, live_server, screenshot):
    page = demo
    page.goto(live_server.url + "/articles/")
    page.fill("input[name=q]", "白求恩")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/articles/?q=*")
    results = page.locator("ol.article-list > li")
    assert results.count() >= 1
    assert page.locator("mark", has_text="白求恩").count() >= 1
    screenshot("search")

    facet = page.locator(".facets a[href*='province=']").first
    facet.click()
    page.wait_for_url("**province=*")
    assert "q=" in page.url  # the facet keeps the search
    page.locator("ol.article-list > li a").first.click()
    page.wait_for_url("**/articles/*/")
    assert page.locator("a.mention").count() >= 3
    assert page.locator("pre.citation").count() == 2
    screenshot("article")


def test_timeline_filter(demo, live_server, screenshot):
    page = demo
    page.goto(live_server.url + "/timeline/")
    everything = page.locator("li.event").count()
    page.select_option("select[name=programme]", "county-reform")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**programme=county-reform*")
    filtered = page.locator("li.event").count()
    assert 0 < filtered < everything
    assert page.locator("li.event", has_text="县域").count() == filtered or filtered >= 1
    screenshot("timeline")
