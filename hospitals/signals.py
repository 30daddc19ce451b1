"""Every save, delete and many-to-many change of published data bumps the data version
(hospitals.models.DataVersion), whichever app the model lives in, and so does every
admin log entry (each admin edit, bulk action and review decision writes one). The
receivers are connected per model of the public apps, picked by app label, so this
bottom app imports nothing from above. Writes that send no signal (queryset .update(),
bulk_create, raw SQL) call bump_data_version themselves.

Delete receivers are not connected to the large leaf tables (FAST_DELETE): a receiver
would stop Django deleting their rows in one statement and make it load each row first.
Their rows go with their article (whose delete bumps), by the import's store step (which
bumps) or in the admin (whose log entry bumps)."""

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db.models.signals import m2m_changed, post_delete, post_save

from hospitals.models import bump_data_version

PUBLIC_APPS = ("hospitals", "programmes", "articles")
# Bookkeeping that no public page shows (an import's stored articles bump by themselves),
# and the version's own tables (note_data_change bumps).
NOT_PUBLISHED = {
    "hospitals.dataversion",
    "hospitals.datachange",
    "articles.importrun",
    "articles.importsource",
    "articles.importitem",
    "articles.rawpage",
}
FAST_DELETE = {"articles.mention", "articles.citation", "articles.articlesearch", "articles.unmatchedmention"}


def published(model) -> bool:
    meta = model._meta
    return meta.app_label in PUBLIC_APPS and meta.label_lower not in NOT_PUBLISHED


def _changed(sender, **kwargs) -> None:
    bump_data_version()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and published(sender):
        bump_data_version()


def connect() -> None:
    for label in PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models():
            if not published(model):
                continue
            name = model._meta.label_lower
            post_save.connect(_changed, sender=model, dispatch_uid=f"data_version.save.{name}")
            if name not in FAST_DELETE:
                post_delete.connect(_changed, sender=model, dispatch_uid=f"data_version.delete.{name}")
    post_save.connect(_changed, sender=LogEntry, dispatch_uid="data_version.admin_log")
    # m2m_changed's sender is the through model (auto-created ones are not listed above);
    # listening to it does not slow deletes
    m2m_changed.connect(_m2m_changed, dispatch_uid="data_version.m2m")
