from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("文章")

    def ready(self) -> None:
        from articles import selectors
        from articles.ingest import catalogue
        from articles.staff_groups import ensure_groups

        # The hospital, province and programme pages read articles' evidence through
        # hospitals/selectors.py and programmes/selectors.py (those apps never import articles).
        selectors.install()

        for model in catalogue.GAZETTEER_MODELS:
            for signal in (post_save, post_delete):
                signal.connect(catalogue.forget, sender=model, dispatch_uid=f"gazetteer.{model.__name__}")

        # articles is the last project app, so the other apps' permissions exist by now
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="articles.ensure_groups")
