"""The latest articles naming an entity are the same whichever way they are read: through
the entity's mentions (a rare entity) or by walking the newest articles (a common one)."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles import selectors
from articles.models import Article, Mention
from programmes.models import ReviewStatus
from tests.factories import make_article, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    henan, shanxi = province("henan"), province("shanxi")
    now = timezone.now()
    made = []
    for i in range(30):
        article = make_article(published_at=now - datetime.timedelta(days=i))
        made.append(article)
        if i % 3 == 0:
            Mention.objects.create(
                article=article, kind="province", province=henan, surface="河南", start=0, end=2
            )
        if i == 4:  # named only through a hospital's location: not "naming"
            Mention.objects.create(
                article=article, kind="province", province=henan, surface="郑大一附院", method="via_entity"
            )
        if i == 7:  # rejected by staff
            Mention.objects.create(
                article=article,
                kind="province",
                province=henan,
                surface="河南",
                start=0,
                end=2,
                status=ReviewStatus.REJECTED,
            )
        if i == 9:  # a reprint of an article that names Henan
            reprint = make_article(published_at=now, duplicate_of=made[0], body="重复正文")
            Mention.objects.create(
                article=reprint, kind="province", province=henan, surface="河南", start=0, end=2
            )
    Mention.objects.create(article=made[1], kind="province", province=shanxi, surface="山西", start=0, end=2)
    return henan


@pytest.mark.parametrize("limit", [3, 20])
def test_walking_and_reading_mentions_give_the_same_articles(corpus, limit):
    through_mentions = list(Article.objects.published().naming("province", corpus)[:limit])
    walking = list(Article.objects.published().naming("province", corpus, walk=True)[:limit])
    assert walking == through_mentions
    assert len(through_mentions) == min(limit, 10)


def test_the_choice_follows_the_entity_s_share(corpus, monkeypatch):
    request = RequestFactory().get("/")
    chosen = []
    original = Article.objects.get_queryset().__class__.naming

    def spy(self, kind, entity, *, walk=False):
        chosen.append(walk)
        return original(self, kind, entity, walk=walk)

    monkeypatch.setattr(Article.objects.get_queryset().__class__, "naming", spy)
    monkeypatch.setattr(selectors, "WALK_SHARE", 0.5)  # 10 of 30 originals name Henan
    list(selectors.latest_naming(request, "province", corpus))
    monkeypatch.setattr(selectors, "WALK_SHARE", 0.2)
    list(selectors.latest_naming(RequestFactory().get("/"), "province", corpus))
    assert chosen[-1] is True and False in chosen
