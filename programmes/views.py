"""The programme pages: the list (with export) and a programme. What a programme page
shows from articles comes through programmes/selectors.py; the project and policy
document pages are in register_views.py."""

from django.views.generic import DetailView, ListView

from core.exports import ExportMixin
from programmes import selectors
from programmes.models import Programme


class ProgrammeListView(ExportMixin, ListView):
    """The programmes, with CSV/JSON export (?format=csv|json) like every list page."""

    queryset = Programme.objects.prefetch_related("aliases").order_by("order", "key")
    template_name = "programmes/programme_list.html"
    export_name = "programmes"

    @property
    def export_columns(self):
        return [
            ("key", lambda p: p.key),
            ("slug", lambda p: p.slug),
            ("name", lambda p: p.name),
            ("name_en", lambda p: p.name_en),
            ("short_name", lambda p: p.short_name),
            ("lead_agencies", lambda p: p.lead_agencies),
            ("start_year", lambda p: p.start_year),
            ("aliases", lambda p: "、".join(a.name for a in p.aliases.all())),
            ("description", lambda p: p.description),
            ("sources", lambda p: p.sources),
            ("permalink", lambda p: self.link(p.get_absolute_url())),
        ]


class ProgrammeDetailView(DetailView):
    """A programme: what it is, who leads it, the places and hospitals designated in it
    by batch and date, its timeline, headline figures and latest articles."""

    queryset = Programme.objects.prefetch_related("aliases")
    template_name = "programmes/programme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.programme_context(self.request, self.object))
        return context
