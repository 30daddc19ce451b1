from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from articles.models import Article, Citation, Mention
from articles.presentation import annotate_body, citation_bibtex, citation_gbt7714
from hospitals.models import Hospital, Province
from programmes.filters import EventFilter
from programmes.models import Event, Programme, ReviewStatus

HOME_LATEST = 8


def home(request: HttpRequest) -> HttpResponse:
    """What the site covers: programmes with counts, the province tile map, latest articles."""
    live = ~Q(designations__status=ReviewStatus.REJECTED)
    programmes = Programme.objects.annotate(
        designation_count=Count("designations", filter=live, distinct=True),
        article_count=Count("mentions__article", distinct=True),
    ).order_by("order", "key")  # Meta.ordering does not apply to GROUP BY queries
    provinces = Province.objects.on_map().annotate(
        programme_count=Count("designations__programme", filter=live, distinct=True),
        article_count=Count("mentions__article", distinct=True),
    )
    context = {
        "programmes": programmes,
        "provinces": provinces,
        "hospital_count": Hospital.objects.count(),
        "latest_articles": Article.objects.published().for_listing()[:HOME_LATEST],
    }
    return render(request, "home.html", context)


class ArticleListView(ListView):
    queryset = Article.objects.published().for_listing()
    paginate_by = 20


class ArticleDetailView(DetailView):
    """An article with its linked body, extracted facts, reprints and citations."""

    queryset = Article.objects.select_related(
        "outlet", "original_outlet", "duplicate_of__outlet"
    ).prefetch_related(
        Prefetch(
            "mentions",
            Mention.objects.select_related("programme", "province", "division", "hospital"),
        ),
        Prefetch(
            "citations",
            Citation.objects.exclude(designation__status=ReviewStatus.REJECTED)
            .exclude(event__status=ReviewStatus.REJECTED)
            .exclude(figure__status=ReviewStatus.REJECTED)
            .select_related(
                "designation__programme",
                "designation__province",
                "designation__division",
                "designation__hospital",
                "event",
                "figure",
                "partnership__output",
                "partnership__input",
            ),
        ),
        Prefetch("reprints", Article.objects.select_related("outlet").order_by("published_at")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        mentions = list(article.mentions.all())
        citations = list(article.citations.all())
        permalink = self.request.build_absolute_uri(article.get_absolute_url())
        context.update(
            paragraphs=annotate_body(article.body, mentions),
            entities=_entities(mentions),
            designations=[c for c in citations if c.designation_id],
            events=[c for c in citations if c.event_id],
            figures=[c for c in citations if c.figure_id],
            pairs=[c for c in citations if c.partnership_id],
            permalink=permalink,
            gbt7714=citation_gbt7714(article, url=permalink),
            bibtex=citation_bibtex(article, url=permalink),
        )
        return context


def _entities(mentions) -> dict[str, list]:
    """Distinct linked entities by kind, named ones first, for the sidebar."""
    out: dict[str, dict] = {"programme": {}, "province": {}, "division": {}, "hospital": {}}
    for m in sorted(mentions, key=lambda m: m.method == "via_entity"):
        if m.status != "rejected" and m.target is not None:
            out[m.kind].setdefault(m.target.pk, (m.target, m.method == "via_entity"))
    return {kind: list(values.values()) for kind, values in out.items()}


def _events_with_sources():
    return (
        Event.objects.exclude(status=ReviewStatus.REJECTED)
        .order_by("-date", "-id")
        .prefetch_related(
            "programmes",
            "provinces",
            Prefetch(
                "citations",
                Citation.objects.select_related("article__outlet").order_by("article__published_at", "id"),
            ),
        )
    )


class TimelineView(FilterView):
    """The public timeline: events grouped by year, newest or oldest first, filterable
    by programme and province; each with its date precision, summary and sources."""

    filterset_class = EventFilter
    template_name = "articles/timeline.html"
    paginate_by = 300

    def get_queryset(self):
        return _events_with_sources()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years: dict[int, list] = {}
        for event in context["object_list"]:
            years.setdefault(event.date.year, []).append(event)
        context["years"] = list(years.items())
        return context


class EventDetailView(DetailView):
    """One event's permalink: date, summary, programmes, places and every source."""

    template_name = "articles/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return _events_with_sources().prefetch_related("divisions", "hospitals")
