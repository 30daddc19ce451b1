"""Facets of the public pages (declared here; the views supply the base querysets)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from config.widgets import EntityChoiceFilter
from hospitals.models import Province
from programmes.models import Event, Programme


class EventFilter(django_filters.FilterSet):
    programme = EntityChoiceFilter(
        field_name="programmes",
        queryset=Programme.objects.all(),
        to_field_name="key",
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
    order = django_filters.OrderingFilter(
        fields=(("date", "date"),),
        choices=(("-date", _("最新在前")), ("date", _("最早在前"))),
        label=_("排序"),
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Event
        fields = ["programme", "province"]
