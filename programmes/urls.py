from django.urls import path

from programmes import register_views, views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("projects/", register_views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", register_views.ProjectDetailView.as_view(), name="project-detail"),
    path("documents/<slug:slug>/", register_views.DocumentDetailView.as_view(), name="document-detail"),
]
