from django.urls import path

from hospitals import views

app_name = "hospitals"
urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province-detail"),
    path("places/<slug:slug>/", views.DivisionDetailView.as_view(), name="division-detail"),
    path("hospitals/", views.HospitalListView.as_view(), name="hospital-list"),
    path("hospitals/<slug:slug>/", views.HospitalDetailView.as_view(), name="hospital-detail"),
]
