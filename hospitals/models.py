"""Places and institutions: provinces, administrative divisions, hospitals and the
output → input partnerships of the regional medical centre programme.

This app is the bottom of the dependency graph: it imports from no other app.
"""

import secrets
import threading
import time

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import entity_url
from hospitals.slugs import pinyin_name


def _english() -> bool:
    return (get_language() or "").startswith("en")


class ReviewStatus(models.TextChoices):
    """Staff review of an extracted record (mentions, pairs, designations, events, figures);
    defined in the base app so every app can use it."""

    AUTOMATIC = "automatic", _("自动提取")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("已否决")


class ProvinceKind(models.TextChoices):
    PROVINCE = "province", _("省")
    AUTONOMOUS_REGION = "autonomous_region", _("自治区")
    MUNICIPALITY = "municipality", _("直辖市")
    SAR = "sar", _("特别行政区")


class ProvinceQuerySet(models.QuerySet):
    def on_map(self):
        return self.order_by("tile_row", "tile_col")


class Province(models.Model):
    """One of the 34 provincial-level units."""

    code = models.CharField(_("代码"), max_length=2, unique=True, help_text=_("GB/T 2260 两位代码"))
    name = models.CharField(_("名称"), max_length=20, unique=True)
    short_name = models.CharField(_("简称"), max_length=10, unique=True)
    abbr = models.CharField(_("单字简称"), max_length=1, unique=True)
    name_en = models.CharField(_("英文名"), max_length=40, unique=True)
    slug = models.SlugField(unique=True, verbose_name=_("网址标识"))
    kind = models.CharField(_("类型"), max_length=20, choices=ProvinceKind.choices)
    tile_row = models.PositiveSmallIntegerField(_("地图行"))
    tile_col = models.PositiveSmallIntegerField(_("地图列"))

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("省级行政区")
        verbose_name_plural = _("省级行政区")
        constraints = [
            models.UniqueConstraint(fields=["tile_row", "tile_col"], name="province_unique_tile"),
            models.CheckConstraint(condition=Q(code__regex=r"^[1-9][0-9]$"), name="province_code_two_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Place pages show articles and facts, so they are served by the articles app.
        return entity_url("hospitals:province-detail", slug=self.slug)

    @property
    def display_name(self) -> str:
        return self.name_en if _english() else self.short_name


class DivisionLevel(models.TextChoices):
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")


class Division(models.Model):
    """A prefecture- or county-level division (GB/T 2260), loaded by `load_divisions`."""

    code = models.CharField(_("代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=40, db_index=True)
    level = models.CharField(_("级别"), max_length=12, choices=DivisionLevel.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="divisions", verbose_name=_("省份")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("所属地级行政区；直辖市的区县和省直辖县级市为空"),
        verbose_name=_("上级区划"),
    )
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("网址标识"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("地级/县级行政区")
        verbose_name_plural = _("地级/县级行政区")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="division_code_six_digits"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="division_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("hospitals:division-detail", slug=self.slug)

    @property
    def name_en(self) -> str:
        """Pinyin with the suffix in English (郑州市 → Zhengzhou, 寿阳县 → Shouyang County)."""
        return pinyin_name(self.name, prefecture=self.level == DivisionLevel.PREFECTURE)

    @property
    def display_name(self) -> str:
        return self.name_en if _english() else self.name


class HospitalKind(models.TextChoices):
    GENERAL = "general", _("综合医院")
    SPECIALTY = "specialty", _("专科医院")
    CHILDREN = "children", _("儿童医院")
    MATERNAL_CHILD = "maternal_child", _("妇幼保健院")
    TCM = "tcm", _("中医医院")
    CANCER = "cancer", _("肿瘤医院")
    CARDIOVASCULAR = "cardiovascular", _("心血管病医院")
    STOMATOLOGY = "stomatology", _("口腔医院")
    COUNTY_GROUP = "county_group", _("县域医疗集团/医共体")
    PRIMARY = "primary", _("基层医疗卫生机构")
    OTHER = "other", _("其他")


class HospitalQuerySet(models.QuerySet):
    def in_province(self, province):
        return self.filter(province=province)

    def outputs(self):
        return self.filter(pk__in=Partnership.objects.live().values("output"))

    def inputs(self):
        return self.filter(pk__in=Partnership.objects.live().values("input"))


class Hospital(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名"), max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("网址标识"))
    kind = models.CharField(
        _("类型"), max_length=20, choices=HospitalKind.choices, default=HospitalKind.GENERAL
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="hospitals", verbose_name=_("省份")
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hospitals",
        verbose_name=_("所在地"),
    )
    website = models.URLField(_("网站"), blank=True)
    source = models.TextField(_("资料来源"), blank=True, help_text=_("这些事实取自何处"))

    objects = HospitalQuerySet.as_manager()

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = _("医院")
        verbose_name_plural = _("医院")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return entity_url("hospitals:hospital-detail", slug=self.slug)

    @property
    def display_name(self) -> str:
        return (self.name_en or self.name) if _english() else self.name


class Alias(models.Model):
    """Another name an entity goes by in the news (short name, former name, brand)."""

    name = models.CharField(_("别名"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class HospitalAlias(Alias):
    hospital = models.ForeignKey(
        Hospital, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("医院")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("医院别名")
        verbose_name_plural = _("医院别名")
        constraints = [
            # One alias points at one hospital: the linker must be able to resolve it.
            models.UniqueConstraint(fields=["name"], name="hospital_alias_unique_name"),
        ]


class PartnershipQuerySet(models.QuerySet):
    def live(self):
        """What the public site shows: every pair staff have not rejected."""
        return self.exclude(status=ReviewStatus.REJECTED)


class Partnership(models.Model):
    """An output hospital (输出医院) building a regional medical centre with an input site (输入医院)."""

    output = models.ForeignKey(
        Hospital, on_delete=models.CASCADE, related_name="input_partnerships", verbose_name=_("输出医院")
    )
    input = models.ForeignKey(
        Hospital, on_delete=models.CASCADE, related_name="output_partnerships", verbose_name=_("输入医院")
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    field = models.CharField(_("专科领域"), max_length=40, blank=True)
    source = models.TextField(_("资料来源"), blank=True)
    # Reference pairs (fixtures, staff) are confirmed; pairs the importer reads from an
    # article are automatic until staff review them; rejected ones are not published.
    status = models.CharField(
        _("审核状态"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.CONFIRMED,
        db_index=True,
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["output__name", "input__name"]
        verbose_name = _("输出—输入合作")
        verbose_name_plural = _("输出—输入合作")
        constraints = [
            models.UniqueConstraint(fields=["output", "input"], name="partnership_unique_pair"),
            models.CheckConstraint(
                condition=~Q(output=models.F("input")), name="partnership_output_is_not_input"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2019, year__lte=2100),
                name="partnership_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.output} → {self.input}"


class DataChange(models.Model):
    """A note that published data changed by a path that leaves no other trace in the
    tables the data version reads (articles.aggregates): `load_reference`, `relink`. Its
    newest id is part of that version, so cached pages and counts are recomputed. It lives
    in the bottom app so that every app's commands can write it."""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=100)

    class Meta:
        verbose_name = _("数据变更")
        verbose_name_plural = _("数据变更")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reason}"


def note_data_change(reason: str) -> None:
    """Record that published data changed (see DataChange) and bump the data version."""
    DataChange.objects.create(reason=reason[:100])
    bump_data_version()


class DataVersion(models.Model):
    """The data version of the public pages: one row (id 1) whose token every write to
    published data replaces (`bump_data_version`). Cached pages and counts are keyed by
    it (articles/aggregates.py, articles/pagecache.py), so reading it is one primary-key
    look-up. The token is random rather than a counter: a rolled-back write must not hand
    its number to a later, different write, whose pages would then match stale entries."""

    token = models.CharField(_("版本"), max_length=32)
    changed_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return self.token


VERSION_ID = 1
_VERSION_SQL = "SELECT token FROM hospitals_dataversion WHERE id = %s"


class _Memo(threading.local):
    """The version this thread read last and until when it may be reused."""

    token: str | None = None
    until: float = 0.0
    generation: int = -1


_memo = _Memo()
_generation = 0  # bumped by every write in this process: a memo read before it is void


def memo_seconds() -> float:
    return float(getattr(settings, "DATA_VERSION_MEMO_SECONDS", 1.0))


def _memo_allowed() -> bool:
    # Inside a transaction the version may be one this transaction wrote and will roll
    # back (and a test's rolled-back writes would otherwise leak into the next test).
    return memo_seconds() > 0 and not connection.in_atomic_block


def current_data_version() -> str:
    """The token of the data version: one indexed query, or none at all when this thread
    read it less than DATA_VERSION_MEMO_SECONDS ago and this process wrote nothing since
    (a write elsewhere shows here within that time)."""
    now = time.monotonic()
    if _memo_allowed() and _memo.token is not None and now < _memo.until and _memo.generation == _generation:
        return _memo.token
    generation = _generation
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [VERSION_ID])
        row = cursor.fetchone()
    token = row[0] if row else "none"  # no row yet: a flushed or fresh database
    if _memo_allowed():
        _memo.token, _memo.until, _memo.generation = token, now + memo_seconds(), generation
    return token


def bump_data_version() -> None:
    """Give published data a new version (call after any write the signals do not see:
    queryset .update()/.delete(), bulk_create, raw SQL)."""
    global _generation
    _generation += 1
    _memo.token = None
    token, now = secrets.token_hex(8), timezone.now()
    if not DataVersion.objects.filter(pk=VERSION_ID).update(token=token, changed_at=now):
        DataVersion.objects.update_or_create(pk=VERSION_ID, defaults={"token": token, "changed_at": now})
