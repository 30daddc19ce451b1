"""The staff side: import pages, review what was extracted, resolve unknown names.

Staff import through /admin/articles/article/import/ (the same pipeline as
`import_articles`), review an article's mentions and facts in place, work through the
review queues (automatic facts) and the unmatched names, and read the import history.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles import review
from articles.admin_forms import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    MAX_URLS,
    ArticleReviewForm,
    CitationReviewForm,
    HospitalChoiceForm,
    ImportForm,
    MentionReviewForm,
)
from articles.ingest.decode import MAX_PAGE_BYTES
from articles.ingest.runs import item_counts
from articles.models import (
    Article,
    ArticleSearch,
    Citation,
    ImportItem,
    ImportOutcome,
    ImportRun,
    ImportSource,
    ImportStatus,
    Mention,
    Outlet,
    RawPage,
    UnmatchedMention,
    UnmatchedName,
    UnmatchedStatus,
)
from articles.search import index_article
from articles.tasks import queue_import, sweep
from core.admin_helpers import ReviewStatusFilter, action_page, bulk_status_actions, log_changes, shown

CONTEXT_CHARS = 18  # characters of body shown either side of a mention under review


def _progress(run: ImportRun) -> dict:
    """What the progress page shows, counted from the items written so far."""
    counts = item_counts(run.pk)
    return {
        "status": run.status,
        "finished": run.status in (ImportStatus.FINISHED, ImportStatus.FAILED),
        "done": sum(counts.values()),
        "failed": counts[ImportOutcome.FAILED],
        "error": run.error,
    }


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage"]
    search_fields = ["name", "slug"]


class MentionInline(admin.TabularInline):
    """The article's mentions, each with the words around it, to confirm or reject; an
    empty row adds one the linker missed (stored as found by staff, confirmed)."""

    model = Mention
    form = MentionReviewForm
    extra = 1
    fields = [
        "in_context", "surface", "found_by", "status",
        "programme", "province", "division", "hospital", "project", "document",
    ]  # fmt: skip
    readonly_fields = ["in_context", "found_by"]
    autocomplete_fields = ["province", "division", "hospital", "project", "document"]
    verbose_name_plural = _("提及（确认、否决或补充）")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article", "programme", "province", "division", "hospital", "project", "document")
        )

    @admin.display(description=_("识别方式"))
    def found_by(self, obj: Mention) -> str:
        return obj.get_method_display() if obj.pk else "—"

    @admin.display(description=_("上下文"))
    def in_context(self, obj: Mention) -> str:
        if obj.pk is None:
            return "—"
        body = obj.article.body
        if obj.start is None:
            return format_html("<em>{}</em>", _("经由关联实体推断"))
        return format_html(
            "…{}<mark>{}</mark>{}…",
            body[max(0, obj.start - CONTEXT_CHARS) : obj.start],
            body[obj.start : obj.end],
            body[obj.end : obj.end + CONTEXT_CHARS],
        )


class CitationInline(admin.TabularInline):
    """The facts this article states, with their sentence; confirm or reject each fact."""

    model = Citation
    form = CitationReviewForm
    extra = 0
    can_delete = False
    fields = ["quote", "fact_link", "fact_status"]
    readonly_fields = ["quote", "fact_link"]
    template = "admin/edit_inline/tabular_untitled.html"  # the quote is a column: not its title too
    verbose_name_plural = _("提取的事实（确认或否决）")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "designation__programme", "event", "figure", "partnership__output", "partnership__input"
            )
        )

    @admin.display(description=_("事实"))
    def fact_link(self, obj: Citation):
        fact = obj.designation or obj.event or obj.figure or obj.partnership
        if fact is None:
            return "—"
        opts = fact._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[fact.pk])
        return format_html('{}：<a href="{}">{}</a>', opts.verbose_name, url, fact)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        shown("display_date", _("发布日期"), ordering="published_at"),
        "outlet",
        "original_outlet",
        "reporter",
        "duplicate_of",
    ]
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
    readonly_fields = [
        "public_link",
        "content_hash",
        "simhash",
        "extractor_version",
        "extraction_rules",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["public_link", "title", "slug", "url"]}),
        (
            _("时间与来源"),
            {
                "fields": [
                    "published_at",
                    "published_precision",
                    "date_inferred",
                    "outlet",
                    "original_outlet",
                    "reporter",
                    "extraction_rules",
                ]
            },
        ),
        (_("正文"), {"fields": ["body", "duplicate_of"]}),
        (
            _("导入记录"),
            {
                "classes": ["collapse"],
                "fields": ["content_hash", "simhash", "extractor_version", "created_at", "updated_at"],
            },
        ),
    ]
    form = ArticleReviewForm
    inlines = [MentionInline, CitationInline]
    actions = ["reextract"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("提取规则"))
    def extraction_rules(self, obj: Article):
        """Which rule set each extracted field (read-only): where to look when one is wrong."""
        rules = obj.chosen_by or {}
        if not rules:
            return "—"
        return format_html_join("", "<div><code>{}</code>: <code>{}</code></div>", sorted(rules.items()))

    @admin.display(description=_("公开页面"))
    def public_link(self, obj: Article):
        if obj.pk is None:
            return "—"
        return format_html('<a href="{0}" target="_blank" rel="noopener">{0}</a>', obj.get_absolute_url())

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and {"title", "body"} & set(form.changed_data):
            index_article(form.instance)
        if change and "body" in form.changed_data:
            # New text, new offsets: link it again (staff decisions are kept as in relink).
            review.relink([form.instance.pk])
            self.message_user(request, _("正文已修改，已重新链接本文。"), messages.INFO)

    # -- re-extract -------------------------------------------------------------------

    @admin.action(description=_("用当前提取器重新提取所选文章"), permissions=["change"])
    def reextract(self, request, queryset):
        done = []
        for article in queryset.select_related("raw_page"):
            try:
                review.reextract(article)
            except review.ReviewError as exc:
                self.message_user(request, f"{article}: {exc}", messages.ERROR)
            else:
                done.append(article)
        log_changes(self, request, done, "re-extracted from the stored raw page")
        if done:
            self.message_user(request, _("已重新提取 %(n)d 篇文章。") % {"n": len(done)}, messages.SUCCESS)

    # -- import page --------------------------------------------------------------------

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="articles_article_import"),
            path(
                "import/<int:run_id>/",
                self.admin_site.admin_view(self.import_result_view),
                name="articles_article_import_result",
            ),
            path(
                "import/<int:run_id>/progress/",
                self.admin_site.admin_view(self.import_progress_view),
                name="articles_article_import_progress",
            ),
        ]
        return own + super().get_urls()

    def _import_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入文章"),
            "limits": {
                "files": MAX_UPLOAD_FILES,
                "mb": MAX_UPLOAD_BYTES // 1024 // 1024,
                "page_mb": MAX_PAGE_BYTES // 1_000_000,
                "urls": MAX_URLS,
            },
            **extra,
        }

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            # Refuse an oversized request before Django reads (and spools) its body.
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if length > MAX_UPLOAD_BYTES + 1024 * 1024:
                message = _("上传合计 %(size).1f MB，超过 %(max)d MB 的上限；批量导入请用命令行。") % {
                    "size": length / 1024 / 1024,
                    "max": MAX_UPLOAD_BYTES // 1024 // 1024,
                }
                context = self._import_context(request, form=ImportForm(), refused=message)
                return TemplateResponse(request, "admin/articles/article/import.html", context, status=413)
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                # The pages are imported by the worker; the request only stores them.
                run = queue_import(
                    user=request.user,
                    uploads=[(f.name, f.read()) for f in form.cleaned_data["files"]],
                    urls=form.cleaned_data["urls"],
                )
                return HttpResponseRedirect(reverse("admin:articles_article_import_result", args=[run.pk]))
        else:
            form = ImportForm()
            sweep()
        return TemplateResponse(
            request, "admin/articles/article/import.html", self._import_context(request, form=form)
        )

    def import_result_view(self, request, run_id: int):
        """A queued or running run's progress (updated by static/js/import_progress.js),
        then its report."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        sweep()
        run = get_object_or_404(ImportRun, pk=run_id)
        if run.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            context = self._import_context(request, title=_("导入进行中"), run=run, progress=_progress(run))
            return TemplateResponse(request, "admin/articles/article/import_progress.html", context)
        items = run.items.select_related("article", "article__duplicate_of").order_by("id")
        context = self._import_context(
            request,
            title=_("导入结果"),
            run=run,
            items=items,
            form=ImportForm(),
            can_import=self.has_add_permission(request),
        )
        return TemplateResponse(request, "admin/articles/article/import_result.html", context)

    def import_progress_view(self, request, run_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        sweep()
        return JsonResponse(_progress(get_object_or_404(ImportRun, pk=run_id)))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)


@admin.register(RawPage)
class RawPageAdmin(admin.ModelAdmin):
    list_display = ["article", "filename", "url", "media_type", "encoding", "size", "fetched_at"]
    list_filter = ["media_type", "encoding"]
    search_fields = ["filename", "url", "sha256", "article__title"]
    exclude = ["data"]
    readonly_fields = ["article", "sha256", "size", "media_type", "encoding", "filename", "url", "fetched_at"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    """All mentions; opens on the automatic ones, with bulk confirm and reject."""

    list_display = ["surface", "kind", shown("target", _("对象")), "article", "method", "status"]
    list_filter = [ReviewStatusFilter, "kind", "method", "province"]
    search_fields = ["surface", "article__title", "hospital__name", "division__name"]
    list_select_related = ["article", "programme", "province", "division", "hospital", "project", "document"]
    autocomplete_fields = ["article", "province", "division", "hospital", "project", "document"]
    actions = bulk_status_actions("提及")


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
    fields = ["source", "outcome", "error", "warning", "article", "size", "duration_ms"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Import history is a log: it can be read and filtered, never edited or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "status",
        "origin",
        "user",
        "short_arguments",
        "created",
        "updated",
        "unchanged",
        "duplicate",
        "failed",
        "result_link",
    ]
    list_filter = ["status", "origin", "started_at", "user"]
    search_fields = ["arguments", "user__username"]
    list_select_related = ["user"]
    inlines = [ImportItemInline]

    @admin.display(description=_("来源"))
    def short_arguments(self, obj: ImportRun) -> str:
        lines = obj.arguments.splitlines()
        return lines[0] + (f" … (+{len(lines) - 1})" if len(lines) > 1 else "") if lines else "—"

    @admin.display(description=_("结果页"))
    def result_link(self, obj: ImportRun):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_import_result", args=[obj.pk]), _("查看")
        )


@admin.register(ImportSource)
class ImportSourceAdmin(ReadOnlyAdmin):
    """Sources of queued admin runs (uploaded bytes, URLs), kept until their run ends."""

    list_display = ["name", "url", "run"]
    search_fields = ["name", "url"]
    list_select_related = ["run"]
    exclude = ["data"]


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyAdmin):
    list_display = ["source", "outcome", "error", "warning", "article", "run", "duration_ms"]
    list_filter = ["outcome", "run__origin", "run__user"]
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
    """Names the linker found but could not resolve (寿阳县人民医院): add them as an alias of
    a known hospital or as a new hospital (the articles naming them are relinked), or
    ignore them."""

    list_display = [
        "name",
        "kind",
        "status",
        "province",
        "division",
        "mention_count",
        "article_links",
        "first_seen",
    ]
    list_filter = ["status", "kind", "province"]
    search_fields = ["name", "mentions__surface"]
    list_select_related = ["province", "division"]
    autocomplete_fields = ["province", "division"]
    readonly_fields = ["name", "kind", "first_seen"]
    inlines = [UnmatchedMentionInline]
    actions = ["add_as_alias", "create_hospitals", "ignore"]

    def get_queryset(self, request):
        articles = UnmatchedMention.objects.select_related("article").only(
            "unmatched_id", "article__id", "article__title", "article__slug"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(mention_count=Count("mentions"))
            .prefetch_related(Prefetch("mentions", queryset=articles))
        )

    @admin.display(description=_("提及次数"), ordering="mention_count")
    def mention_count(self, obj) -> int:
        return obj.mention_count

    @admin.display(description=_("文章"))
    def article_links(self, obj):
        seen = {m.article_id: m.article for m in obj.mentions.all()}
        links = [
            format_html(
                '<a href="{}" title="{}">#{}</a>',
                reverse("admin:articles_article_change", args=[a.pk]),
                a.title,
                a.pk,
            )
            for a in list(seen.values())[:5]
        ]
        more = f" +{len(seen) - 5}" if len(seen) > 5 else ""
        return format_html("{}{}", format_html(" ".join(["{}"] * len(links)), *links), more) if links else "—"

    @admin.action(description=_("作为已知医院的别名（并重新链接相关文章）"), permissions=["change"])
    def add_as_alias(self, request, queryset):
        form = HospitalChoiceForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            hospital = form.cleaned_data["hospital"]
            names = list(queryset)
            relinked = review.add_as_alias(names, hospital)
            log_changes(self, request, names, f"alias of {hospital.name}; {relinked} articles relinked")
            self.message_user(
                request,
                _("已把 %(n)d 个名称设为“%(h)s”的别名，重新链接了 %(a)d 篇文章。")
                % {"n": len(names), "h": hospital.name, "a": relinked},
                messages.SUCCESS,
            )
            return None
        return action_page(
            self,
            request,
            queryset,
            form,
            action="add_as_alias",
            title=_("设为医院别名"),
            intro=_("这些名称将成为所选医院的别名，提及它们的文章会重新链接。"),
        )

    @admin.action(description=_("新建为医院（并重新链接相关文章）"), permissions=["change"])
    def create_hospitals(self, request, queryset):
        created, names = [], []
        for name in queryset.select_related("province", "division__province"):
            try:
                created.append(review.create_hospital(name))
            except review.ReviewError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                names.append(name)
        if not created:
            return
        relinked = review.relink(m.article_id for n in names for m in n.mentions.all())
        for hospital in created:
            self.log_addition(request, hospital, "created from an unmatched name")
        log_changes(self, request, names, "created as a hospital")
        self.message_user(
            request,
            _("新建了 %(n)d 家医院（%(names)s），重新链接了 %(a)d 篇文章。请补全它们的英文名和资料来源。")
            % {"n": len(created), "names": "、".join(h.name for h in created), "a": relinked},
            messages.SUCCESS,
        )

    @admin.action(description=_("忽略所选名称"), permissions=["change"])
    def ignore(self, request, queryset):
        names = list(queryset.exclude(status=UnmatchedStatus.IGNORED))
        review.ignore(names)
        log_changes(self, request, names, "ignored")
        self.message_user(request, _("已忽略 %(n)d 个名称。") % {"n": len(names)})


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
