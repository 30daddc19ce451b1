"""Chinese full-text search over article titles and bodies, on SQLite and PostgreSQL.

Text → tokens: the text is first folded character by character (NFKC, so ５Ｇ is 5G and
６月 is 6月; Traditional to Simplified through OpenCC, so 醫院 is 医院; lower case), the same
way for stored text and for queries. Han runs (every CJK block, so 䶮 and 𠮷 count) become
overlapping character bigrams followed by the run's last character (白求恩 → 白求 求恩 恩),
other runs lower-cased words. Bigrams make every query of two or more characters findable
wherever it occurs, whatever a word segmenter would have done with the surrounding text
(山西白求恩医院 is one jieba word); the trailing character makes every character the first
character of some token, so a one-character query is a prefix query (年 → 年*) that finds
every 年, and it keeps a bigram phrase from running across two runs (白求，求恩 is not
白求恩).

A query term is a run of Han characters and words written together ("2023年" is one term,
not 2023 AND 年): its tokens as a phrase, the last Han character a prefix when it ends the
term ("2023年" → 2023 年*, which finds 2023年度 too). Terms separated by spaces or
punctuation must all occur.

Index: SQLite FTS5 (unicode61 tokenizer over the space-separated tokens, migration 0003)
or, on PostgreSQL, a GIN index over the stored column `tsv` = to_tsvector('simple',
tokens) (migration 0005). PostgreSQL keeps at most 256 positions per lexeme and none past
16,383, so a phrase query (<->) alone misses phrases late in long documents. The query
asks that every token be present (which the index answers whatever the positions), then
that each phrase match by positions or, failing that, as a substring of the stored
tokens (' 白求 求恩 '), which has no such limits (migration 0012 re-tokenised the stored
rows). A clamped position can in principle let `<->` match across position 16,383 of
one article; no other false match is possible.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape

from articles.ingest import lexicon

MAX_QUERY = 60  # characters; longer input is cut, never an error
HAN = lexicon.HAN  # every Han block, from the one lexicon
_CJK_RUN = re.compile(f"[{HAN}]+")
_WORD = re.compile(r"[A-Za-z0-9]+")
_PIECE = re.compile(f"[{HAN}]+|[A-Za-z0-9]+")
_TERM = re.compile(f"[{HAN}A-Za-z0-9]+")
_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return _T2S.convert(folded).lower() if folded else folded


def fold(text: str) -> str:
    """`text` as search reads it: NFKC, Simplified, lower case, character by character
    (one character may become several: ㎡ → m2). Stored tokens and queries both go
    through it, so they always agree."""
    return "".join(_fold_char(c) for c in text)


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each folded character the offset of the original it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = _fold_char(char)
        out.append(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin


def _run_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> str:
    out: list[str] = []
    for m in _PIECE.finditer(fold(text)):
        piece = m.group()
        out.extend(_run_tokens(piece) if _CJK_RUN.match(piece) else [piece])
    return " ".join(out)


def index_article(article) -> None:
    from articles.models import ArticleSearch

    ArticleSearch.objects.update_or_create(
        article=article, defaults={"tokens": tokens(f"{article.title}\n{article.body}")}
    )


def clean_query(raw: str) -> list[str]:
    """The query's terms (folded runs of Han characters and words), bounded; punctuation
    and operators dropped."""
    return _TERM.findall(fold((raw or "")[:MAX_QUERY]))[:8]


def phrase(term: str) -> tuple[list[str], bool]:
    """A term's tokens in order, and whether the last one is a prefix. The last Han run
    may continue in the text (2023年 in 2023年度), so its trailing character is left out
    (a run of two or more) or becomes a prefix (a single character)."""
    pieces = _PIECE.findall(term)
    out: list[str] = []
    for piece in pieces:
        out.extend(_run_tokens(piece) if _CJK_RUN.match(piece) else [piece])
    if not _CJK_RUN.match(pieces[-1]):
        return out, False
    if len(pieces[-1]) > 1:
        return out[:-1], False
    return out, True


def is_short(raw: str) -> bool:
    """A query of one Han character and nothing else: it matches very many articles."""
    terms = clean_query(raw)
    return len(terms) == 1 and len(terms[0]) == 1 and bool(_CJK_RUN.match(terms[0]))


def search(queryset: QuerySet, raw: str) -> QuerySet:
    """`queryset` narrowed to articles containing every term of `raw` (each as a phrase).
    An empty or unusable query returns no rows, never an error."""
    terms = clean_query(raw)
    if not terms:
        return queryset.none()
    phrases = [phrase(t) for t in terms]
    if connection.vendor == "postgresql":
        # Every token present (the GIN index answers this whatever the positions), then
        # each phrase: by positions (<->), or, where they ran out in a long article, as
        # a substring of the stored tokens. The positions answer almost every match;
        # the substring is read only for the rest (measured at 20,000 articles: a
        # substring check on every candidate cost 1.5–1.9 times the phrase query).
        lexemes = sorted(
            {(tok, prefix and i == len(toks) - 1) for toks, prefix in phrases for i, tok in enumerate(toks)}
        )
        every = " & ".join(f"{tok}:*" if prefix else tok for tok, prefix in lexemes)
        sql = "SELECT article_id FROM articles_articlesearch WHERE tsv @@ to_tsquery('simple', %s)"
        params = [every]
        for toks, prefix in phrases:
            sql += " AND (tsv @@ to_tsquery('simple', %s) OR strpos(' ' || tokens || ' ', %s) > 0)"
            params += [
                " <-> ".join(toks) + (":*" if prefix else ""),
                " " + " ".join(toks) + ("" if prefix else " "),
            ]
        return queryset.filter(id__in=RawSQL(sql, params))
    fts = " AND ".join('"' + " ".join(toks) + '"' + ("*" if prefix else "") for toks, prefix in phrases)
    matches = RawSQL("SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s", [fts])
    return queryset.filter(id__in=matches)


def snippet(text: str, raw: str, *, width: int = 60) -> str:
    """An escaped excerpt around the place where most of the query's terms occur, each
    occurrence wrapped in <mark>; matched as search matches (醫院 for 医院, ５Ｇ for 5G).
    Empty when the text contains none of them (the article matched on its title)."""
    terms = sorted(set(clean_query(raw)), key=len, reverse=True)
    if not text or not terms:
        return ""
    folded, origin = _folded_with_offsets(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    hits = [(origin[m.start()], origin[m.end() - 1] + 1, m.group()) for m in pattern.finditer(folded)]
    if not hits:
        return ""
    # The window (starting a third of a width before a hit) that shows the most distinct terms.
    best_start, best_seen = 0, -1
    for first, _end, _term in hits:
        start = max(0, first - width // 3)
        seen = len({t for s, e, t in hits if s >= start and e <= start + width})
        if seen > best_seen:
            best_start, best_seen = start, seen
    start = best_start
    end = start + width
    out, pos = [], start
    for s, e, _term in hits:
        if s < pos or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")
