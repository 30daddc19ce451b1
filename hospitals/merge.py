"""Merge two hospital records that turned out to be one institution.

Everything that points at the merged record moves to the survivor: aliases (the merged
record's own name becomes one), partnerships, and every row of other apps with a foreign
key or many-to-many to Hospital (mentions, designations, events…), found through the
model's relations so that this app needs to know nothing about the apps built on it.
Rows that would collide with one the survivor already has (the same partnership, the same
designation) hand their own dependants (citations) to the survivor's row and go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction

from hospitals.models import Hospital, HospitalAlias, Partnership


class MergeError(ValueError):
    """The two records cannot be merged; the message says why."""


@dataclass
class MergeReport:
    moved: dict[str, int] = field(default_factory=dict)
    folded: dict[str, int] = field(default_factory=dict)  # colliding rows merged into the survivor's

    def add(self, bucket: dict[str, int], label: str, n: int) -> None:
        if n:
            bucket[label] = bucket.get(label, 0) + n


def _repoint(old: models.Model, new: models.Model) -> None:
    """Move every row that points at `old` (a non-hospital row being folded into its twin)
    to `new`; rows that would collide are dropped (their twin already says the same)."""
    for rel in old._meta.related_objects:
        if rel.many_to_many:
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: old})
        try:
            with transaction.atomic():
                rows.update(**{rel.field.name: new})
        except IntegrityError:
            rows.delete()


def _unique_twin(row: models.Model, field_name: str, survivor: Hospital) -> models.Model | None:
    """The survivor's row that `row` would duplicate once `field_name` points at it, by the
    model's unique constraints."""
    model = type(row)
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or field_name not in constraint.fields:
            continue
        lookup = {f: getattr(row, f"{f}_id", None) or getattr(row, f) for f in constraint.fields}
        lookup[field_name] = survivor.pk
        query = model._base_manager.filter(**lookup).exclude(pk=row.pk)
        if constraint.condition is not None:
            query = query.filter(constraint.condition)
        if (twin := query.first()) is not None:
            return twin
    return None


def _move_foreign_keys(rel, other: Hospital, survivor: Hospital, report: MergeReport) -> None:
    model, name = rel.related_model, rel.field.name
    label = str(model._meta.verbose_name_plural)
    for row in model._base_manager.filter(**{name: other}):
        if model is Partnership:
            partner = row.input_id if name == "output" else row.output_id
            if partner == survivor.pk:  # the two were partners of each other: no pair remains
                row.delete()
                report.add(report.folded, label, 1)
                continue
        twin = _unique_twin(row, name, survivor)
        if twin is not None:
            _repoint(row, twin)
            row.delete()
            report.add(report.folded, label, 1)
        else:
            setattr(row, name, survivor)
            row.save(update_fields=[name])
            report.add(report.moved, label, 1)


def _move_many_to_many(rel, other: Hospital, survivor: Hospital, report: MergeReport) -> None:
    through = rel.through
    source = rel.field.m2m_reverse_field_name()  # the through table's column for Hospital
    target = rel.field.m2m_field_name()  # and the one for the model holding the field
    have = set(through.objects.filter(**{source: survivor}).values_list(f"{target}_id", flat=True))
    rows = through.objects.filter(**{source: other})
    moving = rows.exclude(**{f"{target}_id__in": have})
    report.add(report.moved, str(rel.related_model._meta.verbose_name_plural), moving.count())
    moving.update(**{source: survivor})
    rows.delete()  # those the survivor already had


@transaction.atomic
def merge_hospitals(survivor: Hospital, other: Hospital) -> MergeReport:
    """Fold `other` into `survivor` and delete `other`. All or nothing."""
    if survivor.pk == other.pk:
        raise MergeError("a hospital cannot be merged with itself")
    report = MergeReport()
    for rel in Hospital._meta.related_objects:
        if rel.many_to_many:
            _move_many_to_many(rel, other, survivor, report)
        else:
            _move_foreign_keys(rel, other, survivor, report)
    if not HospitalAlias.objects.filter(name=other.name).exists() and other.name != survivor.name:
        HospitalAlias.objects.create(hospital=survivor, name=other.name)
        report.add(report.moved, str(HospitalAlias._meta.verbose_name_plural), 1)
    other.delete()
    return report
