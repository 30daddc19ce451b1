"""Rules the data has are enforced by the database, not only by forms."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Citation, ImportItem, ImportRun, Mention
from hospitals.models import Division, Hospital, HospitalAlias, Partnership, Province
from programmes.models import Designation, Event, Figure, Programme, format_date
from tests.factories import make_article, province

pytestmark = pytest.mark.django_db


def rejected(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def rmc() -> Programme:
    return Programme.objects.get(key="regional_medical_center")


@pytest.fixture(autouse=True)
def no_designations():
    """The tests below create designations of their own; the register's rows would collide."""
    Designation.objects.all().delete()


def test_designation_needs_exactly_one_target():
    shanxi = province("shanxi")
    county = Division.objects.get(name="寿阳县")
    assert rejected(lambda: Designation.objects.create(programme=rmc()))
    assert rejected(lambda: Designation.objects.create(programme=rmc(), province=shanxi, division=county))
    Designation.objects.create(programme=rmc(), province=shanxi)


def test_designation_is_unique_per_programme_and_target():
    Designation.objects.create(programme=rmc(), province=province("henan"))
    assert rejected(lambda: Designation.objects.create(programme=rmc(), province=province("henan")))


def test_fact_dates_are_at_most_day_precision():
    assert rejected(
        lambda: Designation.objects.create(
            programme=rmc(), province=province("hebei"), date_precision="minute"
        )
    )


def test_event_needs_a_date():
    assert rejected(lambda: Event.objects.create(summary="无日期事件"))


def test_figure_value_cannot_be_negative():
    assert rejected(lambda: Figure.objects.create(value=-1, value_text="-1", unit="个", label="测试"))


def test_partnership_output_differs_from_input_and_pairs_are_unique():
    a, b = Hospital.objects.all()[:2]
    assert rejected(lambda: Partnership.objects.create(output=a, input=a))
    Partnership.objects.filter(output=a, input=b).delete()
    Partnership.objects.create(output=a, input=b)
    assert rejected(lambda: Partnership.objects.create(output=a, input=b))


def test_slugs_names_and_aliases_are_unique():
    henan = province("henan")
    assert rejected(
        lambda: Province.objects.create(
            code="99",
            name="重复省",
            short_name="重复",
            abbr="重",
            name_en="Dup",
            slug="henan",
            kind="province",
            tile_row=99,
            tile_col=99,
        )
    )
    assert rejected(
        lambda: Province.objects.create(
            code="98",
            name="别省",
            short_name="别",
            abbr="别",
            name_en="Other",
            slug="other",
            kind="province",
            tile_row=henan.tile_row,
            tile_col=henan.tile_col,
        )
    )
    hospital = Hospital.objects.first()
    assert rejected(lambda: Hospital.objects.create(name=hospital.name, slug="x-new", province=henan))
    assert rejected(lambda: HospitalAlias.objects.create(hospital=hospital, name="同济医院"))


def test_article_content_hash_and_url_are_unique():
    first = make_article(body="同一正文。", url="https://example.org/a.html")
    assert rejected(lambda: make_article(body="同一正文。"))
    make_article(body="同一正文。", duplicate_of=first)  # an exact reprint is stored as a duplicate
    assert rejected(lambda: make_article(body="另一正文。", url="https://example.org/a.html"))
    # Blank URLs do not collide with each other.
    make_article(body="第三篇。")
    make_article(body="第四篇。")
    assert rejected(lambda: type(first).objects.filter(pk=first.pk).update(duplicate_of=first))


def test_mention_target_must_match_its_kind():
    article = make_article()
    shanxi = province("shanxi")
    assert rejected(lambda: Mention.objects.create(article=article, kind="hospital", province=shanxi))
    assert rejected(
        lambda: Mention.objects.create(article=article, kind="province", province=shanxi, start=5, end=3)
    )
    Mention.objects.create(article=article, kind="province", province=shanxi, surface="山西", start=0, end=2)


def test_citation_quotes_exactly_one_fact():
    article = make_article()
    event = Event.objects.create(summary="测试事件", date="2019-01-01", date_precision="year")
    figure = Figure.objects.create(value=76, value_text="76", unit="个", label="国家区域医疗中心")
    assert rejected(
        lambda: Citation.objects.create(article=article, quote="引文", event=event, figure=figure)
    )
    assert rejected(lambda: Citation.objects.create(article=article, quote="引文"))
    assert rejected(lambda: Citation.objects.create(article=article, quote="", event=event))
    Citation.objects.create(article=article, quote="引文", event=event)


def test_import_item_has_an_error_exactly_when_it_failed():
    run = ImportRun.objects.create()
    assert rejected(lambda: ImportItem.objects.create(run=run, source="a.html", outcome="failed"))
    assert rejected(
        lambda: ImportItem.objects.create(run=run, source="a.html", outcome="created", error="boom")
    )
    ImportItem.objects.create(run=run, source="a.html", outcome="failed", error="空文件")


@pytest.mark.parametrize(
    ("precision", "expected"), [("year", "2019"), ("month", "2019-11"), ("day", "2019-11-08")]
)
def test_dates_display_at_their_precision(precision, expected):
    import datetime

    assert format_date(datetime.date(2019, 11, 8), precision) == expected


def test_read_queries_leave_out_what_staff_rejected():
    """The managers' read methods the pages use instead of spelling the status out."""
    kept = Designation.objects.create(programme=rmc(), province=province("henan"))
    Designation.objects.create(programme=rmc(), province=province("shanxi"), status="rejected")
    assert list(Designation.objects.not_rejected()) == [kept]

    article = make_article()
    henan, shanxi = province("henan"), province("shanxi")
    named = Mention.objects.create(
        article=article, kind="province", province=henan, surface="河南", start=0, end=2
    )
    via = Mention.objects.create(article=article, kind="province", province=shanxi, method="via_entity")
    Mention.objects.create(
        article=article, kind="province", province=shanxi, surface="山西", start=3, end=5, status="rejected"
    )
    assert set(Mention.objects.live()) == {named, via}
    assert list(Mention.objects.named()) == [named]
