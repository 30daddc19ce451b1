"""Form widgets, fields and filters shared by the apps' filter forms."""

import re

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


class FastSelect(forms.Select):
    """A <select> built in Python instead of one template render per option.

    The list pages' facet forms carry selects of every province, hospital and outlet;
    Django's template-per-option rendering cost tens of milliseconds a page with a
    couple of hundred options. Same markup, values and labels escaped the same way."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))  # as Select: None selects the empty choice
        # On an English page a label still in Chinese (a hospital or outlet with no
        # English name yet) is marked lang="zh", as the page's other Chinese names are.
        english = (get_language() or "").startswith("en")
        options = format_html_join(
            "",
            '<option value="{}"{}{}>{}</option>',
            (
                (
                    str(v),
                    mark_safe(" selected") if str(v) in chosen else "",
                    mark_safe(' lang="zh"') if english and _CJK.search(str(label)) else "",
                    label,
                )
                for v, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class DisplayNameChoiceField(forms.ModelChoiceField):
    """Choices labelled with the entity's `display_name` (its English name on /en/ pages)."""

    widget = FastSelect

    def label_from_instance(self, obj) -> str:
        return getattr(obj, "display_name", None) or str(obj)


class EntityChoiceFilter(django_filters.ModelChoiceFilter):
    """A facet select of provinces, programmes, hospitals…: display names, fast select."""

    field_class = DisplayNameChoiceField


class ProgrammeChoiceField(DisplayNameChoiceField):
    """A programme chosen by its slug (`regional-medical-center`, as in its page's
    address), the one spelling every link and filter uses. The machine key
    (`regional_medical_center`), which the article list and the timeline took before,
    is accepted as an alias so old links keep working; the select shows it chosen."""

    def _slug_of(self, value):
        # Keys are spelt with underscores, slugs with hyphens: only an underscore costs a query.
        if isinstance(value, str) and "_" in value:
            return self.queryset.filter(key=value).values_list("slug", flat=True).first() or value
        return value

    def to_python(self, value):
        return super().to_python(self._slug_of(value))

    def bound_data(self, data, initial):
        return self._slug_of(super().bound_data(data, initial))


class ProgrammeChoiceFilter(EntityChoiceFilter):
    """The `programme` facet of every list: by slug, the key accepted as an alias."""

    field_class = ProgrammeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class SortFilter(django_filters.OrderingFilter):
    """A list's sort select. An unknown value is a form error that says the list kept its
    default order (the view's `strict = False` leaves the order unapplied): the page then
    shows the same results as its count, in the default order, and says why."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("null_label", None)
        super().__init__(*args, **kwargs)
        self.extra["error_messages"] = {
            "invalid_choice": format_lazy(
                _("没有“%(value)s”这种排序，已按默认顺序（{default}）显示。"),
                default=self.extra["choices"][0][1],
            )
        }
