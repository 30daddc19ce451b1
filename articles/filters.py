"""Facets of the article list (declared here; the view supplies the base queryset)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Outlet
from articles.search import MAX_QUERY, search
from hospitals.models import Hospital, Province
from programmes.models import Programme


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
            }
        ),
    )
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("code"),
        to_field_name="slug",
        label=_("省份"),
        method=_named("province"),
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("order"),
        to_field_name="key",
        label=_("项目"),
        method=_named("programme"),
    )
    hospital = django_filters.ModelChoiceFilter(
        queryset=Hospital.objects.order_by("name"),
        to_field_name="slug",
        label=_("医院"),
        method=_named("hospital"),
    )
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.order_by("name"), to_field_name="slug", label=_("媒体")
    )
    year = django_filters.NumberFilter(field_name="published_at", lookup_expr="year", label=_("年份"))
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
    sort = django_filters.OrderingFilter(
        fields=(("published_at", "date"), ("title", "title")),
        choices=(("-date", _("最新在前")), ("date", _("最早在前")), ("title", _("标题"))),
        label=_("排序"),
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Article
        fields = ["q", "province", "programme", "hospital", "outlet", "year", "start", "end"]

    def full_text(self, queryset, name, value):
        return search(queryset, value) if value.strip() else queryset
