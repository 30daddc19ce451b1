"""Links to entity pages, built fast.

A list page links every row to a province, hospital, programme or article page; a timeline
page of 50 events makes ~400 such links. `reverse()` resolves the pattern, the language
prefix and the script prefix on every call (~55 µs here); `entity_url()` reverses each
view once per language, script prefix and URL configuration with a placeholder argument
and then only splices the value in (~13 µs, nearly all of it reading the request's
language and prefix). Values outside the placeholder's character set (a slug with
non-ASCII characters, say) go through `reverse()` as before.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Placeholders valid for the slug and int path converters, and unlikely in any URL.
_MARKS = {str: "zqxjslugmarkzqxj", int: "918273645546372819"}
_SAFE = {str: re.compile(r"[-a-zA-Z0-9_]+\Z"), int: re.compile(r"[0-9]+\Z")}
_templates: dict[tuple, tuple[str, str]] = {}


def entity_url(viewname: str, **kwargs: str | int) -> str:
    """`reverse(viewname, kwargs=...)` for a view with one slug or pk argument."""
    ((name, value),) = kwargs.items()
    kind = int if isinstance(value, int) else str
    text = str(value)
    if not _SAFE[kind].match(text):
        return reverse(viewname, kwargs=kwargs)
    key = (viewname, name, kind, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _templates.get(key)
    if parts is None:
        head, _mark, tail = reverse(viewname, kwargs={name: _MARKS[kind]}).rpartition(_MARKS[kind])
        parts = _templates[key] = (head, tail)
    return parts[0] + text + parts[1]
