"""PageResult → database rows: the one place in the pipeline that writes.

One transaction per page: a page that fails leaves nothing behind.
Outcomes: created, updated (same URL, new content), unchanged (same bytes or same
content at the same URL), duplicate (a reprint of a stored article, stored and linked
to it so listings fold it into the original).

The per-page path speaks SQL through `rows` (INSERTs compiled once, rows sent with
executemany, lookups that read only the columns they need): building each query
through the ORM cost more than everything else the importer does to a page. Values
still go through each field's own preparation, so rows are stored exactly as the ORM
would store them. Rare paths (a new outlet, deleting orphaned facts) use the ORM.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
from dataclasses import dataclass

from django.db import connection, transaction

from articles.ingest import dedup, rows
from articles.ingest.facts import FactDate, Facts
from articles.ingest.linking import Linked
from articles.ingest.metadata import SHANGHAI
from articles.ingest.pipeline import PageResult
from articles.ingest.records import EXTRACTOR_VERSION, PublishedAt
from articles.models import (
    Article,
    ArticleSearch,
    Citation,
    ImportItem,
    ImportOutcome,
    Mention,
    Outlet,
    RawPage,
    UnmatchedMention,
    UnmatchedName,
)
from articles.search import tokens as search_tokens
from hospitals.models import Division, Hospital, Partnership, Province, bump_data_version
from hospitals.slugs import pinyin_slug, unique_slug
from programmes.models import Designation, PolicyDocument, Programme, Project, ReviewStatus
from programmes.models import Event as DBEvent
from programmes.models import Figure as DBFigure

AUTOMATIC = ReviewStatus.AUTOMATIC.value
_ARTICLE = rows.table(Article)
_RAW = rows.table(RawPage)
_SEARCH = rows.table(ArticleSearch)
_ITEM = rows.table(ImportItem)
_MENTION = rows.table(Mention)
_CITATION = rows.table(Citation)
_UNMATCHED = rows.table(UnmatchedName)
_UNMATCHED_MENTION = rows.table(UnmatchedMention)
_DESIGNATION = rows.table(Designation)
_EVENT = rows.table(DBEvent)
_FIGURE = rows.table(DBFigure)
_PARTNERSHIP = rows.table(Partnership)
_EVENT_LINKS = {
    "programme": rows.table(DBEvent.programmes.through),
    "province": rows.table(DBEvent.provinces.through),
    "division": rows.table(DBEvent.divisions.through),
    "hospital": rows.table(DBEvent.hospitals.through),
}
_TARGETS = ("province", "division", "hospital")


@dataclass(frozen=True)
class Stored:
    outcome: str
    article_id: int | None
    duplicate_of_id: int | None = None


class KnownArticles:
    """What a run keeps between pages: fingerprints of stored originals (near-duplicate
    checks) and outlets by name (most pages of a batch share a handful)."""

    def __init__(self) -> None:
        pairs = Article.objects.filter(duplicate_of__isnull=True, simhash__isnull=False).values_list(
            "id", "simhash"
        )
        self.simhashes = dedup.SimhashIndex()
        for pk, value in pairs:
            self.simhashes.add(pk, value)
        self.outlets: dict[str, Outlet] = {}
        self.ids = EntityIds()

    def forget_uncommitted(self) -> None:
        """After a rolled-back page: outlets it created may not exist any more."""
        self.outlets.clear()
        ids = set(Article.objects.filter(id__in=self.simhashes.keys()).values_list("id", flat=True))
        self.simhashes.keep(ids)

    def near(self, simhash: int) -> int | None:
        return self.simhashes.near(simhash)

    def add(self, article_id: int, simhash: int | None, duplicate_of_id: int | None) -> None:
        if duplicate_of_id is None and simhash is not None:
            self.simhashes.add(article_id, simhash)


def _datetime(published: PublishedAt | None) -> datetime.datetime | None:
    if published is None:
        return None
    return datetime.datetime(
        published.year,
        published.month or 1,
        published.day or 1,
        published.hour or 0,
        published.minute or 0,
        published.second or 0,
        tzinfo=SHANGHAI,
    )


def _outlet(name: str | None, known: KnownArticles) -> Outlet | None:
    if not name:
        return None
    if name in known.outlets:
        return known.outlets[name]
    outlet = Outlet.objects.filter(name=name).first() or _new_outlet(name)
    known.outlets[name] = outlet
    return outlet


def _new_outlet(name: str) -> Outlet:
    return Outlet.objects.create(name=name, slug=unique_slug(Outlet, name, fallback="outlet", max_length=100))


def _fields(result: PageResult, known: KnownArticles) -> dict:
    a = result.article
    published = a.published
    return {
        "title": a.title[:300],
        "published_at": _datetime(published),
        "published_precision": published.precision if published else "day",
        "date_inferred": bool(published and published.inferred),
        "outlet": _outlet(a.outlet, known),
        "original_outlet": _outlet(a.original_outlet, known),
        "reporter": (a.reporter or "")[:100],
        "url": (a.url or "")[:1000],
        "body": a.body_text,
        "content_hash": result.content_hash,
        "simhash": result.simhash,
        "extractor_version": EXTRACTOR_VERSION,
        "chosen_by": dict(a.chosen_by),
    }


def _columns(fields: dict) -> dict:
    """`_fields` as column values (outlets as their ids)."""
    values = dict(fields)
    for name in ("outlet", "original_outlet"):
        outlet = values.pop(name)
        values[f"{name}_id"] = outlet.pk if outlet else None
    return values


def _slug(title: str, raw_sha: str) -> str:
    # The raw page's hash, not the body's: an exact reprint shares the body hash.
    return f"{pinyin_slug(title, max_length=90) or 'article'}-{raw_sha[:10]}"


def _raw_values(article_id: int, result: PageResult, sha: str) -> dict:
    raw = result.raw
    return {
        "article_id": article_id,
        "data": raw.data,
        "sha256": sha,
        "size": len(raw.data),
        "media_type": result.media_type,
        "encoding": result.encoding,
        "filename": raw.filename[:500],
        "url": (raw.url or "")[:1000],
    }


def _save_raw(article_id: int, result: PageResult, sha: str, *, new: bool = False) -> None:
    values = _raw_values(article_id, result, sha)
    if new or not _RAW.update(values, article_id=article_id):
        _RAW.insert_many([values])


def _index(article_id: int, title: str, body: str, *, new: bool = False) -> None:
    """The article's search row (what `articles.search.index_article` writes)."""
    values = {"article_id": article_id, "tokens": search_tokens(f"{title}\n{body}")}
    if new or not _SEARCH.update(values, article_id=article_id):
        _SEARCH.insert_many([values])


def earlier_import(sha: str) -> tuple[int, int | None] | None:
    """(article, its original) when these exact bytes were imported before into an
    article that still exists, though it now holds another version of its URL. Such a
    page is never applied again: two saved versions of one page (one canonical URL)
    would otherwise overwrite each other on every run. The article keeps the version
    imported last."""
    found = rows.select(
        f"SELECT a.id, a.duplicate_of_id FROM {_ITEM} i JOIN {_ARTICLE} a ON a.id = i.article_id "
        "WHERE i.sha256 = %s LIMIT 1",
        [sha],
    )
    return found[0] if found else None


def raw_sha256(result: PageResult) -> str:
    return hashlib.sha256(result.raw.data).hexdigest()


def _original(content_hash: str, *, besides: int | None = None) -> int | None:
    """The stored original with this body, if any."""
    sql = f"SELECT id FROM {_ARTICLE} WHERE content_hash = %s AND duplicate_of_id IS NULL"
    params: list = [content_hash]
    if besides is not None:
        sql += " AND id <> %s"
        params.append(besides)
    found = rows.select(sql + " LIMIT 1", params)
    return found[0][0] if found else None


@transaction.atomic
def store_page(result: PageResult, *, known: KnownArticles) -> Stored:
    sha = raw_sha256(result)
    same_bytes = rows.select(
        f"SELECT a.id, a.duplicate_of_id FROM {_RAW} r JOIN {_ARTICLE} a ON a.id = r.article_id "
        "WHERE r.sha256 = %s",
        [sha],
    )
    if same_bytes:
        return Stored(ImportOutcome.UNCHANGED, *same_bytes[0])
    if imported_before := earlier_import(sha):
        return Stored(ImportOutcome.UNCHANGED, *imported_before)

    fields = _fields(result, known)
    url = fields["url"]
    existing = (
        rows.select(f"SELECT id, content_hash, duplicate_of_id FROM {_ARTICLE} WHERE url = %s", [url])
        if url
        else None
    )
    if existing:
        pk, content_hash, duplicate_of = existing[0]
        if content_hash == result.content_hash:
            _save_raw(pk, result, sha)
            return Stored(ImportOutcome.UNCHANGED, pk, duplicate_of)
        if duplicate_of is None:
            duplicate_of = _original(result.content_hash, besides=pk)
        _ARTICLE.update(_columns(fields) | {"duplicate_of_id": duplicate_of}, id=pk)
        _save_raw(pk, result, sha)
        _index(pk, fields["title"], fields["body"])
        _store_links(pk, result.linked, result.facts, known.ids)
        return Stored(ImportOutcome.UPDATED, pk, duplicate_of)

    original = _original(result.content_hash)
    if original is None:
        original = known.near(result.simhash)
    pk = _ARTICLE.insert(
        _columns(fields) | {"slug": _slug(fields["title"], sha), "duplicate_of_id": original}
    )
    _save_raw(pk, result, sha, new=True)
    _index(pk, fields["title"], fields["body"], new=True)
    _store_links(pk, result.linked, result.facts, known.ids, new=True)
    known.add(pk, result.simhash, original)
    return Stored(ImportOutcome.DUPLICATE if original else ImportOutcome.CREATED, pk, original)


# ---------------------------------------------------------------- links and facts


class EntityIds:
    """Entity keys (slug, code, key) → primary keys, loaded once per run."""

    def __init__(self) -> None:
        self.ids = {
            "province": dict(Province.objects.values_list("slug", "id")),
            "division": dict(Division.objects.values_list("code", "id")),
            "hospital": dict(Hospital.objects.values_list("slug", "id")),
            "programme": dict(Programme.objects.values_list("key", "id")),
            "project": dict(Project.objects.values_list("slug", "id")),
            "document": dict(PolicyDocument.objects.values_list("slug", "id")),
        }
        self.province_by_name = dict(Province.objects.values_list("short_name", "id"))

    def get(self, kind: str, key: str | None) -> int | None:
        return self.ids[kind].get(key) if key else None


def _fact_date(date: FactDate | None) -> tuple[datetime.date | None, str]:
    if date is None:
        return None, "day"
    return datetime.date(date.year, date.month or 1, date.day or 1), date.precision


def store_links(
    article: Article, linked: Linked | None, facts: Facts | None, ids: EntityIds, *, new: bool = False
) -> None:
    """Replace the article's automatic mentions and facts' citations with these.

    Staff decisions survive: confirmed or rejected mentions stay as they are and are not
    duplicated; facts staff confirmed or rejected keep their status (a rejected fact is
    not re-created, only cited again so its evidence stays visible to staff).
    Queries are batched per kind: a page costs a fixed handful, however much it names.
    `new` says the article was just created, so it has nothing to replace.
    """
    _store_links(article.pk, linked, facts, ids, new=new)


def _store_links(
    article_id: int, linked: Linked | None, facts: Facts | None, ids: EntityIds, *, new: bool = False
) -> None:
    if linked is None:
        return
    bump_data_version()  # raw SQL below sends no signals
    old_facts = None if new else _clear_automatic(article_id)
    kept = set() if new else _reviewed_mentions(article_id)
    _MENTION.insert_many(
        {
            "article_id": article_id,
            "kind": m.kind,
            f"{m.kind}_id": pk,
            "surface": m.surface[:100],
            "start": m.start,
            "end": m.end,
            "method": m.method,
            "status": AUTOMATIC,
        }
        for m in linked.mentions
        if (pk := ids.get(m.kind, m.key)) is not None and (m.kind, pk, m.start) not in kept
    )
    _store_unmatched(article_id, linked, ids)
    if facts is not None:
        citations: dict[tuple, dict] = {}

        def cite(quote: str, start: int | None, end: int | None, kind: str, fact_id: int) -> None:
            row = {"article_id": article_id, "quote": quote[:2000], "start": start, "end": end}
            citations.setdefault((start, end, kind, fact_id), row | {f"{kind}_id": fact_id})

        for designation_id, d in _designations(facts, ids):
            cite(d.text, d.start, d.end, "designation", designation_id)
        for event_id, e in _events(facts, ids):
            cite(e.text, e.start, e.end, "event", event_id)
        for figure_id, f in _figures(facts, linked, ids):
            cite(f.text, f.start, f.end, "figure", figure_id)
        for p in facts.pairs:
            output, input_ = ids.get("hospital", p.output), ids.get("hospital", p.input)
            if output and input_ and output != input_ and p.text:
                cite(p.text, p.start, p.end, "partnership", _partnership(output, input_))
        _CITATION.insert_many(citations.values())
    if old_facts:
        # After the new citations: a fact this page still reports keeps its row (and id).
        _remove_orphans(old_facts)


def _reviewed_mentions(article_id: int) -> set[tuple]:
    found = rows.select(
        f"SELECT kind, COALESCE(programme_id, province_id, division_id, hospital_id, project_id, document_id), "
        f"start "
        f"FROM {_MENTION} WHERE article_id = %s AND status <> %s",
        [article_id, AUTOMATIC],
    )
    return {tuple(row) for row in found}


def _clear_automatic(article_id: int) -> dict[str, set[int]]:
    """Drop the article's automatic mentions, its candidates, and its citations of
    automatic facts; return those facts (removed later when nothing cites them)."""
    rows.execute(f"DELETE FROM {_MENTION} WHERE article_id = %s AND status = %s", [article_id, AUTOMATIC])
    rows.execute(f"DELETE FROM {_UNMATCHED_MENTION} WHERE article_id = %s", [article_id])
    old = rows.select(
        f"SELECT c.id, c.designation_id, c.event_id, c.figure_id FROM {_CITATION} c "
        f"LEFT JOIN {_DESIGNATION} d ON d.id = c.designation_id "
        f"LEFT JOIN {_EVENT} e ON e.id = c.event_id "
        f"LEFT JOIN {_FIGURE} f ON f.id = c.figure_id "
        "WHERE c.article_id = %s AND (d.status = %s OR e.status = %s OR f.status = %s "
        "OR c.partnership_id IS NOT NULL)",
        [article_id, AUTOMATIC, AUTOMATIC, AUTOMATIC],
    )
    cited: dict[str, set[int]] = {"designation": set(), "event": set(), "figure": set()}
    for _, *fact_ids in old:
        for field, pk in zip(cited, fact_ids, strict=True):
            if pk:
                cited[field].add(pk)
    if old:
        ids = [row[0] for row in old]
        rows.execute(f"DELETE FROM {_CITATION} WHERE id IN ({rows.marks(ids)})", ids)
    return cited


def _store_unmatched(article_id: int, linked: Linked, ids: EntityIds) -> None:
    if not linked.unmatched:
        return
    first = {}
    for inst in linked.unmatched:
        first.setdefault(inst.name[:100], inst)
    names = list(first)
    known = dict(rows.select(f"SELECT name, id FROM {_UNMATCHED} WHERE name IN ({rows.marks(names)})", names))
    for name, inst in first.items():
        if name not in known:
            known[name] = _UNMATCHED.insert(
                {
                    "name": name,
                    "division_id": ids.get("division", inst.division),
                    "province_id": ids.province_by_name.get(inst.province),
                }
            )
    _UNMATCHED_MENTION.insert_many(
        {
            inst.start: {
                "article_id": article_id,
                "unmatched_id": known[inst.name[:100]],
                "surface": inst.surface[:100],
                "start": inst.start,
                "end": inst.end,
            }
            for inst in linked.unmatched
        }.values()
    )


def _new_fact(table: rows.Table, values: dict) -> int:
    return table.insert(values | {"status": AUTOMATIC})


def _designations(facts: Facts, ids: EntityIds) -> list[tuple[int, object]]:
    wanted = []
    for d in facts.designations:
        programme_id = ids.get("programme", d.programme)
        target_id = ids.get(d.target.kind, d.target.key)
        if programme_id and target_id:
            wanted.append((programme_id, d.target.kind, target_id, d))
    if not wanted:
        return []
    programmes = sorted({w[0] for w in wanted})
    existing = {}
    for pk, programme_id, *targets in rows.select(
        f"SELECT id, programme_id, province_id, division_id, hospital_id FROM {_DESIGNATION} "
        f"WHERE programme_id IN ({rows.marks(programmes)})",
        programmes,
    ):
        for kind, target_id in zip(_TARGETS, targets, strict=True):
            if target_id:
                existing[(programme_id, kind, target_id)] = pk
    out = []
    for programme_id, kind, target_id, d in wanted:
        key = (programme_id, kind, target_id)
        if key not in existing:
            date, precision = _fact_date(d.date)
            existing[key] = _new_fact(
                _DESIGNATION,
                {
                    "programme_id": programme_id,
                    f"{kind}_id": target_id,
                    "date": date,
                    "date_precision": precision,
                    "batch": d.batch,
                    "label": d.label[:100],
                    "role": d.role,
                    "confidence": d.confidence,
                },
            )
        else:
            _raise_confidence(_DESIGNATION, existing[key], d.confidence)
        out.append((existing[key], d))
    return out


def _raise_confidence(table: rows.Table, pk: int, confidence: float) -> None:
    """A fact found again, by another rule or article, is at least as sure as the surest."""
    rows.execute(
        f"UPDATE {table} SET confidence = %s WHERE id = %s AND status = %s "
        "AND (confidence IS NULL OR confidence < %s)",
        [confidence, pk, AUTOMATIC, confidence],
    )


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


_PRECISIONS = ("year", "month", "day")  # coarsest first


def _compatible(a: datetime.date, a_precision: str, b: datetime.date, b_precision: str) -> bool:
    """Dates that can name the same day: equal in every part both of them give."""
    common = min(_PRECISIONS.index(a_precision), _PRECISIONS.index(b_precision))
    return all(getattr(a, part) == getattr(b, part) for part in _PRECISIONS[: common + 1])


def _events(facts: Facts, ids: EntityIds) -> list[tuple[int, object]]:
    """One event per happening: a fact found again (in this article or another) joins
    the event of the same kind, programme, overlapping places and a compatible date, and
    the event takes the more precise date."""
    if not facts.events:
        return []
    where, params = _compatible_dates({_fact_date(e.date) for e in facts.events})
    kinds = sorted({e.kind for e in facts.events})
    where = f"kind IN ({rows.marks(kinds)}) AND ({where})"
    params = [*kinds, *params]
    candidates = [
        [pk, _as_date(date), precision, kind]
        for pk, date, precision, kind in rows.select(
            f"SELECT id, date, date_precision, kind FROM {_EVENT} WHERE {where} ORDER BY date DESC, id DESC",
            params,
        )
    ]
    tags: dict[int, set[tuple[str, int]]] = {}
    if candidates:  # their links, read with the same condition: the statement's size is the page's
        linked = " UNION ALL ".join(
            f"SELECT '{kind}', event_id, {kind}_id FROM {table} WHERE event_id IN (SELECT id FROM {_EVENT} WHERE {where})"
            for kind, table in _EVENT_LINKS.items()
        )
        for kind, event_id, other in rows.select(linked, params * len(_EVENT_LINKS)):
            tags.setdefault(event_id, set()).add((kind, other))
    links: dict[str, list[dict]] = {kind: [] for kind in _EVENT_LINKS}
    out = []
    for e in facts.events:
        date, precision = _fact_date(e.date)
        mine = {("programme", pk) for p in e.programmes if (pk := ids.get("programme", p))}
        mine |= {
            (place.kind, pk)
            for place in e.places
            if place.kind in _TARGETS
            and place.method != "via_entity"
            and (pk := ids.get(place.kind, place.key))
        }
        match = next(
            (c for c in candidates if c[3] == e.kind and _same_happening(c, date, precision, mine, tags)),
            None,
        )
        if match is None:
            event_id = _new_fact(
                _EVENT,
                {
                    "date": date,
                    "date_precision": precision,
                    "summary": e.summary[:1000],
                    "kind": e.kind,
                    "confidence": e.confidence,
                },
            )
            candidates.append([event_id, date, precision, e.kind])
            tags[event_id] = set(mine)
        else:
            event_id = match[0]
            if _PRECISIONS.index(precision) > _PRECISIONS.index(match[2]):
                _EVENT.update(
                    {"date": date, "date_precision": precision, "summary": e.summary[:1000]}, id=event_id
                )
                match[1], match[2] = date, precision
            _raise_confidence(_EVENT, event_id, e.confidence)
            tags[event_id] |= mine
        for kind, pk in mine:
            links[kind].append({"event_id": event_id, f"{kind}_id": pk})
        out.append((event_id, e))
    for kind, table in _EVENT_LINKS.items():
        table.insert_many(links[kind], ignore_conflicts=True)
    return out


def _compatible_dates(dates: set[tuple[datetime.date, str]]) -> tuple[str, list]:
    """A condition on stored events' date and precision that holds exactly where
    `_compatible` can: for each of the page's dates, the stored events it could join.
    Only those are read, however many events the database holds."""
    as_db = _EVENT.prepare("date")
    terms, params = [], []

    def within(first: datetime.date, last: datetime.date, precisions: tuple[str, ...]) -> None:
        terms.append(f"(date >= %s AND date <= %s AND date_precision IN ({rows.marks(precisions)}))")
        params.extend([as_db(first), as_db(last), *precisions])

    for date, precision in sorted(dates):
        year = (date.replace(month=1, day=1), date.replace(month=12, day=31))
        if precision == "year":
            within(*year, _PRECISIONS)
            continue
        month_end = date.replace(day=calendar.monthrange(date.year, date.month)[1])
        within(*year, ("year",))
        if precision == "month":
            within(date.replace(day=1), month_end, ("month", "day"))
        else:
            within(date.replace(day=1), month_end, ("month",))
            within(date, date, ("day",))
    return " OR ".join(terms), params


def _same_happening(candidate, date, precision, mine, tags) -> bool:
    pk, their_date, their_precision, _kind = candidate
    if not _compatible(date, precision, their_date, their_precision):
        return False
    theirs = tags.get(pk, set())
    programmes = {t for t in mine if t[0] == "programme"}
    if programmes and not programmes & theirs:
        return False
    places, their_places = mine - programmes, {t for t in theirs if t[0] != "programme"}
    return not places or not their_places or bool(places & their_places)


def _figures(facts: Facts, linked: Linked, ids: EntityIds) -> list[tuple[int, object]]:
    if not facts.figures:
        return []
    as_db = _FIGURE.prepare("date")
    wanted = []
    for f in facts.figures:
        date, precision = _fact_date(f.as_of)
        wanted.append(((f.value[:30], f.unit[:20], f.label[:200] or f.unit, as_db(date), precision), date, f))
    values = sorted({w[0][0] for w in wanted})
    units = sorted({w[0][1] for w in wanted})
    labels = sorted({w[0][2] for w in wanted})  # a common value (1 个, 100 家) recurs across many labels
    existing = {
        (value_text, unit, label, as_db(date), precision): pk
        for pk, value_text, unit, label, date, precision in rows.select(
            f"SELECT id, value_text, unit, label, date, date_precision FROM {_FIGURE} "
            f"WHERE value_text IN ({rows.marks(values)}) AND unit IN ({rows.marks(units)}) "
            f"AND label IN ({rows.marks(labels)}) "
            "ORDER BY label, date, id",  # Figure's ordering
            values + units + labels,
        )
    }
    out = []
    for key, date, f in wanted:
        if key not in existing:
            existing[key] = _new_fact(
                _FIGURE,
                {
                    "value_text": key[0],
                    "unit": key[1],
                    "label": key[2],
                    "date": date,
                    "date_precision": key[4],
                    "value": f.number,
                    "programme_id": ids.get("programme", f.programme) if f.programme else None,
                    "measure": f.measure,
                    "confidence": f.confidence,
                },
            )
        else:
            _raise_confidence(_FIGURE, existing[key], f.confidence)
        out.append((existing[key], f))
    return out


def _partnership(output: int, input_: int) -> int:
    found = rows.select(
        f"SELECT id FROM {_PARTNERSHIP} WHERE output_id = %s AND input_id = %s", [output, input_]
    )
    # A pair read from an article awaits review (reference pairs are confirmed).
    return (
        found[0][0]
        if found
        else _PARTNERSHIP.insert({"output_id": output, "input_id": input_, "status": "automatic"})
    )


def _remove_orphans(cited: dict[str, set[int]]) -> None:
    """Automatic facts this article cited and no article cites any more are gone;
    staff-reviewed ones stay. (Found with one query; deleted through the ORM, which also
    removes an event's links to places and programmes.)"""
    for field, model in (("designation", Designation), ("event", DBEvent), ("figure", DBFigure)):
        if not cited[field]:
            continue
        table, pks = rows.table(model), sorted(cited[field])
        orphans = rows.select(
            f"SELECT id FROM {table} WHERE id IN ({rows.marks(pks)}) AND status = %s "
            f"AND NOT EXISTS (SELECT 1 FROM {_CITATION} c WHERE c.{field}_id = {table}.id)",
            [*pks, AUTOMATIC],
        )
        if orphans:
            model.objects.filter(pk__in=[row[0] for row in orphans]).delete()


ANALYZE_AFTER = 1000  # pages created or updated in one run


def analyze_if_large(changed: int) -> bool:
    """Refresh the planner's statistics (ANALYZE) after a run that created or updated at
    least ANALYZE_AFTER pages. Right after a large import PostgreSQL still plans with the
    old row counts (a table it believed empty is scanned, not indexed); autovacuum gets
    there eventually, but the first visitors should not wait for it. SQLite's ANALYZE
    fills sqlite_stat1 to the same end."""
    if changed < ANALYZE_AFTER:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
