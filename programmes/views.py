from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from programmes.models import Designation, Programme, ReviewStatus


class ProgrammeListView(ListView):
    queryset = Programme.objects.prefetch_related("aliases")
    template_name = "programmes/programme_list.html"


class ProgrammeDetailView(DetailView):
    queryset = Programme.objects.prefetch_related(
        "aliases",
        Prefetch(
            "designations",
            Designation.objects.exclude(status=ReviewStatus.REJECTED).select_related(
                "province", "division", "hospital"
            ),
        ),
    )
    template_name = "programmes/programme_detail.html"
