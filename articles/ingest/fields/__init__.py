"""Each field of an article, as an ordered tuple of small named rules.

A rule is a plain function of the page view (`view.PageView`) that returns the field's
value or None. The field's value is the first rule's that returns one, and the rule's
name is kept (`ExtractedArticle.chosen_by`), so a wrong field says which rule set it.
A rule's place in its tuple is its priority.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def first_rule(rules: Iterable[Callable[..., T | None]], view, *args) -> tuple[T | None, str | None]:
    """The first rule's value that is not None (or empty), and that rule's name."""
    for rule in rules:
        value = rule(view, *args)
        if value:
            return value, rule.__name__
    return None, None
