"""What the programme, project and policy-document pages read from articles (the
articles that name them, the events and designations with their citations).

programmes never imports articles: each hook has a default with empty results, and the
articles app plugs in the real functions at start-up (articles/apps.py ready(),
articles/selectors.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _no_context(request, *args) -> dict:
    return {}


DEFAULTS: dict[str, Callable[..., Any]] = {
    # (request, programme) -> designations, events, figures and articles of a programme page
    "programme_context": _no_context,
    # (request, kind, entity) -> {"articles": [...]} naming a project or citing a document
    "entity_articles": _no_context,
}

_registered: dict[str, Callable[..., Any]] = {}


def register(**hooks: Callable[..., Any]) -> None:
    """Plug in the functions of an app above programmes (names as in DEFAULTS)."""
    unknown = set(hooks) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown programmes selector(s): {', '.join(sorted(unknown))}")
    _registered.update(hooks)


def get(name: str) -> Callable[..., Any]:
    return _registered.get(name, DEFAULTS[name])


def programme_context(request, programme) -> dict:
    return get("programme_context")(request, programme)


def entity_articles(request, kind: str, entity) -> dict:
    return get("entity_articles")(request, kind, entity)
