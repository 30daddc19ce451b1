from django.urls import path

from articles import register_views, views
from articles.exports import ProgrammeFeed, ProvinceFeed

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<slug:slug>/feed/", ProgrammeFeed(), name="programme-feed"),
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province-detail"),
    path("provinces/<slug:slug>/feed/", ProvinceFeed(), name="province-feed"),
    path("places/<slug:slug>/", views.DivisionDetailView.as_view(), name="division-detail"),
    path("hospitals/", views.HospitalListView.as_view(), name="hospital-list"),
    path("hospitals/<slug:slug>/", views.HospitalDetailView.as_view(), name="hospital-detail"),
    path("projects/", register_views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", register_views.ProjectDetailView.as_view(), name="project-detail"),
    path("documents/<slug:slug>/", register_views.DocumentDetailView.as_view(), name="document-detail"),
    path("timeline/events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
]
