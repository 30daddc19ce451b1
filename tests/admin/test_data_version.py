"""The data version (hospitals.models.DataVersion) that keys cached pages and counts:
every write path replaces it, a cache hit reads at most that one row, and outside a
transaction a thread reuses it for DATA_VERSION_MEMO_SECONDS unless this process wrote."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from articles import review
from articles.aggregates import data_version
from articles.models import Article, Mention, UnmatchedName
from articles.pagecache import HEADER
from hospitals import models as hospital_models
from hospitals import signals
from hospitals.models import Hospital, Province
from programmes.models import Event, Programme
from tests.admin.forms import form_data
from tests.factories import make_article, make_outlet

pytestmark = pytest.mark.django_db


def changes(action) -> bool:
    """Whether running `action` replaced the data version."""
    before = data_version()
    action()
    return data_version() != before


def test_the_version_is_one_primary_key_read(django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        data_version()
    sql = captured.captured_queries[0]["sql"].lower()
    assert "hospitals_dataversion" in sql and "max(" not in sql


def test_orm_saves_deletes_and_many_to_many_changes():
    province = Province.objects.get(slug="shanxi")
    hospital = Hospital(name="版本测试医院", slug="version-test", province=province)
    assert changes(hospital.save)
    hospital.name = "版本测试医院（改名）"
    assert changes(hospital.save)
    assert changes(hospital.delete)
    event = Event.objects.create(date="2024-01-01", kind="other", summary="版本测试")
    programme = Programme.objects.first()
    assert changes(lambda: event.programmes.add(programme))
    assert changes(lambda: event.programmes.remove(programme))
    assert changes(lambda: make_article(title="新文章"))


def test_admin_save_and_delete(admin_client):
    outlet = make_outlet(name="版本报")
    url = reverse("admin:articles_outlet_change", args=[outlet.pk])
    data = form_data(admin_client.get(url).content.decode(), "outlet_form")
    data["name"] = "版本日报"
    assert changes(lambda: admin_client.post(url, data))
    outlet.refresh_from_db()
    assert outlet.name == "版本日报"
    delete = reverse("admin:articles_outlet_delete", args=[outlet.pk])
    assert changes(lambda: admin_client.post(delete, {"post": "yes"}))
    assert not type(outlet).objects.filter(pk=outlet.pk).exists()


def test_import_relink_and_load_reference(page_article, tmp_path):
    from tests.ingest.test_store_links import PAGE

    page = tmp_path / "other.txt"
    page.write_text(PAGE.replace("山西", "山西省", 1), encoding="utf-8")
    out = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    assert changes(lambda: call_command("import_articles", str(page), **out))
    assert changes(lambda: call_command("relink", **out))
    assert changes(lambda: call_command("load_reference", **out))


def test_a_bulk_update_in_the_code_and_review_actions(client, editor, page_article):
    names = list(UnmatchedName.objects.all())
    assert names
    assert changes(lambda: review.ignore(names))  # a queryset .update(), no signal, no log entry
    events = list(Event.objects.filter(status="automatic"))
    assert events
    url = reverse("admin:programmes_event_changelist")
    assert changes(
        lambda: client.post(url, {"action": "mark_confirmed", "_selected_action": [e.pk for e in events]})
    )
    assert set(Event.objects.values_list("status", flat=True)) == {"confirmed"}


def test_every_published_model_bumps_and_big_leaf_tables_still_delete_in_one_statement(
    page_article, django_assert_num_queries
):
    for label in signals.PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.label_lower
            if name in signals.NOT_PUBLISHED:
                continue
            assert post_save.has_listeners(model), name
            assert post_delete.has_listeners(model) == (name not in signals.FAST_DELETE), name
    assert Mention.objects.filter(article=page_article).exists()
    with django_assert_num_queries(1):  # no receiver makes Django load each row first
        Mention.objects.filter(article=page_article).delete()


@pytest.fixture
def memo(monkeypatch, settings):
    """The per-thread reuse as outside a transaction (every test runs inside one)."""
    settings.DATA_VERSION_MEMO_SECONDS = 60
    monkeypatch.setattr(hospital_models, "_memo_allowed", lambda: hospital_models.memo_seconds() > 0)
    hospital_models._memo.token = None
    yield
    hospital_models._memo.token = None


def test_a_cache_hit_costs_no_query_once_the_version_is_known(memo, client, django_assert_num_queries):
    article = make_article(title="缓存命中")
    url = article.get_absolute_url()
    assert client.get(url)[HEADER] == "miss"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again[HEADER] == "hit"
    # a write in this process is seen at once
    Article.objects.filter(pk=article.pk).update(title="改过的标题")
    hospital_models.bump_data_version()
    after = client.get(url)
    assert after[HEADER] == "miss" and "改过的标题" in after.content.decode()
    make_article(title="另一篇")  # a signal's bump voids the reused version too
    assert client.get(url)[HEADER] == "miss"


def test_a_write_elsewhere_shows_when_the_reuse_ends(memo, settings):
    before = data_version()
    with connection.cursor() as cursor:  # another process's bump, as this one sees it
        cursor.execute("UPDATE hospitals_dataversion SET token = 'elsewhere' WHERE id = 1")
    assert data_version() == before  # reused for DATA_VERSION_MEMO_SECONDS
    settings.DATA_VERSION_MEMO_SECONDS = 0
    assert data_version() == "elsewhere"
