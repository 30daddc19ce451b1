from django.urls import path

from hospitals import views

app_name = "hospitals"
urlpatterns = [
    path("provinces/", views.ProvinceListView.as_view(), name="province-list"),
    path("hospitals/", views.HospitalListView.as_view(), name="hospital-list"),
]
