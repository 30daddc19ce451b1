"""The English site speaks English (issue 16, item 2): on every public page type under
/en/, no Chinese character is rendered outside an element marked lang="zh" (quotes,
titles and entity names with no English name yet), in the text or in a tooltip."""

import io

import pytest
from django.core.management import call_command

from tests.browser.test_phone_layout import public_paths
from tests.ingest.conftest import DEMO

pytestmark = pytest.mark.browser

# Visible text nodes and tooltip/label attributes with CJK (and full-width punctuation),
# outside any lang="zh" ancestor; <head> is left out (a <title> cannot carry lang).
STRAY_CHINESE = r"""() => {
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  const marked = el => el.closest('[lang^="zh"]') !== null;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (cjk.test(n.textContent) && !marked(el) && !['SCRIPT', 'STYLE'].includes(el.tagName))
      found.push(el.tagName.toLowerCase() + ': ' + n.textContent.trim().slice(0, 40));
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [alt], [placeholder]'))
    for (const a of ['title', 'aria-label', 'alt', 'placeholder'])
      if (cjk.test(el.getAttribute(a) || '') && !marked(el))
        found.push(el.tagName.toLowerCase() + '[' + a + ']: ' + el.getAttribute(a).slice(0, 40));
  return found;
}"""


def test_english_pages_have_no_chinese_outside_lang_zh(page, live_server, screenshot):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    paths = public_paths()
    assert len(paths) == 16
    stray = {}
    for path in paths:
        response = page.goto(f"{live_server.url}/en{path}")
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == "en"
        if found := page.evaluate(STRAY_CHINESE):
            stray[path] = found[:5]
        marked = page.locator('body [lang^="zh"]').count()
        assert marked or path in ("/en/",), path  # Chinese names stay, marked
    assert stray == {}


def test_chinese_pages_keep_their_punctuation(page, live_server):
    call_command("import_articles", str(DEMO), stdout=io.StringIO(), stderr=io.StringIO())
    page.goto(f"{live_server.url}/articles/")
    assert "导出当前结果：" in page.locator(".exports").inner_text()
    page.goto(f"{live_server.url}/en/articles/")
    assert "Export current results: " in page.locator(".exports").inner_text() + " "
