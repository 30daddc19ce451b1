"""Facets of the public pages (declared here; the views supply the base querysets)."""

import django_filters
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.widgets import EntityChoiceFilter, FastSelect, ProgrammeChoiceFilter, SortFilter
from hospitals.models import Hospital, Province
from programmes.models import Event, Programme, Project, ProjectStatus, batch_label


class YearFilter(django_filters.NumberFilter):
    """A calendar year (a whole number, 1949–2100): ?year=2023."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class EventFilter(django_filters.FilterSet):
    programme = ProgrammeChoiceFilter(
        field_name="programmes",
        queryset=Programme.objects.order_by("order", "key"),
        label=_("项目"),
        empty_label=_("全部项目"),
    )
    province = EntityChoiceFilter(
        field_name="provinces",
        queryset=Province.objects.all(),
        to_field_name="slug",
        label=_("省份"),
        empty_label=_("全部省份"),
    )
    year = YearFilter(field_name="date", lookup_expr="year", label=_("年份"))
    order = SortFilter(
        fields=(("date", "date"),),
        choices=(("-date", _("最新在前")), ("date", _("最早在前"))),
        label=_("排序"),
    )

    class Meta:
        model = Event
        fields = ["programme", "province"]


def _distinct_choices(field: str):
    """The values a register field takes (specialty), as select choices, read when the
    form is built so new rows show up."""

    def choices():
        values = Project.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
        return [(v, v) for v in sorted(set(values))]

    return choices


class ProjectFilter(django_filters.FilterSet):
    """Facets of the project register (/projects/): every value is validated by its form
    field, so a junk parameter shows a form error instead of failing."""

    batch = django_filters.ChoiceFilter(
        choices=[(str(n), lazy(batch_label, str)(n)) for n in range(1, 11)],  # labelled per request
        label=_("批次"),
        empty_label=_("全部批次"),
        widget=FastSelect,
    )
    province = EntityChoiceFilter(
        queryset=Province.objects.order_by("code"),
        to_field_name="slug",
        label=_("省份"),
        empty_label=_("全部省份"),
    )
    specialty = django_filters.ChoiceFilter(
        choices=_distinct_choices("specialty"), label=_("专科"), empty_label=_("全部专科"), widget=FastSelect
    )
    output = EntityChoiceFilter(
        field_name="output_hospitals",
        queryset=Hospital.objects.filter(output_projects__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        label=_("输出医院"),
        empty_label=_("全部输出医院"),
    )
    status = django_filters.ChoiceFilter(
        choices=ProjectStatus.choices, label=_("进展"), empty_label=_("全部"), widget=FastSelect
    )
    order = SortFilter(
        fields=(
            ("batch", "batch"),
            ("province__code", "province"),
            ("listed_on", "listed_on"),
            ("name", "name"),
        ),
        choices=(
            ("batch", _("按批次")),
            ("province", _("按省份")),
            ("-listed_on", _("最新列入在前")),
            ("listed_on", _("最早列入在前")),
            ("name", _("按名称")),
        ),
        label=_("排序"),
    )

    class Meta:
        model = Project
        fields = ["batch", "province", "specialty", "output", "status"]
