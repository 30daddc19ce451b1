"""Who is in which programme, and since when: read from the registers (projects and
designations) first, then from designations extracted from articles.

Plain queries over this app and hospitals, shared by the home map, the province table,
province, programme and hospital pages (the views live in articles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate

from django.db.models import Prefetch

from hospitals.models import Province
from programmes.models import Designation, Origin, PolicyDocument, Project, batch_label

RMC = "regional_medical_center"


@dataclass
class Since:
    """A province's first batch and first year in a programme (either may be unknown)."""

    batch: int | None = None
    year: int | None = None
    register: bool = False  # stated by a register row, not only by an article

    def add(self, batch: int | None, year: int | None, *, register: bool) -> None:
        if batch is not None and (self.batch is None or batch < self.batch):
            self.batch = batch
        if year is not None and (self.year is None or year < self.year):
            self.year = year
        self.register = self.register or register

    @property
    def text(self) -> str:
        parts = []
        if self.batch:
            parts.append(batch_label(self.batch))
        if self.year:
            parts.append(str(self.year))
        return " · ".join(parts)


# What register rows on a programme or province page never show (the staff's reference copy
# and notes): left unread.
LISTING_DEFERRED = ("reference_values", "pending_reference", "note")


def membership() -> dict[int, dict[str, Since]]:
    """province id → programme key → Since, over projects and every live designation."""
    found: dict[int, dict[str, Since]] = {}

    def add(province_id, key, batch, year, register):
        if province_id:
            found.setdefault(province_id, {}).setdefault(key, Since()).add(batch, year, register=register)

    for province_id, batch, listed_on in Project.objects.values_list("province_id", "batch", "listed_on"):
        add(province_id, RMC, batch, listed_on.year if listed_on else None, True)
    rows = Designation.objects.public().values_list(
        "programme__key",
        "province_id",
        "division__province_id",
        "hospital__province_id",
        "batch",
        "date",
        "origin",
    )
    for key, p1, p2, p3, batch, date, origin in rows:
        add(p1 or p2 or p3, key, batch, date.year if date else None, origin != Origin.ARTICLE)
    return found


def first_batches() -> dict[int, int | None]:
    """province id → the first batch of regional medical centre projects it hosts (None
    when it hosts projects of unknown batch only)."""
    return {pk: programmes[RMC].batch for pk, programmes in membership().items() if RMC in programmes}


@dataclass
class BatchGroup:
    batch: int | None
    items: list = field(default_factory=list)
    official: object | None = None  # the BatchTotal stating this batch's size, if any


def by_batch(items, official=()) -> list[BatchGroup]:
    """Items with a `batch` attribute grouped by batch (unknown batch last)."""
    groups: dict[int | None, BatchGroup] = {}
    for item in items:
        groups.setdefault(item.batch, BatchGroup(item.batch)).items.append(item)
    for total in official:
        groups.setdefault(total.batch, BatchGroup(total.batch)).official = total
    return sorted(groups.values(), key=lambda g: (g.batch is None, g.batch or 0))


@dataclass(frozen=True)
class Bar:
    label: str
    count: int  # this batch, in the register
    cumulative: int
    official: int | None  # the officially stated running total, if known
    x: int
    y: int
    w: int
    h: int
    cx: int
    oy: int | None  # y of the official total's mark


def cumulative_chart(groups: list[BatchGroup], *, width: int = 360, height: int = 150) -> dict | None:
    """The register's running total by batch as SVG bar geometry (server-rendered, like
    the home page's figures chart), with the official running total marked where known."""
    numbered = [g for g in groups if g.batch is not None]
    if not numbered:
        return None
    counts = [len(g.items) for g in numbered]
    running = list(accumulate(counts))
    officials = [g.official.cumulative if g.official and g.official.cumulative else None for g in numbered]
    top = max([*running, *(o for o in officials if o)]) or 1
    slot = width / len(numbered)
    plot = height - 40

    def y(value: int) -> int:
        return height - 20 - round(plot * value / top)

    bars = [
        Bar(
            label=batch_label(g.batch),
            count=count,
            cumulative=total,
            official=official,
            x=round(i * slot + slot * 0.2),
            y=y(total),
            w=round(slot * 0.6),
            h=round(plot * total / top),
            cx=round(i * slot + slot / 2),
            oy=y(official) if official else None,
        )
        for i, (g, count, total, official) in enumerate(
            zip(numbered, counts, running, officials, strict=True)
        )
    ]
    unknown = sum(len(g.items) for g in groups if g.batch is None)
    return {"bars": bars, "width": width, "height": height, "unknown": unknown}


def programme_register(programme) -> dict:
    """What a programme page shows from the registers: projects by batch with the
    cumulative chart (regional medical centres), places by batch and role, documents."""
    context: dict = {
        "documents": list(programme.documents.order_by("issued_on", "title")),
    }
    if programme.key == RMC:
        groups = by_batch(
            Project.objects.filter(programme=programme)
            .for_listing()
            .defer(*LISTING_DEFERRED)
            .order_by("batch", "province__code", "name"),
            programme.batch_totals.all(),
        )
        found = membership()
        provinces = list(Province.objects.on_map())
        for p in provinces:
            since = found.get(p.pk, {})
            p.programme_keys = list(since)
            p.first_batch = since[RMC].batch if RMC in since else None
        context.update(
            project_groups=groups,
            project_chart=cumulative_chart(groups),
            provinces=provinces,
            batch_legend=sorted({p.first_batch for p in provinces if p.first_batch}),
        )
    places = (
        Designation.objects.filter(programme=programme)
        .exclude(origin=Origin.ARTICLE)
        .not_rejected()
        .select_related("province", "division__parent", "division__province", "hospital")
        .order_by("batch", "role", "province__code", "division__code")
    )
    context["place_groups"] = by_batch(places)
    return context


def province_register(province: Province) -> dict:
    """A province's projects (as the province of the project). Its register designations
    are shown with their quotes (`quoted_designations`), not from here."""
    return {
        "projects": list(
            Project.objects.filter(province=province)
            .for_listing()
            .defer(*LISTING_DEFERRED)
            .order_by("batch", "name")
        ),
    }


def hospital_projects(hospital) -> dict:
    """The projects a hospital builds (as output hospital) or hosts (as 依托医院)."""
    return {
        "output_projects": list(
            hospital.output_projects.select_related("province").order_by("batch", "name")
        ),
        "hosted_projects": list(
            hospital.hosted_projects.select_related("province").order_by("batch", "name")
        ),
    }


def documents_by_year(documents=None) -> dict[int, list[PolicyDocument]]:
    documents = documents if documents is not None else PolicyDocument.objects.filter(issued_on__isnull=False)
    out: dict[int, list[PolicyDocument]] = {}
    for d in documents.prefetch_related(Prefetch("programmes")).order_by("issued_on", "title"):
        out.setdefault(d.issued_on.year, []).append(d)
    return out
