"""The evidence that the hospital, province, division, programme, project and document
pages show from articles: designations and events with the sentences that state them, the
articles that name a place or a programme, counts over mentions. hospitals and programmes
never import articles; `install()` (called from articles/apps.py ready()) plugs these
functions into hospitals/selectors.py and programmes/selectors.py. The article, timeline
and home views use the same helpers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import HttpRequest

from articles import aggregates
from articles.models import LIVE_STATUSES, NAMED_METHODS, Article, Citation, Mention
from core.links import entity_url
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
SOURCE_LABEL = 24  # characters of an outlet's name (or a title) in a list of sources


def public_events(show_all: bool = False):
    """Public events newest first, with programmes, provinces and `source_count`."""
    return (
        Event.objects.public(show_all=show_all)
        .annotate(source_count=count_subquery(Citation.objects.filter(event=OuterRef("pk")), "id"))
        .order_by("-date", "-id")
        .prefetch_related("programmes", "provinces")
    )


def events_with_sources(show_all: bool = False):
    """public_events() with every source of each (citations with their article and
    outlet, oldest first) as `listed_sources`: an event's page and the exports."""
    cited = (
        Citation.objects.select_related("article__outlet")
        .defer("article__body")  # sources show the outlet or title, never the body
        .order_by("article__published_at", "id")
    )
    return public_events(show_all).prefetch_related(Prefetch("citations", cited, to_attr="listed_sources"))


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A source in a list of events: the article's address and a short label."""

    url: str
    label: str

    @classmethod
    def of(cls, slug: str, outlet: str | None, title: str) -> SourceLink:
        label = outlet or title
        if len(label) > SOURCE_LABEL:
            label = label[: SOURCE_LABEL - 1] + "…"
        return cls(entity_url("articles:detail", slug=slug), label)


def with_source_links(events, limit: int = LISTED_SOURCES) -> list:
    """The events as a list, each with `source_links`: its first `limit` sources, oldest
    first. One query for all of them, read as plain values (a list page of 50 events
    names 250 sources; building a citation, article and outlet object for each cost more
    than the query)."""
    events = list(events)
    if not events:
        return events
    rank = Window(
        RowNumber(), partition_by=F("event_id"), order_by=[F("article__published_at").asc(), F("id").asc()]
    )
    rows = (
        Citation.objects.filter(event_id__in=[e.pk for e in events])
        .annotate(rank=rank)
        .filter(rank__lte=limit)
        .order_by()
        .values_list("event_id", "rank", "article__slug", "article__outlet__name", "article__title")
    )
    found: dict[int, list] = {}
    for event_id, position, slug, outlet, title in rows:
        found.setdefault(event_id, []).append((position, slug, outlet, title))
    for e in events:
        e.source_links = [SourceLink.of(*row[1:]) for row in sorted(found.get(e.pk, []))]
    return events


PLACE_ARTICLES = 20
# An entity named in at least this share of the originals has its latest articles found by
# walking the listing (ArticleQuerySet.naming(walk=True)).
WALK_SHARE = 0.02


def named_article_count(request: HttpRequest, kind: str, entity) -> int:
    """How many originals name `entity` (cached by data version)."""

    def count() -> int:
        return Article.objects.published().naming(kind, entity).count()

    return aggregates.for_request(request).get("named-count", (kind, entity.pk), count)


def original_count(request: HttpRequest) -> int:
    """How many originals there are (cached by data version)."""

    def count() -> int:
        return Article.objects.filter(duplicate_of__isnull=True).count()

    return aggregates.for_request(request).get("original-count", None, count)


def latest_naming(request: HttpRequest, kind: str, entity, limit: int = PLACE_ARTICLES):
    """The newest `limit` originals that name `entity`, for listing: read through the
    entity's mentions when it is rare, by walking the newest articles when it is common
    (a province or programme: 15–22 ms → 2–3 ms at 100,000 articles on SQLite). The
    counts that choose are cached by data version."""
    walk = named_article_count(request, kind, entity) >= WALK_SHARE * original_count(request)
    return Article.objects.published().naming(kind, entity, walk=walk).for_listing()[:limit]


# A province or programme page shows its latest events; the timeline, filtered to it, has
# them all (a link below the list).
PAGE_EVENTS = 10


def quoted_designations(request: HttpRequest, condition: Q, key: tuple) -> list:
    """The public designations matching `condition` (named by `key`, which keys the cache),
    with their targets and, as `first_citations`, the citation the pages quote (its article
    without the body; empty when none). A designation can be cited by thousands of
    articles: its first citation is found by one index seek (a correlated subquery), then
    all of them are read in one query, instead of ranking every citation of every
    designation. Cached by data version (a programme's hundred designations took 9 ms of
    CPU to read and build at 100,000 articles)."""
    show_all = show_all_facts(request)

    def read() -> list:
        first = Citation.objects.filter(designation=OuterRef("pk")).order_by("id").values("id")[:1]
        designations = list(
            Designation.objects.public(show_all=show_all)
            .filter(condition)
            .select_related("programme", "province", "division", "hospital")
            .annotate(first_citation_id=Subquery(first))
            .order_by("programme__order", "date", "id")
        )
        ids = [d.first_citation_id for d in designations if d.first_citation_id]
        found = Citation.objects.select_related("article").defer("article__body").in_bulk(ids) if ids else {}
        for d in designations:
            d.first_citations = [found[d.first_citation_id]] if d.first_citation_id in found else []
        return designations

    return aggregates.for_request(request).get("quoted-designations", (*key, show_all), read)


def fragment_keys(request: HttpRequest) -> dict:
    """What a page's `{% cache %}` sections of register data are keyed and kept by: the
    data version (with the language, in the template) and the aggregates' lifetime."""
    return {"data_version": aggregates.for_request(request).version, "fragment_seconds": aggregates.timeout()}


def province_context(request: HttpRequest, province: Province) -> dict:
    """A province page: its designations per programme, its timeline, register and articles,
    and the counts over its mentions (cached by data version)."""
    inside = Q(province=province) | Q(division__province=province) | Q(hospital__province=province)
    designations = quoted_designations(request, inside, ("province", province.pk))
    by_programme: dict = {}
    for d in designations:
        by_programme.setdefault(d.programme, []).append(d)
    return dict(
        designations_by_programme=list(by_programme.items()),
        events=with_source_links(
            public_events(show_all_facts(request)).filter(provinces=province)[:PAGE_EVENTS]
        ),
        # Register rows (a hundred projects with their sources and hospitals) change only
        # with the data: cached by data version like the counts.
        **aggregates.for_request(request).get(
            "province-register", province.pk, lambda: province_register(province)
        ),
        **fragment_keys(request),
        articles=latest_naming(request, "province", province),
        article_count=named_article_count(request, "province", province),
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
    }


def entity_context(request: HttpRequest, kind: str, entity) -> dict:
    """A division's or hospital's designations (with their source sentence), the latest
    articles that name it and, for a hospital, its register projects; `kind` is the
    Mention/Designation field."""
    context = dict(
        designations=quoted_designations(request, Q(**{kind: entity}), (kind, entity.pk)),
        articles=latest_naming(request, kind, entity),
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
    designations = quoted_designations(request, Q(programme=programme), ("programme", programme.pk))
    groups: dict[str, list] = {"province": [], "division": [], "hospital": []}
    for d in designations:
        groups["province" if d.province_id else "division" if d.division_id else "hospital"].append(d)
    return dict(
        designation_groups=[(kind, items) for kind, items in groups.items() if items],
        designation_count=len(designations),
        events=with_source_links(
            public_events(show_all_facts(request)).filter(programmes=programme)[:PAGE_EVENTS]
        ),
        figures=Figure.objects.filter(programme=programme)
        .public(show_all=show_all_facts(request))
        .filter(label__contains=programme.short_name)
        .order_by("-date")[:20],
        articles=latest_naming(request, "programme", programme),
        **aggregates.for_request(request).get(
            "programme-register", programme.pk, lambda: programme_register(programme)
        ),
        **fragment_keys(request),
    )


ENTITY_ARTICLES = 20


def entity_articles(request: HttpRequest, kind: str, entity) -> dict:
    """The latest articles that name a project or cite a policy document (kind "project"
    or "document")."""
    return {"articles": latest_naming(request, kind, entity, ENTITY_ARTICLES)}


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
