import datetime
import json
from collections import Counter

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    F,
    JSONField,
    OuterRef,
    Prefetch,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.generic import DetailView
from django_filters.views import FilterView

from articles import aggregates
from articles.charts import headline_series
from articles.filters import ArticleFilter
from articles.models import LIVE_STATUSES, MENTION_TARGETS, NAMED_METHODS, Article, Citation, Mention, Outlet
from articles.presentation import annotate_body, citation_bibtex, citation_gbt7714
from articles.search import snippet
from articles.selectors import (
    count_subquery,
    events_with_sources,
    public_events,
    show_all_facts,
    tile_map_context,
    with_source_links,
)
from core.exports import ExportMixin
from hospitals.models import Hospital, Province
from programmes.filters import EventFilter
from programmes.membership import (
    documents_by_year,
)
from programmes.models import Designation, Event, Figure, PolicyDocument, Programme, ReviewStatus

HOME_LATEST = 8


def _home_counts() -> dict:
    """The programmes with their designations and the articles naming them (as the
    programme's article list counts them), the provinces of the map, the hospitals."""
    live = Designation.objects.public()
    named = Mention.objects.named()
    programme = OuterRef("pk")
    return {
        "programmes": list(
            Programme.objects.annotate(
                designation_count=count_subquery(live.filter(programme=programme), "id"),
                article_count=count_subquery(named.filter(programme=programme), "article", distinct=True),
            ).order_by("order", "key")
        ),
        "provinces": list(Province.objects.on_map()),
        "hospital_count": Hospital.objects.count(),
    }


def home(request: HttpRequest) -> HttpResponse:
    """What the site covers: programmes with counts, the province tile map, latest articles.
    The counts are cached by data version (articles.aggregates)."""

    def series():
        figures = Figure.objects.public().filter(programme__isnull=False).order_by("date")
        return headline_series(figures, Programme.objects.prefetch_related("aliases"))

    cached = aggregates.for_request(request)
    context = {
        # Every public figure is read to draw the charts (thousands at 500,000 articles):
        # cached by data version, per language (titles and units are translated).
        "series": cached.get("home-series", get_language(), series),
        **cached.get("home", None, _home_counts),
        "latest_articles": Article.objects.published().for_listing()[:HOME_LATEST],
    }
    context.update(tile_map_context(request, context["provinces"]))
    return render(request, "home.html", context)


class CachedChoicesMixin:
    """A filter form's selects of entities (every province, hospital, outlet, programme)
    get their options once per data version and language instead of on every request:
    under load (`make bench-load`) they were a third of a search page's time, and on the
    timeline two queries of eight."""

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        versioned = aggregates.for_request(self.request)
        for name, field in filterset.form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.choices = versioned.get(
                    "filter-choices",
                    (filterset_class.__name__, name, get_language()),
                    lambda field=field: [(str(value), str(label)) for value, label in field.choices],
                )
        return filterset


class ArticleListView(CachedChoicesMixin, ExportMixin, FilterView):
    """Articles with facets (province, programme, hospital, outlet, year, dates), full-text
    search, sort and pagination; reprints are folded into their originals. Anonymous visitors
    get it from the page cache (articles/pagecache.py), like every public page."""

    filterset_class = ArticleFilter
    strict = False  # a bad parameter: its form error, and the results without that filter
    template_name = "articles/article_list.html"
    paginate_by = 20
    export_name = "articles"

    @property
    def export_columns(self):
        return [
            ("title", lambda a: a.title),
            ("published_at", lambda a: a.display_date),
            ("date_precision", lambda a: a.published_precision),
            ("date_inferred", lambda a: a.date_inferred),
            ("outlet", lambda a: a.outlet.name if a.outlet else ""),
            ("reporter", lambda a: a.reporter),
            ("url", lambda a: a.url),
            ("permalink", lambda a: self.link(a.get_absolute_url())),
        ]

    def get_queryset(self):
        articles = Article.objects.published().for_listing()
        if self.request.GET.get("q", "").strip():
            articles = articles.defer(None).select_related("outlet")  # snippets need the body
        return articles

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        # In the default order the first pages are served from the cached ids of the
        # filter's newest results: the search or semi-join does not run again per page.
        newest = "sort" not in self.request.GET
        return CountedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count=lambda: self.list_aggregates(queryset)["count"],
            ids=(lambda: self.list_aggregates(queryset)["first_ids"]) if newest else None,
            # No ORDER BY: the page keeps the cached ids' order, and with one SQLite walked the
            # whole listing index to find 20 ids (30 ms at 100,000 articles).
            fetch=lambda chunk: self.get_queryset().filter(id__in=chunk).order_by(),
        )

    def list_aggregates(self, filtered) -> dict:
        """The result count and the facet counts of this filter (not of the page or the
        sort), cached by data version: a million-mention GROUP BY costs far more than the
        page itself, and every page and sort of one filter shares it."""
        params = sorted(
            (k, v) for k, values in self.request.GET.lists() for v in values if k not in ("page", "sort")
        )
        return aggregates.for_request(self.request).get(
            "article-list", params, lambda: _list_aggregates(filtered)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "")
        for article in context["object_list"]:
            article.snippet = snippet(article.body, q) if q.strip() else ""
        aggregated = self.list_aggregates(context["filter"].qs)
        english = (get_language() or "").startswith("en")
        context["facets"] = {
            name: [(row[0], (row[2] or row[1]) if english else row[1], row[-1]) for row in rows]
            if name in ("province", "programme")
            else rows
            for name, rows in aggregated["facets"].items()
        }
        context["facet_sample"] = aggregated["facet_sample"]
        return context


class CountedPaginator(Paginator):
    """A paginator whose count comes from a callable (a cached count) and, optionally,
    whose pages come from a cached list of the first ids in page order: a page within it
    is fetched by primary key (`fetch(ids)`) instead of re-running the filter."""

    def __init__(self, *args, count, ids=None, fetch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_subquery, self._ids, self._fetch = count, ids, fetch

    @cached_property
    def count(self) -> int:
        return self.count_subquery()

    def page(self, number):
        if self._ids is None:
            return super().page(number)
        number = self.validate_number(number)
        ids = self._ids()
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top > len(ids) and len(ids) < self.count:  # beyond the cached ids
            return super().page(number)
        chunk = ids[bottom:top]
        found = {article.pk: article for article in self._fetch(chunk)}
        return self._get_page([found[pk] for pk in chunk if pk in found], number, self)


# Province and programme facets count mentions: over a result set of tens of thousands of
# articles (a common search term, the whole list) that is a GROUP BY over a million mention
# rows, seconds on a cold cache. Above this many results they are counted over the newest
# FACET_SAMPLE results, and the page says so; the result count, years and outlets stay exact.
FACET_SAMPLE = 5000
# The newest results' ids kept with the count (50 pages of 20): those pages are fetched by id.
FIRST_IDS = 1000


def _id_list_sql(ids: list[int]) -> RawSQL:
    """A subquery yielding `ids`, sent as one parameter (a Python list would need one
    placeholder per id): an array on PostgreSQL, a JSON array on SQLite."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def _ids_outlets_years(ordered) -> list[tuple[int, int | None, int | None]]:
    """(id, outlet id, local year of publication) of every article of `ordered`.

    SQLite has no time zones: Django's ExtractYear there calls back into Python for every
    row (two thirds of a second for 95,000 rows). The stored UTC text gives the year
    directly, except on the two days around New Year, where it is converted exactly."""
    if connection.vendor != "sqlite":
        return list(ordered.values_list("id", "outlet_id", ExtractYear("published_at")))
    out = []
    for pk, outlet, stamp in ordered.values_list("id", "outlet_id", Cast("published_at", CharField())):
        if stamp is None:
            year = None
        elif stamp[5:10] in ("12-31", "01-01"):
            moment = datetime.datetime.fromisoformat(stamp).replace(tzinfo=datetime.UTC)
            year = timezone.localtime(moment).year
        else:
            year = int(stamp[:4])
        out.append((pk, outlet, year))
    return out


def _named_facet(model, ids, order: tuple, columns: tuple) -> list[tuple]:
    """(key, Chinese label, English label, articles) of the entities the articles `ids`
    name: counted as the facet's filter (`Article.naming`) selects, so a count is what a
    click shows. Both labels are kept: the cached facets serve both languages."""
    return list(
        model.objects.filter(
            mentions__article__in=ids, mentions__method__in=NAMED_METHODS, mentions__status__in=LIVE_STATUSES
        )
        .annotate(n=Count("mentions__article", distinct=True))
        .order_by(*order)
        .values_list(*columns, "n")
    )


def _list_aggregates(filtered) -> dict:
    """The result count and facets of one filter. The filter (a full-text search, a
    semi-join over mentions) runs once: its ids, outlets and years are read newest first,
    and the mention facets are counted over those ids."""
    rows = _ids_outlets_years(filtered.order_by(F("published_at").desc(nulls_last=True), "-id"))
    sample = [row[0] for row in rows[:FACET_SAMPLE]]
    ids = _id_list_sql(sample)
    years = Counter(y for _, _, y in rows if y is not None)
    outlets = Counter(o for _, o, _ in rows if o is not None)
    names = dict(
        (pk, (slug, name))
        for pk, slug, name in Outlet.objects.filter(id__in=list(outlets)).values_list("id", "slug", "name")
    )
    top_outlets = sorted(outlets.items(), key=lambda item: (-item[1], names[item[0]][1]))[:15]
    return {
        "count": len(rows),
        "first_ids": [row[0] for row in rows[:FIRST_IDS]],
        "facet_sample": FACET_SAMPLE if len(rows) > FACET_SAMPLE else None,
        "facets": {
            "province": _named_facet(Province, ids, ("-n", "code"), ("slug", "short_name", "name_en"))[:34],
            "programme": _named_facet(Programme, ids, ("order",), ("slug", "name", "name_en")),
            "year": [(y, y, n) for y, n in sorted(years.items(), reverse=True)],
            "outlet": [(*names[pk], n) for pk, n in top_outlets],
        },
    }


CITED_FACTS = ("designation", "event", "figure", "partnership")
# What the page shows of a citation and its fact (the registers' JSON columns and the
# programmes' descriptions are neither read nor decoded).
DATED = ("status", "date", "date_precision")
CITATION_COLUMNS = (
    "article_id",
    "quote",
    "start",
    *(f"{fact}_id" for fact in CITED_FACTS),
    *(
        f"designation__{name}"
        for name in (*DATED, "programme_id", "province_id", "division_id", "hospital_id")
    ),
    *(f"event__{name}" for name in (*DATED, "summary")),
    *(f"figure__{name}" for name in (*DATED, "value_text", "unit", "label")),
    *(f"partnership__{name}" for name in ("status", "output_id", "input_id")),
)


def _long_columns(model) -> list[str]:
    """A model's text and JSON columns: never shown where the article page names it."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, (JSONField, TextField))]


class ArticleDetailView(DetailView):
    """An article with its linked body, extracted facts, reprints and citations.

    The page names dozens of entities (mentions, the targets of designations, the two
    hospitals of a pair). Each entity table is read once, by the ids gathered over all of
    them (`_attach_entities`), and the citations join only their four fact tables,
    rejected facts dropped in Python: a ten-way select_related with four excludes cost
    most of the page's CPU in building the queries and repeated rows."""

    queryset = Article.objects.select_related(
        "outlet", "original_outlet", "duplicate_of__outlet"
    ).prefetch_related(
        Prefetch("mentions", Mention.objects.order_by("start", "id")),
        Prefetch(
            "citations",
            Citation.objects.select_related(*CITED_FACTS).only(*CITATION_COLUMNS).order_by("start", "id"),
        ),
        Prefetch("reprints", Article.objects.select_related("outlet").order_by("published_at")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        mentions = list(article.mentions.all())
        citations = [c for c in article.citations.all() if _live(c)]
        _attach_entities(mentions, citations)
        permalink = self.request.build_absolute_uri(article.get_absolute_url())
        context.update(
            paragraphs=annotate_body(article.body, mentions),
            entities=_entities(mentions),
            designations=_by_quote(c for c in citations if c.designation_id),
            events=[c for c in citations if c.event_id],
            figures=[c for c in citations if c.figure_id],
            pairs=[c for c in citations if c.partnership_id],
            permalink=permalink,
            gbt7714=citation_gbt7714(article, url=permalink),
            bibtex=citation_bibtex(article, url=permalink),
        )
        return context


def _live(citation: Citation) -> bool:
    """A citation whose fact staff have not rejected."""
    fact = next(getattr(citation, name) for name in CITED_FACTS if getattr(citation, f"{name}_id"))
    return fact.status != ReviewStatus.REJECTED


def _attach_entities(mentions: list[Mention], citations: list[Citation]) -> None:
    """Fill the entity foreign keys of the mentions, of the cited designations and of the
    cited pairs with one query per entity table (only for tables with ids to read)."""
    designations = [c.designation for c in citations if c.designation_id]
    pairs = [c.partnership for c in citations if c.partnership_id]
    holders = [(m, MENTION_TARGETS) for m in mentions]
    holders += [(d, ("programme", "province", "division", "hospital")) for d in designations]
    holders += [(p, ("output", "input")) for p in pairs]
    models = {name: Mention._meta.get_field(name).related_model for name in MENTION_TARGETS}
    models.update(output=Hospital, input=Hospital)
    wanted: dict[type, set[int]] = {}
    for holder, fields in holders:
        for name in fields:
            if (pk := getattr(holder, f"{name}_id")) is not None:
                wanted.setdefault(models[name], set()).add(pk)
    found = {model: model.objects.defer(*_long_columns(model)).in_bulk(ids) for model, ids in wanted.items()}
    for holder, fields in holders:
        for name in fields:
            pk = getattr(holder, f"{name}_id")
            setattr(holder, name, found[models[name]][pk] if pk is not None else None)


def _by_quote(citations) -> list[tuple[str, list]]:
    """Designations stated by one sentence are shown under that sentence once."""
    groups: dict[str, list] = {}
    for c in citations:
        groups.setdefault(c.quote, []).append(c.designation)
    return list(groups.items())


def _entities(mentions) -> dict[str, list]:
    """Distinct linked entities by kind, named ones first, for the sidebar."""
    out: dict[str, dict] = {kind: {} for kind in MENTION_TARGETS}
    for m in sorted(mentions, key=lambda m: m.method == "via_entity"):
        if m.status != "rejected" and m.target is not None:
            out[m.kind].setdefault(m.target.pk, (m.target, m.method == "via_entity"))
    return {kind: list(values.values()) for kind, values in out.items()}


# Events per timeline page. A page groups its events by year; the year bar above links
# every year (with its count) to ?year=…, so a year is one click away however deep.
TIMELINE_PAGE = 30


class TimelineView(CachedChoicesMixin, ExportMixin, FilterView):
    """The public timeline: events grouped by year, newest or oldest first, filterable
    by programme, province and year, TIMELINE_PAGE events a page; each with its date
    precision, summary and first sources. The year bar's counts (and so the page count)
    are cached by data version; CSV and JSON exports list every matching event."""

    filterset_class = EventFilter
    strict = False  # a bad parameter: its form error, and the results without that filter
    template_name = "articles/timeline.html"
    paginate_by = TIMELINE_PAGE
    export_name = "timeline"

    @property
    def export_columns(self):
        return [
            ("date", lambda e: e.display_date),
            ("precision", lambda e: e.date_precision),
            ("summary", lambda e: e.summary),
            ("status", lambda e: e.status),
            ("programmes", lambda e: ";".join(p.slug for p in e.programmes.all())),
            ("provinces", lambda e: ";".join(p.short_name for p in e.provinces.all())),
            (
                "sources",
                lambda e: ";".join(self.link(c.article.get_absolute_url()) for c in e.listed_sources),
            ),
            ("permalink", lambda e: self.link(e.get_absolute_url())),
        ]

    def get_queryset(self):
        show_all = show_all_facts(self.request)
        if self.request.GET.get("format"):  # an export lists every source
            return events_with_sources(show_all)
        return public_events(show_all)  # the page's events get their first sources below

    @cached_property
    def chosen(self) -> dict:
        """The filters of the request that validate (an invalid one shows its error and
        is left out, as django-filter does with strict = False)."""
        form = self.filterset.form
        form.is_valid()
        return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v not in (None, "")}

    @cached_property
    def year_counts(self) -> list[tuple[int, int]]:
        """(year, events) for the chosen programme and province, newest first: the year
        bar, and the page count. Cached by data version."""
        chosen = self.chosen
        programme, province = chosen.get("programme"), chosen.get("province")
        show_all = show_all_facts(self.request)

        def count():
            events = Event.objects.public(show_all=show_all)
            if programme:
                events = events.filter(programmes=programme)
            if province:
                events = events.filter(provinces=province)
            rows = events.annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id")).order_by("-y")
            return [(row["y"], row["n"]) for row in rows]

        key = (show_all, programme.pk if programme else None, province.pk if province else None)
        return aggregates.for_request(self.request).get("timeline-years", key, count)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        year = self.chosen.get("year")
        counts = dict(self.year_counts)
        total = counts.get(year, 0) if year else sum(counts.values())
        return CountedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count=lambda: total,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_source_links(context["object_list"])
        years: dict[int, list] = {}
        for event in context["object_list"]:
            years.setdefault(event.date.year, []).append(event)
        newest_first = self.request.GET.get("order", "-date") != "date"
        chosen = self.chosen
        # Policy documents are official milestones: shown in their year, apart from the
        # events reported in the news (filtered by programme and year like the events; a
        # province filter leaves them out). A page shows those of the years it spans; the
        # first and last pages also those before and after every event.
        documents = PolicyDocument.objects.filter(issued_on__isnull=False)
        if programme := chosen.get("programme"):
            documents = documents.filter(programmes=programme)
        if year := chosen.get("year"):
            documents = documents.filter(issued_on__year=year)
        if chosen.get("province"):
            documents = documents.none()
        official = documents_by_year(documents)
        page = context.get("page_obj")
        if years and page is not None:
            low, high = min(years), max(years)
            first, last = not page.has_previous(), not page.has_next()
            if newest_first:
                low, high = (None if last else low), (None if first else high)
            else:
                low, high = (None if first else low), (None if last else high)
            official = {
                y: docs
                for y, docs in official.items()
                if (low is None or y >= low) and (high is None or y <= high)
            }
        order = sorted(set(years) | set(official), reverse=newest_first)
        totals = dict(self.year_counts)
        context["years"] = [(y, years.get(y, []), official.get(y, []), totals.get(y, 0)) for y in order]
        context["year_counts"] = self.year_counts
        context["chosen_year"] = chosen.get("year")
        return context


class EventDetailView(DetailView):
    """One event's permalink: date, summary, programmes, places and every source."""

    template_name = "articles/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return events_with_sources(show_all=True).prefetch_related("divisions", "hospitals")

    def get_object(self, queryset=None):
        event = super().get_object(queryset)
        with_source_links([event])  # the event's line lists its first sources, as in lists
        return event

    def get_context_data(self, **kwargs):
        return super().get_context_data(event_as_list=[self.object], **kwargs)
