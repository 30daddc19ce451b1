import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from articles.models import Article
from articles.staff_groups import EDITORS, VIEWERS
from tests.ingest.test_store_links import PAGE


def staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client):
    user = staff("editor", EDITORS)
    client.force_login(user)
    return user


@pytest.fixture
def viewer_client(client):
    client.force_login(staff("viewer", VIEWERS))
    return client


@pytest.fixture
def page_article(tmp_path: Path) -> Article:
    """An article imported from our own test page: it names 山西白求恩医院, a designation of
    山西, and two institutions the gazetteer does not know (寿阳县人民医院, 寿阳县医疗集团)."""
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())
    return Article.objects.get()
