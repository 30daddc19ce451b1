import io
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.presentation import annotate_body, citation_bibtex, citation_gbt7714
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db
ARTICLE_DETAIL_QUERIES = 9  # data version (page cache), article (+outlets), mentions, citations
# (+facts), reprints, then one per entity table named: programmes, provinces, divisions, hospitals


@pytest.fixture
def article(tmp_path: Path) -> Article:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())
    return Article.objects.get()


def test_article_page_links_mentions_and_lists_facts(client, article, django_assert_num_queries):
    with django_assert_num_queries(ARTICLE_DETAIL_QUERIES):
        response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="mention mention--hospital" href="/hospitals/shanxi-bethune-hospital/"' in html
    assert 'class="mention mention--programme"' in html
    assert "本文提取的事实" in html and "自动提取" in html
    assert "<strong>600余名</strong>" in html
    assert "[EB/OL]" in html and "@online{" in html
    assert "河南省儿童医院" not in html  # from the related list: never in the body, never linked


def test_rejected_facts_and_mentions_are_hidden(client, article):
    article.mentions.filter(kind="hospital").update(status="rejected")
    from programmes.models import Figure

    Figure.objects.update(status="rejected")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "mention--hospital" not in html
    assert "<strong>600余名</strong>" not in html


def test_annotate_body_splits_paragraphs_and_skips_overlaps(article):
    paragraphs = annotate_body(article.body, list(article.mentions.all()))
    assert len(paragraphs) == len(article.paragraphs)
    linked = [s for p in paragraphs for s in p if s.url]
    assert all(article.body.count(s.text) for s in linked)
    assert "".join(s.text for s in paragraphs[0]) == article.paragraphs[0]


def test_citations(article):
    gbt = citation_gbt7714(article, url="https://kb.example.org/a/")
    assert gbt.startswith("示例日报. ") or gbt.startswith(f"{article.reporter}. ")
    assert (
        f"{article.title}[EB/OL]" in gbt
        and "(2022-06-01)" in gbt
        and gbt.endswith("https://kb.example.org/a/.")
    )
    bib = citation_bibtex(article, url="https://kb.example.org/a/")
    assert bib.startswith(f"@online{{{article.slug},") and "date = {2022-06-01}" in bib


def test_duplicate_points_to_its_original(client, article):
    copy = Article.objects.create(
        title="转载", slug="copy", body=article.body, content_hash=article.content_hash, duplicate_of=article
    )
    assert article.get_absolute_url() in client.get(copy.get_absolute_url()).content.decode()
    assert copy.get_absolute_url() in client.get(article.get_absolute_url()).content.decode()


def test_division_page(client):
    from hospitals.models import Division

    county = Division.objects.get(name="寿阳县")
    html = client.get(county.get_absolute_url()).content.decode()
    assert "寿阳县" in html and "晋中市" in html and "山西省" in html
