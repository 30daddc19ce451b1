"""Policy programmes and the facts the knowledge base records about them.

`Designation`, `Event` and `Figure` are facts; each is backed by one or more
`articles.Citation` rows (article + quoted sentence). That model lives in the
articles app so this app never imports articles (hospitals ← programmes ← articles).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hospitals.models import Alias, Division, Hospital, Province, ReviewStatus


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
    slug = models.SlugField(unique=True)
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
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:programme-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name

    @property
    def display_description(self) -> str:
        english = (get_language() or "").startswith("en")
        return self.description_en if english and self.description_en else self.description


class ProgrammeAlias(Alias):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        ordering = ["name"]
        verbose_name = _("项目别名")
        verbose_name_plural = _("项目别名")
        constraints = [models.UniqueConstraint(fields=["name"], name="programme_alias_unique_name")]


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


class Designation(DatedFact):
    """A province, division or hospital designated in a programme (试点省份, 试验区, 建设项目 …)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="designations")
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="designations"
    )
    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, null=True, blank=True, related_name="designations"
    )
    hospital = models.ForeignKey(
        Hospital, on_delete=models.CASCADE, null=True, blank=True, related_name="designations"
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    label = models.CharField(_("称号"), max_length=100, blank=True, help_text=_("如 首批试点省份、试验区"))

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
    programmes = models.ManyToManyField(Programme, related_name="events", blank=True)
    provinces = models.ManyToManyField(Province, related_name="events", blank=True)
    divisions = models.ManyToManyField(Division, related_name="events", blank=True)
    hospitals = models.ManyToManyField(Hospital, related_name="events", blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        constraints = [
            models.CheckConstraint(condition=Q(date__isnull=False), name="event_has_date"),
            DatedFact.precision_check("event"),
        ]

    def __str__(self) -> str:
        return f"{self.display_date} {self.summary[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("articles:event-detail", kwargs={"pk": self.pk})


class Figure(DatedFact):
    """A headline number: 76个国家区域医疗中心, 45.6%的县医院 …; `date` is its as-of date."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, related_name="figures"
    )
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=3)
    value_text = models.CharField(_("原文数值"), max_length=30, help_text=_("如 600余、1400多"))
    unit = models.CharField(_("单位"), max_length=20)
    label = models.CharField(_("指标"), max_length=200)

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
