"""The evidence that the hospital, province, division, programme, project and document
pages show from articles: designations and events with the sentences that state them, the
articles that name a place or a programme, counts over mentions. hospitals and programmes
never import articles; `install()` (called from articles/apps.py ready()) plugs these
functions into hospitals/selectors.py and programmes/selectors.py. The article, timeline
and home views use the same helpers."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from articles import aggregates
from articles.models import LIVE_STATUSES, NAMED_METHODS, Article, Citation, Mention
from hospitals.models import Division, Hospital, Province
from programmes.membership import hospital_projects, membership, programme_register, province_register
from programmes.models import Designation, Event, Figure, Programme


def count_subquery(queryset, field: str, *, distinct: bool = False):
    """A correlated COUNT subquery (0 when no rows): one index range per outer row instead
    of a join that multiplies designations by mentions."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .annotate(g=Value(1))
            .values("g")
            .annotate(n=Count(field, distinct=distinct))
            .values("n")[:1]
        ),
        0,
    )


def _map_data() -> dict:
    """The tile map's legend (the programmes, in order) and, per province id, the keys of
    the programmes it takes part in (`marks`) and since when (`since`: first batch and
    year): from the registers (projects, designations) and from designations extracted
    from articles, not rejected (programmes.membership)."""
    programmes = list(Programme.objects.order_by("order", "key"))
    order = {p.key: i for i, p in enumerate(programmes)}
    found = membership()
    marks = {pk: sorted(keys, key=lambda k: order.get(k, len(order))) for pk, keys in found.items()}
    return {"programmes": programmes, "marks": marks, "since": found}


def tile_map_context(request: HttpRequest, provinces) -> dict:
    """What includes/tile_map.html needs (two queries when the data changed, none after)."""
    data = aggregates.for_request(request).get("tile-map", None, _map_data)
    for p in provinces:
        p.programme_keys = data["marks"].get(p.pk, [])
        p.since = data["since"].get(p.pk, {})
        rmc = p.since.get("regional_medical_center")
        p.first_batch = rmc.batch if rmc else None
    return {"provinces": provinces, "map_programmes": data["programmes"]}


def show_all_facts(request: HttpRequest) -> bool:
    """The pages' switch: ?facts=all lists automatic facts below the publishing
    threshold too (marked), for researchers who want everything the importer found."""
    return request.GET.get("facts") == "all"


# Lists of events (timeline, province, programme) show an event's first sources and how
# many there are; its page and the exports list them all. At 100,000 articles an event has
# a dozen sources on average: all of them for 300 events took seconds to read and render.
LISTED_SOURCES = 5


def events_with_sources(show_all: bool = False, *, sources: int | None = LISTED_SOURCES):
    """Public events newest first, with programmes, provinces and their sources (the first
    `sources` of each, oldest first, as `listed_sources`; all of them when None) and
    `source_count`."""
    cited = (
        Citation.objects.select_related("article__outlet")
        .defer("article__body")  # sources show the outlet or title, never the body
        .order_by("article__published_at", "id")
    )
    return (
        Event.objects.public(show_all=show_all)
        .annotate(source_count=count_subquery(Citation.objects.filter(event=OuterRef("pk")), "id"))
        .order_by("-date", "-id")
        .prefetch_related(
            "programmes",
            "provinces",
            Prefetch("citations", cited[:sources] if sources else cited, to_attr="listed_sources"),
        )
    )


PLACE_ARTICLES = 20


def cited_designations(show_all: bool = False):
    return (
        Designation.objects.public(show_all=show_all)
        .select_related("programme", "province", "division", "hospital")
        # The pages quote a designation's first citation only: fetch that one (a
        # designation can be cited by hundreds of articles), without article bodies.
        .prefetch_related(
            Prefetch(
                "citations",
                Citation.objects.select_related("article").defer("article__body").order_by("id")[:1],
                to_attr="first_citations",
            )
        )
        .order_by("programme__order", "date", "id")
    )


def province_context(request: HttpRequest, province: Province) -> dict:
    """A province page: its designations per programme, its timeline, register and articles,
    and the counts over its mentions (cached by data version)."""
    inside = Q(province=province) | Q(division__province=province) | Q(hospital__province=province)
    designations = list(cited_designations(show_all_facts(request)).filter(inside))
    by_programme: dict = {}
    for d in designations:
        by_programme.setdefault(d.programme, []).append(d)
    return dict(
        designations_by_programme=list(by_programme.items()),
        events=events_with_sources(show_all_facts(request)).filter(provinces=province)[:50],
        **province_register(province),
        articles=Article.objects.published().naming("province", province).for_listing()[:PLACE_ARTICLES],
        # Counts over the province's mentions, cached by data version.
        **aggregates.for_request(request).get(
            "province-counts", province.pk, lambda: _province_counts(province)
        ),
    )


def _province_counts(province) -> dict:
    return {
        # Counted as the division's own page lists its articles (Article.naming on
        # originals): a mention reached through a hospital's location, a rejected one or
        # a reprint made 郑州市 count 4 here while its page listed 2.
        "places": list(
            Division.objects.filter(
                province=province,
                mentions__status__in=LIVE_STATUSES,
                mentions__method__in=NAMED_METHODS,
                mentions__article__duplicate_of__isnull=True,
            )
            .annotate(article_count=Count("mentions__article", distinct=True))
            .order_by("-article_count", "code")[:40]
        ),
        "article_count": Article.objects.published().naming("province", province).count(),
    }


def entity_context(request: HttpRequest, kind: str, entity) -> dict:
    """A division's or hospital's designations (with their source sentence), the latest
    articles that name it and, for a hospital, its register projects; `kind` is the
    Mention/Designation field."""
    context = dict(
        designations=cited_designations(show_all_facts(request)).filter(**{kind: entity}),
        articles=Article.objects.published().naming(kind, entity).for_listing()[:PLACE_ARTICLES],
    )
    if kind == "hospital":
        context.update(hospital_projects(entity))
    return context


def map_data(request: HttpRequest) -> dict:
    return aggregates.for_request(request).get("tile-map", None, _map_data)


def _province_table() -> list[Province]:
    """Every province with its counts. The articles naming each province and the
    latest of them come from one GROUP BY over the mentions (one pass, instead of a
    correlated count per province: 1.9 s cold on PostgreSQL at 100,000 articles)."""
    live = Designation.objects.public()
    province = OuterRef("pk")
    designations = live.filter(
        Q(province=province) | Q(division__province=province) | Q(hospital__province=province)
    )
    provinces = list(
        Province.objects.annotate(
            programme_count=count_subquery(designations, "programme", distinct=True),
            designation_count=count_subquery(designations, "id"),
            hospital_count=count_subquery(Hospital.objects.filter(province=province), "id"),
        ).order_by("code")
    )
    named = (
        Mention.objects.named()
        .filter(province__isnull=False, article__duplicate_of__isnull=True)
        .values("province")
        .annotate(n=Count("article", distinct=True), latest=Max("article__published_at"))
        .order_by()
    )
    stats = {row["province"]: row for row in named}
    members = membership()  # programmes from the registers as well as from articles
    for p in provinces:
        row = stats.get(p.pk, {})
        p.article_count, p.latest = row.get("n", 0), row.get("latest")
        p.programme_count = len(members.get(p.pk, {}))
    return provinces


def province_rows(request: HttpRequest) -> list[Province]:
    # Counts over every mention: computed once per data version, sorted per request.
    return aggregates.for_request(request).get("province-table", None, _province_table)


def programme_context(request: HttpRequest, programme) -> dict:
    """A programme page: the places and hospitals designated in it by batch and date, its
    timeline, headline figures, latest articles and register."""
    designations = list(cited_designations(show_all_facts(request)).filter(programme=programme))
    groups: dict[str, list] = {"province": [], "division": [], "hospital": []}
    for d in designations:
        groups["province" if d.province_id else "division" if d.division_id else "hospital"].append(d)
    return dict(
        designation_groups=[(kind, items) for kind, items in groups.items() if items],
        designation_count=len(designations),
        events=events_with_sources(show_all_facts(request)).filter(programmes=programme)[:60],
        figures=Figure.objects.filter(programme=programme)
        .public(show_all=show_all_facts(request))
        .filter(label__contains=programme.short_name)
        .order_by("-date")[:20],
        articles=Article.objects.published().naming("programme", programme).for_listing()[:PLACE_ARTICLES],
        **programme_register(programme),
    )


ENTITY_ARTICLES = 20


def entity_articles(request: HttpRequest, kind: str, entity) -> dict:
    """The latest articles that name a project or cite a policy document (kind "project"
    or "document")."""
    return {"articles": Article.objects.published().naming(kind, entity).for_listing()[:ENTITY_ARTICLES]}


def _hospital_filterset():
    from articles.filters import HospitalFilter

    return HospitalFilter


def install() -> None:
    """Plug the functions above into the selector registries of hospitals and programmes."""
    from hospitals import selectors as hospital_selectors
    from programmes import selectors as programme_selectors

    hospital_selectors.register(
        province_context=province_context,
        entity_context=entity_context,
        map_data=map_data,
        tile_map_context=tile_map_context,
        province_rows=province_rows,
        hospital_filterset=_hospital_filterset,
    )
    programme_selectors.register(programme_context=programme_context, entity_articles=entity_articles)
