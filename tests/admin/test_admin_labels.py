"""The admin is in Chinese: every list column header and every filter title is too
(PROGRAMME, TARGET, METHOD, "以 province" and "Status:" were English)."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth.models import User
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
OURS = ("articles", "programmes", "hospitals")


def _admins():
    return [ma for model, ma in admin.site._registry.items() if model._meta.app_label in OURS]


def test_every_list_column_header_is_chinese():
    english = []
    for ma in _admins():
        for name in ma.list_display:
            if name == "__str__":
                continue
            label = str(label_for_field(name, ma.model, ma))
            if not CHINESE.search(label):
                english.append(f"{ma.model.__name__}.{name}: {label}")
    assert not english, "\n".join(english)


def test_every_list_filter_title_is_chinese():
    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("boss", "b@example.org", "x")
    english = []
    for ma in _admins():
        if not ma.list_filter:
            continue
        changelist = ma.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            if not CHINESE.search(str(spec.title)):
                english.append(f"{ma.model.__name__}: {spec.title}")
    assert not english, "\n".join(english)
