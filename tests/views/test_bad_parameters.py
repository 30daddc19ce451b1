"""Query parameters are input from anyone: every filter validates its value. A list page
shows the form error and its results without that filter; an export answers 400 with a
message before streaming starts, never a 500 or a truncated file."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from articles.models import Citation, Mention
from articles.search import index_article
from programmes.models import Event, Programme
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


@pytest.fixture
def data():
    outlet = make_outlet(name="示例日报")
    rmc = Programme.objects.get(key="regional_medical_center")
    for year in (2019, 2023):
        article = make_article(
            title=f"{year}年区域医疗中心报道",
            outlet=outlet,
            published_at=datetime.datetime(year, 6, 1, 12, tzinfo=datetime.UTC),
        )
        index_article(article)
        Mention.objects.create(
            article=article, kind="province", province=province("henan"), surface="河南", start=0, end=2
        )
        event = Event.objects.create(summary=f"{year}年推进会", date=datetime.date(year, 6, 1))
        event.programmes.add(rmc)
        event.provinces.add(province("henan"))
        Citation.objects.create(article=article, quote="推进会", event=event)


# Every public list with an export, and every parameter it reads.
LISTS = {
    "articles:list": [
        "q",
        "province",
        "programme",
        "hospital",
        "outlet",
        "year",
        "start",
        "end",
        "sort",
        "page",
    ],
    "articles:timeline": ["programme", "province", "order", "page"],
    "hospitals:hospital-list": ["province", "programme", "role", "kind", "q", "page"],
    "hospitals:province-list": ["sort", "page"],
    "programmes:list": ["sort", "page"],
}
BAD_VALUES = [
    "",
    "0",
    "1",
    "-1",
    "1.5",
    "１",  # full-width digit
    "１９９９",
    "99999999",
    "9" * 400,
    "1e9",
    "NaN",
    "-inf",
    "0000-00-00",
    "0001-01-01",
    "2023-02-30",
    "9999-12-31",
    "10000-01-01",
    "-2023-01-01",
    "２０２３-０１-０１",
    "2023/13/45",
    "date,title",
    "-date,,-title,?",
    "--date",
    "__all__",
    "nosuchthing",
    "x" * 5000,
    "\x00",
    "河南\x00",
    "\u202e\ufeff",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%ff",
    "last",
]


def _get(client, url, params):
    response = client.get(url, params)
    try:
        text = body(response)
    except Exception as exc:  # an error while streaming: the client got a truncated file
        return response, f"truncated: {exc!r}"
    return response, text


@pytest.mark.parametrize(
    ("name", "param"), [(name, param) for name, params in LISTS.items() for param in params]
)
def test_no_bad_value_of_any_parameter_breaks_a_list_or_its_exports(client, data, name, param):
    url = reverse(name)
    client.raise_request_exception = False  # collect every 500 instead of stopping at the first
    broken = []
    cases = [{param: v} for v in BAD_VALUES] + [
        {param: ["2023", "0"]},  # the same parameter twice
        {param: ["\x00", "x" * 300, "-1"]},
        {f"{param}[]": "2023"},  # PHP-style arrays are unknown parameters
    ]
    for params in cases:
        for fmt in (None, "csv", "json"):
            query = {**params, **({"format": fmt} if fmt else {})}
            response, text = _get(client, url, query)
            status = response.status_code
            if status >= 500:
                broken.append((query, status))
            elif fmt is None and status not in (200, 404):  # 404: a page number out of range
                broken.append((query, status))
            elif fmt and status == 200:
                if text.startswith("truncated"):
                    broken.append((query, text))
                elif fmt == "json":
                    json.loads(text)  # a whole document, not a lone "["
                else:
                    assert text.startswith("\ufeff") and text.endswith("\r\n")
            elif fmt and status != 400:
                broken.append((query, status))
    assert not broken


def test_a_bad_year_shows_the_error_and_the_results_without_it(client, data):
    response = client.get(reverse("articles:list"), {"year": "0", "q": "区域医疗中心"})
    assert response.status_code == 200
    assert "year" in response.context["filter"].form.errors
    html = response.content.decode()
    assert 'class="form-errors"' in html and "1900" in html  # the form's error, shown
    assert {a.title for a in response.context["object_list"]} == {
        "2019年区域医疗中心报道",
        "2023年区域医疗中心报道",
    }
    # the other filters still apply
    response = client.get(reverse("articles:list"), {"year": "1.5", "q": "不存在的词"})
    assert response.status_code == 200 and list(response.context["object_list"]) == []
    # and a good year filters
    response = client.get(reverse("articles:list"), {"year": "2019"})
    assert [a.title for a in response.context["object_list"]] == ["2019年区域医疗中心报道"]


@pytest.mark.parametrize("year", ["0", "1", "-1", "1.5", "１", "99999999"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_with_a_bad_year_is_a_400_naming_it(client, data, year, fmt):
    response = client.get(reverse("articles:list"), {"year": year, "format": fmt})
    assert response.status_code == 400
    assert not response.streaming
    if fmt == "json":
        assert "year" in json.loads(response.content)["errors"]
    else:
        assert response["Content-Type"].startswith("text/plain")
        assert "year" in response.content.decode()


@pytest.mark.parametrize("name", ["articles:timeline", "hospitals:hospital-list"])
def test_other_filtered_lists_answer_a_bad_choice_with_the_error_or_a_400(client, data, name):
    param = "order" if name == "articles:timeline" else "role"
    html = client.get(reverse(name), {param: "nosuchthing"})
    assert html.status_code == 200 and 'class="form-errors"' in html.content.decode()
    assert client.get(reverse(name), {param: "nosuchthing", "format": "csv"}).status_code == 400


def test_the_province_table_validates_its_sort(client, data):
    response = client.get(reverse("hospitals:province-list"), {"sort": "nosuchthing"})
    assert response.status_code == 200 and 'class="form-errors"' in response.content.decode()
    assert len(response.context["object_list"]) == 34  # the table, in its default order
    export = client.get(reverse("hospitals:province-list"), {"sort": "nosuchthing", "format": "csv"})
    assert export.status_code == 400 and "sort" in export.content.decode()
    rows = list(
        csv.DictReader(
            io.StringIO(
                body(client.get(reverse("hospitals:province-list"), {"sort": "articles", "format": "csv"}))
            )
        )
    )
    assert rows[0]["articles"] == "2"


def test_the_export_links_leave_out_the_bad_parameter(client, data):
    html = client.get(reverse("articles:list"), {"year": "0", "q": "区域"}).content.decode()
    assert "format=csv" in html and "year=0" not in html.split("exports")[1].split("</p>")[0]
