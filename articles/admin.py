from django.contrib import admin
from django.db.models import Count

from articles.models import (
    Article,
    ArticleSearch,
    Citation,
    ImportItem,
    ImportRun,
    Mention,
    Outlet,
    RawPage,
    UnmatchedMention,
    UnmatchedName,
)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage"]
    search_fields = ["name", "slug"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = [
        "kind",
        "surface",
        "start",
        "end",
        "method",
        "status",
        "programme",
        "province",
        "division",
        "hospital",
    ]
    autocomplete_fields = ["province", "division", "hospital"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "display_date", "outlet", "original_outlet", "reporter", "duplicate_of"]
    list_filter = [
        "published_precision",
        "date_inferred",
        "outlet",
        "mentions__province",
        "mentions__programme",
    ]
    search_fields = ["title", "reporter", "url", "outlet__name"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet", "original_outlet", "duplicate_of"]
    autocomplete_fields = ["outlet", "original_outlet", "duplicate_of"]
    readonly_fields = ["content_hash", "simhash", "extractor_version", "created_at", "updated_at"]
    inlines = [MentionInline]


@admin.register(RawPage)
class RawPageAdmin(admin.ModelAdmin):
    list_display = ["article", "filename", "url", "media_type", "encoding", "size", "fetched_at"]
    list_filter = ["media_type", "encoding"]
    search_fields = ["filename", "url", "sha256", "article__title"]
    exclude = ["data"]
    readonly_fields = ["article", "sha256", "size", "media_type", "encoding", "filename", "url", "fetched_at"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["surface", "kind", "target", "article", "method", "status"]
    list_filter = ["kind", "method", "status", "province"]
    search_fields = ["surface", "article__title", "hospital__name", "division__name"]
    list_select_related = ["article", "programme", "province", "division", "hospital"]
    autocomplete_fields = ["article", "province", "division", "hospital"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["quote", "article", "designation", "event", "figure", "partnership"]
    search_fields = ["quote", "article__title"]
    list_select_related = ["article", "designation", "event", "figure", "partnership"]
    autocomplete_fields = ["article"]
    raw_id_fields = ["designation", "event", "figure", "partnership"]


class ImportItemInline(admin.TabularInline):
    model = ImportItem
    extra = 0
    can_delete = False
    fields = ["source", "outcome", "error", "article", "size", "duration_ms"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Import history is a log: it can be read and filtered, never edited."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "origin", "user", "created", "updated", "unchanged", "duplicate", "failed"]
    list_filter = ["origin", "started_at"]
    search_fields = ["arguments", "user__username"]
    inlines = [ImportItemInline]


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyAdmin):
    list_display = ["source", "outcome", "error", "article", "run", "duration_ms"]
    list_filter = ["outcome", "run__origin"]
    search_fields = ["source", "error", "article__title"]
    list_select_related = ["article", "run"]


class UnmatchedMentionInline(admin.TabularInline):
    model = UnmatchedMention
    extra = 0
    fields = ["article", "surface", "start", "end"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UnmatchedName)
class UnmatchedNameAdmin(admin.ModelAdmin):
    """Names the linker found but could not resolve (寿阳县人民医院): for staff to add as an
    alias or a hospital, or to ignore."""

    list_display = ["name", "kind", "status", "province", "division", "mention_count", "first_seen"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["name", "mentions__surface"]
    list_select_related = ["province", "division"]
    autocomplete_fields = ["province", "division"]
    inlines = [UnmatchedMentionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_count=Count("mentions"))

    @admin.display(description="提及次数", ordering="mention_count")
    def mention_count(self, obj) -> int:
        return obj.mention_count


@admin.register(UnmatchedMention)
class UnmatchedMentionAdmin(admin.ModelAdmin):
    list_display = ["surface", "unmatched", "article", "start"]
    search_fields = ["surface", "unmatched__name", "article__title"]
    list_select_related = ["unmatched", "article"]
    raw_id_fields = ["unmatched", "article"]


@admin.register(ArticleSearch)
class ArticleSearchAdmin(ReadOnlyAdmin):
    """The search index: rebuilt from the article on every import; read-only here."""

    list_display = ["article", "tokens"]
    search_fields = ["article__title"]
    list_select_related = ["article"]
