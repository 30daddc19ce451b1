"""CSV and JSON exports of the list pages (same filters as the page, every row) and
Atom feeds of articles per province and per programme."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from hospitals.models import Province
from programmes.models import Programme

MAX_EXPORT_ROWS = 50_000


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    fmt: str, name: str, rows: Iterable, columns: list[tuple[str, Callable]]
) -> HttpResponse | StreamingHttpResponse:
    """Stream `rows` as CSV (UTF-8 with BOM, so spreadsheet software reads Chinese) or
    JSON, one object per row with the given columns."""
    header = [label for label, _ in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(header)
            for i, row in enumerate(rows):
                if i >= MAX_EXPORT_ROWS:
                    break
                yield writer.writerow([get(row) for _, get in columns])

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


class _ArticleFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.body[:300]

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_author_name(self, item: Article) -> str | None:
        return item.reporter or (item.outlet.name if item.outlet else None)


class ProvinceFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Province:
        return get_object_or_404(Province, slug=slug)

    def title(self, obj: Province) -> str:
        return f"{obj.name} · 区域医疗中心知识库"

    def link(self, obj: Province) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Province):
        return Article.objects.published().naming("province", obj).select_related("outlet")[: self.limit]


class ProgrammeFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Programme:
        return get_object_or_404(Programme, slug=slug)

    def title(self, obj: Programme) -> str:
        return f"{obj.name} · 区域医疗中心知识库"

    def link(self, obj: Programme) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Programme):
        return Article.objects.published().naming("programme", obj).select_related("outlet")[: self.limit]
