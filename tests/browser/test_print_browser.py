"""A printed article is the article (issue 16, item 6): with print media emulated, the
navigation, filters and footer are gone and the source link shows its address."""

import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.browser


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_a_printed_article_has_no_chrome_and_shows_its_source_address(page, live_server, screenshot):
    article = make_article(
        title="区域医疗中心开诊",
        body="国家区域医疗中心今日开诊。" * 20,
        url="https://news.example.cn/2024/0301.html",
    )
    page.goto(live_server.url + article.get_absolute_url())
    assert visible(page, ".site-header nav") and visible(page, ".site-footer")
    source = page.locator("a.source-link")
    after = "el => getComputedStyle(el, '::after').content"
    assert "news.example.cn" not in source.evaluate(after)

    page.emulate_media(media="print")
    for chrome in [".site-header", ".site-footer", ".skip-link", "nav", ".sidebar"]:
        assert page.locator(chrome).count() == 0 or not visible(page, chrome), chrome
    assert "https://news.example.cn/2024/0301.html" in source.evaluate(after)
    assert visible(page, "h1") and visible(page, ".body")
    page.pdf(path=str(screenshot("print-article").with_suffix(".pdf")))


def test_a_printed_list_has_no_filters_or_pagination(page, live_server):
    for n in range(25):
        make_article(title=f"报道{n}")
    page.goto(live_server.url + "/articles/")
    assert visible(page, "form.filters") and visible(page, ".pagination")
    page.emulate_media(media="print")
    for chrome in ["form.filters", ".pagination", ".facets", ".exports", ".site-header"]:
        assert not visible(page, chrome), chrome
    assert page.locator(".article-list li").count() == 20 and visible(page, ".article-list")
    assert Article.objects.count() == 25
