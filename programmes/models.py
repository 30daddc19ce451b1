"""Policy programmes and the facts the knowledge base records about them.

`Designation`, `Event` and `Figure` are facts; each is backed by one or more
`articles.Citation` rows (article + quoted sentence). That model lives in the
articles app so this app never imports articles (hospitals ← programmes ← articles).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import entity_url
from hospitals.models import Alias, Division, Hospital, Province, ReviewStatus


def batch_label(n) -> str:
    """'第2批' in Chinese, 'Batch 2' in English."""
    from django.utils.translation import gettext

    return gettext("第%(n)d批") % {"n": int(n)}


class DatePrecision(models.TextChoices):
    """How much of a stored date is known. A date stored as 2019-01-01 with precision
    `year` means "in 2019", and is displayed and exported as 2019."""

    YEAR = "year", _("年")
    MONTH = "month", _("月")
    DAY = "day", _("日")
    MINUTE = "minute", _("分")
    SECOND = "second", _("秒")


def format_date(value: datetime.date | None, precision: str) -> str:
    """ISO form cut to its precision: 2019 / 2019-11 / 2019-11-08."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()[:10]


class Programme(models.Model):
    """A programme is data, not code: new ones (国家医学中心, 千县工程 …) are added as rows."""

    key = models.SlugField(
        _("键"),
        max_length=50,
        unique=True,
        help_text=_("稳定的机器键，如 regional_medical_center"),
        allow_unicode=False,
    )
    slug = models.SlugField(unique=True, verbose_name=_("网址标识"))
    name = models.CharField(_("名称"), max_length=60, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    name_en = models.CharField(_("英文名"), max_length=120)
    short_name_en = models.CharField(_("英文简称"), max_length=60)
    lead_agencies = models.CharField(_("牵头部门"), max_length=200)
    lead_agencies_en = models.CharField(_("牵头部门（英文）"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年份"))
    description = models.TextField(_("简介"))
    description_en = models.TextField(_("简介（英文）"), blank=True)
    sources = models.TextField(_("资料来源"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("programmes:programme-detail", slug=self.slug)

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name

    @property
    def display_short_name(self) -> str:
        return (
            self.short_name_en
            if (get_language() or "").startswith("en") and self.short_name_en
            else self.short_name
        )

    @property
    def display_description(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.description_en if english and self.description_en else self.description


class ProgrammeAlias(Alias):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("项目")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("项目别名")
        verbose_name_plural = _("项目别名")
        constraints = [models.UniqueConstraint(fields=["name"], name="programme_alias_unique_name")]


class FactQuerySet(models.QuerySet):
    def not_rejected(self) -> "FactQuerySet":
        """Every fact staff have not rejected (automatic, confirmed, from a register)."""
        return self.exclude(status=ReviewStatus.REJECTED)

    def public(self, *, show_all: bool = False) -> "FactQuerySet":
        """What the public pages show: never a rejected fact; by default, facts staff
        confirmed, facts from the registers and facts entered by staff (no confidence),
        and automatic facts at or above FACTS_PUBLISH_CONFIDENCE (calibrated on the gold
        set: tests/facts_gold); with `show_all`, every automatic fact too."""
        live = self.not_rejected()
        if show_all:
            return live
        sure = Q(status=ReviewStatus.CONFIRMED) | Q(confidence__isnull=True)
        sure |= Q(confidence__gte=settings.FACTS_PUBLISH_CONFIDENCE)
        if any(f.name == "origin" for f in self.model._meta.fields):
            sure |= ~Q(origin="article")
        return live.filter(sure)


class DatedFact(models.Model):
    """Shared fields of facts that carry a (possibly partial) date and a review status."""

    date = models.DateField(_("日期"), null=True, blank=True)
    date_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(
        _("审核状态"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.AUTOMATIC,
        db_index=True,
    )
    # How sure the importer is of an automatic fact (0–1, from the rule that found it and
    # the evidence it had); None for facts staff or the registers entered. The public
    # pages show an automatic fact only at or above FACTS_PUBLISH_CONFIDENCE.
    confidence = models.FloatField(_("置信度"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def display_date(self) -> str:
        return format_date(self.date, self.date_precision)

    @staticmethod
    def precision_check(prefix: str) -> models.CheckConstraint:
        # Facts are dated to the day at most; minute/second are for article timestamps.
        return models.CheckConstraint(
            condition=Q(date_precision__in=["year", "month", "day"]), name=f"{prefix}_date_precision_valid"
        )


class DesignationRole(models.TextChoices):
    PILOT_PROVINCE = "pilot_province", _("试点省份")
    PILOT_CITY = "pilot_city", _("试点城市")
    PILOT_ZONE = "pilot_zone", _("试验区")
    PILOT_COUNTY = "pilot_county", _("试点县")
    PROJECT = "project", _("建设项目")
    MEMBER = "member", _("参与单位")


class EventKind(models.TextChoices):
    LAUNCH = "launch", _("启动试点")
    LIST_ANNOUNCED = "list_announced", _("公布名单")
    SIGNING = "signing", _("签约")
    PLAQUE = "plaque", _("授牌揭牌")
    OPENING = "opening", _("开诊启用")
    ACCEPTANCE = "acceptance", _("通过验收")
    DOCUMENT_ISSUED = "document_issued", _("印发文件")
    OTHER = "other", _("其他")


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")


class Origin(models.TextChoices):
    """Where a register row came from. `article` rows are extracted by the importer;
    `reference` rows are loaded from fixtures/registers/*.json; `staff` rows were typed in
    the admin. The loader writes only `reference` rows staff have not edited."""

    ARTICLE = "article", _("文章提取")
    REFERENCE = "reference", _("参考数据")
    STAFF = "staff", _("编辑录入")


class RegisterRecord(models.Model):
    """What every register row carries: its sources (a list of {issuer, title, date, url}),
    which of its fields those sources state, where it came from, and the staff-edit
    bookkeeping the loader needs (see programmes.registers)."""

    sources = models.JSONField(_("资料来源"), default=list, blank=True)
    verified_fields = models.JSONField(
        _("已核实字段"), default=list, blank=True, help_text=_("来源明确写明的字段名")
    )
    note = models.TextField(_("备注"), blank=True)
    origin = models.CharField(_("来源类型"), max_length=10, choices=Origin.choices, default=Origin.STAFF)
    staff_edited = models.BooleanField(
        _("编辑已修改"), default=False, help_text=_("编辑在后台修改过；load_reference 不再覆盖此行")
    )
    reference_values = models.JSONField(default=dict, blank=True, editable=False)
    pending_reference = models.JSONField(
        _("待处理的参考数据"),
        default=dict,
        blank=True,
        help_text=_("编辑修改后参考文件又有不同的值：在此列出，供编辑决定是否采纳"),
    )

    class Meta:
        abstract = True

    def is_verified(self, field: str) -> bool:
        return field in (self.verified_fields or [])


class Designation(RegisterRecord, DatedFact):
    """A province, division or hospital designated in a programme (试点省份, 试验区, 建设项目 …).

    Rows extracted from articles have origin `article` and no role; register rows
    (origin `reference` or `staff`) carry a role, a level and their sources."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="designations", verbose_name=_("项目")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("省份"),
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("区划"),
    )
    hospital = models.ForeignKey(
        Hospital,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("医院"),
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    label = models.CharField(_("称号"), max_length=100, blank=True, help_text=_("如 首批试点省份、试验区"))
    origin = models.CharField(_("来源类型"), max_length=10, choices=Origin.choices, default=Origin.ARTICLE)
    role = models.CharField(_("角色"), max_length=20, choices=DesignationRole.choices, blank=True)
    level = models.CharField(_("层级"), max_length=12, choices=DesignationLevel.choices, blank=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "date", "id"]
        verbose_name = _("入选/认定")
        verbose_name_plural = _("入选/认定")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(province__isnull=False, division__isnull=True, hospital__isnull=True)
                    | Q(province__isnull=True, division__isnull=False, hospital__isnull=True)
                    | Q(province__isnull=True, division__isnull=True, hospital__isnull=False)
                ),
                name="designation_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["programme", "province"],
                condition=Q(province__isnull=False),
                name="designation_unique_province",
            ),
            models.UniqueConstraint(
                fields=["programme", "division"],
                condition=Q(division__isnull=False),
                name="designation_unique_division",
            ),
            models.UniqueConstraint(
                fields=["programme", "hospital"],
                condition=Q(hospital__isnull=False),
                name="designation_unique_hospital",
            ),
            DatedFact.precision_check("designation"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.short_name}: {self.target}"

    @property
    def target(self) -> Province | Division | Hospital:
        return self.province or self.division or self.hospital


class Event(DatedFact):
    """A dated milestone of one or more programmes, shown on the public timeline."""

    summary = models.TextField(_("摘要"))
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    programmes = models.ManyToManyField(Programme, related_name="events", blank=True, verbose_name=_("项目"))
    provinces = models.ManyToManyField(Province, related_name="events", blank=True, verbose_name=_("省份"))
    divisions = models.ManyToManyField(Division, related_name="events", blank=True, verbose_name=_("区划"))
    hospitals = models.ManyToManyField(Hospital, related_name="events", blank=True, verbose_name=_("医院"))

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        # Event lists are newest first: a province's or programme's latest events are read
        # by walking this index and probing the link table (3.6 ms instead of 22 at 25,000
        # events on PostgreSQL, which otherwise scanned and hash-joined every event).
        indexes = [models.Index(fields=["-date", "-id"], name="event_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(date__isnull=False), name="event_has_date"),
            DatedFact.precision_check("event"),
        ]

    def __str__(self) -> str:
        return f"{self.display_date} {self.summary[:40]}"

    def get_absolute_url(self) -> str:
        return entity_url("articles:event-detail", pk=self.pk)


class Figure(DatedFact):
    """A headline number: 76个国家区域医疗中心, 45.6%的县医院 …; `date` is its as-of date."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("项目"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("省份"),
    )
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=3)
    value_text = models.CharField(_("原文数值"), max_length=30, help_text=_("如 600余、1400多"))
    unit = models.CharField(_("单位"), max_length=20)
    label = models.CharField(_("指标"), max_length=200)
    measure = models.CharField(
        _("计量对象"), max_length=20, blank=True, help_text=_("projects、provinces、counties、hospitals …")
    )

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["label", "date"]
        verbose_name = _("数据")
        verbose_name_plural = _("数据")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_not_negative"),
            DatedFact.precision_check("figure"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value_text}{self.unit}"


class ProjectStatus(models.TextChoices):
    LISTED = "listed", _("已列入")
    BUILDING = "building", _("建设中")
    OPEN = "open", _("已开诊")
    ACCEPTED = "accepted", _("已验收")


class ProjectQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("province", "prefecture", "host_hospital", "programme").prefetch_related(
            "output_hospitals"
        )


class Project(RegisterRecord):
    """One regional medical centre project (国家区域医疗中心建设项目) as announced: the
    output hospital(s) that build it, the local host hospital (依托医院) it is built on,
    where, which batch and since when. The project is not its host: the host is a
    hospital that existed before and keeps its own page."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("所属项目")
    )
    name = models.CharField(_("名称"), max_length=100, unique=True, help_text=_("公布时的名称"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("网址标识"))
    output_hospitals = models.ManyToManyField(
        Hospital, related_name="output_projects", blank=True, verbose_name=_("输出医院")
    )
    unmatched_outputs = models.JSONField(
        _("未收录的输出医院"),
        default=list,
        blank=True,
        help_text=_("参考文件写明、但医院表中还没有的输出医院名称（不猜测其所在省份，故不自动建医院）"),
    )
    host_hospital = models.ForeignKey(
        Hospital,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_projects",
        verbose_name=_("依托医院"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="projects", verbose_name=_("省份")
    )
    bingtuan = models.BooleanField(_("兵团项目"), default=False, help_text=_("新疆生产建设兵团的项目"))
    prefecture = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("地市"),
    )
    specialty = models.CharField(_("专科"), max_length=20, blank=True)
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    listed_on_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(_("进展"), max_length=10, choices=ProjectStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "province__code", "name"]
        verbose_name = _("区域医疗中心建设项目")
        verbose_name_plural = _("区域医疗中心建设项目")
        constraints = [
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(batch__gte=1, batch__lte=20),
                name="project_batch_in_range",
            ),
            models.CheckConstraint(
                condition=Q(listed_on_precision__in=["year", "month", "day"]),
                name="project_date_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("programmes:project-detail", slug=self.slug)

    @property
    def display_listed_on(self) -> str:
        return format_date(self.listed_on, self.listed_on_precision)

    @property
    def listed_year(self) -> int | None:
        return self.listed_on.year if self.listed_on else None


class ProjectAlias(Alias):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("建设项目")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("项目别名")
        verbose_name_plural = _("项目别名")
        constraints = [models.UniqueConstraint(fields=["name"], name="project_alias_unique_name")]


class MilestoneKind(models.TextChoices):
    SIGNED = "signed", _("签约")
    LISTED = "listed", _("列入名单")
    PLAQUE = "plaque", _("挂牌/揭牌")
    OPENED = "opened", _("开诊")
    ACCEPTED = "accepted", _("验收")


class Milestone(models.Model):
    """A dated step of a project, with the source that states it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("建设项目")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=MilestoneKind.choices)
    date = models.DateField(_("日期"), null=True, blank=True)
    date_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.JSONField(_("来源"), null=True, blank=True, help_text=_("{issuer, title, date, url}"))

    class Meta:
        ordering = ["project", "date", "id"]
        verbose_name = _("项目进展节点")
        verbose_name_plural = _("项目进展节点")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision__in=["year", "month", "day"]),
                name="milestone_date_precision_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()} {self.display_date}"

    @property
    def display_date(self) -> str:
        return format_date(self.date, self.date_precision)


class BatchTotal(RegisterRecord):
    """An officially stated number of projects in a batch (and the running total), as
    the coverage report compares the register against."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="batch_totals", verbose_name=_("项目")
    )
    batch = models.PositiveSmallIntegerField(_("批次"))
    count = models.PositiveIntegerField(_("本批数量"), null=True, blank=True)
    cumulative = models.PositiveIntegerField(_("累计数量"), null=True, blank=True)
    announced_on = models.DateField(_("公布日期"), null=True, blank=True)
    announced_on_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    class Meta:
        ordering = ["programme", "batch"]
        verbose_name = _("批次官方数量")
        verbose_name_plural = _("批次官方数量")
        constraints = [models.UniqueConstraint(fields=["programme", "batch"], name="batch_total_unique")]

    def __str__(self) -> str:
        return f"{self.programme.short_name} 第{self.batch}批: {self.count}"

    @property
    def display_announced_on(self) -> str:
        return format_date(self.announced_on, self.announced_on_precision)


class PolicyDocument(RegisterRecord):
    """An official document that decided something about a programme: its title, 文号,
    issuers, date, where it is published, and what it decided in our own words."""

    title = models.CharField(_("标题"), max_length=200, unique=True, help_text=_("不含书名号"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("网址标识"))
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuers = models.JSONField(_("发文机关"), default=list, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    issued_on_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    programmes = models.ManyToManyField(
        Programme, related_name="documents", blank=True, verbose_name=_("项目")
    )
    url = models.URLField(_("官方网址"), max_length=500, blank=True)
    summary = models.TextField(_("要点"), blank=True, help_text=_("用我们自己的话概括它决定了什么"))

    class Meta:
        ordering = ["issued_on", "title"]
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        constraints = [
            models.UniqueConstraint(
                fields=["doc_number"], condition=~Q(doc_number=""), name="policy_document_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"《{self.title}》"

    def get_absolute_url(self) -> str:
        return entity_url("programmes:document-detail", slug=self.slug)

    @property
    def display_issued_on(self) -> str:
        return format_date(self.issued_on, self.issued_on_precision)

    @property
    def issuer_text(self) -> str:
        return "、".join(self.issuers or [])
