"""Every model is registered in the admin, and its list and add pages render."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted(
    (m._meta.app_label, m._meta.model_name)
    for m in admin.site._registry
    if m._meta.app_label in ("articles", "programmes", "hospitals")
)


def test_every_project_model_is_registered():
    from django.apps import apps

    ours = {
        (m._meta.app_label, m._meta.model_name)
        for app in ("articles", "programmes", "hospitals")
        for m in apps.get_app_config(app).get_models()
    }
    assert ours == set(MODELS)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_changelist_and_search_render(admin_client, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "山西"}).status_code == 200


def test_anonymous_users_never_reach_the_admin(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
