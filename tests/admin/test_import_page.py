"""The admin import page: uploads and URLs through the import pipeline, one outcome per
item, stated and enforced limits."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.admin_forms import MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES
from articles.models import Article, ImportItem, ImportRun
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:articles_article_import")
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo_pages"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


@pytest.fixture(autouse=True)
def imports_run_in_the_request(settings):
    """These tests are about what an import does, so the job runs at once (django-tasks'
    immediate backend); tests/admin/test_import_jobs.py covers the queue and the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_page_states_its_limits(client, editor):
    page = client.get(IMPORT).content.decode()
    assert f"最多 {MAX_UPLOAD_FILES} 个文件" in page and "命令行" in page and 'type="file"' in page


def test_one_good_and_one_broken_page(client, editor):
    response = client.post(
        IMPORT, {"files": [upload("good.txt", PAGE.encode()), upload("photo.html", PNG)]}, follow=True
    )
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:articles_article_import_result", args=[run.pk])
    assert (run.origin, run.user, run.created, run.failed) == ("admin", editor, 1, 1)
    items = {i.source: i for i in ImportItem.objects.filter(run=run)}
    assert items["good.txt"].outcome == "created" and items["photo.html"].outcome == "failed"
    article = Article.objects.get()
    assert article.title == "山西白求恩医院获批国家区域医疗中心建设项目"
    assert article.mentions.filter(hospital__name="山西白求恩医院").exists()  # the same pipeline links
    html = response.content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert items["photo.html"].error in html
    assert LogEntry.objects.filter(user=editor, object_id=str(article.pk), action_flag=1).exists()


def test_a_zip_a_reprint_and_a_repeat(client, editor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/page.txt", PAGE)
        archive.writestr("../evil.txt", PAGE)
    client.post(IMPORT, {"files": [upload("pages.zip", buffer.getvalue())]})
    outcomes = dict(ImportItem.objects.values_list("source", "outcome"))
    assert outcomes == {"pages.zip!a/page.txt": "created", "pages.zip!../evil.txt": "failed"}
    reprint = PAGE.replace("来源：示例日报", "来源：另一家网站").replace("首页 > 新闻", "频道 > 健康")
    response = client.post(IMPORT, {"files": [upload("reprint.txt", reprint.encode())]}, follow=True)
    item = ImportItem.objects.get(source="reprint.txt")
    assert item.outcome == "duplicate" and item.article.duplicate_of is not None
    assert "转载自" in response.content.decode()
    client.post(IMPORT, {"files": [upload("again.txt", PAGE.encode())]})
    assert ImportItem.objects.get(source="again.txt").outcome == "unchanged"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择文件或填写网址"),
        ({"urls": "ftp://example.org/a.html"}, "不是 http(s) 网址"),
        ({"urls": "\n".join(f"https://example.org/{i}" for i in range(11))}, "最多 10 个网址"),
    ],
)
def test_bad_forms_say_why_and_import_nothing(client, editor, data, message):
    response = client.post(IMPORT, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_too_many_files(client, editor):
    files = [upload(f"p{i}.txt", b"x") for i in range(MAX_UPLOAD_FILES + 1)]
    response = client.post(IMPORT, {"files": files})
    assert f"一次最多上传 {MAX_UPLOAD_FILES} 个文件" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_too_large_in_total(client, editor):
    size = MAX_UPLOAD_BYTES // 4 + 1
    files = [upload(f"p{i}.zip", bytes(size)) for i in range(4)]
    response = client.post(IMPORT, {"files": files})
    assert "超过 20 MB 的上限" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_oversized_request_is_refused_before_it_is_read(client, editor):
    response = client.generic(
        "POST", IMPORT, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(10**9)
    )
    assert response.status_code == 413 and "超过 20 MB 的上限" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_demo_pages_import_through_the_page(client, editor):
    pages = sorted(p for p in DEMO.iterdir() if p.suffix in (".html", ".txt"))[:5]
    client.post(IMPORT, {"files": [upload(p.name, p.read_bytes()) for p in pages]})
    run = ImportRun.objects.get()
    assert run.failed == 0 and run.created + run.duplicate == len(pages)


def test_an_empty_file_fails_alone_and_the_others_import(client, editor):
    response = client.post(
        IMPORT, {"files": [upload("empty.html", b""), upload("good.txt", PAGE.encode())]}, follow=True
    )
    run = ImportRun.objects.get()
    items = {i.source: i for i in ImportItem.objects.filter(run=run)}
    assert (run.created, run.failed) == (1, 1)
    assert items["good.txt"].outcome == "created"
    assert items["empty.html"].outcome == "failed" and "empty" in items["empty.html"].error
    assert items["empty.html"].error in response.content.decode()
