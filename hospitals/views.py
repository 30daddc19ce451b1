from django.views.generic import ListView

from hospitals.models import Hospital


class HospitalListView(ListView):
    queryset = Hospital.objects.select_related("province", "division").prefetch_related("aliases")
    template_name = "hospitals/hospital_list.html"
    paginate_by = 100
