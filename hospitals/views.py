from django.db.models import Count
from django.views.generic import ListView

from hospitals.models import Hospital, Province


class ProvinceListView(ListView):
    queryset = Province.objects.annotate(hospital_count=Count("hospitals")).order_by("code")
    template_name = "hospitals/province_list.html"


class HospitalListView(ListView):
    queryset = Hospital.objects.select_related("province", "division").prefetch_related("aliases")
    template_name = "hospitals/hospital_list.html"
    paginate_by = 100
