from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import action_page, bulk_status_actions
from hospitals.merge import MergeError, merge_hospitals
from hospitals.models import DataChange, DataVersion, Division, Hospital, HospitalAlias, Partnership, Province


class MergeForm(forms.Form):
    """The intermediate page of “merge two hospitals”: which record survives."""

    survivor = forms.ModelChoiceField(
        label=_("保留的记录"), queryset=Hospital.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, hospitals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = hospitals


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
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description="别名")
    def alias_list(self, obj: Hospital) -> str:
        return "、".join(a.name for a in obj.aliases.all())

    @admin.action(description=_("合并所选的两家医院"), permissions=["delete"])
    def merge(self, request, queryset):
        hospitals = queryset.order_by("pk")
        if hospitals.count() != 2:
            self.message_user(request, _("请恰好选择两家医院进行合并。"), messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, hospitals=hospitals)
        if "apply" in request.POST and form.is_valid():
            survivor = form.cleaned_data["survivor"]
            other = hospitals.exclude(pk=survivor.pk).get()
            name = other.name
            try:
                report = merge_hospitals(survivor, other)
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            moved = "，".join(f"{label} {n}" for label, n in report.moved.items()) or "—"
            self.log_change(request, survivor, f"merged {name} into this record ({moved})")
            self.message_user(
                request,
                _("已将“%(a)s”并入“%(b)s”：%(moved)s。") % {"a": name, "b": survivor.name, "moved": moved},
            )
            return None
        return action_page(
            self,
            request,
            hospitals,
            form,
            action="merge",
            title=_("合并医院"),
            intro=_(
                "另一条记录的名称成为保留记录的别名；它的别名、提及、合作与指定都转到保留的记录，然后删除它。"
            ),
        )


@admin.register(HospitalAlias)
class HospitalAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "hospital"]
    search_fields = ["name", "hospital__name"]
    list_select_related = ["hospital"]
    autocomplete_fields = ["hospital"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["output", "input", "field", "batch", "year", "status"]
    list_filter = ["status", "batch", "year", "input__province"]
    actions = bulk_status_actions("合作")
    search_fields = ["output__name", "input__name", "output__aliases__name", "input__aliases__name", "field"]
    list_select_related = ["output", "input"]
    autocomplete_fields = ["output", "input"]


@admin.register(DataChange)
class DataChangeAdmin(admin.ModelAdmin):
    """The notes that invalidate cached pages (load_reference, relink): read only."""

    list_display = ["at", "reason"]
    search_fields = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DataVersion)
class DataVersionAdmin(admin.ModelAdmin):
    """The single row that keys cached pages and counts (every write replaces its token): read only."""

    list_display = ["token", "changed_at"]
    search_fields = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
