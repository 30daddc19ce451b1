"""Every page under the Content-Security-Policy in a real browser: Chromium reports each
blocked script, style or image on the console; there must be none, public or admin."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article
from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.browser


def violations_on(page, urls: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    page.on(
        "console",
        lambda msg: found.append((page.url, msg.text)) if "Content Security Policy" in msg.text else None,
    )
    for url in urls:
        response = page.goto(url)
        assert response.status in (200, 404), url
        assert response.headers.get("content-security-policy"), url
        page.wait_for_load_state("load")
    return found


def test_public_pages_run_under_the_policy(page, live_server):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.first()
    paths = [
        "/",
        "/provinces/",
        "/provinces/shanxi/",
        "/programmes/",
        "/hospitals/",
        "/articles/",
        "/articles/?q=白求恩",
        "/articles/?year=0",
        article.get_absolute_url(),
        "/timeline/",
        "/en/",
        "/no-such-page/",
    ]
    assert violations_on(page, [live_server.url + p for p in paths]) == []
    # The tile map is laid out by classes now: Shanxi is not in the grid's first cell.
    page.goto(live_server.url + "/")
    tile = page.locator(".tile-map .tile", has_text="山西").bounding_box()
    first = page.locator(".tile-map").bounding_box()
    assert tile["x"] > first["x"] + 10 or tile["y"] > first["y"] + 10


def test_admin_pages_run_under_the_policy(page, live_server):
    User.objects.create_superuser("root", password="a-long-test-password")
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "a-long-test-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    paths = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/import/",
        "/admin/hospitals/hospital/",
        "/admin/hospitals/hospital/add/",
        "/admin/programmes/event/",
    ]
    assert violations_on(page, [live_server.url + p for p in paths]) == []
