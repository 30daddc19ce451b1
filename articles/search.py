"""Chinese full-text search over article titles and bodies, on SQLite and PostgreSQL.

Text → tokens: CJK runs become overlapping character bigrams (白求恩 → 白求 求恩), other
runs become lower-cased words. Bigrams make every query of two or more characters
findable wherever it occurs, whatever a word segmenter would have done with the
surrounding text (山西白求恩医院 is one jieba word); a query is the phrase of its bigrams,
so 白求恩 matches exactly the texts that contain 白求恩.

Index: SQLite FTS5 (unicode61 tokenizer over the space-separated tokens, migration 0003)
or, on PostgreSQL, a GIN index over the stored column `tsv` = to_tsvector('simple',
tokens) (migration 0005; a phrase query rechecks every candidate row, and reading a stored
tsvector is far cheaper than recomputing it from the tokens).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape

from articles.ingest import lexicon

MAX_QUERY = 60  # characters; longer input is cut, never an error
_CJK_RUN = lexicon.HAN_RUN
_WORD = re.compile(r"[A-Za-z0-9]+")
_TERM = re.compile(f"[{lexicon.HAN}]+|[A-Za-z0-9]+")


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> str:
    out: list[str] = []
    for m in _TERM.finditer(text):
        term = m.group()
        out.extend(_bigrams(term) if _CJK_RUN.fullmatch(term) else [term.lower()])
    return " ".join(out)


def index_article(article) -> None:
    from articles.models import ArticleSearch

    ArticleSearch.objects.update_or_create(
        article=article, defaults={"tokens": tokens(f"{article.title}\n{article.body}")}
    )


def clean_query(raw: str) -> list[str]:
    """The query's terms (CJK runs and words), bounded; punctuation and operators dropped."""
    return _TERM.findall((raw or "")[:MAX_QUERY])[:8]


def _phrases(terms: list[str]) -> list[list[str]]:
    return [_bigrams(t) if _CJK_RUN.fullmatch(t) else [t.lower()] for t in terms]


def search(queryset: QuerySet, raw: str) -> QuerySet:
    """`queryset` narrowed to articles containing every term of `raw` (each CJK term as
    a phrase). An empty or unusable query returns no rows, never an error."""
    terms = clean_query(raw)
    if not terms:
        return queryset.none()
    phrases = _phrases(terms)
    if connection.vendor == "postgresql":
        tsquery = " & ".join("(" + " <-> ".join(p) + ")" for p in phrases)
        matches = RawSQL(
            "SELECT article_id FROM articles_articlesearch WHERE tsv @@ to_tsquery('simple', %s)",
            [tsquery],
        )
        return queryset.filter(id__in=matches)
    fts = " AND ".join('"' + " ".join(p) + '"' for p in phrases)
    matches = RawSQL("SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s", [fts])
    return queryset.filter(id__in=matches)


def snippet(text: str, raw: str, *, width: int = 60) -> str:
    """An escaped excerpt around the first match with every term wrapped in <mark>."""
    terms = sorted(set(clean_query(raw)), key=len, reverse=True)
    if not text:
        return ""
    lowered = text.lower()
    first = min((i for t in terms if (i := lowered.find(t.lower())) >= 0), default=0)
    start = max(0, first - width // 3)
    piece = text[start : start + width]
    if not terms:
        return escape(piece)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    out, pos = [], 0
    for m in pattern.finditer(piece):
        out.append(escape(piece[pos : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        pos = m.end()
    out.append(escape(piece[pos:]))
    return ("…" if start else "") + "".join(out) + ("…" if start + width < len(text) else "")
