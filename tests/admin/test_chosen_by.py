"""The article change page says which extraction rule set each field (read-only)."""

import pytest
from django.urls import reverse

from articles.ingest.fields import bounds, outlet, published, reporter, title

pytestmark = pytest.mark.django_db

RULE_NAMES = {
    rule.__name__
    for rules in (
        title.MARKUP_RULES,
        (title.line_above_text,),
        bounds.RULES,
        published.RULES,
        outlet.RULES,
        reporter.RULES,
    )
    for rule in rules
}


def test_import_stores_the_rule_of_each_field(page_article):
    chosen = page_article.chosen_by
    assert {"title", "body", "published", "outlet"} <= set(chosen)
    assert set(chosen.values()) <= RULE_NAMES | {"reprint_note_above_headline", "source_label_below_text"} | {
        r.__name__ for r in outlet.ORIGINAL_RULES
    }


def test_the_change_page_shows_the_rules_read_only(client, editor, page_article):
    html = client.get(reverse("admin:articles_article_change", args=[page_article.pk])).content.decode()
    assert "提取规则" in html
    for field, rule in page_article.chosen_by.items():
        assert f"<code>{field}</code>: <code>{rule}</code>" in html
    assert 'name="chosen_by"' not in html  # not a form field: staff cannot edit it
