from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView

from hospitals.models import Division, Hospital, Partnership, Province


class ProvinceListView(ListView):
    queryset = Province.objects.annotate(hospital_count=Count("hospitals")).order_by("code")
    template_name = "hospitals/province_list.html"


class ProvinceDetailView(DetailView):
    model = Province
    template_name = "hospitals/province_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = self.object
        context["hospitals"] = (
            Hospital.objects.in_province(province)
            .select_related("division")
            .prefetch_related(Prefetch("output_partnerships", Partnership.objects.select_related("output")))
        )
        context["prefecture_count"] = Division.objects.filter(province=province, level="prefecture").count()
        context["county_count"] = Division.objects.filter(province=province, level="county").count()
        return context


class HospitalListView(ListView):
    queryset = Hospital.objects.select_related("province", "division").prefetch_related("aliases")
    template_name = "hospitals/hospital_list.html"
    paginate_by = 100


class HospitalDetailView(DetailView):
    queryset = Hospital.objects.select_related("province", "division").prefetch_related(
        "aliases",
        Prefetch("output_partnerships", Partnership.objects.select_related("output")),
        Prefetch("input_partnerships", Partnership.objects.select_related("input__province")),
    )
    template_name = "hospitals/hospital_detail.html"


class DivisionDetailView(DetailView):
    """A prefecture or county: where it is, what lies under it, the hospitals in it.
    Articles and designations about it are added by the site pages of issue #5."""

    queryset = Division.objects.select_related("province", "parent").prefetch_related(
        Prefetch("children", Division.objects.order_by("code")),
        Prefetch("hospitals", Hospital.objects.order_by("name")),
    )
    template_name = "hospitals/division_detail.html"
