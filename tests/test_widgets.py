"""FastSelect renders what Django's Select renders: same options, selection, attributes."""

import pytest
from bs4 import BeautifulSoup
from django import forms

from core.widgets import FastSelect
from hospitals.models import Province

pytestmark = pytest.mark.django_db


def parsed(html: str):
    select = BeautifulSoup(html, "lxml").select_one("select")
    options = [(o["value"], o.get_text(), o.has_attr("selected")) for o in select.select("option")]
    return {k: v for k, v in select.attrs.items()}, options


@pytest.mark.parametrize("value", [None, "shanxi"])
def test_same_as_django_select_for_model_choices(value):
    field = forms.ModelChoiceField(Province.objects.order_by("code"), to_field_name="slug", required=False)
    slow = forms.Select(attrs={"class": "x"})
    fast = FastSelect(attrs={"class": "x"})
    slow.choices = fast.choices = field.choices
    assert parsed(fast.render("province", value, {"id": "id_province"})) == parsed(
        slow.render("province", value, {"id": "id_province"})
    )


def test_labels_and_values_are_escaped():
    widget = FastSelect(choices=[('"><script>', "<b>医院</b>")])
    html = widget.render("h", None)
    assert "<script>" not in html and "&lt;b&gt;医院&lt;/b&gt;" in html
