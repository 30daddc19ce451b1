"""The hospitals app's pages: the province list (tile map and table), a province, a
prefecture or county, the hospital list and a hospital. What they show from programmes
and articles (designations, events, counts over mentions, articles) comes through
hospitals/selectors.py, which the articles app fills at start-up."""

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters.filterset import filterset_factory
from django_filters.views import FilterView

from core.exports import ExportMixin
from hospitals import selectors
from hospitals.models import Division, Hospital, Partnership, Province


class ProvinceDetailView(DetailView):
    """A province: its designations per programme, hospitals (input sites with their
    output partners), the counties and cities reported, its timeline and articles."""

    model = Province
    template_name = "hospitals/province_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        province = self.object
        context.update(
            hospitals=Hospital.objects.in_province(province)
            .select_related("division")
            .prefetch_related(
                Prefetch("output_partnerships", Partnership.objects.live().select_related("output"))
            ),
            **selectors.province_context(self.request, province),
        )
        return context


class EntityPageMixin:
    """Adds the entity's designations (with their source sentence) and the latest
    articles that name it to a detail page; `entity_kind` is the Mention/Designation field."""

    entity_kind = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.entity_context(self.request, self.entity_kind, self.object))
        return context


class DivisionDetailView(EntityPageMixin, DetailView):
    """A prefecture or county: where it is, what lies under it, its hospitals,
    designations and the articles that name it."""

    queryset = Division.objects.select_related("province", "parent").prefetch_related(
        Prefetch("children", Division.objects.order_by("code")),
        Prefetch("hospitals", Hospital.objects.order_by("name")),
    )
    template_name = "hospitals/division_detail.html"
    entity_kind = "division"


class HospitalDetailView(EntityPageMixin, DetailView):
    """A hospital: aliases, partners, designations, register projects and the articles
    that name it."""

    queryset = Hospital.objects.select_related("province", "division").prefetch_related(
        "aliases",
        Prefetch("output_partnerships", Partnership.objects.live().select_related("output")),
        Prefetch("input_partnerships", Partnership.objects.live().select_related("input__province")),
    )
    template_name = "hospitals/hospital_detail.html"
    entity_kind = "hospital"


PROVINCE_SORTS = {
    "code": lambda p: p.code,
    "programmes": lambda p: (-p.programme_count, p.code),
    "designations": lambda p: (-p.designation_count, p.code),
    "hospitals": lambda p: (-p.hospital_count, p.code),
    "articles": lambda p: (-p.article_count, p.code),
    "latest": lambda p: (p.latest is None, -p.latest.timestamp() if p.latest else 0, p.code),
}


class ProvinceSortForm(forms.Form):
    sort = forms.ChoiceField(choices=[(key, key) for key in PROVINCE_SORTS], required=False, label=_("排序"))


class ProvinceListView(ExportMixin, ListView):
    """The tile map and a sortable table: programmes, designations, hospitals, articles,
    latest report per province; CSV/JSON export of the table."""

    template_name = "hospitals/province_list.html"
    export_name = "provinces"

    def map_data(self) -> dict:
        return selectors.map_data(self.request)

    @property
    def export_columns(self):
        """The table's columns, the programmes a province is in (slugs, as the filters
        take them) and, per programme, its first batch and year there (empty when it is
        not in it or they are unknown); links absolute, to work from a spreadsheet."""
        data = self.map_data()
        slugs = {p.key: p.slug for p in data["programmes"]}
        order = [p.key for p in data["programmes"]]

        def since(key: str, part: str):
            return lambda p: getattr(data["since"].get(p.pk, {}).get(key), part, None)

        return [
            ("code", lambda p: p.code),
            ("name", lambda p: p.name),
            ("name_en", lambda p: p.name_en),
            ("programmes", lambda p: " ".join(slugs.get(k, k) for k in data["marks"].get(p.pk, []))),
            *(
                column
                for key in order
                for column in (
                    (f"{slugs[key]}_batch", since(key, "batch")),
                    (f"{slugs[key]}_year", since(key, "year")),
                )
            ),
            ("designations", lambda p: p.designation_count),
            ("hospitals", lambda p: p.hospital_count),
            ("articles", lambda p: p.article_count),
            ("latest_report", lambda p: timezone.localdate(p.latest).isoformat() if p.latest else ""),
            ("permalink", lambda p: self.link(p.get_absolute_url())),
        ]

    def parameter_form(self) -> ProvinceSortForm:
        if not hasattr(self, "_sort_form"):
            self._sort_form = ProvinceSortForm(self.request.GET)
        return self._sort_form

    @property
    def sort(self) -> str:
        form = self.parameter_form()
        return (form.is_valid() and form.cleaned_data["sort"]) or "code"

    def get_queryset(self):
        # Counts over every mention (hospitals.selectors): computed once per data version,
        # sorted per request.
        return sorted(selectors.province_rows(self.request), key=PROVINCE_SORTS[self.sort])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        context.update(
            selectors.tile_map_context(self.request, sorted(rows, key=lambda p: (p.tile_row, p.tile_col)))
        )
        for p in rows:  # "since when", one cell per programme, in the legend's order
            p.since_cells = [p.since.get(programme.key) for programme in context["map_programmes"]]
        context["sort"] = self.sort
        context["form"] = self.parameter_form()
        return context


HOSPITAL_EXPORT_COLUMNS = [
    ("name", lambda h: h.name),
    ("name_en", lambda h: h.name_en),
    ("kind", lambda h: h.get_kind_display()),
    ("province", lambda h: h.province.name),
    ("division", lambda h: h.division.name if h.division else ""),
    ("aliases", lambda h: "、".join(a.name for a in h.aliases.all())),
    ("output_partners", lambda h: "、".join(p.output.name for p in h.output_partnerships.all())),
    ("input_sites", lambda h: "、".join(p.input.name for p in h.input_partnerships.all())),
    ("website", lambda h: h.website),
    ("source", lambda h: h.source),
]


class HospitalListView(ExportMixin, FilterView):
    """Hospitals with facets: province, programme, role in the regional medical centre
    programme (output hospital or input site), kind, and a name/alias search; CSV/JSON
    export with the same filters."""

    @property
    def filterset_class(self):
        """Its programme facet needs designations: the FilterSet comes from above through
        hospitals.selectors (a plain province/kind one when nothing is plugged in)."""
        return selectors.hospital_filterset() or filterset_factory(Hospital, fields=["province", "kind"])

    strict = False  # a bad parameter: its form error, and the results without that filter
    template_name = "hospitals/hospital_list.html"
    paginate_by = 100
    export_name = "hospitals"

    @property
    def export_columns(self):
        return [*HOSPITAL_EXPORT_COLUMNS, ("permalink", lambda h: self.link(h.get_absolute_url()))]

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
