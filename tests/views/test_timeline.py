import datetime

import pytest
from django.urls import reverse

from articles.models import Citation
from programmes.models import Event, Programme
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db
# data version, then (the page is cached by data version) count, events, programmes,
# provinces, citations (+articles, outlets), 2 filter choices
TIMELINE_QUERIES = 10  # + policy documents (+ their programmes) as official milestones


def make_event(
    summary, date, precision="day", *, programme="regional_medical_center", provinces=(), status="automatic"
):
    event = Event.objects.create(summary=summary, date=date, date_precision=precision, status=status)
    event.programmes.add(Programme.objects.get(key=programme))
    event.provinces.add(*[province(p) for p in provinces])
    article = make_article(title=f"关于{summary}的报道", outlet=make_outlet())
    Citation.objects.create(article=article, quote=summary, event=event)
    return event


@pytest.fixture
def events():
    return [
        make_event(
            "区域医疗中心建设试点启动", datetime.date(2019, 1, 1), "year", provinces=["henan", "shanxi"]
        ),
        make_event(
            "东方市新增为试验区", datetime.date(2022, 11, 1), "month", programme="primary_care_pilot_zone"
        ),
        make_event("推进会在太原召开", datetime.date(2023, 6, 17), provinces=["shanxi"]),
        make_event("被否决的事件", datetime.date(2023, 1, 5), status="rejected"),
    ]


def test_timeline_groups_by_year_newest_first(client, events, django_assert_num_queries):
    with django_assert_num_queries(TIMELINE_QUERIES):
        html = client.get(reverse("articles:timeline")).content.decode()
    assert html.index('id="y2023"') < html.index('id="y2022"') < html.index('id="y2019"')
    assert "被否决的事件" not in html
    assert "精确到年" in html and "精确到月" in html  # partial dates say so
    assert events[0].get_absolute_url() in html


def test_timeline_filters_and_order(client, events):
    url = reverse("articles:timeline")
    html = client.get(url, {"programme": "primary_care_pilot_zone"}).content.decode()
    assert "东方市新增为试验区" in html and "推进会在太原召开" not in html
    html = client.get(url, {"province": "shanxi", "order": "date"}).content.decode()
    assert html.index("区域医疗中心建设试点启动") < html.index("推进会在太原召开")
    assert "东方市新增为试验区" not in html
    assert client.get(url, {"province": "nowhere", "programme": "<script>"}).status_code == 200


def test_timeline_query_count_does_not_grow(client, events, django_assert_num_queries):
    for n in range(10):
        make_event(f"事件{n}", datetime.date(2020, 1, n + 1), provinces=["henan"])
    with django_assert_num_queries(TIMELINE_QUERIES):
        client.get(reverse("articles:timeline"))


def test_event_permalink_lists_its_sources(client, events):
    html = client.get(events[2].get_absolute_url()).content.decode()
    assert "推进会在太原召开" in html and "关于推进会在太原召开的报道" in html
    assert client.get(events[3].get_absolute_url()).status_code == 404  # rejected


def test_only_trusted_facts_are_shown_until_the_switch_asks_for_all(client):
    sure = make_event("试点名单公布", datetime.date(2019, 9, 1), "month")
    Event.objects.filter(pk=sure.pk).update(confidence=0.9)
    unsure = make_event("某会议召开", datetime.date(2020, 3, 1), "month")
    Event.objects.filter(pk=unsure.pk).update(confidence=0.4)
    checked = make_event("授牌仪式举行", datetime.date(2020, 10, 22), status="confirmed")
    Event.objects.filter(pk=checked.pk).update(confidence=0.3)  # staff confirmed it: shown whatever its score
    html = client.get(reverse("articles:timeline")).content.decode()
    assert "试点名单公布" in html and "授牌仪式举行" in html and "某会议召开" not in html
    assert "?facts=all" in html  # the switch is on the page
    everything = client.get(reverse("articles:timeline") + "?facts=all").content.decode()
    assert "某会议召开" in everything and "只显示可信事实" in everything
    response = client.get(reverse("articles:timeline") + "?format=json")
    exported = b"".join(response.streaming_content).decode()
    assert "试点名单公布" in exported and "某会议召开" not in exported


def test_lists_show_an_events_first_sources_and_its_page_all_of_them(client):
    event = make_event("多家媒体报道的事件", datetime.date(2024, 3, 1))
    for n in range(6):  # seven sources in all
        article = make_article(title=f"第{n}篇转述", outlet=make_outlet(name=f"报道媒体{n}"))
        Citation.objects.create(article=article, quote="多家媒体报道的事件", event=event)
    page = client.get(reverse("articles:timeline")).content.decode()
    assert "报道媒体3" in page and "报道媒体5" not in page  # the first five, oldest first
    assert "等 7 篇" in page and event.get_absolute_url() in page
    detail = client.get(event.get_absolute_url()).content.decode()
    assert all(f"第{n}篇转述" in detail for n in range(6))
    response = client.get(reverse("articles:timeline"), {"format": "csv"})
    export = b"".join(response.streaming_content).decode()
    assert export.count("/articles/article-") >= 7  # every source's permalink


def test_the_year_bar_counts_each_year_s_public_events_and_links_to_it(client, events):
    html = client.get(reverse("articles:timeline")).content.decode()
    bar = html.split('class="years"')[1].split("</nav>")[0]
    # 2023: one public event (the rejected one is not counted), then 2022 and 2019
    assert (
        bar.index("2023 <small>1</small>")
        < bar.index("2022 <small>1</small>")
        < bar.index("2019 <small>1</small>")
    )
    assert 'href="?year=2022"' in bar


def test_a_year_shows_its_events_only_and_a_bad_year_is_an_error(client, events):
    url = reverse("articles:timeline")
    html = client.get(url, {"year": 2022}).content.decode()
    assert "东方市新增为试验区" in html and "推进会在太原召开" not in html
    assert 'aria-current="page">2022' in html and "全部年份" in html
    html = client.get(url, {"year": "abc"}).content.decode()
    assert "form-errors" in html and "东方市新增为试验区" in html and "推进会在太原召开" in html


def test_pages_hold_a_page_of_events_and_a_year_across_pages_says_so(client):
    from articles.views import TIMELINE_PAGE
    from programmes.models import PolicyDocument

    for n in range(TIMELINE_PAGE + 5):
        make_event(f"二〇二〇年的第{n}个事件", datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    older = PolicyDocument.objects.create(
        title="更早的示例文件", slug="older-doc", issued_on=datetime.date(2015, 3, 1)
    )
    newer = PolicyDocument.objects.create(
        title="更晚的示例文件", slug="newer-doc", issued_on=datetime.date(2024, 3, 1)
    )
    url = reverse("articles:timeline")
    first = client.get(url).content.decode()
    assert first.count('class="event"') == TIMELINE_PAGE
    assert f"{TIMELINE_PAGE + 5} 个事件，本页 {TIMELINE_PAGE} 个" in first
    assert newer.title in first and older.title not in first  # documents of the years the page spans
    last = client.get(url, {"page": 2}).content.decode()
    assert last.count('class="event"') == 5
    assert older.title in last and newer.title not in last


def test_a_repeat_request_reads_the_filter_choices_from_the_cache(
    client, events, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0  # the view runs every time
    url = reverse("articles:timeline")
    first = client.get(url).content.decode()
    # The count and the two selects' options (programmes, provinces) are cached by data version.
    with django_assert_num_queries(TIMELINE_QUERIES - 3):
        again = client.get(url).content.decode()
    assert again == first and '<option value="shanxi">' in again
