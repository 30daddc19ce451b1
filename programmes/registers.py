"""fixtures/registers/*.json → the registers: regional medical centre projects (with the
officially stated batch totals), place designations, policy documents.

The files follow the research schema (docs/DESIGN.md, "Registers"). Every loader is an
idempotent upsert on a natural key (project name or alias; programme + place; 文号 or
title; programme + batch), and follows one rule for what staff typed:

- rows the loader wrote (origin `reference`) and nobody edited are brought in line with
  the file, and deleted when the file no longer lists them;
- rows staff edited in the admin (`staff_edited`) or created there (origin `staff`) are
  never written; when the file's values for such a row differ from what was last loaded,
  they are stored in the row's `pending_reference` and reported as a conflict, so staff
  can take them over (or untick `staff_edited` to hand the row back to the file);
- a designation the importer extracted from an article (origin `article`) that the file
  also lists becomes a reference row and keeps its citations; a review decision
  (confirmed/rejected) is never changed by the loader.

Hospitals named in the files are matched by name or alias. A host hospital (依托医院)
that is not in the hospital list is created in the project's province (the host is,
by definition, where the project is built); an output hospital that is not is never
created, because the file does not say where it is: its name is kept on the project
(`unmatched_outputs`) and reported, until staff add the hospital and load again.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from hospitals.models import Division, DivisionLevel, Hospital, HospitalKind, Province
from hospitals.slugs import unique_slug
from programmes.models import (
    BatchTotal,
    DatePrecision,
    Designation,
    DesignationLevel,
    DesignationRole,
    Milestone,
    MilestoneKind,
    Origin,
    PolicyDocument,
    Programme,
    Project,
    ProjectAlias,
    ProjectStatus,
    ReviewStatus,
)

REGISTER_DIR = "registers"
RMC = "regional_medical_center"
PROJECT_FIELDS = (
    "name", "output_hospitals", "host_hospital", "province", "prefecture", "specialty", "batch", "listed_on",
)  # fmt: skip
DOCUMENT_FIELDS = ("title", "doc_number", "issuers", "issued_on", "url")
DESIGNATION_FIELDS = ("place", "code", "province", "batch", "designated_on", "role", "level")


@dataclass
class LoadReport:
    """What a load did, per register: counts by outcome, plus the lines staff must read."""

    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    created_hospitals: list[str] = field(default_factory=list)

    def count(self, register: str, outcome: str) -> None:
        self.counts[(register, outcome)] += 1

    def summary(self, register: str) -> str:
        parts = [f"{n} {outcome}" for (reg, outcome), n in sorted(self.counts.items()) if reg == register]
        return ", ".join(parts) or "nothing"


def register_path(name: str) -> Path | None:
    for folder in settings.FIXTURE_DIRS:
        path = Path(folder) / REGISTER_DIR / name
        if path.exists():
            return path
    return None


def _read(name: str, path: Path | None, report: LoadReport) -> dict | None:
    path = path or register_path(name)
    if path is None:
        report.warnings.append(f"{name}: not found in fixtures/{REGISTER_DIR}/, skipped")
        return None
    try:
        with Path(path).open(encoding="utf-8-sig") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        report.warnings.append(f"{name}: cannot be read ({exc}), skipped")
        return None
    if not isinstance(data, dict):
        report.warnings.append(f"{name}: the top level is not an object, skipped")
        return None
    return data


# ---------------------------------------------------------------- values

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_date(value) -> tuple[datetime.date | None, str]:
    """'2019' / '2019-11' / '2019-11-08' → (date, precision); None or junk → (None, day).
    Raises ValueError on a string that is not one of those forms."""
    if value in (None, ""):
        return None, DatePrecision.DAY
    m = _DATE.match(str(value).strip())
    if not m:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = m.group(1), m.group(2), m.group(3)
    date = datetime.date(int(year), int(month or 1), int(day or 1))
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return date, precision


def clean_sources(value, where: str, report: LoadReport) -> list[dict]:
    """A list of {issuer, title, date, url}; other shapes are dropped with a warning."""
    out = []
    for item in value or []:
        if not isinstance(item, dict) or not (item.get("title") or item.get("url") or item.get("issuer")):
            report.warnings.append(f"{where}: a source without issuer, title or URL was dropped")
            continue
        out.append(
            {k: (str(item[k]).strip() if item.get(k) not in (None, "") else None) for k in SOURCE_KEYS}
        )
    return out


SOURCE_KEYS = ("issuer", "title", "date", "url")


def _text(value) -> str:
    return str(value).strip() if value not in (None, "") else ""


def _norm(name: str) -> str:
    return name.strip().replace("(", "（").replace(")", "）").strip("《》")


class HospitalIndex:
    """Hospital names and aliases → hospital, read once per load."""

    def __init__(self) -> None:
        self.by_name: dict[str, Hospital] = {}
        for h in Hospital.objects.prefetch_related("aliases"):
            self.by_name.setdefault(_norm(h.name), h)
            for a in h.aliases.all():
                self.by_name.setdefault(_norm(a.name), h)

    def get(self, name: str) -> Hospital | None:
        return self.by_name.get(_norm(name))

    def add(self, hospital: Hospital) -> None:
        self.by_name[_norm(hospital.name)] = hospital


# Name words that say what kind of hospital it is; nothing else is guessed.
KIND_WORDS = (
    ("儿童医院", HospitalKind.CHILDREN),
    ("妇幼保健", HospitalKind.MATERNAL_CHILD),
    ("肿瘤医院", HospitalKind.CANCER),
    ("心血管病医院", HospitalKind.CARDIOVASCULAR),
    ("口腔医院", HospitalKind.STOMATOLOGY),
    ("中医", HospitalKind.TCM),
    ("中西医结合", HospitalKind.TCM),
)


def kind_from_name(name: str, specialty: str = "") -> str:
    for word, kind in KIND_WORDS:
        if word in name:
            return kind
    if specialty == "综合" or name.endswith("人民医院"):
        return HospitalKind.GENERAL
    return HospitalKind.OTHER


# ---------------------------------------------------------------- the staff-edit rule


def _settle(obj, snapshot: dict, label: str, register: str, report: LoadReport) -> bool:
    """Decide whether the loader may write `obj`; True when it should.

    `snapshot` is the file's entry for the row (plain JSON): an unedited reference row
    whose snapshot is what was loaded last time is unchanged; a staff row, or a
    reference row staff edited, is left alone and a differing snapshot is parked in
    `pending_reference` and reported."""
    if obj.pk is None:
        return True
    if obj.origin == Origin.STAFF or obj.staff_edited:
        if snapshot != obj.reference_values:
            if snapshot != obj.pending_reference:
                obj.pending_reference = snapshot
                type(obj).objects.filter(pk=obj.pk).update(pending_reference=snapshot)
            report.conflicts.append(
                f"{register}: {label} was edited by staff and the file differs: staff's values kept, "
                "the file's are in its pending_reference"
            )
            report.count(register, "conflicts")
        else:
            report.count(register, "kept (staff)")
        return False
    if obj.origin == Origin.REFERENCE and snapshot == obj.reference_values:
        report.count(register, "unchanged")
        return False
    return True


def _stamp(obj, snapshot: dict) -> None:
    obj.origin = Origin.REFERENCE
    obj.reference_values = snapshot
    obj.pending_reference = {}


def _drop_stale(model, keep: set[int], register: str, report: LoadReport, **scope) -> None:
    """Unedited reference rows the file no longer lists go; edited ones stay, reported."""
    stale = model.objects.filter(origin=Origin.REFERENCE, **scope).exclude(pk__in=keep)
    for obj in stale.filter(staff_edited=True):
        report.conflicts.append(f"{register}: {obj} is no longer in the file but staff edited it (kept)")
    doomed = stale.filter(staff_edited=False)
    n = doomed.count()
    if n:
        doomed.delete()
        report.counts[(register, "deleted")] += n


# ---------------------------------------------------------------- projects


def _programme(key: str) -> Programme | None:
    return Programme.objects.filter(key=key).first()


def _province_index() -> dict[str, Province]:
    index = {}
    for p in Province.objects.all():
        index[p.short_name] = index[p.name] = index[p.slug] = p
    return index


def _division(province: Province, name: str) -> Division | None:
    matches = list(Division.objects.filter(province=province, name=name.strip()).order_by("level"))
    prefectures = [d for d in matches if d.level == DivisionLevel.PREFECTURE]
    if len(prefectures) == 1:
        return prefectures[0]
    return matches[0] if len(matches) == 1 else None


def _find_project(entry: dict) -> Project | None:
    names = [_text(entry.get("name")), *(_text(a) for a in entry.get("name_aliases") or [])]
    names = [n for n in names if n]
    found = Project.objects.filter(name__in=names).first()
    if found is None:
        alias = ProjectAlias.objects.filter(name__in=names).select_related("project").first()
        found = alias.project if alias else None
    return found


@transaction.atomic
def load_projects(path: Path | None = None, report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    reg = "projects"
    data = _read("rmc_projects.json", path, report)
    if data is None:
        return report
    programme = _programme(RMC)
    if programme is None:
        report.warnings.append(f"rmc_projects.json: programme {RMC} is not loaded, skipped")
        return report
    provinces = _province_index()
    hospitals = HospitalIndex()
    seen: set[int] = set()
    for i, entry in enumerate(data.get("projects") or []):
        where = f"rmc_projects.json project {i + 1}"
        if not isinstance(entry, dict) or not _text(entry.get("name")):
            report.warnings.append(f"{where}: no name, skipped")
            continue
        name = _text(entry["name"])
        where = f"{where} ({name})"
        province = provinces.get(_text(entry.get("province")))
        if province is None:
            report.warnings.append(f"{where}: unknown province {entry.get('province')!r}, skipped")
            continue
        try:
            listed_on, listed_precision = parse_date(entry.get("listed_on"))
        except ValueError as exc:
            report.warnings.append(f"{where}: {exc}; listed_on left empty")
            listed_on, listed_precision = None, DatePrecision.DAY
        snapshot = json.loads(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        project = _find_project(entry) or Project(name=name, programme=programme)
        if project.pk:
            seen.add(project.pk)
        if not _settle(project, snapshot, name, reg, report):
            if project.origin == Origin.REFERENCE and project.unmatched_outputs and not project.staff_edited:
                _set_outputs(project, entry, hospitals, where, report)
            continue
        created = project.pk is None
        status = _text(entry.get("status"))
        if status and status not in ProjectStatus.values:
            report.warnings.append(f"{where}: unknown status {status!r}, left empty")
            status = ""
        batch = entry.get("batch")
        if batch is not None and (not isinstance(batch, int) or not 1 <= batch <= 20):
            report.warnings.append(f"{where}: batch {batch!r} is not a number from 1 to 20, left empty")
            batch = None
        prefecture = None
        if _text(entry.get("prefecture")):
            prefecture = _division(province, entry["prefecture"])
            if prefecture is None:
                report.warnings.append(f"{where}: no division {entry['prefecture']!r} in {province.name}")
        project.name = name
        project.programme = programme
        if not project.slug:
            project.slug = unique_slug(Project, name, fallback="project")
        project.province = province
        project.bingtuan = bool(entry.get("bingtuan"))
        project.prefecture = prefecture
        project.specialty = _text(entry.get("specialty"))[:20]
        project.batch = batch
        project.listed_on, project.listed_on_precision = listed_on, listed_precision
        project.status = status
        project.sources = clean_sources(entry.get("sources"), where, report)
        project.verified_fields = [f for f in entry.get("verified") or [] if f in PROJECT_FIELDS]
        project.note = _text(entry.get("note"))
        project.host_hospital = _host(entry, project, hospitals, report)
        _stamp(project, snapshot)
        project.save()
        seen.add(project.pk)
        _set_outputs(project, entry, hospitals, where, report)
        _set_aliases(project, entry, where, report)
        _set_milestones(project, entry, where, report)
        report.count(reg, "created" if created else "updated")
    _drop_stale(Project, seen, reg, report)
    _load_batch_totals(data.get("batch_totals") or [], programme, report)
    return report


def _host(entry: dict, project: Project, hospitals: HospitalIndex, report: LoadReport) -> Hospital | None:
    name = _text(entry.get("host_hospital"))
    if not name:
        return None
    found = hospitals.get(name)
    if found is None:
        found = Hospital.objects.create(
            name=name[:100],
            slug=unique_slug(Hospital, name, fallback="hospital"),
            kind=kind_from_name(name, _text(entry.get("specialty"))),
            province=project.province,
            division=project.prefecture,
            source=f"依托医院，见区域医疗中心项目登记（{project.name}）；所在省份即项目所在省份",
        )
        hospitals.add(found)
        report.created_hospitals.append(f"{name} ({project.province.short_name}, host of {project.name})")
    return found


def _set_outputs(project: Project, entry: dict, hospitals: HospitalIndex, where: str, report) -> None:
    matched, unmatched = [], []
    for name in entry.get("output_hospitals") or []:
        name = _text(name)
        if not name:
            continue
        hospital = hospitals.get(name)
        if hospital is None:
            unmatched.append(name)
            report.warnings.append(
                f"{where}: output hospital {name!r} is not in the hospital list (kept as a name)"
            )
        else:
            matched.append(hospital)
    project.output_hospitals.set(matched)
    if unmatched != project.unmatched_outputs:
        project.unmatched_outputs = unmatched
        Project.objects.filter(pk=project.pk).update(unmatched_outputs=unmatched)


def _set_aliases(project: Project, entry: dict, where: str, report: LoadReport) -> None:
    names = {_text(a) for a in entry.get("name_aliases") or []} - {"", project.name}
    project.aliases.exclude(name__in=names).delete()
    taken = dict(ProjectAlias.objects.filter(name__in=names).values_list("name", "project_id"))
    for name in sorted(names):
        if name not in taken:
            ProjectAlias.objects.create(project=project, name=name[:100])
        elif taken[name] != project.pk:
            report.warnings.append(f"{where}: alias {name!r} already names another project, not added")


def _set_milestones(project: Project, entry: dict, where: str, report: LoadReport) -> None:
    sources = entry.get("sources") or []
    rows = []
    for m in entry.get("milestones") or []:
        if not isinstance(m, dict) or m.get("kind") not in MilestoneKind.values:
            report.warnings.append(f"{where}: milestone {m!r} has no known kind, skipped")
            continue
        try:
            date, precision = parse_date(m.get("date"))
        except ValueError as exc:
            report.warnings.append(f"{where}: milestone {exc}, skipped")
            continue
        source = m.get("source")
        if isinstance(source, int) and 0 <= source < len(sources):
            source = clean_sources([sources[source]], where, report)[0] if sources[source] else None
        elif isinstance(source, dict):
            source = (clean_sources([source], where, report) or [None])[0]
        else:
            source = None
        rows.append(
            Milestone(project=project, kind=m["kind"], date=date, date_precision=precision, source=source)
        )
    project.milestones.all().delete()
    Milestone.objects.bulk_create(rows)


def _load_batch_totals(entries: list, programme: Programme, report: LoadReport) -> None:
    reg = "batch totals"
    seen: set[int] = set()
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("batch"), int):
            report.warnings.append(f"rmc_projects.json batch_totals: {entry!r} has no batch number, skipped")
            continue
        snapshot = json.loads(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        total = BatchTotal.objects.filter(programme=programme, batch=entry["batch"]).first()
        total = total or BatchTotal(programme=programme, batch=entry["batch"])
        if total.pk:
            seen.add(total.pk)
        if not _settle(total, snapshot, f"batch {entry['batch']}", reg, report):
            continue
        created = total.pk is None
        try:
            total.announced_on, total.announced_on_precision = parse_date(entry.get("announced_on"))
        except ValueError as exc:
            report.warnings.append(f"batch_totals {entry['batch']}: {exc}")
        total.count = entry.get("count") if isinstance(entry.get("count"), int) else None
        total.cumulative = entry.get("cumulative") if isinstance(entry.get("cumulative"), int) else None
        total.sources = clean_sources(entry.get("sources"), f"batch_totals {entry['batch']}", report)
        _stamp(total, snapshot)
        total.save()
        seen.add(total.pk)
        report.count(reg, "created" if created else "updated")
    _drop_stale(BatchTotal, seen, reg, report, programme=programme)


# ---------------------------------------------------------------- designations


def _place(entry: dict, provinces: dict[str, Province], where: str, report: LoadReport):
    """The file's place → ("province", Province) or ("division", Division), or None."""
    code = _text(entry.get("code"))
    place = _text(entry.get("place"))
    if code:
        if not re.fullmatch(r"\d{6}", code):
            report.warnings.append(f"{where}: code {code!r} is not six digits, skipped")
            return None
        if code.endswith("0000"):
            province = Province.objects.filter(code=code[:2]).first()
            if province is None:
                report.warnings.append(f"{where}: no province with code {code}, skipped")
                return None
            if place and place not in (province.name, province.short_name):
                report.warnings.append(f"{where}: code {code} is {province.name}, not {place}")
            return "province", province
        division = Division.objects.filter(code=code).first()
        if division is None:
            report.warnings.append(f"{where}: no division with code {code} in GB/T 2260, skipped")
            return None
        if place and place != division.name:
            report.warnings.append(f"{where}: code {code} is {division.name}, not {place} (the code is used)")
        return "division", division
    province = provinces.get(_text(entry.get("province")))
    if place and (place in provinces):
        return "province", provinces[place]
    if province and place:
        division = _division(province, place)
        if division:
            return "division", division
    report.warnings.append(f"{where}: place {place!r} not found (give its GB/T 2260 code), skipped")
    return None


@transaction.atomic
def load_designations(path: Path | None = None, report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    reg = "designations"
    data = _read("designations.json", path, report)
    if data is None:
        return report
    programmes = {p.key: p for p in Programme.objects.all()}
    provinces = _province_index()
    seen: set[int] = set()
    for i, entry in enumerate(data.get("designations") or []):
        where = f"designations.json row {i + 1}"
        if not isinstance(entry, dict):
            report.warnings.append(f"{where}: not an object, skipped")
            continue
        where = f"{where} ({entry.get('place')})"
        programme = programmes.get(_text(entry.get("programme")))
        if programme is None:
            report.warnings.append(f"{where}: unknown programme {entry.get('programme')!r}, skipped")
            continue
        target = _place(entry, provinces, where, report)
        if target is None:
            continue
        kind, place = target
        snapshot = json.loads(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        designation = Designation.objects.filter(programme=programme, **{kind: place}).first()
        designation = designation or Designation(programme=programme, **{kind: place})
        if designation.pk:
            seen.add(designation.pk)
        if not _settle(designation, snapshot, f"{programme.short_name} {place}", reg, report):
            continue
        created = designation.pk is None
        role, level = _text(entry.get("role")), _text(entry.get("level"))
        if role and role not in DesignationRole.values:
            report.warnings.append(f"{where}: unknown role {role!r}, left empty")
            role = ""
        if level and level not in DesignationLevel.values:
            report.warnings.append(f"{where}: unknown level {level!r}, left empty")
            level = ""
        try:
            designation.date, designation.date_precision = parse_date(entry.get("designated_on"))
        except ValueError as exc:
            report.warnings.append(f"{where}: {exc}; date left empty")
            designation.date, designation.date_precision = None, DatePrecision.DAY
        batch = entry.get("batch")
        designation.batch = batch if isinstance(batch, int) and 1 <= batch <= 100 else None
        designation.role, designation.level = role, level
        designation.sources = clean_sources(entry.get("sources"), where, report)
        designation.verified_fields = [f for f in entry.get("verified") or [] if f in DESIGNATION_FIELDS]
        designation.note = _text(entry.get("note"))
        if designation.status == ReviewStatus.AUTOMATIC:
            designation.status = ReviewStatus.CONFIRMED  # a sourced register row; rejections stay
        _stamp(designation, snapshot)
        designation.save()
        seen.add(designation.pk)
        report.count(reg, "created" if created else "updated")
    _drop_stale(Designation, seen, reg, report)
    return report


# ---------------------------------------------------------------- policy documents


@transaction.atomic
def load_documents(path: Path | None = None, report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    reg = "documents"
    data = _read("policy_documents.json", path, report)
    if data is None:
        return report
    programmes = {p.key: p for p in Programme.objects.all()}
    seen: set[int] = set()
    for i, entry in enumerate(data.get("documents") or []):
        where = f"policy_documents.json document {i + 1}"
        if not isinstance(entry, dict) or not _text(entry.get("title")).strip("《》"):
            report.warnings.append(f"{where}: no title, skipped")
            continue
        title = _text(entry["title"]).strip("《》").strip()
        number = _text(entry.get("doc_number"))
        where = f"{where} (《{title}》)"
        snapshot = json.loads(json.dumps(entry, ensure_ascii=False, sort_keys=True))
        document = (number and PolicyDocument.objects.filter(doc_number=number).first()) or (
            PolicyDocument.objects.filter(title=title).first()
        )
        document = document or PolicyDocument(title=title)
        if document.pk:
            seen.add(document.pk)
        if not _settle(document, snapshot, f"《{title}》", reg, report):
            continue
        created = document.pk is None
        document.title, document.doc_number = title[:200], number[:60]
        if not document.slug:
            document.slug = unique_slug(PolicyDocument, title, fallback="document", max_length=90)
        try:
            document.issued_on, document.issued_on_precision = parse_date(entry.get("issued_on"))
        except ValueError as exc:
            report.warnings.append(f"{where}: {exc}; date left empty")
            document.issued_on, document.issued_on_precision = None, DatePrecision.DAY
        document.issuers = [_text(x) for x in entry.get("issuers") or [] if _text(x)]
        url = _text(entry.get("url"))
        if url and not re.match(r"^https?://", url):
            report.warnings.append(f"{where}: url {url!r} is not http(s), left empty")
            url = ""
        document.url = url[:500]
        document.summary = _text(entry.get("summary"))
        document.sources = clean_sources(entry.get("sources"), where, report)
        document.verified_fields = [f for f in entry.get("verified") or [] if f in DOCUMENT_FIELDS]
        document.note = _text(entry.get("note"))
        _stamp(document, snapshot)
        document.save()
        seen.add(document.pk)
        keys = [_text(k) for k in entry.get("programmes") or []]
        unknown = [k for k in keys if k not in programmes]
        if unknown:
            report.warnings.append(f"{where}: unknown programmes {unknown}")
        document.programmes.set([programmes[k] for k in keys if k in programmes])
        report.count(reg, "created" if created else "updated")
    _drop_stale(PolicyDocument, seen, reg, report)
    return report


def load_registers(*, folder: Path | None = None) -> LoadReport:
    """All three files (from `folder`, or fixtures/registers/), in one report."""
    report = LoadReport()
    pick = (lambda name: Path(folder) / name) if folder else (lambda name: None)
    load_projects(pick("rmc_projects.json"), report)
    load_designations(pick("designations.json"), report)
    load_documents(pick("policy_documents.json"), report)
    return report
