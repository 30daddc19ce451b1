from django.urls import path

from hospitals import views

app_name = "hospitals"
urlpatterns = [
    path("hospitals/", views.HospitalListView.as_view(), name="hospital-list"),
]
