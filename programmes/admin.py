from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from config.admin_helpers import ReviewStatusFilter, bulk_status_actions
from programmes.models import Designation, Event, Figure, Programme, ProgrammeAlias


class ProgrammeAliasInline(admin.TabularInline):
    model = ProgrammeAlias
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "name_en", "lead_agencies", "start_year", "order"]
    search_fields = ["name", "short_name", "name_en", "key", "aliases__name"]
    inlines = [ProgrammeAliasInline]


@admin.register(ProgrammeAlias)
class ProgrammeAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "programme"]
    list_filter = ["programme"]
    search_fields = ["name"]


class FactAdmin(admin.ModelAdmin):
    """A review queue: opens on the automatically extracted facts nobody has reviewed,
    each with the sentence it came from and its article, to confirm or reject in bulk."""

    list_filter = [ReviewStatusFilter, "date_precision"]
    date_hierarchy = "date"
    actions = bulk_status_actions("事实")

    def get_queryset(self, request):
        # Citations live in the articles app; reached by their reverse name only.
        return super().get_queryset(request).prefetch_related("citations__article")

    @admin.display(description=_("引文与出处"))
    def evidence(self, obj):
        citations = list(obj.citations.all())
        if not citations:
            return "—"
        first = citations[0]
        url = reverse("admin:articles_article_change", args=[first.article_id])
        more = _("（另有 %(n)d 处）") % {"n": len(citations) - 1} if len(citations) > 1 else ""
        return format_html(
            '“{}”<br><a href="{}">{}</a>{}', Truncator(first.quote).chars(120), url, first.article.title, more
        )


@admin.register(Designation)
class DesignationAdmin(FactAdmin):
    list_display = ["programme", "target", "label", "batch", "display_date", "status", "evidence"]
    list_filter = [ReviewStatusFilter, "programme", "batch", "province"]
    search_fields = ["province__name", "division__name", "hospital__name", "hospital__aliases__name", "label"]
    list_select_related = ["programme", "province", "division", "hospital"]
    autocomplete_fields = ["province", "division", "hospital"]


@admin.register(Event)
class EventAdmin(FactAdmin):
    list_display = ["display_date", "summary", "status", "evidence"]
    list_filter = [ReviewStatusFilter, "programmes", "date_precision", "provinces"]
    search_fields = ["summary"]
    autocomplete_fields = ["provinces", "divisions", "hospitals"]
    filter_horizontal = ["programmes"]


@admin.register(Figure)
class FigureAdmin(FactAdmin):
    list_display = [
        "label",
        "value_text",
        "unit",
        "display_date",
        "programme",
        "province",
        "status",
        "evidence",
    ]
    list_filter = [ReviewStatusFilter, "programme", "province"]
    search_fields = ["label", "value_text"]
    list_select_related = ["programme", "province"]
    autocomplete_fields = ["province"]
