from django.urls import path

from programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="list"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
]
