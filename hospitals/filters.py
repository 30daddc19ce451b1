"""Facets of the hospital list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hospitals.models import Hospital, HospitalKind, Province


class HospitalFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.order_by("code"), to_field_name="slug", label=_("省份")
    )
    role = django_filters.ChoiceFilter(
        choices=(("output", _("输出医院")), ("input", _("输入医院"))), method="by_role", label=_("角色")
    )
    kind = django_filters.ChoiceFilter(choices=HospitalKind.choices, label=_("类型"))
    q = django_filters.CharFilter(method="by_name", label=_("名称"))

    class Meta:
        model = Hospital
        fields = ["province", "role", "kind"]

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
