"""Template helpers for list pages: what the visitor searched and filtered, in words."""

import datetime

from django import forms, template

register = template.Library()

# Parameters that change the order or the output, not which rows are listed.
NOT_FILTERS = {"sort", "o", "format", "page", "facts"}


def _words(field: forms.Field, value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(field, forms.ModelChoiceField):
        return str(getattr(value, "display_name", value))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices if not isinstance(label, list | tuple)}
        return str(labels.get(str(value), value))
    return str(value)


@register.filter
def active_filters(form: forms.Form | None) -> list[str]:
    """The valid filters of a bound filter form, as the words a page title shows:
    the search in quotes first (“医疗中心”), then each chosen value (山西, 2023). A filter
    that does not validate is left out, as the results leave it out."""
    if form is None or not form.is_bound:
        return []
    form.is_valid()  # cleaned_data then holds the fields that did validate
    words = []
    for name, value in form.cleaned_data.items():
        if name in NOT_FILTERS or value in (None, "", [], ()):
            continue
        text = _words(form.fields[name], value)
        words.append(f"“{text}”" if name == "q" else text)
    return sorted(words, key=lambda w: not w.startswith("“"))


@register.filter
def one_character_query(q: str | None) -> bool:
    """True when the search is a single Han character (it finds every article with it)."""
    from articles.search import is_short

    return bool(q) and is_short(q)


@register.filter
def keyed(programmes, keys) -> list[str]:
    """The display names of those `programmes` whose key is in `keys`, in their order."""
    keys = keys or ()
    return [p.display_name for p in programmes if p.key in keys]
