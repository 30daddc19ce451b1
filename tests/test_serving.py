"""How the site is served: Content-Security-Policy, HSTS, its own 404 and 500 pages, the
static files manifest that production needs, and the SECRET_KEY rules."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import path, reverse
from django.views.defaults import server_error

from config.urls import urlpatterns as site_urlpatterns
from tests.factories import make_article
from tests.test_settings import boot

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = [
    "/",
    "/provinces/",
    "/provinces/henan/",
    "/programmes/",
    "/programmes/regional-medical-center/",
    "/hospitals/",
    "/articles/",
    "/articles/?q=区域医疗中心",
    "/timeline/",
    "/en/",
    "/en/provinces/",
]
# What the policy must not allow: inline scripts and styles, eval, plugins, framing.
FORBIDDEN_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "*"]
INLINE = re.compile(r"""<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=""", re.I)


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client):
    from programmes.models import Programme

    slug = Programme.objects.get(key="regional_medical_center").slug
    article = make_article(title="区域医疗中心报道")
    for url in [*PUBLIC_PAGES, f"/programmes/{slug}/", article.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        for directive in ("script-src", "style-src", "default-src", "img-src"):
            assert not set(policy.get(directive, [])) & set(FORBIDDEN_SOURCES), (url, directive)


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_styles_or_handlers(client):
    """Under the policy an inline <script>, <style>, style="" or onclick="" is blocked by
    the browser: the templates keep them in static files."""
    from programmes.models import Programme

    slug = Programme.objects.get(key="regional_medical_center").slug
    article = make_article(title="区域医疗中心报道")
    for url in [*PUBLIC_PAGES, f"/programmes/{slug}/", article.get_absolute_url(), "/nowhere/"]:
        html = client.get(url).content.decode()
        assert not INLINE.findall(html), (url, INLINE.findall(html))


@pytest.mark.django_db
def test_admin_pages_have_no_inline_styles(client):
    User.objects.create_superuser("root", password="a-long-test-password")
    client.login(username="root", password="a-long-test-password")
    for url in [
        "/admin/",
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_import"),
    ]:
        html = client.get(url).content.decode()
        assert not INLINE.findall(html), (url, INLINE.findall(html))


def settings_in_production(**env: str) -> dict:
    """The security settings a production start-up (DEBUG=false) ends with."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]))"
    )
    base = dict(DEBUG="false", ALLOWED_HOSTS="kb.example.org", SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("SECURE_")},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **base,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}


def test_hsts_preload_comes_only_with_a_year_or_more():
    import json

    default = settings_in_production()
    seconds, preload, subdomains = json.loads(default["stdout"])
    assert preload and subdomains and seconds >= 31536000
    short = settings_in_production(SECURE_HSTS_SECONDS="3600")
    seconds, preload, _ = json.loads(short["stdout"])
    assert seconds == 3600 and not preload
    contradiction = settings_in_production(SECURE_HSTS_SECONDS="3600", SECURE_HSTS_PRELOAD="true")
    assert contradiction["returncode"] != 0 and "SECURE_HSTS_PRELOAD" in contradiction["stderr"]
    no_subdomains = settings_in_production(SECURE_HSTS_INCLUDE_SUBDOMAINS="false", SECURE_HSTS_PRELOAD="true")
    assert no_subdomains["returncode"] != 0 and "SECURE_HSTS_PRELOAD" in no_subdomains["stderr"]


@pytest.mark.parametrize(
    "key",
    ids=["32-characters", "49-characters", "four-distinct-characters", "django-insecure-prefix"],
    argvalues=[
        "".join(secrets.choice(string.ascii_letters) for _ in range(32)),  # the old minimum
        "".join(secrets.choice(string.ascii_letters) for _ in range(49)),
        "abcd" * 20,  # long, but four distinct characters
        "django-insecure-" + secrets.token_urlsafe(50),  # startproject's placeholder
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = boot(DEBUG="false", ALLOWED_HOSTS="kb.example.org", SECRET_KEY=key)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_404_is_the_sites_own_page_in_the_pages_language(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html and "页面不存在" in html and 'lang="zh-hans"' in html
    english = client.get("/en/articles/no-such-article/").content.decode()
    assert 'class="site-header"' in english and "Page not found" in english and 'lang="en"' in english


def test_500_renders_in_the_layout_without_a_request_or_database():
    html = render_to_string("500.html")  # what Django's server_error does: no context at all
    assert 'class="site-header"' in html and "服务器出错" in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def _broken_view(request):
    raise RuntimeError("a bug")


# The site's URLconf plus a broken view, for the next test.
urlpatterns = [path("broken/", _broken_view), *site_urlpatterns]


@pytest.mark.urls("tests.test_serving")
def test_an_error_in_a_view_answers_the_sites_500(client):
    client.raise_request_exception = False
    with override_settings(DEBUG=False):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'class="site-header"' in html and "服务器出错" in html


def _check_deploy(static_root: Path) -> subprocess.CompletedProcess:
    skip = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_ROOT")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kb.example.org",
        STATIC_ROOT=str(static_root),
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_a_missing_static_manifest(tmp_path):
    result = _check_deploy(tmp_path / "staticfiles")
    assert result.returncode != 0
    assert "staticfiles.json" in result.stderr and "collectstatic" in result.stderr


def test_the_manifest_check_passes_after_collectstatic(tmp_path):
    from core.checks import check_static_manifest

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        assert [e.id for e in check_static_manifest(None)] == ["rmc.E001"]
        call_command("collectstatic", interactive=False, verbosity=0)
        assert check_static_manifest(None) == []
