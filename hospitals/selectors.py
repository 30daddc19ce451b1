"""What the hospital, province and division pages read from the apps above hospitals
(designations and registers in programmes, mentions, articles and events in articles).

hospitals imports neither of them: each hook below has a default with empty results, and
the articles app plugs in the real functions at start-up (articles/apps.py ready(),
articles/selectors.py). The pages call the hooks through this module only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _no_context(request, *args) -> dict:
    return {}


def _no_map_data(request) -> dict:
    return {"programmes": [], "marks": {}, "since": {}}


def _plain_provinces(request) -> list:
    from hospitals.models import Province

    provinces = list(Province.objects.order_by("code"))
    for p in provinces:
        p.programme_count = p.designation_count = p.hospital_count = p.article_count = 0
        p.latest = None
    return provinces


def _no_filterset():
    return None


def _same_rows(queryset, programme):
    return queryset


DEFAULTS: dict[str, Callable[..., Any]] = {
    # (request, province) -> context of the province page beyond the province itself
    "province_context": _no_context,
    # (request, kind, entity) -> context of a division or hospital page ("division"/"hospital")
    "entity_context": _no_context,
    # (request) -> the tile map's legend and marks: {"programmes", "marks", "since"}
    "map_data": _no_map_data,
    # (request, provinces) -> what includes/tile_map.html needs
    "tile_map_context": lambda request, provinces: {"provinces": provinces, "map_programmes": []},
    # (request) -> every province with its counts, for the province table
    "province_rows": _plain_provinces,
    # () -> the hospital list's FilterSet class (its programme facet needs designations)
    "hospital_filterset": _no_filterset,
}

_registered: dict[str, Callable[..., Any]] = {}


def register(**hooks: Callable[..., Any]) -> None:
    """Plug in the functions of an app above hospitals (names as in DEFAULTS)."""
    unknown = set(hooks) - set(DEFAULTS)
    if unknown:
        raise KeyError(f"unknown hospitals selector(s): {', '.join(sorted(unknown))}")
    _registered.update(hooks)


def get(name: str) -> Callable[..., Any]:
    return _registered.get(name, DEFAULTS[name])


def province_context(request, province) -> dict:
    return get("province_context")(request, province)


def entity_context(request, kind: str, entity) -> dict:
    return get("entity_context")(request, kind, entity)


def map_data(request) -> dict:
    return get("map_data")(request)


def tile_map_context(request, provinces) -> dict:
    return get("tile_map_context")(request, provinces)


def province_rows(request) -> list:
    return get("province_rows")(request)


def hospital_filterset():
    return get("hospital_filterset")()
