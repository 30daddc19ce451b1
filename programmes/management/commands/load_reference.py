"""Load or refresh the reference data every page relies on.

Provinces, prefecture- and county-level divisions, programmes and the curated
hospital list. Safe to run again: every row is upserted on its code, key or slug.
"""

import time

from django.core.management.base import BaseCommand

from hospitals.reference import (
    DIVISIONS_DATA_YEAR,
    DIVISIONS_PACKAGE,
    load_divisions,
    load_hospitals,
    load_provinces,
)
from programmes.reference import load_programmes


class Command(BaseCommand):
    help = "Load provinces, divisions, programmes and hospitals (idempotent)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        provinces = load_provinces()
        divisions = load_divisions()
        programmes = load_programmes()
        hospitals = load_hospitals()
        source = f"{DIVISIONS_PACKAGE}, {DIVISIONS_DATA_YEAR} data"
        self.stdout.write(
            f"Reference data: {provinces} provinces; {divisions['prefectures']} prefecture- and "
            f"{divisions['counties']} county-level divisions ({source}); {programmes} programmes; "
            f"{hospitals['hospitals']} hospitals with {hospitals['aliases']} aliases and "
            f"{hospitals['partnerships']} partnerships ({time.monotonic() - started:.1f}s)."
        )
