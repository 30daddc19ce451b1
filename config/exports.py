"""CSV and JSON exports of the list pages: the same filters as the page, every row (up to
a limit), streamed. Shared by every app's list views, so it lives in the project package."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse

MAX_EXPORT_ROWS = 50_000

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
    header = [label for label, _ in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(header)
            for i, row in enumerate(rows):
                if i >= MAX_EXPORT_ROWS:
                    break
                yield writer.writerow([neutralise_cell(get(row)) for _, get in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:

        def chunks():
            yield "["
            for i, row in enumerate(rows):
                if i >= MAX_EXPORT_ROWS:
                    break
                item = {label: get(row) for label, get in columns}
                yield ("," if i else "") + json.dumps(item, ensure_ascii=False, default=str)
            yield "]"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class ExportMixin:
    """?format=csv or ?format=json on a list view exports its filtered rows."""

    export_name = "export"
    export_columns: list[tuple[str, Callable]] = []

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if fmt not in ("csv", "json"):
            return super().get(request, *args, **kwargs)
        rows = self.export_queryset()
        if hasattr(rows, "iterator"):  # a queryset (a cached list is exported as it is)
            rows = rows.iterator(chunk_size=2000)
        return export_response(fmt, self.export_name, rows, self.export_columns)

    def export_queryset(self):
        filterset_class = getattr(self, "filterset_class", None)
        queryset = self.get_queryset()
        if filterset_class is not None:
            queryset = filterset_class(self.request.GET, queryset=queryset, request=self.request).qs
        return queryset
