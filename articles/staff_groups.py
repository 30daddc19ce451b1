"""The two staff groups: `editors` import and review, `viewers` only look.

Kept in code, not in a fixture, so the permission lists follow the models: the groups are
brought up to date after every `migrate` (post_migrate), which also runs when the test
database is created.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission

EDITORS = "editors"
VIEWERS = "viewers"
PROJECT_APPS = ("hospitals", "programmes", "articles")

# What editors may change (besides viewing everything). Import history and the search
# index are logs written by the importer, never edited by hand; reference places
# (provinces, divisions) come from GB/T 2260 through `load_reference`.
EDITOR_CHANGES = {
    "articles": {
        "article": ("add", "change"),
        "outlet": ("add", "change"),
        "mention": ("add", "change", "delete"),
        "citation": ("change",),
        "unmatchedname": ("change",),
    },
    "programmes": {
        "designation": ("add", "change"),
        "event": ("add", "change"),
        "figure": ("add", "change"),
        # The registers: staff correct and add rows; load_reference never overwrites them.
        "project": ("add", "change", "delete"),
        "projectalias": ("add", "change", "delete"),
        "milestone": ("add", "change", "delete"),
        "policydocument": ("add", "change", "delete"),
        "batchtotal": ("add", "change", "delete"),
    },
    "hospitals": {
        "hospital": ("add", "change", "delete"),
        "hospitalalias": ("add", "change", "delete"),
        "partnership": ("add", "change"),
    },
}


def _codenames() -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    view = {
        (model._meta.app_label, f"view_{model._meta.model_name}")
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }
    change = {
        (app, f"{action}_{model}")
        for app, models in EDITOR_CHANGES.items()
        for model, actions in models.items()
        for action in actions
    }
    return view, view | change


def ensure_groups(**kwargs) -> None:
    """Create or update both groups. Idempotent; extra permissions staff granted by hand
    to a group are replaced, so the groups always mean what this module says."""
    if not Permission.objects.filter(content_type__app_label="articles").exists():
        return  # permissions are created later in the same migrate run
    viewers, editors = _codenames()
    for name, wanted in ((VIEWERS, viewers), (EDITORS, editors)):
        group, _ = Group.objects.get_or_create(name=name)
        perms = [
            p
            for p in Permission.objects.filter(content_type__app_label__in=PROJECT_APPS).select_related(
                "content_type"
            )
            if (p.content_type.app_label, p.codename) in wanted
        ]
        group.permissions.set(perms)
