"""Staff edits of register rows in the admin mark them, so load_reference keeps them."""

import pytest
from django.urls import reverse

from programmes.models import Project
from programmes.registers import load_registers
from tests.admin.forms import form_data
from tests.registers.data import project

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(write_registers):
    folder = write_registers(projects=[project()])
    load_registers(folder=folder)
    return folder


def test_saving_an_edited_reference_project_marks_it_and_the_loader_keeps_it(client, editor, loaded):
    p = Project.objects.get()
    url = reverse("admin:programmes_project_change", args=[p.pk])
    data = form_data(client.get(url).content.decode(), "project_form")
    data["specialty"] = "编辑改过"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    p.refresh_from_db()
    assert p.staff_edited and p.specialty == "编辑改过" and p.origin == "reference"
    load_registers(folder=loaded)
    p.refresh_from_db()
    assert p.specialty == "编辑改过"


def test_saving_without_a_change_does_not_mark_it(client, editor, loaded):
    p = Project.objects.get()
    url = reverse("admin:programmes_project_change", args=[p.pk])
    response = client.post(url, form_data(client.get(url).content.decode(), "project_form"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert not p.staff_edited


def test_unticking_staff_edited_hands_the_row_back_to_the_file(client, editor, loaded):
    p = Project.objects.get()
    Project.objects.filter(pk=p.pk).update(staff_edited=True, specialty="编辑改过")
    url = reverse("admin:programmes_project_change", args=[p.pk])
    data = form_data(client.get(url).content.decode(), "project_form")
    data.pop("staff_edited")
    assert client.post(url, data).status_code == 302
    load_registers(folder=loaded)
    p.refresh_from_db()
    assert not p.staff_edited and p.specialty == "心血管"


def test_a_project_added_in_the_admin_is_a_staff_row(client, editor, empty_registers):
    from hospitals.models import Province
    from programmes.models import Programme

    url = reverse("admin:programmes_project_add")
    data = form_data(client.get(url).content.decode(), "project_form")
    data.update(
        name="编辑新增项目",
        slug="bian-ji-xin-zeng",
        programme=str(Programme.objects.get(key="regional_medical_center").pk),
        province=str(Province.objects.get(slug="gansu").pk),
        sources="[]",
        verified_fields="[]",
        unmatched_outputs="[]",
        pending_reference="{}",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Project.objects.get(name="编辑新增项目").origin == "staff"
