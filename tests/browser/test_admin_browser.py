"""An editor's path through the admin in a real browser: import two pages (one good, one
broken) and watch the queued run finish, open the new article, confirm one mention and
reject another, confirm an event, and see the change on the public pages."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article, Mention
from articles.staff_groups import EDITORS, ensure_groups
from programmes.models import Event
from tests.admin.test_import_jobs import run_worker
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(page, live_server):
    ensure_groups()
    user = User.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "a-long-test-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def public_html(page, url: str) -> str:
    page.goto(url)
    return page.locator("main").inner_html()


def linked(html: str, article: Article, m: Mention) -> bool:
    """The mention's words appear as a link, followed by the character after them."""
    return f">{m.surface}</a>{article.body[m.end]}" in html


def test_editor_imports_reviews_and_sees_the_public_page(editor_page, live_server, screenshot):
    page = editor_page
    page.goto(live_server.url + "/admin/articles/article/")
    page.get_by_role("link", name="导入文章").click()
    page.wait_for_url("**/admin/articles/article/import/")
    page.set_input_files(
        "input[name=files]",
        [
            {"name": "good.txt", "mimeType": "text/plain", "buffer": PAGE.encode()},
            {"name": "broken.html", "mimeType": "text/html", "buffer": b"\x89PNG\r\n\x1a\n" + bytes(300)},
        ],
    )
    screenshot("admin-import")
    page.get_by_role("button", name="导入").click()
    page.wait_for_url("**/admin/articles/article/import/*/")
    assert "排队" in page.locator("#import-progress").inner_text()  # queued for the worker
    screenshot("admin-import-progress")
    run_worker()
    # The progress script notices the run has ended and shows the report.
    page.locator("table.import-result").wait_for()
    rows = page.locator("table.import-result tbody tr")
    assert rows.count() == 2
    assert "新建" in page.locator("tr.outcome-created").inner_text()
    assert "失败" in page.locator("tr.outcome-failed").inner_text()
    screenshot("admin-import-result")

    page.locator("tr.outcome-created a").first.click()
    page.wait_for_url("**/admin/articles/article/*/change/")
    article = Article.objects.get()
    hospital_row = page.locator(
        "tr.dynamic-mentions", has=page.locator("mark", has_text="山西白求恩医院")
    ).first
    hospital_row.locator("input[type=radio][value=confirmed]").check()
    province = article.mentions.filter(kind="province", start__isnull=False).order_by("start").first()
    before = public_html(page, live_server.url + article.get_absolute_url())
    assert linked(before, article, province)
    page.go_back()
    province_row = page.locator(f"tr.dynamic-mentions:has(input[name$='-id'][value='{province.pk}'])")
    province_row.locator("input[type=radio][value=rejected]").check()
    event_row = page.locator("tr.dynamic-citations", has_text="事件").first
    event_row.locator("input[type=radio][value=confirmed]").check()
    screenshot("admin-article-review")
    page.locator("input[name=_continue]").click()
    page.wait_for_selector(".messagelist .success")

    hospital_mention = article.mentions.filter(hospital__name="山西白求恩医院").order_by("start").first()
    assert hospital_mention.status == "confirmed"
    assert Mention.objects.get(pk=province.pk).status == "rejected"
    statuses = set(Event.objects.filter(citations__article=article).values_list("status", flat=True))
    assert "confirmed" in statuses

    html = public_html(page, live_server.url + article.get_absolute_url())
    assert linked(html, article, hospital_mention)
    assert not linked(html, article, province)  # rejected: no longer a link
    assert "已审核" in page.locator(".facts-extracted").inner_text()
    screenshot("admin-public-after-review")
