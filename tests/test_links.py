"""core.links.entity_url gives what reverse() gives, in every language and prefix."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from core.links import entity_url

CASES = [
    ("hospitals:province-detail", {"slug": "henan"}),
    ("hospitals:hospital-detail", {"slug": "shanxi-bethune-hospital"}),
    ("articles:detail", {"slug": "2024-03-some_article-9"}),
    ("articles:event-detail", {"pk": 7}),
    ("articles:event-detail", {"pk": 1234567}),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("viewname", "kwargs"), CASES)
def test_same_as_reverse(viewname, kwargs, language):
    with translation.override(language):
        assert entity_url(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)


def test_languages_do_not_share_a_template():
    with translation.override("en"):
        english = entity_url("hospitals:province-detail", slug="henan")
    chinese = entity_url("hospitals:province-detail", slug="henan")
    assert english == "/en/provinces/henan/"
    assert chinese == "/provinces/henan/"


def test_a_script_prefix_is_kept():
    entity_url("hospitals:province-detail", slug="henan")  # a template for "/" exists
    set_script_prefix("/kb/")
    try:
        assert entity_url("hospitals:province-detail", slug="henan") == "/kb/provinces/henan/"
    finally:
        set_script_prefix("/")


def test_a_value_the_placeholder_cannot_stand_for_goes_through_reverse():
    # A slug outside the slug converter's ASCII set: reverse() decides (here: no match).
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        entity_url("hospitals:province-detail", slug="河南")
