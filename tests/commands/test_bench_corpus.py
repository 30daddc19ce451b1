"""The generated corpus of `bench_import`: real-size pages, every shape varied per page,
and pages the importer reads as articles."""

import io
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from articles.benchpages import KINDS, load_names, write_corpus
from articles.ingest.pipeline import process
from articles.ingest.sources import iter_sources
from articles.models import Article


def test_every_shape_comes_in_real_sizes_and_varies_per_page(tmp_path):
    paths, stories = write_corpus(tmp_path, 3 * len(KINDS))
    by_kind = defaultdict(list)
    for path in paths:
        by_kind[path.stem.split("_", 1)[1]].append(path.read_bytes())
    assert set(by_kind) == set(KINDS)
    for kind, pages in by_kind.items():
        assert len(set(pages)) == 3, kind
        if kind != "dump":
            assert all(28_000 <= len(page) <= 155_000 for page in pages), (kind, [len(p) for p in pages])
    assert min(stories) > 200


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another(tmp_path):
    one, two, other = tmp_path / "1", tmp_path / "2", tmp_path / "3"
    for folder in (one, two, other):
        folder.mkdir()
    write_corpus(one, 5)
    write_corpus(two, 5)
    write_corpus(other, 5, seed=1)
    read = lambda folder: [p.read_bytes() for p in sorted(folder.iterdir())]  # noqa: E731
    assert read(one) == read(two) != read(other)


def test_the_importer_reads_every_generated_page_as_an_article(tmp_path):
    write_corpus(tmp_path, len(KINDS))
    names = load_names()
    hospital_names = {h["name"] for h in names.hospitals.values()}
    for item in iter_sources([str(tmp_path)]):
        result = process(item, budget=120)  # the first page loads jieba's dictionary
        assert result.ok, (item.source, result.error)
        article = result.article
        assert article.title and len(article.body_text) > 200, item.source
        assert any(name in article.body_text for name in hospital_names) or "县" in article.body_text


@pytest.mark.django_db
def test_the_memory_run_refuses_to_import_into_a_database_it_did_not_make(tmp_path):
    """`--memory-only` imports for real: only into the throw-away database beside its
    folder that `--memory-pages` makes, never into the configured one."""
    folder = tmp_path / "pages"
    folder.mkdir()
    write_corpus(folder, 2)
    before = Article.objects.count()
    with pytest.raises(CommandError, match="throw-away database"):
        call_command("bench_import", "--memory-only", str(folder), stdout=io.StringIO())
    assert Article.objects.count() == before
