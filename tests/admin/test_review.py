"""Reviewing an article in the admin: mentions and facts confirmed or rejected in place, a
missed mention added, re-extraction; and the review queues of automatic facts."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from articles.models import Mention
from programmes.models import Designation, Event
from tests.admin.forms import form_data, row_prefix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registers")]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_mentions_are_shown_in_context(client, editor, page_article):
    html = client.get(change_url(page_article)).content.decode()
    assert "<mark>山西白求恩医院</mark>" in html
    assert "经由关联实体推断" in html or not page_article.mentions.filter(start=None).exists()


def test_confirm_and_reject_mentions_and_a_fact_then_relink_keeps_them(client, editor, page_article):
    html = client.get(change_url(page_article)).content.decode()
    data = form_data(html, "article_form")
    hospital = page_article.mentions.filter(hospital__name="山西白求恩医院").order_by("start").first()
    province = page_article.mentions.filter(kind="province", start__isnull=False).first()
    row_h = row_prefix(data, "mentions", "id", str(hospital.pk))
    row_p = row_prefix(data, "mentions", "id", str(province.pk))
    data[f"{row_h}-status"] = "confirmed"
    data[f"{row_p}-status"] = "rejected"
    designation = Designation.objects.get(province__slug="shanxi")
    citation = designation.citations.get()
    data[f"{row_prefix(data, 'citations', 'id', str(citation.pk))}-fact_status"] = "confirmed"
    response = client.post(change_url(page_article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    hospital.refresh_from_db(), province.refresh_from_db(), designation.refresh_from_db()
    assert (hospital.status, province.status, designation.status) == ("confirmed", "rejected", "confirmed")
    assert LogEntry.objects.filter(user=editor, object_id=str(page_article.pk)).exists()

    call_command("relink", stdout=io.StringIO())
    assert Mention.objects.get(pk=hospital.pk).status == "confirmed"
    assert Mention.objects.get(pk=province.pk).status == "rejected"
    assert Designation.objects.get(pk=designation.pk).status == "confirmed"


def test_staff_add_a_missed_mention(client, editor, page_article):
    from hospitals.models import Hospital

    target = Hospital.objects.get(name="华中科技大学同济医学院附属同济医院")
    page_article.mentions.filter(hospital=target).delete()
    data = form_data(client.get(change_url(page_article)).content.decode(), "article_form")
    n = int(data["mentions-TOTAL_FORMS"]) - 1  # the empty extra row
    data.update({f"mentions-{n}-hospital": str(target.pk), f"mentions-{n}-surface": "同济医院"})
    assert client.post(change_url(page_article), data).status_code == 302
    mention = page_article.mentions.get(hospital=target)
    assert (mention.kind, mention.method, mention.status) == ("hospital", "staff", "confirmed")
    assert page_article.body[mention.start : mention.end] == "同济医院"
    call_command("relink", stdout=io.StringIO())
    assert page_article.mentions.filter(hospital=target, method="staff").count() == 1


def test_a_mention_needs_exactly_one_entity(client, editor, page_article):
    data = form_data(client.get(change_url(page_article)).content.decode(), "article_form")
    n = int(data["mentions-TOTAL_FORMS"]) - 1
    data.update({f"mentions-{n}-surface": "山西", f"mentions-{n}-province": "", f"mentions-{n}-hospital": ""})
    data[f"mentions-{n}-programme"] = ""
    data[f"mentions-{n}-status"] = "confirmed"
    response = client.post(change_url(page_article), data)
    assert response.status_code == 200 and "请只选择一个实体" in response.content.decode()


def test_reextract_restores_what_the_page_says(client, editor, page_article):
    page_article.title = "被改坏的标题"
    page_article.save()
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reextract", "_selected_action": [page_article.pk]},
        follow=True,
    )
    page_article.refresh_from_db()
    assert page_article.title == "山西白求恩医院获批国家区域医疗中心建设项目"
    assert "已重新提取 1 篇文章" in response.content.decode()
    assert page_article.mentions.filter(hospital__name="山西白求恩医院").exists()


def test_reextract_without_a_raw_page_says_so(client, editor):
    from tests.factories import make_article

    article = make_article()
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reextract", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "no stored raw page" in response.content.decode()


def test_the_event_queue_opens_on_automatic_facts_and_confirms_in_bulk(client, editor, page_article):
    url = reverse("admin:programmes_event_changelist")
    events = list(Event.objects.filter(status="automatic"))
    assert events
    page = client.get(url).content.decode()
    assert page.count('name="_selected_action"') == len(events)
    assert page_article.title in page and events[0].citations.get().quote[:20] in page  # sentence and article
    client.post(url, {"action": "mark_confirmed", "_selected_action": [e.pk for e in events]})
    assert set(Event.objects.values_list("status", flat=True)) == {"confirmed"}
    assert LogEntry.objects.filter(user=editor, object_id=str(events[0].pk)).exists()
    assert 'name="_selected_action"' not in client.get(url).content.decode()  # the queue is empty
    everything = client.get(url, {"review": "all"}).content.decode()
    assert everything.count('name="_selected_action"') == len(events)


def test_bulk_reject_hides_a_designation_from_the_public_site(client, editor, page_article):
    designation = Designation.objects.get(province__slug="shanxi")
    province = reverse("hospitals:province-detail", kwargs={"slug": "shanxi"})

    def shown():
        groups = client.get(province).context["designations_by_programme"]
        return [d for _programme, ds in groups for d in ds]

    assert designation in shown()
    client.post(
        reverse("admin:programmes_designation_changelist"),
        {"action": "mark_rejected", "_selected_action": [designation.pk]},
    )
    designation.refresh_from_db()
    assert designation.status == "rejected"
    assert designation not in shown()


def test_a_rejected_pair_leaves_the_public_pages_and_stays_rejected(client, editor, page_article):
    from hospitals.models import Partnership

    citation = page_article.citations.get(partnership__isnull=False)
    pair = citation.partnership
    hospital_page = reverse("hospitals:hospital-detail", kwargs={"slug": pair.input.slug})

    def partners() -> list:
        return [p.output for p in client.get(hospital_page).context["object"].output_partnerships.all()]

    assert pair.output in partners()
    data = form_data(client.get(change_url(page_article)).content.decode(), "article_form")
    data[f"{row_prefix(data, 'citations', 'id', str(citation.pk))}-fact_status"] = "rejected"
    assert client.post(change_url(page_article), data).status_code == 302
    assert Partnership.objects.get(pk=pair.pk).status == "rejected"
    assert pair.output not in partners()
    article_page = client.get(page_article.get_absolute_url()).content.decode()
    assert "输出—输入医院" not in article_page
    call_command("relink", stdout=io.StringIO())
    assert Partnership.objects.get(pk=pair.pk).status == "rejected"
    assert Partnership.objects.filter(output=pair.output, input=pair.input).count() == 1


def test_pairs_the_importer_reads_await_review(page_article):
    from hospitals.models import Hospital, Partnership

    output = Hospital.objects.get(name="华中科技大学同济医学院附属同济医院")
    Partnership.objects.filter(output=output).delete()
    call_command("relink", stdout=io.StringIO())
    pair = Partnership.objects.get(output=output)
    assert pair.status == "automatic"


def test_a_staff_decision_changes_the_data_version_of_cached_pages(client, editor, page_article):
    from articles.aggregates import data_version

    before = data_version()
    mention = page_article.mentions.filter(kind="province").first()
    client.post(
        reverse("admin:articles_mention_changelist"),
        {"action": "mark_rejected", "_selected_action": [mention.pk]},
    )
    assert Mention.objects.get(pk=mention.pk).status == "rejected"
    assert data_version() != before  # cached counts and the timeline are recomputed
