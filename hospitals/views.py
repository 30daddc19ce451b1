from django.db.models import Prefetch
from django_filters.views import FilterView

from hospitals.filters import HospitalFilter
from hospitals.models import Hospital, Partnership


class HospitalListView(FilterView):
    """Hospitals with facets: province, role in the regional medical centre programme
    (output hospital or input site), kind, and a name/alias search."""

    filterset_class = HospitalFilter
    template_name = "hospitals/hospital_list.html"
    paginate_by = 100

    def get_queryset(self):
        return (
            Hospital.objects.select_related("province", "division")
            .prefetch_related(
                "aliases",
                Prefetch("output_partnerships", Partnership.objects.live().select_related("output")),
                Prefetch("input_partnerships", Partnership.objects.live().select_related("input")),
            )
            .order_by("province__code", "name")
        )
