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
        self.simhashes: list[tuple[int, int]] = list(rows)
        self.outlets: dict[str, Outlet] = {}
        self.ids = EntityIds()

    def forget_uncommitted(self) -> None:
        """After a rolled-back page: outlets it created may not exist any more."""
        self.outlets.clear()
        ids = set(Article.objects.filter(id__in=[i for i, _ in self.simhashes]).values_list("id", flat=True))
        self.simhashes = [row for row in self.simhashes if row[0] in ids]

    def near(self, simhash: int) -> int | None:
        best = min(self.simhashes, key=lambda row: dedup.distance(row[1], simhash), default=None)
        if best is not None and dedup.is_near(best[1], simhash):
            return best[0]
        return None

    def add(self, article: Article) -> None:
        if article.duplicate_of_id is None and article.simhash is not None:
            self.simhashes.append((article.id, article.simhash))


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
        store_links(existing, result.linked, result.facts, known.ids)
        return Stored(ImportOutcome.UPDATED, existing, existing.duplicate_of)

    original = Article.objects.filter(content_hash=result.content_hash, duplicate_of__isnull=True).first()
    if original is None and (near_id := known.near(result.simhash)):
        original = Article.objects.get(pk=near_id)
    article = Article.objects.create(slug=_slug(fields["title"], sha), duplicate_of=original, **fields)
    _save_raw(article, result, sha, new=True)
    store_links(article, result.linked, result.facts, known.ids)
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


def store_links(article: Article, linked: Linked | None, facts: Facts | None, ids: EntityIds) -> None:
    """Replace the article's automatic mentions and facts' citations with these.

    Staff decisions survive: confirmed or rejected mentions stay as they are and are not
    duplicated; facts staff confirmed or rejected keep their status (a rejected fact is
    not re-created, only cited again so its evidence stays visible to staff).
    """
    if linked is None:
        return
    kept = {
        (m.kind, m.programme_id or m.province_id or m.division_id or m.hospital_id, m.start)
        for m in article.mentions.exclude(status=ReviewStatus.AUTOMATIC)
    }
    article.mentions.filter(status=ReviewStatus.AUTOMATIC).delete()
    rows = []
    for m in linked.mentions:
        pk = ids.get(m.kind, m.key)
        if pk is None or (m.kind, pk, m.start) in kept:
            continue
        rows.append(
            Mention(
                article=article,
                kind=m.kind,
                **{f"{m.kind}_id": pk},
                surface=m.surface[:100],
                start=m.start,
                end=m.end,
                method=m.method,
            )
        )
    Mention.objects.bulk_create(rows)

    article.unmatched_mentions.all().delete()
    for inst in linked.unmatched:
        name, _ = UnmatchedName.objects.get_or_create(
            name=inst.name[:100],
            defaults={
                "division_id": ids.get("division", inst.division),
                "province_id": ids.province_by_name.get(inst.province),
            },
        )
        UnmatchedMention.objects.get_or_create(
            article=article,
            start=inst.start,
            defaults={"unmatched": name, "surface": inst.surface[:100], "end": inst.end},
        )

    # Facts: drop this article's citations of automatic facts, then cite again.
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
    if facts is None:
        return
    citations: dict[tuple, Citation] = {}

    def cite(quote: str, start: int | None, end: int | None, **fact) -> None:
        key = (start, end, *((k, v.pk) for k, v in fact.items()))
        citations.setdefault(key, Citation(article=article, quote=quote[:2000], start=start, end=end, **fact))

    for d in facts.designations:
        target = {f"{d.target.kind}_id": ids.get(d.target.kind, d.target.key)}
        programme_id = ids.get("programme", d.programme)
        if None in target.values() or programme_id is None:
            continue
        date, precision = _fact_date(d.date)
        designation = _find_or_create(
            Designation,
            programme_id=programme_id,
            **target,
            defaults={"date": date, "date_precision": precision, "batch": d.batch, "label": d.label[:100]},
        )
        cite(d.text, d.start, d.end, designation=designation)
    for e in facts.events:
        date, precision = _fact_date(e.date)
        same_day = DBEvent.objects.filter(date=date, date_precision=precision)
        event = next((x for x in same_day if _same_event(x, e.text)), None)
        if event is None:
            event = DBEvent.objects.create(date=date, date_precision=precision, summary=e.text[:1000])
        event.programmes.add(*filter(None, (ids.get("programme", k) for k in e.programmes)))
        for place in e.places:
            pk = ids.get(place.kind, place.key)
            if pk:
                getattr(event, f"{place.kind}s").add(pk)
        cite(e.text, e.start, e.end, event=event)
    programme_ids = [ids.get("programme", k) for k in linked.keys("programme")]
    for f in facts.figures:
        date, precision = _fact_date(f.as_of)
        figure = _find_or_create(
            DBFigure,
            value_text=f.value[:30],
            unit=f.unit[:20],
            label=f.label[:200] or f.unit,
            date=date,
            date_precision=precision,
            defaults={
                "value": f.number,
                "programme_id": programme_ids[0] if len(programme_ids) == 1 else None,
            },
        )
        cite(f.text, f.start, f.end, figure=figure)
    for p in facts.pairs:
        output, input_ = ids.get("hospital", p.output), ids.get("hospital", p.input)
        if output and input_ and output != input_:
            pair = _find_or_create(Partnership, output_id=output, input_id=input_)
            if p.text:
                cite(p.text, p.start, p.end, partnership=pair)
    Citation.objects.bulk_create(citations.values())


def _remove_orphans(cited: dict[str, set[int]]) -> None:
    """Automatic facts this article cited and no article cites any more are gone;
    staff-reviewed ones stay."""
    for field, model in (("designation", Designation), ("event", DBEvent), ("figure", DBFigure)):
        if cited[field]:
            model.objects.filter(
                pk__in=cited[field], status=ReviewStatus.AUTOMATIC, citations__isnull=True
            ).delete()
