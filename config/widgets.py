"""Form widgets, fields and filters shared by the apps' filter forms."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> built in Python instead of one template render per option.

    The list pages' facet forms carry selects of every province, hospital and outlet;
    Django's template-per-option rendering cost tens of milliseconds a page with a
    couple of hundred options. Same markup, values and labels escaped the same way."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))  # as Select: None selects the empty choice
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(v), mark_safe(" selected") if str(v) in chosen else "", label)
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
