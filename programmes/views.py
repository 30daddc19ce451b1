from django.views.generic import ListView

from core.exports import ExportMixin
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
