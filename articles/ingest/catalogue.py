"""Database → Gazetteer: the one place that reads models for linking.

Building the gazetteer (and its jieba tokenizer) takes about a second, so it is cached
per process and rebuilt only when the reference data changes: a signature (counts, top
ids, the newest names) catches additions and removals from any process; an edit in place
(a renamed hospital) is caught in the process that made it, through `forget()` on the
models' save and delete signals, and by `relink`, which always builds afresh.
"""

from __future__ import annotations

from django.db.models import Count, Max

from articles.ingest.gazetteer import EntityRef, Gazetteer
from hospitals.models import Division, Hospital, HospitalAlias, Partnership, Province
from programmes.models import PolicyDocument, Programme, ProgrammeAlias, Project, ProjectAlias

_cache: tuple[tuple, Gazetteer] | None = None

GAZETTEER_MODELS = (
    Province, Division, Hospital, HospitalAlias, Programme, ProgrammeAlias, Partnership,
    Project, ProjectAlias, PolicyDocument,
)  # fmt: skip


def _signature() -> tuple:
    """Changes whenever a row that feeds the gazetteer is added, removed or renamed."""
    return tuple(
        tuple(model.objects.aggregate(n=Count("id"), top=Max("id")).values()) for model in GAZETTEER_MODELS
    ) + (
        tuple(Hospital.objects.values_list("name", flat=True).order_by("-id")[:1]),
        tuple(HospitalAlias.objects.values_list("name", flat=True).order_by("-id")[:1]),
    )


def forget(**kwargs) -> None:
    """Drop the cached gazetteer (a signal receiver: a row that feeds it changed)."""
    global _cache
    _cache = None


def load_gazetteer(*, fresh: bool = False) -> Gazetteer:
    global _cache
    signature = _signature()
    if not fresh and _cache is not None and _cache[0] == signature:
        return _cache[1]
    gazetteer = build_gazetteer()
    _cache = (signature, gazetteer)
    return gazetteer


def build_gazetteer() -> Gazetteer:
    entities: list[tuple[EntityRef, list[str]]] = []
    province_names = {}
    for p in Province.objects.all():
        province_names[p.id] = p.short_name
        ref = EntityRef("province", p.slug, p.short_name, province=p.short_name)
        entities.append((ref, [p.name, p.short_name, p.abbr]))
    codes = dict(Division.objects.values_list("id", "code"))
    for d in Division.objects.all():
        ref = EntityRef(
            "division",
            d.code,
            d.name,
            province=province_names[d.province_id],
            parent=codes.get(d.parent_id),
            level=d.level,
        )
        entities.append((ref, [d.name]))
    for h in Hospital.objects.prefetch_related("aliases"):
        ref = EntityRef(
            "hospital",
            h.slug,
            h.name,
            province=province_names[h.province_id],
            division=codes.get(h.division_id),
        )
        entities.append((ref, [h.name, *(a.name for a in h.aliases.all())]))
    for prog in Programme.objects.prefetch_related("aliases"):
        ref = EntityRef("programme", prog.key, prog.key)
        entities.append((ref, [prog.name, *(a.name for a in prog.aliases.all())]))
    # The registers: a project by its announced name and aliases (its host hospital is a
    # hospital above); a policy document by its title (quoted in 《》) and its 文号.
    for project in Project.objects.prefetch_related("aliases"):
        ref = EntityRef("project", project.slug, project.name, province=province_names[project.province_id])
        entities.append((ref, [project.name, *(a.name for a in project.aliases.all())]))
    for doc in PolicyDocument.objects.all():
        ref = EntityRef("document", doc.slug, doc.title)
        entities.append((ref, [doc.title, doc.doc_number]))
    pairs = Partnership.objects.values_list("output__slug", "input__slug")
    return Gazetteer.from_entities(entities, pairs)
