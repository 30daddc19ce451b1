from django.contrib import admin

from hospitals.models import Division, Hospital, HospitalAlias, Partnership, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "abbr", "name_en", "kind", "slug", "tile_row", "tile_col"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "name_en", "slug", "code"]
    ordering = ["code"]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "province"]
    list_filter = ["level", "province"]
    search_fields = ["name", "code"]
    list_select_related = ["parent", "province"]
    autocomplete_fields = ["parent", "province"]


class HospitalAliasInline(admin.TabularInline):
    model = HospitalAlias
    extra = 1


class OutputPartnershipInline(admin.TabularInline):
    model = Partnership
    fk_name = "input"
    extra = 0
    autocomplete_fields = ["output"]
    verbose_name_plural = "输出医院"


@admin.register(Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "division", "alias_list"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "name_en", "slug", "aliases__name"]
    list_select_related = ["province", "division"]
    autocomplete_fields = ["province", "division"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [HospitalAliasInline, OutputPartnershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="别名")
    def alias_list(self, obj: Hospital) -> str:
        return "、".join(a.name for a in obj.aliases.all())


@admin.register(HospitalAlias)
class HospitalAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "hospital"]
    search_fields = ["name", "hospital__name"]
    list_select_related = ["hospital"]
    autocomplete_fields = ["hospital"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["output", "input", "field", "batch", "year"]
    list_filter = ["batch", "year", "input__province"]
    search_fields = ["output__name", "input__name", "output__aliases__name", "input__aliases__name", "field"]
    list_select_related = ["output", "input"]
    autocomplete_fields = ["output", "input"]
