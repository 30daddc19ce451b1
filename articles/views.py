from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from articles.models import Article
from hospitals.models import Hospital, Province
from programmes.models import Programme, ReviewStatus

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
    queryset = Article.objects.select_related("outlet", "original_outlet", "duplicate_of")
