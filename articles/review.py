"""What staff do to the extracted data from the admin: re-run the extractor on a stored
page, resolve names the linker did not know, relink the articles concerned.

The admin calls these; they are plain functions so they are tested without it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.core.management import call_command
from django.db import IntegrityError, transaction

from articles.ingest.catalogue import load_gazetteer
from articles.ingest.pipeline import process, use_gazetteer
from articles.ingest.records import RawPage as PageBytes
from articles.ingest.sources import SourceItem
from articles.ingest.store import EntityIds, _fields, store_links
from articles.models import Article, UnmatchedName, UnmatchedStatus
from articles.search import index_article
from hospitals.models import Hospital, HospitalAlias, bump_data_version
from hospitals.slugs import unique_slug


class ReviewError(Exception):
    """An item staff asked for could not be done; the message says why."""


def relink(article_ids: Iterable[int]) -> int:
    """Re-run linking over these articles with the current gazetteer (the `relink`
    command, so staff decisions survive exactly as they do there)."""
    ids = sorted(set(article_ids))
    if ids:
        call_command("relink", article=ids, stdout=io.StringIO())
    return len(ids)


class _Outlets:
    """What `_fields` needs of a run's KnownArticles, without loading every fingerprint."""

    def __init__(self) -> None:
        self.outlets: dict = {}
        self.ids = EntityIds()


def reextract(article: Article) -> Article:
    """Run the current extractor on the article's stored raw page and replace what was
    extracted (fields, search index, automatic mentions and facts). Staff-confirmed and
    rejected mentions and facts are kept, as in `relink`."""
    raw = getattr(article, "raw_page", None)
    if raw is None:
        raise ReviewError("no stored raw page to re-extract from")
    use_gazetteer(load_gazetteer())
    page = PageBytes(source=f"article:{article.pk}", data=bytes(raw.data), url=raw.url, filename=raw.filename)
    result = process(SourceItem(page.source, page))
    if not result.ok:
        raise ReviewError(result.error or "the extractor found no article")
    known = _Outlets()
    fields = _fields(result, known)
    if not fields["url"]:
        fields["url"] = article.url  # a URL staff or the command gave is not lost
    try:
        with transaction.atomic():
            for name, value in fields.items():
                setattr(article, name, value)
            article.save()
            index_article(article)
            store_links(article, result.linked, result.facts, known.ids)
    except IntegrityError as exc:
        raise ReviewError(f"the database refused the new extraction ({exc})") from exc
    return article


def _affected(names: Iterable[UnmatchedName]) -> set[int]:
    return {m.article_id for name in names for m in name.mentions.all()}


@transaction.atomic
def add_as_alias(names: Iterable[UnmatchedName], hospital: Hospital) -> int:
    """Make each name an alias of `hospital`, mark it resolved and relink its articles.
    Returns how many articles were relinked."""
    names = list(names)
    for name in names:
        if name.name != hospital.name:
            HospitalAlias.objects.get_or_create(name=name.name, defaults={"hospital": hospital})
        name.status = UnmatchedStatus.RESOLVED
        name.save(update_fields=["status"])
    return relink(_affected(names))


@transaction.atomic
def create_hospital(name: UnmatchedName) -> Hospital:
    """A new public hospital from an unmatched name, placed where the linker saw it."""
    province = name.province or (name.division.province if name.division else None)
    if province is None:
        raise ReviewError(f"{name.name}: set its province first (a hospital needs one)")
    if (
        Hospital.objects.filter(name=name.name).exists()
        or HospitalAlias.objects.filter(name=name.name).exists()
    ):
        raise ReviewError(f"{name.name}: a hospital or alias of that name already exists")
    hospital = Hospital.objects.create(
        name=name.name,
        slug=unique_slug(Hospital, name.name, fallback="hospital"),
        province=province,
        division=name.division,
        source="由编辑根据文章提及新建",
    )
    name.status = UnmatchedStatus.RESOLVED
    name.save(update_fields=["status"])
    return hospital


def ignore(names: Iterable[UnmatchedName]) -> int:
    ignored = UnmatchedName.objects.filter(pk__in=[n.pk for n in names]).update(
        status=UnmatchedStatus.IGNORED
    )
    bump_data_version()  # .update() sends no signal
    return ignored
