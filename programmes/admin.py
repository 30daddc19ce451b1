from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import ReviewStatusFilter, bulk_status_actions, shown
from hospitals.models import bump_data_version
from programmes.models import (
    BatchTotal,
    Designation,
    Event,
    Figure,
    Milestone,
    Origin,
    PolicyDocument,
    Programme,
    ProgrammeAlias,
    Project,
    ProjectAlias,
)


class StaffEditMixin:
    """Register rows edited here are marked `staff_edited`, so `load_reference` never
    overwrites them (it reports a differing reference value in `pending_reference`
    instead); rows created here are `staff` rows, which the loader never touches.
    Unticking “编辑已修改” hands the row back to the reference file."""

    readonly_fields = ["origin"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = Origin.STAFF
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        edited = form.has_changed() or any(fs.has_changed() for fs in formsets)
        released = "staff_edited" in form.changed_data and not form.cleaned_data.get("staff_edited")
        rows = type(obj).objects.filter(pk=obj.pk)
        if released:  # the next load_reference writes the file's values over this row
            rows.update(reference_values={}, pending_reference={})
        elif change and edited and obj.origin == Origin.REFERENCE and not obj.staff_edited:
            rows.update(staff_edited=True)
            obj.staff_edited = True
        bump_data_version()  # .update() sends no signal


REGISTER_FIELDSET = (
    _("来源与核实"),
    {"fields": ["sources", "verified_fields", "note", "origin", "staff_edited", "pending_reference"]},
)


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

    class Media:
        css = {"all": ["css/admin.css"]}

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
class DesignationAdmin(StaffEditMixin, FactAdmin):
    list_display = [
        "programme", shown("target", _("对象")), "role", "level", "label", "batch", shown("display_date", _("日期"), ordering="date"), "origin", "status", "evidence"
    ]  # fmt: skip
    list_filter = [ReviewStatusFilter, "programme", "role", "origin", "staff_edited", "batch", "province"]
    search_fields = ["province__name", "division__name", "hospital__name", "hospital__aliases__name", "label"]
    list_select_related = ["programme", "province", "division", "hospital"]
    autocomplete_fields = ["province", "division", "hospital"]


@admin.register(Event)
class EventAdmin(FactAdmin):
    list_display = [shown("display_date", _("日期"), ordering="date"), "summary", "status", "evidence"]
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
        shown("display_date", _("日期"), ordering="date"),
        "programme",
        "province",
        "status",
        "evidence",
    ]
    list_filter = [ReviewStatusFilter, "programme", "province"]
    search_fields = ["label", "value_text"]
    list_select_related = ["programme", "province"]
    autocomplete_fields = ["province"]


class ProjectAliasInline(admin.TabularInline):
    model = ProjectAlias
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


@admin.register(Project)
class ProjectAdmin(StaffEditMixin, admin.ModelAdmin):
    list_display = [
        "name", "province", "batch", "specialty", "host_hospital", "display_listed_on", "status", "origin",
        "staff_edited",
    ]  # fmt: skip
    list_filter = ["batch", "province", "status", "origin", "staff_edited", "specialty"]
    search_fields = ["name", "aliases__name", "output_hospitals__name", "host_hospital__name"]
    list_select_related = ["province", "host_hospital"]
    autocomplete_fields = ["output_hospitals", "host_hospital", "province", "prefecture"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProjectAliasInline, MilestoneInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "name",
                    "slug",
                    "output_hospitals",
                    "unmatched_outputs",
                    "host_hospital",
                    "province",
                    "bingtuan",
                    "prefecture",
                    "specialty",
                    "batch",
                    "listed_on",
                    "listed_on_precision",
                    "status",
                ]  # fmt: skip
            },
        ),
        REGISTER_FIELDSET,
    ]

    @admin.display(description=_("列入日期"), ordering="listed_on")
    def display_listed_on(self, obj):
        return obj.display_listed_on


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(StaffEditMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "doc_number",
        "display_issued_on",
        shown("issuer_text", _("发文机关")),
        "origin",
        "staff_edited",
    ]
    list_filter = ["programmes", "origin", "staff_edited"]
    search_fields = ["title", "doc_number", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["programmes"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "doc_number",
                    "issuers",
                    "issued_on",
                    "issued_on_precision",
                    "programmes",
                    "url",
                    "summary",
                ]  # fmt: skip
            },
        ),
        REGISTER_FIELDSET,
    ]

    @admin.display(description=_("发布日期"), ordering="issued_on")
    def display_issued_on(self, obj):
        return obj.display_issued_on


@admin.register(ProjectAlias)
class ProjectAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "project"]
    search_fields = ["name", "project__name"]
    autocomplete_fields = ["project"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", shown("display_date", _("日期"), ordering="date")]
    list_filter = ["kind"]
    search_fields = ["project__name"]
    autocomplete_fields = ["project"]


@admin.register(BatchTotal)
class BatchTotalAdmin(StaffEditMixin, admin.ModelAdmin):
    list_display = ["programme", "batch", "count", "cumulative", "announced_on", "origin", "staff_edited"]
    list_filter = ["programme", "origin"]
    search_fields = ["programme__name"]
