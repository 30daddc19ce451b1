"""The article change page's facts section prints each quote once: the stock tabular
inline printed the row's title (a citation's str(), its quote) above the quote column."""

from collections import Counter

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_each_quote_appears_once_in_the_facts_section(client, editor, page_article):
    quotes = Counter(c.quote for c in page_article.citations.all())
    assert quotes  # the test page states facts
    html = client.get(reverse("admin:articles_article_change", args=[page_article.pk])).content.decode()
    section = html[html.index('id="citations-group"') :]
    section = section[: section.index("</fieldset>")]
    for quote, n in quotes.items():
        assert section.count(quote) == n
