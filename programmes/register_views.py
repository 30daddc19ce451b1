"""The register pages: the project list (/projects/, facets, sorting, CSV/JSON export),
a project's page and a policy document's page. The articles that name the project or
cite the document come through programmes/selectors.py (programmes never imports
articles; the articles app plugs the reader in at start-up)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.exports import ExportMixin
from programmes import selectors
from programmes.filters import ProjectFilter
from programmes.models import PolicyDocument, Project


def _output_names(project: Project) -> list[str]:
    return [*(h.name for h in project.output_hospitals.all()), *project.unmatched_outputs]


def _source_text(source: dict) -> str:
    """'issuer《title》date url' for a CSV cell."""
    title = f"《{source['title']}》" if source.get("title") else None
    return " ".join(filter(None, [source.get("issuer"), title, source.get("date"), source.get("url")]))


# JSON gets lists (names, source objects); CSV joins them into one cell each.
PROJECT_COLUMNS = [
    ("name", lambda p: p.name),
    ("aliases", lambda p: [a.name for a in p.aliases.all()]),
    ("output_hospitals", _output_names),
    ("host_hospital", lambda p: p.host_hospital.name if p.host_hospital else None),
    ("province", lambda p: p.province.short_name),
    ("bingtuan", lambda p: p.bingtuan),
    ("prefecture", lambda p: p.prefecture.name if p.prefecture else None),
    ("specialty", lambda p: p.specialty or None),
    ("batch", lambda p: p.batch),
    ("listed_on", lambda p: p.display_listed_on or None),
    ("status", lambda p: p.status or None),
    ("verified_fields", lambda p: list(p.verified_fields or [])),
    ("sources", lambda p: list(p.sources or [])),
    ("note", lambda p: p.note),
    ("origin", lambda p: p.origin),
    ("permalink", lambda p: p.get_absolute_url()),
]


def _cell(get):
    def cell(row):
        value = get(row)
        if isinstance(value, list):
            return "；".join(_source_text(v) if isinstance(v, dict) else str(v) for v in value)
        return "" if value is None else value

    return cell


PROJECT_CSV_COLUMNS = [(label, _cell(get)) for label, get in PROJECT_COLUMNS]


class ProjectListView(ExportMixin, FilterView):
    """The regional medical centre projects, with facets (batch, province, specialty,
    output hospital, status), sorting and CSV/JSON export of the same filtered rows."""

    filterset_class = ProjectFilter
    strict = False  # a bad parameter: its form error, and the results without that filter
    template_name = "programmes/project_list.html"
    paginate_by = 100
    export_name = "projects"

    @property
    def export_columns(self):
        columns = PROJECT_CSV_COLUMNS if self.request.GET.get("format") == "csv" else PROJECT_COLUMNS
        return [
            (label, (lambda p: self.link(p.get_absolute_url())) if label == "permalink" else get)
            for label, get in columns
        ]

    def get_queryset(self):
        return (
            Project.objects.for_listing()
            .prefetch_related("aliases")
            .order_by("batch", "province__code", "name")
        )


class ProjectDetailView(DetailView):
    """A project: output and host hospitals, place, batch, milestones, its sources, which
    fields the sources state, and the articles that name it."""

    queryset = Project.objects.for_listing().prefetch_related("aliases", "milestones")
    template_name = "programmes/project_detail.html"

    FIELDS = (
        ("name", _("名称")),
        ("output_hospitals", _("输出医院")),
        ("host_hospital", _("依托医院")),
        ("province", _("省份")),
        ("prefecture", _("地市")),
        ("specialty", _("专科")),
        ("batch", _("批次")),
        ("listed_on", _("列入日期")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        context.update(
            fields_checked=[(label, name in (project.verified_fields or [])) for name, label in self.FIELDS],
            **selectors.entity_articles(self.request, "project", project),
        )
        return context


class DocumentDetailView(DetailView):
    """A policy document: what it decided, who issued it, its sources, and the articles
    that cite it by title or 文号."""

    queryset = PolicyDocument.objects.prefetch_related("programmes")
    template_name = "programmes/document_detail.html"
    context_object_name = "document"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.entity_articles(self.request, "document", self.object))
        return context
