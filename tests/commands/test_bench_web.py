import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q
from django.urls import reverse

from articles import benchdata
from articles.management.commands import bench_web
from articles.models import Article, ArticleSearch, Citation, Mention
from programmes.models import Event

pytestmark = pytest.mark.django_db


def test_generator_builds_articles_with_mentions_facts_and_search_rows(client):
    assert benchdata.generate(200, batch=80) == 200
    articles = Article.objects.filter(slug__startswith=benchdata.BENCH_PREFIX)
    assert articles.count() == benchdata.corpus_size() == 200
    assert articles.filter(duplicate_of__isnull=False).exists()  # some reprints
    assert ArticleSearch.objects.count() == 200
    assert Mention.objects.count() > 200 * 3  # several per article
    # Offsets point at the name in the body.
    for m in Mention.objects.filter(start__isnull=False).select_related("article")[:200]:
        assert m.article.body[m.start : m.end] == m.surface
    assert Citation.objects.exists() and Event.objects.exists()

    # The search index was filled: the pages find the template sentences.
    response = client.get(reverse("articles:list"), {"q": "白求恩"})
    assert response.status_code == 200 and response.context["paginator"].count > 0
    with_body = (
        Article.objects.filter(duplicate_of__isnull=True)
        .filter(Q(body__contains="基层卫生") | Q(title__contains="基层卫生"))
        .count()
    )
    response = client.get(reverse("articles:list"), {"q": "基层卫生"})
    assert response.context["paginator"].count == with_body > 0

    benchdata.remove_corpus()
    assert benchdata.corpus_size() == 0 and not Mention.objects.exists()


def test_command_refuses_a_database_not_meant_for_it(monkeypatch):
    assert not bench_web.dedicated("/srv/kb/db.sqlite3") and not bench_web.dedicated("rmc_kb")
    assert bench_web.dedicated("/work/main/var/bench_web.sqlite3") and bench_web.dedicated("rmc_kb_bench")
    monkeypatch.setattr(bench_web, "dedicated", lambda name: False)
    with pytest.raises(CommandError, match="refusing"):
        call_command("bench_web", "--articles", "10", stdout=io.StringIO())
    assert not Article.objects.exists()


def test_command_builds_and_measures(client):
    out = io.StringIO()
    call_command(
        "bench_web", "--articles", "60", "--repeats", "2", "--warmup", "0", "--i-know-this-writes", stdout=out
    )
    text = out.getvalue()
    assert "60 articles" in text and "home" in text and "search 白求恩" in text and "p95" in text
    assert "Goal p95" in text


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 21)]
    assert (
        bench_web.percentile(values, 50) == 10
        and bench_web.percentile(values, 95) == 19
        and bench_web.percentile([3.0], 95) == 3.0
    )
