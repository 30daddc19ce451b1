"""The registers' coverage as text lines (manage.py coverage)."""

from __future__ import annotations

from collections import Counter

from hospitals.models import Province
from programmes.models import BatchTotal, Designation, Origin, PolicyDocument, Programme, Project

# Fields a project row should have; each missing one is counted.
PROJECT_REQUIRED = ("output_hospitals", "host_hospital", "prefecture", "specialty", "batch", "listed_on")


def _missing(project: Project) -> list[str]:
    out = []
    if not project.output_hospitals.all() and not project.unmatched_outputs:
        out.append("output_hospitals")
    for name in ("host_hospital", "prefecture", "batch", "listed_on"):
        if getattr(project, name) is None:
            out.append(name)
    if not project.specialty:
        out.append("specialty")
    return out


def _provinces_line(covered: set[int], provinces: list[Province]) -> list[str]:
    none = [p.short_name for p in provinces if p.pk not in covered]
    return [
        f"  provinces covered: {len(covered)} of {len(provinces)}",
        f"  provincial units with none: {'、'.join(none) if none else '—'}",
    ]


def coverage_report() -> list[str]:
    provinces = list(Province.objects.order_by("code"))
    lines: list[str] = []
    for programme in Programme.objects.order_by("order", "key"):
        lines.append(f"{programme.key} ({programme.name})")
        projects = list(Project.objects.filter(programme=programme).prefetch_related("output_hospitals"))
        if projects or programme.key == "regional_medical_center":
            lines += _projects(programme, projects, provinces)
        places = list(
            Designation.objects.filter(programme=programme)
            .exclude(origin=Origin.ARTICLE)
            .select_related("division")
        )
        roles = Counter((d.role or "—", d.batch) for d in places)
        lines.append(f"  register designations: {len(places)}")
        for (role, batch), n in sorted(roles.items(), key=lambda x: (x[0][0], x[0][1] or 0)):
            lines.append(f"    {role} batch {batch or '?'}: {n}")
        covered = {d.province_id or d.division.province_id for d in places}
        if not projects:
            lines += _provinces_line(covered, provinces)
        unsourced = [d for d in places if not d.sources]
        lines.append(f"  designations without a source: {len(unsourced)}")
        lines.append(f"  designations without a date: {sum(1 for d in places if d.date is None)}")
        documents = list(PolicyDocument.objects.filter(programmes=programme))
        lines.append(f"  policy documents: {len(documents)}")
        lines.append(f"    without a source: {sum(1 for d in documents if not d.sources)}")
        lines.append(f"    without a URL: {sum(1 for d in documents if not d.url)}")
        lines.append(f"    without a 文号: {sum(1 for d in documents if not d.doc_number)}")
    return lines


def _projects(programme, projects: list[Project], provinces) -> list[str]:
    lines = [f"  projects: {len(projects)}"]
    totals = {t.batch: t for t in BatchTotal.objects.filter(programme=programme)}
    by_batch = Counter(p.batch for p in projects)
    running = 0
    for batch in sorted({*(b for b in by_batch if b is not None), *totals}):
        running += by_batch.get(batch, 0)
        total = totals.get(batch)
        if total and total.count is not None:
            gap = by_batch.get(batch, 0) - total.count
            official = f"official {total.count}" + (
                f" (cumulative {total.cumulative})" if total.cumulative else ""
            )
            verdict = "complete" if gap == 0 else f"{-gap} missing" if gap < 0 else f"{gap} more than stated"
        else:
            official, verdict = "no official total recorded", ""
        lines.append(
            f"    batch {batch}: {by_batch.get(batch, 0)} in register (running {running}); {official}"
            + (f" — {verdict}" if verdict else "")
        )
    if by_batch.get(None):
        lines.append(f"    batch unknown: {by_batch[None]}")
    lines += _provinces_line({p.province_id for p in projects}, provinces)
    missing = Counter(field for p in projects for field in _missing(p))
    incomplete = sum(1 for p in projects if _missing(p))
    lines.append(f"  projects missing a field: {incomplete}")
    for field in PROJECT_REQUIRED:
        if missing.get(field):
            lines.append(f"    no {field}: {missing[field]}")
    lines.append(f"  projects without a source: {sum(1 for p in projects if not p.sources)}")
    lines.append(
        f"  projects with unmatched output hospitals: {sum(1 for p in projects if p.unmatched_outputs)}"
    )
    lines.append(f"  projects edited by staff: {sum(1 for p in projects if p.staff_edited)}")
    lines.append(f"  rows with pending reference values: {sum(1 for p in projects if p.pending_reference)}")
    return lines
