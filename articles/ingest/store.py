"""PageResult → database rows: the one place in the pipeline that writes.

One transaction per page: a page that fails leaves nothing behind.
Outcomes: created, updated (same URL, new content), unchanged (same bytes or same
content at the same URL), duplicate (a reprint of a stored article, stored and linked
to it so listings fold it into the original).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from articles.ingest import dedup
from articles.ingest.facts import FactDate, Facts
from articles.ingest.linking import Linked
from articles.ingest.metadata import SHANGHAI
from articles.ingest.pipeline import PageResult
from articles.ingest.records import EXTRACTOR_VERSION, PublishedAt
from articles.models import (
    Article,
    Citation,
    ImportOutcome,
    Mention,
    Outlet,
    RawPage,
    UnmatchedMention,
    UnmatchedName,
)
from articles.search import index_article
from hospitals.models import Division, Hospital, Partnership, Province
from hospitals.slugs import pinyin_slug
from programmes.models import Designation, Programme, ReviewStatus
from programmes.models import Event as DBEvent
from programmes.models import Figure as DBFigure


@dataclass(frozen=True)
class Stored:
    outcome: str
    article: Article | None
    duplicate_of: Article | None = None


class KnownArticles:
    """What a run keeps between pages: fingerprints of stored originals (near-duplicate
    checks) and outlets by name (most pages of a batch share a handful)."""

    def __init__(self) -> None:
        rows = Article.objects.filter(duplicate_of__isnull=True, simhash__isnull=False).values_list(
            "id", "simhash"
        )
        self.simhashes = dedup.SimhashIndex()
        for pk, value in rows:
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

    def add(self, article: Article) -> None:
        if article.duplicate_of_id is None and article.simhash is not None:
            self.simhashes.add(article.id, article.simhash)


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
    base = pinyin_slug(name, max_length=100) or "outlet"
    slug, n = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Outlet.objects.create(name=name, slug=slug)


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
    }


def _slug(title: str, raw_sha: str) -> str:
    # The raw page's hash, not the body's: an exact reprint shares the body hash.
    return f"{pinyin_slug(title, max_length=90) or 'article'}-{raw_sha[:10]}"


def _save_raw(article: Article, result: PageResult, sha: str, *, new: bool = False) -> None:
    raw = result.raw
    values = {
        "data": raw.data,
        "sha256": sha,
        "size": len(raw.data),
        "media_type": result.media_type,
        "encoding": result.encoding,
        "filename": raw.filename[:500],
        "url": (raw.url or "")[:1000],
    }
    if new:
        RawPage.objects.create(article=article, **values)
    else:
        RawPage.objects.update_or_create(article=article, defaults=values)


def raw_sha256(result: PageResult) -> str:
    return hashlib.sha256(result.raw.data).hexdigest()


@transaction.atomic
def store_page(result: PageResult, *, known: KnownArticles) -> Stored:
    sha = raw_sha256(result)
    same_bytes = RawPage.objects.filter(sha256=sha).select_related("article").first()
    if same_bytes:
        return Stored(ImportOutcome.UNCHANGED, same_bytes.article, same_bytes.article.duplicate_of)

    fields = _fields(result, known)
    url = fields["url"]
    if url and (existing := Article.objects.filter(url=url).first()):
        if existing.content_hash == result.content_hash:
            _save_raw(existing, result, sha)
            return Stored(ImportOutcome.UNCHANGED, existing, existing.duplicate_of)
        if (
            existing.duplicate_of_id is None
            and Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True)
            .exclude(pk=existing.pk)
            .exists()
        ):
            fields["duplicate_of"] = Article.objects.get(
                content_hash=result.content_hash, duplicate_of__isnull=True
            )
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        _save_raw(existing, result, sha)
        index_article(existing)
        store_links(existing, result.linked, result.facts, known.ids)
        return Stored(ImportOutcome.UPDATED, existing, existing.duplicate_of)

    original = Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True).first()
    if original is None and (near_id := known.near(result.simhash)):
        original = Article.objects.get(pk=near_id)
    article = Article.objects.create(slug=_slug(fields["title"], sha), duplicate_of=original, **fields)
    _save_raw(article, result, sha, new=True)
    index_article(article)
    store_links(article, result.linked, result.facts, known.ids, new=True)
    known.add(article)
    return Stored(ImportOutcome.DUPLICATE if original else ImportOutcome.CREATED, article, original)


# ---------------------------------------------------------------- links and facts


class EntityIds:
    """Entity keys (slug, code, key) → primary keys, loaded once per run."""

    def __init__(self) -> None:
        self.ids = {
            "province": dict(Province.objects.values_list("slug", "id")),
            "division": dict(Division.objects.values_list("code", "id")),
            "hospital": dict(Hospital.objects.values_list("slug", "id")),
            "programme": dict(Programme.objects.values_list("key", "id")),
        }
        self.province_by_name = dict(Province.objects.values_list("short_name", "id"))

    def get(self, kind: str, key: str | None) -> int | None:
        return self.ids[kind].get(key) if key else None


def _fact_date(date: FactDate | None) -> tuple[datetime.date | None, str]:
    if date is None:
        return None, "day"
    return datetime.date(date.year, date.month or 1, date.day or 1), date.precision


def _bigrams(text: str) -> set[str]:
    text = dedup.normalised_body(text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _same_event(event: DBEvent, text: str) -> bool:
    """Two sentences report one event when they share most of their character bigrams."""
    a, b = _bigrams(event.summary), _bigrams(text)
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= 0.6


def _find_or_create(model, defaults: dict | None = None, **lookup):
    """get_or_create without its savepoint: the page's transaction already isolates us,
    and one writer imports at a time."""
    found = model.objects.filter(**lookup).first()
    return found if found is not None else model.objects.create(**lookup, **(defaults or {}))


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
    if linked is None:
        return
    if not new:
        _clear_automatic(article)
    kept = set() if new else _reviewed_mentions(article)
    Mention.objects.bulk_create(
        Mention(
            article=article,
            kind=m.kind,
            **{f"{m.kind}_id": pk},
            surface=m.surface[:100],
            start=m.start,
            end=m.end,
            method=m.method,
        )
        for m in linked.mentions
        if (pk := ids.get(m.kind, m.key)) is not None and (m.kind, pk, m.start) not in kept
    )
    _store_unmatched(article, linked, ids)
    if facts is None:
        return
    citations: dict[tuple, Citation] = {}

    def cite(quote: str, start: int | None, end: int | None, **fact) -> None:
        key = (start, end, *((k, v.pk) for k, v in fact.items()))
        citations.setdefault(key, Citation(article=article, quote=quote[:2000], start=start, end=end, **fact))

    for designation, d in _designations(facts, ids):
        cite(d.text, d.start, d.end, designation=designation)
    for event, e in _events(facts, ids):
        cite(e.text, e.start, e.end, event=event)
    for figure, f in _figures(facts, linked, ids):
        cite(f.text, f.start, f.end, figure=figure)
    for p in facts.pairs:
        output, input_ = ids.get("hospital", p.output), ids.get("hospital", p.input)
        if output and input_ and output != input_ and p.text:
            pair = _find_or_create(Partnership, {"status": "automatic"}, output_id=output, input_id=input_)
            cite(p.text, p.start, p.end, partnership=pair)
    Citation.objects.bulk_create(citations.values())


def _reviewed_mentions(article: Article) -> set[tuple]:
    return {
        (m.kind, m.programme_id or m.province_id or m.division_id or m.hospital_id, m.start)
        for m in article.mentions.exclude(status=ReviewStatus.AUTOMATIC)
    }


def _clear_automatic(article: Article) -> None:
    """Drop the article's automatic mentions, its candidates, and its citations of
    automatic facts (and those facts, when nothing else cites them)."""
    article.mentions.filter(status=ReviewStatus.AUTOMATIC).delete()
    article.unmatched_mentions.all().delete()
    automatic = Q(designation__status=ReviewStatus.AUTOMATIC) | Q(event__status=ReviewStatus.AUTOMATIC)
    automatic |= Q(figure__status=ReviewStatus.AUTOMATIC) | Q(partnership__isnull=False)
    old = article.citations.filter(automatic)
    cited: dict[str, set[int]] = {"designation": set(), "event": set(), "figure": set()}
    for row in old.values_list("designation_id", "event_id", "figure_id"):
        for field, pk in zip(cited, row, strict=True):
            if pk:
                cited[field].add(pk)
    old.delete()
    _remove_orphans(cited)


def _store_unmatched(article: Article, linked: Linked, ids: EntityIds) -> None:
    if not linked.unmatched:
        return
    names = {inst.name[:100] for inst in linked.unmatched}
    known = {u.name: u for u in UnmatchedName.objects.filter(name__in=names)}
    fresh = [
        UnmatchedName(
            name=inst.name[:100],
            division_id=ids.get("division", inst.division),
            province_id=ids.province_by_name.get(inst.province),
        )
        for inst in {i.name[:100]: i for i in linked.unmatched if i.name[:100] not in known}.values()
    ]
    for row in UnmatchedName.objects.bulk_create(fresh):
        known[row.name] = row
    if any(row.pk is None for row in known.values()):  # backends that return no ids
        known = {u.name: u for u in UnmatchedName.objects.filter(name__in=names)}
    UnmatchedMention.objects.bulk_create(
        {
            inst.start: UnmatchedMention(
                article=article,
                unmatched=known[inst.name[:100]],
                surface=inst.surface[:100],
                start=inst.start,
                end=inst.end,
            )
            for inst in linked.unmatched
        }.values()
    )


def _designations(facts: Facts, ids: EntityIds):
    wanted = []
    for d in facts.designations:
        programme_id = ids.get("programme", d.programme)
        target_id = ids.get(d.target.kind, d.target.key)
        if programme_id and target_id:
            wanted.append((programme_id, d.target.kind, target_id, d))
    if not wanted:
        return []
    existing = {
        (x.programme_id, kind, getattr(x, f"{kind}_id")): x
        for x in Designation.objects.filter(programme_id__in={w[0] for w in wanted})
        for kind in ("province", "division", "hospital")
        if getattr(x, f"{kind}_id")
    }
    out = []
    for programme_id, kind, target_id, d in wanted:
        key = (programme_id, kind, target_id)
        if key not in existing:
            date, precision = _fact_date(d.date)
            existing[key] = Designation.objects.create(
                programme_id=programme_id,
                **{f"{kind}_id": target_id},
                date=date,
                date_precision=precision,
                batch=d.batch,
                label=d.label[:100],
            )
        out.append((existing[key], d))
    return out


def _events(facts: Facts, ids: EntityIds):
    if not facts.events:
        return []
    dates = {_fact_date(e.date)[0] for e in facts.events}
    candidates = list(DBEvent.objects.filter(date__in=dates))
    out = []
    for e in facts.events:
        date, precision = _fact_date(e.date)
        event = next(
            (
                x
                for x in candidates
                if x.date == date and x.date_precision == precision and _same_event(x, e.text)
            ),
            None,
        )
        if event is None:
            event = DBEvent.objects.create(date=date, date_precision=precision, summary=e.text[:1000])
            candidates.append(event)
        event.programmes.add(*filter(None, (ids.get("programme", k) for k in e.programmes)))
        for kind in ("province", "division", "hospital"):
            pks = [pk for place in e.places if place.kind == kind and (pk := ids.get(kind, place.key))]
            if pks:
                getattr(event, f"{kind}s").add(*pks)
        out.append((event, e))
    return out


def _figures(facts: Facts, linked: Linked, ids: EntityIds):
    if not facts.figures:
        return []
    programme_ids = [ids.get("programme", k) for k in linked.keys("programme")]
    programme_id = programme_ids[0] if len(programme_ids) == 1 else None

    def key(value_text, unit, label, date, precision):
        return (value_text, unit, label, date, precision)

    rows = []
    for f in facts.figures:
        date, precision = _fact_date(f.as_of)
        rows.append((key(f.value[:30], f.unit[:20], f.label[:200] or f.unit, date, precision), f))
    existing = {
        key(x.value_text, x.unit, x.label, x.date, x.date_precision): x
        for x in DBFigure.objects.filter(
            value_text__in={r[0][0] for r in rows}, unit__in={r[0][1] for r in rows}
        )
    }
    out = []
    for k, f in rows:
        if k not in existing:
            existing[k] = DBFigure.objects.create(
                value_text=k[0],
                unit=k[1],
                label=k[2],
                date=k[3],
                date_precision=k[4],
                value=f.number,
                programme_id=programme_id,
            )
        out.append((existing[k], f))
    return out


def _remove_orphans(cited: dict[str, set[int]]) -> None:
    """Automatic facts this article cited and no article cites any more are gone;
    staff-reviewed ones stay."""
    for field, model in (("designation", Designation), ("event", DBEvent), ("figure", DBFigure)):
        if cited[field]:
            model.objects.filter(
                pk__in=cited[field], status=ReviewStatus.AUTOMATIC, citations__isnull=True
            ).delete()
