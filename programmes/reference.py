"""fixtures/programmes.json → Programme and ProgrammeAlias rows (idempotent upsert by key)."""

from django.db import transaction

from hospitals.reference import read_fixture
from programmes.models import Programme, ProgrammeAlias

FIELDS = (
    "slug name short_name name_en short_name_en lead_agencies lead_agencies_en start_year description "
    "description_en sources"
).split()


@transaction.atomic
def load_programmes() -> int:
    entries = read_fixture("programmes.json")
    for order, entry in enumerate(entries):
        programme, _ = Programme.objects.update_or_create(
            key=entry["key"], defaults={**{f: entry[f] for f in FIELDS if f in entry}, "order": order}
        )
        names = set(entry.get("aliases", [])) - {programme.name}
        programme.aliases.exclude(name__in=names).delete()
        existing = set(programme.aliases.values_list("name", flat=True))
        ProgrammeAlias.objects.bulk_create(
            [ProgrammeAlias(programme=programme, name=n) for n in sorted(names - existing)]
        )
    return len(entries)
