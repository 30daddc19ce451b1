"""System checks of the project (registered when the articles app is ready)."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.checks import Error, register


@register(deploy=True)
def check_static_manifest(app_configs, **kwargs) -> list[Error]:
    """With DEBUG off the static files are served from a manifest (hashed names) that only
    `collectstatic` writes; without it every `{% static %}` raises and every page is a 500.
    Deploy-tagged: `migrate` and `collectstatic` itself run before the manifest exists."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name is None:  # not a manifest storage (DEBUG on)
        return []
    if staticfiles_storage.manifest_storage.exists(manifest_name):
        return []
    return [
        Error(
            f"The static files manifest {settings.STATIC_ROOT}/{manifest_name} is missing: "
            "every page would be a server error.",
            hint="Run `manage.py collectstatic` (or `make deploy-check`) before serving.",
            id="rmc.E001",
        )
    ]
