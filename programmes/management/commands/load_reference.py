"""Load or refresh the reference data every page relies on.

Provinces, prefecture- and county-level divisions, programmes, the curated
hospital list and the registers (fixtures/registers/: regional medical centre projects,
place designations, policy documents). Safe to run again: every row is upserted on its
code, key, slug or name; rows staff edited are never overwritten (see
programmes.registers), and conflicts are reported.
"""

import time

from django.core.management.base import BaseCommand

from hospitals.models import note_data_change
from hospitals.reference import (
    DIVISIONS_DATA_YEAR,
    DIVISIONS_PACKAGE,
    load_divisions,
    load_hospitals,
    load_provinces,
)
from programmes.reference import load_programmes
from programmes.registers import load_registers


class Command(BaseCommand):
    help = "Load provinces, divisions, programmes, hospitals and the registers (idempotent)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        provinces = load_provinces()
        divisions = load_divisions()
        programmes = load_programmes()
        hospitals = load_hospitals()
        registers = load_registers()
        note_data_change("load_reference")  # cached pages and counts are recomputed
        source = f"{DIVISIONS_PACKAGE}, {DIVISIONS_DATA_YEAR} data"
        self.stdout.write(
            f"Reference data: {provinces} provinces; {divisions['prefectures']} prefecture- and "
            f"{divisions['counties']} county-level divisions ({source}); {programmes} programmes; "
            f"{hospitals['hospitals']} hospitals with {hospitals['aliases']} aliases and "
            f"{hospitals['partnerships']} partnerships ({time.monotonic() - started:.1f}s)."
        )
        self.stdout.write(
            "Registers: "
            + "; ".join(
                f"{name}: {registers.summary(name)}"
                for name in ("projects", "batch totals", "designations", "documents")
            )
            + "."
        )
        for name in registers.created_hospitals:
            self.stdout.write(f"  new host hospital: {name}")
        for line in registers.conflicts:
            self.stderr.write(f"  conflict: {line}")
        if options["verbosity"] >= 1:
            for line in registers.warnings:
                self.stderr.write(f"  warning: {line}")
