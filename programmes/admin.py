from django.contrib import admin

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
    list_filter = ["status", "date_precision"]
    date_hierarchy = "date"
    actions = ["confirm", "reject"]

    @admin.action(description="确认所选事实")
    def confirm(self, request, queryset):
        queryset.update(status="confirmed")

    @admin.action(description="否决所选事实")
    def reject(self, request, queryset):
        queryset.update(status="rejected")


@admin.register(Designation)
class DesignationAdmin(FactAdmin):
    list_display = ["programme", "target", "label", "batch", "display_date", "status"]
    list_filter = ["programme", "status", "batch", "province"]
    search_fields = ["province__name", "division__name", "hospital__name", "hospital__aliases__name", "label"]
    list_select_related = ["programme", "province", "division", "hospital"]
    autocomplete_fields = ["province", "division", "hospital"]


@admin.register(Event)
class EventAdmin(FactAdmin):
    list_display = ["display_date", "summary", "status"]
    list_filter = ["programmes", "status", "date_precision", "provinces"]
    search_fields = ["summary"]
    autocomplete_fields = ["provinces", "divisions", "hospitals"]
    filter_horizontal = ["programmes"]


@admin.register(Figure)
class FigureAdmin(FactAdmin):
    list_display = ["label", "value_text", "unit", "display_date", "programme", "province", "status"]
    list_filter = ["programme", "status", "province"]
    search_fields = ["label", "value_text"]
    list_select_related = ["programme", "province"]
    autocomplete_fields = ["province"]
