"""Every public page type on a 390 px phone, in Chinese and English: nothing runs off the screen.

A researcher on a phone saw the navigation wrap one character per line (省/份) and the
English navigation and the article filters push the page wider than the screen (issue:
researcher experience, item 1).
"""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from hospitals.models import Division, Hospital
from programmes.models import PolicyDocument, Programme, Project
from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# The elements sticking out past the right edge, for a readable failure.
WIDEST = """() => {
  const w = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > w + 0.5)
    .slice(0, 8)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                + ' ' + Math.round(el.getBoundingClientRect().right));
}"""


def public_paths() -> list[str]:
    """One page of every public type, found in the demo data rather than named by slug."""
    article = Article.objects.filter(mentions__kind="hospital", duplicate_of=None).first()
    hospital = Hospital.objects.filter(output_partnerships__isnull=False).first()
    division = Division.objects.filter(hospitals__isnull=False).first()
    project = Project.objects.exclude(sources=[]).first() or Project.objects.first()
    document = PolicyDocument.objects.first()
    paths = [
        "/",
        "/provinces/",
        "/provinces/shanxi/",
        "/programmes/",
        *[p.get_absolute_url() for p in Programme.objects.all()],
        "/projects/",
        project.get_absolute_url(),
        "/hospitals/",
        hospital.get_absolute_url(),
        division.get_absolute_url(),
        "/articles/",
        article.get_absolute_url(),
        "/timeline/",
        document.get_absolute_url(),
    ]
    return paths


def test_no_page_is_wider_than_a_phone(page, live_server):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    paths = public_paths()
    assert len(paths) == 16
    page.set_viewport_size(PHONE)
    too_wide = {}
    for prefix in ("", "/en"):
        for path in paths:
            response = page.goto(live_server.url + prefix + path)
            assert response.status == 200, prefix + path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > page.evaluate("window.innerWidth"):
                too_wide[prefix + path] = (width, page.evaluate(WIDEST))
    assert too_wide == {}


# Headers whose text does not fit their column (and so runs into the next one), unless the
# header row is visually hidden; and cells of one row that overlap each other.
CRAMPED = """() => {
  const table = document.querySelector('table.projects');
  const head = table.querySelector('thead').getBoundingClientRect();
  const headers = head.height <= 1 ? [] : [...table.querySelectorAll('th')]
    .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent.trim());
  const overlapping = [];
  for (const row of [...table.querySelectorAll('tbody tr')].slice(0, 5)) {
    const boxes = [...row.children].map(td => td.getBoundingClientRect());
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlapping.push(i);
    }));
  }
  return {headers, overlapping};
}"""


def test_the_project_register_reads_as_cards_on_a_phone(page, live_server):
    """At 390 px the register's eight fixed-width columns ran their headers into each other
    ("Host hospitalProvincesSpecialty…"); on a phone each project is a card whose cells
    are labelled with their column's name."""
    assert Project.objects.exists()
    page.set_viewport_size(PHONE)
    for prefix, label in (("", "输出医院："), ("/en", "Output hospital: ")):
        page.goto(live_server.url + prefix + "/projects/")
        assert page.evaluate(CRAMPED) == {"headers": [], "overlapping": []}, prefix
        before = page.evaluate(
            "getComputedStyle(document.querySelector('table.projects td[data-label]'), '::before').content"
        )
        assert before == f'"{label}"', prefix
