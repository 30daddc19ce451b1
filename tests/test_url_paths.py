"""Every public page keeps the address it always had, whichever app serves it now."""

import pytest
from django.urls import resolve, reverse

PATHS = [
    ("articles:home", {}, "/"),
    ("articles:list", {}, "/articles/"),
    ("articles:detail", {"slug": "a"}, "/articles/a/"),
    ("articles:timeline", {}, "/timeline/"),
    ("articles:event-detail", {"pk": 7}, "/timeline/events/7/"),
    ("articles:programme-feed", {"slug": "p"}, "/programmes/p/feed/"),
    ("articles:province-feed", {"slug": "henan"}, "/provinces/henan/feed/"),
    ("hospitals:province-list", {}, "/provinces/"),
    ("hospitals:province-detail", {"slug": "henan"}, "/provinces/henan/"),
    ("hospitals:division-detail", {"slug": "d"}, "/places/d/"),
    ("hospitals:hospital-list", {}, "/hospitals/"),
    ("hospitals:hospital-detail", {"slug": "h"}, "/hospitals/h/"),
    ("programmes:list", {}, "/programmes/"),
    ("programmes:programme-detail", {"slug": "p"}, "/programmes/p/"),
    ("programmes:project-list", {}, "/projects/"),
    ("programmes:project-detail", {"slug": "x"}, "/projects/x/"),
    ("programmes:document-detail", {"slug": "d"}, "/documents/d/"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), PATHS, ids=[p[0] for p in PATHS])
def test_each_page_keeps_its_path_and_its_app_s_namespace(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert f"{match.namespace}:{match.url_name}" == name
    # the namespace is the app whose module serves the page
    assert match.func.__module__.split(".")[0] == match.namespace
