"""Every chart has its numbers as a table and every map its provinces as text (issue 16,
item 6): a screen reader, a text browser or a copy into a spreadsheet gets them too."""

import pytest
from bs4 import BeautifulSoup

from hospitals.models import Province

pytestmark = pytest.mark.django_db


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


def rows(table) -> list[list[str]]:
    return [
        [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.tbody.find_all("tr")
    ]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_home_map_has_a_text_equivalent_listing_each_province_and_its_programmes(client, prefix):
    home = page(client, f"{prefix}/")
    figure = home.select_one(".tile-figure")
    table = figure.select_one("details.chart-data table")
    listed = {r[0]: r[1] for r in rows(table)}
    assert len(listed) == Province.objects.count()
    tiles = figure.select(".tile-map .tile")
    for tile in tiles:
        name = tile.select_one(".tile__name").get_text(strip=True)
        marks = [m["aria-label"] for m in tile.select(".mark")]
        assert listed[name] == (("、" if not prefix else "; ").join(marks) or "—")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_home_chart_has_a_data_table_with_its_bars(client, prefix):
    home = page(client, f"{prefix}/")
    charts = home.select("figure.chart")
    for chart in charts:
        bars = [t.get_text() for t in chart.select("svg rect title")]
        table = rows(chart.select_one("details.chart-data table"))
        assert [f"{label}: {value}" for label, value in table] == bars


def test_the_programme_page_s_batch_chart_and_map_have_tables(client):
    programme = page(client, "/programmes/regional-medical-center/")
    chart = programme.select_one("figure.chart--cumulative")
    assert chart is not None, "the registers give the programme a batch chart"
    table = rows(chart.select_one("details.chart-data table"))
    assert len(table) == len(chart.select("svg rect"))
    assert [r[2] for r in table] == [t.get_text() for t in chart.select("svg text.value")]
    batch_map = programme.select_one(".tile-figure details.chart-data table")
    batches = {r[0]: r[1] for r in rows(batch_map)}
    tiles = programme.select(".tile-figure .tile.tile--b1, .tile-figure .tile.tile--b2")
    assert tiles and all(t.select_one(".tile__name").get_text(strip=True) in batches for t in tiles)
