"""Articles imported from news pages, what they mention, the evidence they give for
facts, and the record of every import.

This app is the top of the dependency graph: it may import programmes and hospitals.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import entity_url
from hospitals.models import Division, Hospital, Partnership, Province
from programmes.models import (
    DatePrecision,
    Designation,
    Event,
    Figure,
    PolicyDocument,
    Programme,
    Project,
    ReviewStatus,
    format_date,
)

# A mention counts as the article naming the entity when it was found in the text
# (not reached through a hospital's location) and staff have not rejected it.
NAMED_METHODS = ("alias", "pattern", "context", "staff")
LIVE_STATUSES = (ReviewStatus.AUTOMATIC, ReviewStatus.CONFIRMED)


class Outlet(models.Model):
    """A publisher: a news site, a government portal, a hospital's site, a reprint site."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    homepage = models.URLField(_("主页"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("媒体")
        verbose_name_plural = _("媒体")

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Originals only (reprints fold into them), newest first."""
        return self.filter(duplicate_of__isnull=True).order_by(
            models.F("published_at").desc(nulls_last=True), "-id"
        )

    def naming(self, kind: str, entity, *, walk: bool = False):
        """Articles whose text names `entity` (a mention staff have not rejected, found in
        the text rather than reached through a hospital's location).

        By default a semi-join (id IN …: the entity's mentions are read first), rather than
        a join + DISTINCT, so COUNT needs no de-duplication. With `walk`, a correlated
        EXISTS: the database walks the articles in the listing's order and probes each one,
        stopping at the page — much faster for an entity named in a large share of the
        articles (the newest 20 of 60,000 come from the first few dozen articles), much
        slower for a rare one. `latest_naming()` in articles/selectors.py chooses."""
        named = Mention.objects.named().filter(**{kind: entity})
        if walk:
            return self.filter(models.Exists(named.filter(article=models.OuterRef("pk"))))
        return self.filter(id__in=named.values("article_id"))

    def for_listing(self):
        return self.select_related("outlet").defer("body")


class Article(models.Model):
    title = models.CharField(_("标题"), max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    published_precision = models.CharField(
        _("时间精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_inferred = models.BooleanField(_("年份为推断"), default=False)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("发布媒体"),
    )
    original_outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="original_articles",
        verbose_name=_("原始来源"),
    )
    reporter = models.CharField(_("记者/作者"), max_length=100, blank=True)
    url = models.URLField(_("原文链接"), max_length=1000, blank=True)
    body = models.TextField(_("正文"), help_text=_("段落以换行分隔"))
    content_hash = models.CharField(
        _("正文哈希"), max_length=64, db_index=True, help_text=_("规范化正文的 SHA-256")
    )
    simhash = models.BigIntegerField(_("SimHash"), null=True, blank=True, help_text=_("近似重复检测用"))
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reprints",
        verbose_name=_("转载自"),
    )
    extractor_version = models.CharField(_("提取器版本"), max_length=20, blank=True)
    # Which extraction rule set each field ({"title": "markup_headline", …}; see
    # articles/ingest/fields/): a wrong field says which rule to look at.
    chosen_by = models.JSONField(_("提取规则"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_unique_url"),
            # One original per body; exact reprints are stored as duplicates of it.
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(duplicate_of__isnull=True),
                name="article_unique_original_body",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")), name="article_not_own_duplicate"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_has_title"),
            models.CheckConstraint(condition=~Q(body=""), name="article_has_body"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return entity_url("articles:detail", slug=self.slug)

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line.strip()]

    @property
    def display_date(self) -> str:
        if self.published_at is None:
            return ""
        local = timezone.localtime(self.published_at)
        if self.published_precision in (DatePrecision.MINUTE, DatePrecision.SECOND):
            return local.strftime("%Y-%m-%d %H:%M")
        return format_date(local.date(), self.published_precision)


class RawPage(models.Model):
    """The bytes an article was extracted from, kept so a better extractor can re-run."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="raw_page", verbose_name=_("文章")
    )
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField(verbose_name=_("大小（字节）"))
    media_type = models.CharField(
        max_length=50, blank=True, help_text=_("text/html 或 text/plain"), verbose_name=_("媒体类型")
    )
    encoding = models.CharField(
        max_length=30, blank=True, help_text=_("解码所用字符集"), verbose_name=_("编码")
    )
    filename = models.CharField(max_length=500, blank=True, verbose_name=_("文件名"))
    url = models.URLField(max_length=1000, blank=True, verbose_name=_("网址"))
    fetched_at = models.DateTimeField(auto_now_add=True, verbose_name=_("抓取时间"))

    class Meta:
        verbose_name = _("原始页面")
        verbose_name_plural = _("原始页面")

    def __str__(self) -> str:
        return self.filename or self.url or self.sha256[:12]


class MentionKind(models.TextChoices):
    PROGRAMME = "programme", _("项目")
    PROVINCE = "province", _("省份")
    DIVISION = "division", _("地区")
    HOSPITAL = "hospital", _("医院")
    PROJECT = "project", _("建设项目")
    DOCUMENT = "document", _("政策文件")


class MentionMethod(models.TextChoices):
    ALIAS = "alias", _("名称/别名")
    PATTERN = "pattern", _("模式")
    CONTEXT = "context", _("上下文")
    VIA_ENTITY = "via_entity", _("经由关联实体")
    STAFF = "staff", _("编辑添加")


MENTION_TARGETS = ("programme", "province", "division", "hospital", "project", "document")


def _one_target(kind: str) -> Q:
    """kind=X with the X foreign key set and every other target empty."""
    return Q(kind=kind, **{f"{k}__isnull": k != kind for k in MENTION_TARGETS})


class MentionQuerySet(models.QuerySet):
    def live(self) -> "MentionQuerySet":
        """Mentions staff have not rejected (automatic or confirmed)."""
        return self.filter(status__in=LIVE_STATUSES)

    def named(self) -> "MentionQuerySet":
        """Live mentions where the article names the entity itself (not one reached
        through another entity): what the entity pages count and list."""
        return self.live().filter(method__in=NAMED_METHODS)


class Mention(models.Model):
    """An article naming an entity. Offsets index `Article.body`; a mention derived
    from another entity (a hospital's province) has no offsets."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("文章")
    )
    kind = models.CharField(max_length=10, choices=MentionKind.choices, verbose_name=_("类型"))
    # The entity keys have no index of their own: each leads a covering index (Meta.indexes)
    # that serves lookups by entity as well; one index fewer each to keep up on import.
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("项目"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("省份"),
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("区划"),
    )
    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("医院"),
    )
    # Register entities: an article naming a project, or citing a policy document by its
    # 《title》 or 文号 (kept here, on the articles side: programmes never imports articles).
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("建设项目"),
    )
    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        db_index=False,
        verbose_name=_("政策文件"),
    )
    surface = models.CharField(_("原文"), max_length=100, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(
        max_length=12, choices=MentionMethod.choices, default=MentionMethod.ALIAS, verbose_name=_("识别方式")
    )
    status = models.CharField(
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.AUTOMATIC,
        db_index=True,
        verbose_name=_("审核状态"),
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("提及")
        verbose_name_plural = _("提及")
        # Counting the articles that name an entity (pages, facets, `naming`) reads only
        # these: entity, article, method and status, without visiting the table.
        indexes = [
            models.Index(fields=[kind, "article", "method", "status"], name=f"mention_{kind}_article")
            for kind in ("programme", "province", "division", "hospital", "project", "document")
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_target("programme")
                | _one_target("province")
                | _one_target("division")
                | _one_target("hospital")
                | _one_target("project")
                | _one_target("document"),
                name="mention_target_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__gt=models.F("start")),
                name="mention_offsets_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.surface}"

    @property
    def target(self):
        return (
            self.programme or self.province or self.division or self.hospital or self.project or self.document
        )


class Citation(models.Model):
    """Evidence: the sentence of an article that states a designation, event, figure or pair."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="citations", verbose_name=_("文章")
    )
    quote = models.TextField(_("引文"))
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    designation = models.ForeignKey(
        Designation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("入选记录"),
        db_index=False,  # led by citation_designation_first (Meta.indexes)
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("事件"),
    )
    figure = models.ForeignKey(
        Figure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("数字"),
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("合作关系"),
    )

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("引证")
        verbose_name_plural = _("引证")
        # A designation's first citation (the one its pages quote) is one seek in
        # (designation, id); with the designation alone PostgreSQL walked the primary key
        # and filtered (17 ms for 100 designations at 500,000 articles; 5 ms with it).
        indexes = [models.Index(fields=["designation", "id"], name="citation_designation_first")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(designation__isnull=False, event=None, figure=None, partnership=None)
                    | Q(designation=None, event__isnull=False, figure=None, partnership=None)
                    | Q(designation=None, event=None, figure__isnull=False, partnership=None)
                    | Q(designation=None, event=None, figure=None, partnership__isnull=False)
                ),
                name="citation_exactly_one_fact",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="citation_has_quote"),
        ]

    def __str__(self) -> str:
        return self.quote[:60]


class ImportOrigin(models.TextChoices):
    COMMAND = "command", _("命令行")
    ADMIN = "admin", _("管理后台")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已完成")
    FAILED = "failed", _("中断")  # its process died or stopped it before the end


class ImportRun(models.Model):
    """One import: a command's or an admin job's. Admin runs start queued, with their
    sources (`ImportSource`) stored for the worker; a running run's process writes
    `heartbeat_at` as it goes, so a run whose process died can be told from a slow one
    (`ingest.runs.sweep_stale_runs`)."""

    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("开始时间"))
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text=_("运行它的进程：主机名:进程号"))
    error = models.TextField(blank=True, help_text=_("整批中断的原因"))
    task_id = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("用户")
    )
    origin = models.CharField(
        max_length=10, choices=ImportOrigin.choices, default=ImportOrigin.COMMAND, verbose_name=_("发起方式")
    )
    arguments = models.TextField(blank=True, help_text=_("导入的路径或网址"))
    created = models.PositiveIntegerField(default=0, verbose_name=_("新建"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("更新"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("未变"))
    duplicate = models.PositiveIntegerField(default=0, verbose_name=_("重复"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("失败"))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.get_origin_display()})"


class ImportSource(models.Model):
    """A source of a queued admin run, kept until the run ends: an uploaded file's bytes
    (stored with the run before the request returns, so the worker can read them) or a
    URL to fetch."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="sources", verbose_name=_("导入批次")
    )
    name = models.CharField(max_length=1000, verbose_name=_("名称"))
    url = models.URLField(max_length=2000, blank=True, verbose_name=_("网址"))
    data = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("待导入来源")
        verbose_name_plural = _("待导入来源")

    def __str__(self) -> str:
        return self.url or self.name


class ImportOutcome(models.TextChoices):
    CREATED = "created", _("新建")
    UPDATED = "updated", _("更新")
    UNCHANGED = "unchanged", _("未变")
    DUPLICATE = "duplicate", _("转载/重复")
    FAILED = "failed", _("失败")


class ImportItem(models.Model):
    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="items", verbose_name=_("导入批次")
    )
    source = models.CharField(_("来源"), max_length=1000)
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices, verbose_name=_("结果"))
    error = models.TextField(blank=True, verbose_name=_("错误"))
    warning = models.TextField(
        _("警告"), blank=True, help_text=_("页面照常导入，但有需要留意之处（如替换了无效字节）")
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_items",
        verbose_name=_("文章"),
    )
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("用时（毫秒）"))
    extractor_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("导入条目")
        verbose_name_plural = _("导入条目")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="failed", article=None) & ~Q(error="")
                | ~Q(outcome="failed") & Q(error=""),
                name="import_item_error_iff_failed",
            ),
        ]
        # A page's bytes imported before are looked up by their hash (store.earlier_import).
        indexes = [models.Index(fields=["sha256"], name="import_item_sha256")]

    def __str__(self) -> str:
        return f"{self.source}: {self.get_outcome_display()}"


class UnmatchedStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    IGNORED = "ignored", _("已忽略")
    RESOLVED = "resolved", _("已处理")


class UnmatchedName(models.Model):
    """An institution-like name the linker found but the gazetteer does not know
    (寿阳县人民医院). Kept for staff to add as an alias or a new hospital, never
    published as an entity of its own."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(
        max_length=10, default=MentionKind.HOSPITAL, choices=MentionKind.choices, verbose_name=_("类型")
    )
    status = models.CharField(
        max_length=10, choices=UnmatchedStatus.choices, default=UnmatchedStatus.OPEN, verbose_name=_("状态")
    )
    province = models.ForeignKey(
        Province, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("省份")
    )
    division = models.ForeignKey(
        Division, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("区划")
    )
    first_seen = models.DateTimeField(auto_now_add=True, verbose_name=_("首次出现"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("未匹配名称")
        verbose_name_plural = _("未匹配名称")

    def __str__(self) -> str:
        return self.name


class UnmatchedMention(models.Model):
    unmatched = models.ForeignKey(
        UnmatchedName, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("未识别名称")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="unmatched_mentions", verbose_name=_("文章")
    )
    surface = models.CharField(max_length=100, verbose_name=_("原文"))
    start = models.PositiveIntegerField(verbose_name=_("起始位置"))
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("未匹配提及")
        verbose_name_plural = _("未匹配提及")
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="unmatched_mention_unique_offset"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="unmatched_mention_offsets_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.surface


class ArticleSearch(models.Model):
    """Search tokens of an article (title and body): jieba words and CJK character
    bigrams, space-separated. Indexed by SQLite FTS5 or a PostgreSQL GIN tsvector index
    (created by migration 0003 for the database in use); see articles/search.py."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search", verbose_name=_("文章")
    )
    tokens = models.TextField(verbose_name=_("分词"))

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self) -> str:
        return str(self.article_id)
