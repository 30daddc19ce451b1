"""The lists of events and designations (articles/templatetags/fact_lists.py), rendered in
Python for speed: their markup, in both languages, on the pages that show them."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from articles.models import Citation
from hospitals.models import Hospital
from programmes.models import Designation, Event, Programme
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db


def event_with_sources(
    summary, *, programme=True, provinces=("henan", "shanxi"), sources=2, precision="month"
):
    event = Event.objects.create(
        summary=summary, date=datetime.date(2024, 5, 1), date_precision=precision, status="confirmed"
    )
    if programme:
        event.programmes.add(Programme.objects.get(key="regional_medical_center"))
    event.provinces.add(*[province(p) for p in provinces])
    for n in range(sources):
        article = make_article(title=f"{summary}报道{n}", outlet=make_outlet(name=f"{summary}媒体{n}"))
        Citation.objects.create(article=article, quote=summary, event=event)
    return event


def item(html: str, marker: str) -> str:
    """The <li> of a list that holds `marker`."""
    start = html.rindex("<li", 0, html.index(marker))
    return html[start : html.index("</li>", start)]


def test_an_event_shows_date_precision_status_places_and_sources():
    event = event_with_sources("某中心签约仪式", sources=7)
    html = item(_get(reverse("articles:timeline")), "某中心签约仪式")
    url = event.get_absolute_url()
    assert f'id="event-{event.pk}"' in html
    assert (
        f'<a class="event__date" href="{url}" title="永久链接"><time datetime="2024-05">2024-05</time></a>'
        in html
    )
    assert '<span class="badge" title="日期只精确到月">精确到月</span>' in html
    assert '<span class="badge badge--ok">已审核</span>' in html
    rmc = Programme.objects.get(key="regional_medical_center")
    henan, shanxi = province("henan"), province("shanxi")
    places = re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)
    listed = "、".join(
        f'<a href="{p.get_absolute_url()}">{p.display_name}</a>'
        for p in sorted([henan, shanxi], key=lambda p: p.code)
    )
    assert places == f'<a href="{rmc.get_absolute_url()}">{rmc.display_name}</a> | {listed}'
    sources = re.search(r'<p class="event__sources">(.*?)</p>', html, re.S).group(1)
    assert sources.startswith('来源：<a href="/articles/article-')
    assert sources.count("</a>、<a") == 4  # five listed, then the rest behind the event's page
    assert sources.endswith(f' <a href="{url}">等 7 篇</a>')


def test_an_event_with_places_and_no_programme_does_not_start_with_a_bar():
    event_with_sources("无项目的地方事件", programme=False, provinces=("henan",), sources=1, precision="day")
    html = item(_get(reverse("articles:timeline")), "无项目的地方事件")
    assert re.search(r'<p class="meta"><a href="/provinces/henan/">河南</a></p>', html)
    assert "精确到" not in html and "等 " not in html


def test_an_event_page_lists_its_event_alone_and_in_english_marks_chinese():
    event = event_with_sources("英文页上的事件", provinces=("henan",), sources=1)
    html = _get(event.get_absolute_url())
    assert '<ol class="events events--single">' in html
    with translation.override("en"):
        english = _get(event.get_absolute_url())
        precision = translation.gettext("精确到%(p)s") % {"p": translation.gettext("月")}
        sources = translation.gettext("来源") + ": "
    assert '<p class="event__summary"><span lang="zh">英文页上的事件</span></p>' in english
    assert precision in english and precision != "精确到月"
    assert sources in english and ">Henan<" in english
    assert re.search(
        r'<a href="/en/articles/article-\d+/"><span lang="zh">英文页上的事件媒体0</span></a>', english
    )


def test_designations_show_register_badges_sources_and_a_cut_quote():
    rmc = Programme.objects.get(key="regional_medical_center")
    hospital = Hospital.objects.create(
        name="测试列表医院", slug="ce-shi-lie-biao-yi-yuan", province=province("henan")
    )
    found = Designation.objects.create(
        programme=rmc,
        hospital=hospital,
        batch=3,
        label="建设项目",
        status="confirmed",
        date=datetime.date(2022, 1, 5),
    )
    quote = "该院入选第三批国家区域医疗中心建设项目" + "，" * 200 + "句末"
    article = make_article(title="入选报道")
    Citation.objects.create(article=article, quote=quote, designation=found)
    html = _get(rmc.get_absolute_url())
    row = item(html, "测试列表医院")
    assert row.startswith("<li><strong>测试列表医院</strong> · 建设项目 · 第3批 · 2022-01-05")
    assert '<span class="badge badge--ok">已审核</span>' in row
    quoted = re.search(r"<blockquote>(.*?) <a href=\"([^\"]+)\">出处</a></blockquote>", row, re.S)
    assert quoted and quoted.group(2) == article.get_absolute_url()
    assert (
        quoted.group(1) == Truncator(quote).chars(160) and "句末" not in row
    )  # cut, with the catalogue's ellipsis
    # A register row (loaded with the reference data) shows its badge and first source.
    register = Designation.objects.filter(programme=rmc).exclude(origin="article").exclude(sources=[]).first()
    first = next(s for s in register.sources if isinstance(s, dict))
    row = item(html, f"<strong>{register.target.display_name}</strong>")
    assert '<span class="badge badge--ok">登记</span>' in row
    assert "来源：" in row and (first.get("title") or first.get("issuer")) in row


def test_designations_in_english_translate_labels_and_mark_chinese():
    rmc = Programme.objects.get(key="regional_medical_center")
    hospital = Hospital.objects.create(
        name="只有中文名的医院", slug="zhi-you-zhong-wen", province=province("henan")
    )
    Designation.objects.create(programme=rmc, hospital=hospital, batch=2, status="confirmed")
    with translation.override("en"):
        html = _get(rmc.get_absolute_url())
        batch = translation.gettext("第%(b)s批") % {"b": 2}
    row = item(html, "只有中文名的医院")
    assert row.startswith(f'<li><strong><span lang="zh">只有中文名的医院</span></strong> · {batch}')
    assert batch != "第2批"


def _get(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_text_in_the_lists_is_escaped():
    event = event_with_sources('<script>alert("事件")</script>', provinces=("henan",), sources=1)
    html = _get(event.get_absolute_url())
    assert "<script>alert" not in html
    assert '<p class="event__summary">&lt;script&gt;alert(&quot;事件&quot;)&lt;/script&gt;</p>' in html
    sources = re.search(r'<p class="event__sources">(.*?)</p>', html, re.S).group(1)
    assert ">&lt;script&gt;alert(&quot;" in sources  # a source's label (an outlet named so)
