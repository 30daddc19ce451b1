"""Facets of the article list (declared here; the view supplies the base queryset)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Outlet
from articles.search import MAX_QUERY, search
from core.widgets import EntityChoiceFilter, FastSelect, ProgrammeChoiceFilter, SortFilter
from hospitals.models import Hospital, HospitalKind, Province
from programmes.models import Designation, Programme

# The programme whose hospitals are the two ends of output→input pairs.
REGIONAL_MEDICAL_CENTRE = "regional_medical_center"
# The years a reader may filter by. A year lookup turns the value into datetimes in the
# site's time zone: 0, -1 or 99999999 raised (a 500), and so did 1 (a decimal 1.5 too).
MIN_YEAR, MAX_YEAR = 1900, 2100


class YearFilter(django_filters.NumberFilter):
    """A whole year between MIN_YEAR and MAX_YEAR; anything else is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


def _named(field: str):
    """Articles naming the entity (not only reaching it through a hospital), not rejected."""

    def method(queryset, name, value):
        return queryset.naming(field, value) if value else queryset

    return method


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="full_text",
        label=_("检索"),
        widget=forms.TextInput(
            attrs={
                "maxlength": MAX_QUERY,
                "placeholder": _("如：白求恩、区域医疗中心、基层卫生"),
                "type": "search",
                # The articles are Chinese, so are the queries (and the example terms).
                "lang": "zh",
            }
        ),
    )
    province = EntityChoiceFilter(
        queryset=Province.objects.order_by("code"),
        to_field_name="slug",
        label=_("省份"),
        empty_label=_("全部省份"),
        method=_named("province"),
    )
    programme = ProgrammeChoiceFilter(
        queryset=Programme.objects.order_by("order"),
        label=_("项目"),
        empty_label=_("全部项目"),
        method=_named("programme"),
    )
    hospital = EntityChoiceFilter(
        queryset=Hospital.objects.order_by("name"),
        to_field_name="slug",
        label=_("医院"),
        empty_label=_("全部医院"),
        method=_named("hospital"),
    )
    outlet = EntityChoiceFilter(
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        label=_("媒体"),
        empty_label=_("全部媒体"),
    )
    year = YearFilter(field_name="published_at", lookup_expr="year", label=_("年份"))
    start = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label=_("起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = SortFilter(
        fields=(("published_at", "date"), ("title", "title")),
        choices=(("-date", _("最新在前")), ("date", _("最早在前")), ("title", _("标题"))),
        label=_("排序"),
    )

    class Meta:
        model = Article
        fields = ["q", "province", "programme", "hospital", "outlet", "year", "start", "end"]

    def full_text(self, queryset, name, value):
        return search(queryset, value) if value.strip() else queryset


class HospitalFilter(django_filters.FilterSet):
    """Facets of the hospital list: province, programme (designated in it, or, for the
    regional medical centre programme, an output hospital or input site), role, kind, and
    a name/alias search."""

    province = EntityChoiceFilter(
        queryset=Province.objects.order_by("code"),
        to_field_name="slug",
        label=_("省份"),
        empty_label=_("全部省份"),
    )
    programme = ProgrammeChoiceFilter(
        queryset=Programme.objects.order_by("order", "key"),
        method="in_programme",
        label=_("项目"),
        empty_label=_("全部项目"),
    )
    role = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=(("output", _("输出医院")), ("input", _("输入医院"))),
        method="by_role",
        label=_("角色"),
        empty_label=_("全部"),
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect, choices=HospitalKind.choices, label=_("类型"), empty_label=_("全部")
    )
    q = django_filters.CharFilter(method="by_name", label=_("名称"))

    class Meta:
        model = Hospital
        fields = ["province", "programme", "role", "kind"]

    def in_programme(self, queryset, name, programme):
        if programme is None:
            return queryset
        designated = Designation.objects.filter(programme=programme).not_rejected()
        inside = Q(pk__in=designated.values("hospital"))
        if programme.key == REGIONAL_MEDICAL_CENTRE:  # its hospitals are the pairs' two ends
            inside |= Q(pk__in=queryset.outputs().values("pk")) | Q(pk__in=queryset.inputs().values("pk"))
        return queryset.filter(inside)

    def by_role(self, queryset, name, value):
        return (
            queryset.outputs() if value == "output" else queryset.inputs() if value == "input" else queryset
        )

    def by_name(self, queryset, name, value):
        value = value.strip()[:40]
        if not value:
            return queryset
        named = Q(name__icontains=value) | Q(aliases__name__icontains=value) | Q(name_en__icontains=value)
        return queryset.filter(named).distinct()
