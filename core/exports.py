"""CSV and JSON exports of the list pages: the same filters as the page, every row (up to
a limit), streamed. Shared by every app's list views, so it lives in the project package."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

MAX_EXPORT_ROWS = 50_000
EXPORT_FORMATS = ("csv", "json")

# A spreadsheet reads a cell that starts with one of these as a formula (=HYPERLINK(…),
# +cmd|…, @SUM(…)); tab and carriage return start one after the application trims them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A text cell that would start a formula gets a leading single quote (OWASP's advice
    for CSV injection): spreadsheets show it as text. Numbers and other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    fmt: str, name: str, rows: Iterable, columns: list[tuple[str, Callable]]
) -> HttpResponse | StreamingHttpResponse:
    """Stream `rows` as CSV (UTF-8 with BOM, so spreadsheet software reads Chinese; text
    that would start a formula neutralised) or JSON, one object per row with the given
    columns (text as stored)."""
    header = [label for label, _get in columns]
    # Run the query (fetch the first row) before the response starts: an error then is an
    # error page, not a 200 whose file stops after the header or at a lone "[".
    rows = iter(rows)
    rows = itertools.islice(itertools.chain(list(itertools.islice(rows, 1)), rows), MAX_EXPORT_ROWS)
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(header)
            for row in rows:
                yield writer.writerow([neutralise_cell(get(row)) for _label, get in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:

        def chunks():
            yield "["
            for i, row in enumerate(rows):
                item = {label: get(row) for label, get in columns}
                yield ("," if i else "") + json.dumps(item, ensure_ascii=False, default=str)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def export_error_response(fmt: str, errors: dict[str, list[str]]) -> HttpResponse:
    """400 for an export whose parameters do not validate, naming each parameter: JSON
    `{"errors": {parameter: [messages]}}` or, for CSV, the same as plain text."""
    if fmt == "json":
        return HttpResponse(
            json.dumps({"errors": errors}, ensure_ascii=False),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    lines = [_("导出参数有误：")] + [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


class ExportMixin:
    """?format=csv or ?format=json on a list view exports its filtered rows.

    The parameters are validated first (`parameter_errors`): a bad one answers 400 with a
    message, where the HTML page shows the form error and its results without that
    filter (the views set django-filter's `strict = False`)."""

    export_name = "export"
    export_columns: list[tuple[str, Callable]] = []

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if not fmt:
            return super().get(request, *args, **kwargs)
        if fmt not in EXPORT_FORMATS:  # ?format=xml was the HTML page, answered 200
            message = _("未知的导出格式“%(format)s”：可用 csv 或 json。") % {"format": fmt[:40]}
            return export_error_response("text", {"format": [message]})
        errors = self.parameter_errors()
        if errors:
            return export_error_response(fmt, errors)
        rows = self.export_queryset()
        if hasattr(rows, "iterator"):  # a queryset (a cached list is exported as it is)
            rows = rows.iterator(chunk_size=2000)
        return export_response(fmt, self.export_name, rows, self.export_columns)

    def link(self, path: str) -> str:
        """An absolute address for an export cell: a path alone means nothing in a
        spreadsheet, where the file is opened far from the site."""
        return self.request.build_absolute_uri(path) if path else ""

    def parameter_form(self):
        """The bound form of the page's parameters (None when it takes none)."""
        return self.export_filterset().form if getattr(self, "filterset_class", None) else None

    def parameter_errors(self) -> dict[str, list[str]]:
        form = self.parameter_form()
        if form is None or form.is_valid():
            return {}
        return {name: [str(m) for m in messages] for name, messages in form.errors.items()}

    def export_filterset(self):
        if not hasattr(self, "_export_filterset"):
            self._export_filterset = self.filterset_class(
                self.request.GET, queryset=self.get_queryset(), request=self.request
            )
        return self._export_filterset

    def export_queryset(self):
        if getattr(self, "filterset_class", None) is not None:
            return self.export_filterset().qs
        return self.get_queryset()

    def get_context_data(self, **kwargs):
        """`export_query`: the page's parameters without the page number and without any
        that did not validate (the links export what the page shows)."""
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        form = getattr(getattr(self, "filterset", None), "form", None) or self.parameter_form()
        bad = set(form.errors) if form is not None and form.is_bound else set()
        for name in ["page", "format", *bad]:
            query.pop(name, None)
        context["export_query"] = query
        return context
