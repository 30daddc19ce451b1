"""How a stored event is found again: among the events already stored, only those whose
date can name the same day are read, so a page's lookup costs the same however many
events the database holds (at 6,000 imported pages it had read every event of the
page's years, 178 at a time, and the statements kept growing in SQLite's cache)."""

import datetime

import pytest
from django.db import connection

from articles.ingest.facts import Event, FactDate, Facts
from articles.ingest.store import EntityIds, _events
from programmes.models import Event as DBEvent
from programmes.models import Programme

pytestmark = pytest.mark.django_db

KIND = "list_announced"


def fact(year, month=None, day=None, programmes=("county_reform",)):
    return Event(
        date=FactDate(year, month, day), text="", start=0, end=0, programmes=programmes, places=(), kind=KIND
    )


def stored(date, precision, programme="county_reform"):
    event = DBEvent.objects.create(date=date, date_precision=precision, kind=KIND, summary="")
    event.programmes.add(Programme.objects.get(key=programme))
    return event.pk


def match(*facts):
    return [pk for pk, _ in _events(Facts(events=facts), EntityIds())]


@pytest.mark.parametrize(
    ("existing", "found"),
    [
        ((datetime.date(2023, 5, 17), "day"), fact(2023, 5, 17)),
        ((datetime.date(2023, 5, 1), "month"), fact(2023, 5, 17)),
        ((datetime.date(2023, 5, 20), "month"), fact(2023, 5, 3)),  # staff kept the day they had
        ((datetime.date(2023, 1, 1), "year"), fact(2023, 11, 30)),
        ((datetime.date(2023, 9, 9), "day"), fact(2023, 9)),
        ((datetime.date(2023, 12, 31), "day"), fact(2023)),
        ((datetime.date(2023, 7, 1), "month"), fact(2023)),
        ((datetime.date(2024, 2, 29), "day"), fact(2024, 2)),  # a month's last day, in a leap year
    ],
)
def test_a_fact_joins_the_stored_event_whose_date_can_name_the_same_day(existing, found):
    pk = stored(*existing)
    assert match(found) == [pk]


@pytest.mark.parametrize(
    ("existing", "found"),
    [
        ((datetime.date(2023, 5, 17), "day"), fact(2023, 5, 18)),
        ((datetime.date(2023, 5, 1), "month"), fact(2023, 6, 1)),
        ((datetime.date(2023, 6, 1), "day"), fact(2023, 5)),
        ((datetime.date(2024, 3, 1), "day"), fact(2024, 2)),
        ((datetime.date(2022, 1, 1), "year"), fact(2023, 1, 1)),
        ((datetime.date(2023, 5, 17), "day"), fact(2023, 5, 17, programmes=("regional_medical_center",))),
    ],
)
def test_a_fact_on_another_day_or_programme_is_a_new_event(existing, found):
    pk = stored(*existing)
    (new,) = match(found)
    assert new != pk


def test_the_lookup_reads_only_compatible_events_however_many_are_stored():
    pk = stored(datetime.date(2023, 3, 4), "day")

    def lookup():
        sent = []

        def count(execute, sql, params, many, context):
            sent.append(len(params or ()))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            assert match(fact(2023, 3, 4)) == [pk]
        return sent

    alone = lookup()
    programme = Programme.objects.get(key="county_reform")
    others = DBEvent.objects.bulk_create(
        DBEvent(
            date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n % 365), date_precision="day", kind=KIND
        )
        for n in range(365)
        if n != 62  # 4 March
    )
    DBEvent.programmes.through.objects.bulk_create(
        DBEvent.programmes.through(event_id=e.pk, programme_id=programme.pk) for e in others
    )
    assert lookup() == alone  # the same statements, with as many values, with 364 more events stored
    assert max(alone) < 50
