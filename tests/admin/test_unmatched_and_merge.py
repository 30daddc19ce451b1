"""Unmatched names resolved from the admin (alias, new hospital, ignore; the articles are
relinked) and hospital records merged."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Mention, UnmatchedName
from hospitals.merge import MergeError, merge_hospitals
from hospitals.models import Division, Hospital, HospitalAlias, Partnership
from programmes.models import Designation, Event, Programme

pytestmark = pytest.mark.django_db

UNMATCHED = reverse("admin:articles_unmatchedname_changelist")


def test_the_list_shows_counts_and_articles(client, editor, page_article):
    page = client.get(UNMATCHED).content.decode()
    assert "寿阳县人民医院" in page
    assert reverse("admin:articles_article_change", args=[page_article.pk]) in page


def test_add_as_alias_asks_for_the_hospital_then_relinks(client, editor, page_article):
    name = UnmatchedName.objects.get(name="寿阳县人民医院")
    county = Division.objects.get(name="寿阳县")
    hospital = Hospital.objects.create(
        name="寿阳县人民医院（新址）", slug="shouyang-new", province=county.province
    )
    action = {"action": "add_as_alias", "_selected_action": [name.pk]}
    page = client.post(UNMATCHED, action)
    assert page.status_code == 200 and "设为医院别名" in page.content.decode()  # the intermediate page
    response = client.post(UNMATCHED, {**action, "apply": "1", "hospital": hospital.pk}, follow=True)
    assert "重新链接了 1 篇文章" in response.content.decode()
    assert HospitalAlias.objects.get(name="寿阳县人民医院").hospital == hospital
    name.refresh_from_db()
    assert name.status == "resolved"
    assert page_article.mentions.filter(hospital=hospital).exists()  # relinked
    assert not page_article.unmatched_mentions.filter(unmatched=name).exists()


def test_create_hospital_places_it_and_relinks(client, editor, page_article):
    name = UnmatchedName.objects.get(name="寿阳县医疗集团")
    client.post(UNMATCHED, {"action": "create_hospitals", "_selected_action": [name.pk]})
    hospital = Hospital.objects.get(name="寿阳县医疗集团")
    assert hospital.province.slug == "shanxi" and hospital.slug
    assert page_article.mentions.filter(hospital=hospital).exists()
    name.refresh_from_db()
    assert name.status == "resolved"


def test_create_hospital_without_a_province_says_so(client, editor, page_article):
    name = UnmatchedName.objects.create(name="某某社区卫生服务中心")
    response = client.post(
        UNMATCHED, {"action": "create_hospitals", "_selected_action": [name.pk]}, follow=True
    )
    assert "set its province first" in response.content.decode()
    assert not Hospital.objects.filter(name=name.name).exists()


def test_ignore(client, editor, page_article):
    names = list(UnmatchedName.objects.all())
    client.post(UNMATCHED, {"action": "ignore", "_selected_action": [n.pk for n in names]})
    assert set(UnmatchedName.objects.values_list("status", flat=True)) == {"ignored"}


# ---------------------------------------------------------------- merge


@pytest.fixture
def twins(page_article):
    """山西白求恩医院 and a second record of it, which the article also names and which has
    its own alias, partnership, designation and event."""
    survivor = Hospital.objects.get(name="山西白求恩医院")
    other = Hospital.objects.create(name="山西白求恩医院（重复）", slug="dup", province=survivor.province)
    HospitalAlias.objects.create(hospital=other, name="白求恩山西医院")
    Mention.objects.create(article=page_article, kind="hospital", hospital=other, surface="x", method="staff")
    tongji = Hospital.objects.get(name="华中科技大学同济医学院附属同济医院")
    Partnership.objects.create(output=tongji, input=other)  # the survivor has this pair already
    Partnership.objects.create(
        output=Hospital.objects.exclude(pk__in=[tongji.pk, survivor.pk]).first(), input=other
    )
    programme = Programme.objects.get(key="regional_medical_center")
    Designation.objects.create(
        programme=programme, hospital=other, date=datetime.date(2023, 1, 1), date_precision="year"
    )
    event = Event.objects.create(summary="测试事件", date=datetime.date(2023, 1, 1), date_precision="year")
    event.hospitals.add(other, survivor)
    return survivor, other


def test_merge_moves_everything_to_the_survivor(twins):
    survivor, other = twins
    pairs_before = Partnership.objects.filter(input=survivor).count()
    merge_hospitals(survivor, other)
    assert not Hospital.objects.filter(pk=other.pk).exists()
    assert set(survivor.aliases.values_list("name", flat=True)) >= {
        "山西白求恩医院（重复）",
        "白求恩山西医院",
    }
    assert Mention.objects.filter(hospital=survivor, surface="x").exists()
    assert Partnership.objects.filter(input=survivor).count() == pairs_before + 1  # one folded, one moved
    assert Designation.objects.filter(hospital=survivor).exists()
    assert Event.objects.get(summary="测试事件").hospitals.get() == survivor


def test_merge_is_refused_for_one_record(twins):
    with pytest.raises(MergeError):
        merge_hospitals(twins[0], twins[0])


def test_merge_through_the_admin_asks_which_survives(client, editor, twins):
    survivor, other = twins
    url = reverse("admin:hospitals_hospital_changelist")
    action = {"action": "merge", "_selected_action": [survivor.pk, other.pk]}
    assert "保留的记录" in client.post(url, action).content.decode()
    response = client.post(url, {**action, "apply": "1", "survivor": survivor.pk}, follow=True)
    assert "并入" in response.content.decode()
    assert not Hospital.objects.filter(pk=other.pk).exists()
    one = client.post(url, {"action": "merge", "_selected_action": [survivor.pk]}, follow=True)
    assert "请恰好选择两家医院" in one.content.decode()


def test_a_viewer_cannot_merge(viewer_client, twins):
    survivor, other = twins
    url = reverse("admin:hospitals_hospital_changelist")
    viewer_client.post(
        url,
        {
            "action": "merge",
            "_selected_action": [survivor.pk, other.pk],
            "apply": "1",
            "survivor": survivor.pk,
        },
    )
    assert Hospital.objects.filter(pk=other.pk).exists()


def test_a_hospital_renamed_in_place_is_seen_by_the_next_import():
    from articles.ingest.catalogue import load_gazetteer
    from articles.ingest.linking import link_entities

    def hospitals(gazetteer) -> set[str]:
        linked = link_entities("今天，寿阳县中心医院举行义诊。", gazetteer)
        return {m.key for m in linked.mentions if m.kind == "hospital"}

    hospital = Hospital.objects.exclude(aliases__isnull=False).order_by("id").first()  # not the newest row
    assert hospital.slug not in hospitals(load_gazetteer())
    hospital.name = "寿阳县中心医院"
    hospital.save()
    assert hospital.slug in hospitals(load_gazetteer())
