"""The two staff groups: editors import and review, viewers only look; anonymous users
never reach the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.staff_groups import EDITORS, VIEWERS, ensure_groups
from core import admin_helpers
from programmes.models import ReviewStatus

pytestmark = pytest.mark.django_db


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_groups_exist_after_migrate_with_their_permissions():
    viewers, editors = codenames(VIEWERS), codenames(EDITORS)
    assert {"view_article", "view_importrun", "view_hospital", "view_designation"} <= viewers
    assert not any(c.startswith(("add_", "change_", "delete_")) for c in viewers)
    assert viewers < editors
    assert {"add_article", "change_article", "change_mention", "change_event", "delete_hospital"} <= editors
    # the import log and reference places are not edited by hand
    assert not {"change_importrun", "delete_importitem", "change_province", "change_division"} & editors


def test_ensure_groups_is_idempotent_and_undoes_hand_edits():
    group = Group.objects.get(name=VIEWERS)
    group.permissions.add(*Group.objects.get(name=EDITORS).permissions.all())
    ensure_groups()
    ensure_groups()
    assert not any(c.startswith("change_") for c in codenames(VIEWERS))


def test_the_admin_helpers_spell_review_statuses_as_the_model_does():
    assert (admin_helpers.AUTOMATIC, admin_helpers.CONFIRMED, admin_helpers.REJECTED) == (
        ReviewStatus.AUTOMATIC,
        ReviewStatus.CONFIRMED,
        ReviewStatus.REJECTED,
    )


def test_anonymous_users_never_reach_the_import_page(client):
    response = client.get(reverse("admin:articles_article_import"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_viewer_can_look_but_not_import_or_change(viewer_client, page_article):
    assert viewer_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    change = viewer_client.get(reverse("admin:articles_article_change", args=[page_article.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content  # read-only view
    assert b"/import/" not in viewer_client.get(reverse("admin:articles_article_changelist")).content
    assert viewer_client.get(reverse("admin:articles_article_import")).status_code == 403
    response = viewer_client.post(reverse("admin:articles_article_import"), {"urls": "https://example.org/a"})
    assert response.status_code == 403
    response = viewer_client.post(
        reverse("admin:articles_article_change", args=[page_article.pk]), {"title": "改过的标题"}
    )
    assert response.status_code == 403


def test_an_editor_sees_the_import_button(client, editor):
    page = client.get(reverse("admin:articles_article_changelist"))
    assert reverse("admin:articles_article_import").encode() in page.content


def test_an_editor_cannot_edit_the_import_history(client, editor, page_article):
    from articles.models import ImportRun

    run = ImportRun.objects.get()
    page = client.get(reverse("admin:articles_importrun_change", args=[run.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (
        client.post(reverse("admin:articles_importrun_delete", args=[run.pk]), {"post": "yes"}).status_code
        == 403
    )
