from django.urls import path

from articles import views
from articles.exports import ProgrammeFeed, ProvinceFeed

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("programmes/<slug:slug>/feed/", ProgrammeFeed(), name="programme-feed"),
    path("provinces/<slug:slug>/feed/", ProvinceFeed(), name="province-feed"),
    path("timeline/events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
]
