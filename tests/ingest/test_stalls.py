"""No page can stall an import: the importer's regular expressions stay fast on
adversarial input, a crawler's comment lines are read in linear time, and a page that
still takes too long fails alone with a reason (in one process and with --jobs)."""

import time

import pytest

from articles.ingest import pipeline
from articles.ingest.decode import decode_page
from articles.ingest.parse import parse_page
from articles.ingest.records import RawPage
from articles.ingest.sources import SourceItem
from tests.ingest.regex_audit import importer_patterns, slow_inputs, time_limit
from tests.ingest.samples import html_page


def _item(name: str, text: str) -> SourceItem:
    return SourceItem(name, RawPage(source=name, data=text.encode("utf-8"), filename=name))


def test_the_audit_finds_the_importers_patterns_and_a_catastrophic_one():
    patterns = dict(importer_patterns())
    assert len(patterns) > 100
    # The audit must be able to fail: a nested quantifier it is shown is caught.
    import re

    assert slow_inputs(re.compile(r"\A(?:<!--.*?-->\s*)*<rss", re.S))


def test_no_importer_pattern_backtracks_catastrophically():
    slow = {name: found for name, pattern in importer_patterns() if (found := slow_inputs(pattern))}
    assert not slow, "patterns that take over 1 s on adversarial input:\n" + "\n".join(
        f"{name}: {found[:3]}" for name, found in slow.items()
    )


@pytest.mark.parametrize("count", [60, 5000])
def test_crawler_comment_lines_are_read_in_linear_time(count):
    # Crawlers save a page with its address in a comment on a line of its own, and
    # some stack many of them (one per fetch): the feed check once backtracked over them.
    page = "<!--http://www.example.gov.cn/art/2023/6/9/art_1.html-->\n" * count + html_page()
    decoded = decode_page(RawPage(source="p.html", data=page.encode("utf-8"), filename="p.html"))
    with time_limit(5):
        parsed = parse_page(decoded)
    assert any("区域医疗中心" in line for line in parsed.lines)


def test_a_page_over_its_time_budget_fails_alone_with_a_reason(monkeypatch):
    def endless(*args, **kwargs):
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(pipeline, "extract_article", endless)
    started = time.monotonic()
    result = pipeline.process(_item("slow.html", html_page()), budget=0.5)
    assert time.monotonic() - started < 5
    assert not result.ok
    assert result.error == "the page took longer than 0.5 s to extract and was given up"


def test_the_budget_does_not_touch_a_page_that_is_fast_enough():
    result = pipeline.process(_item("ok.html", html_page()), budget=30)
    assert result.ok, result.error


@pytest.mark.parametrize("budget", [30, 0.5, 0.000001, 0.0001, 0.001])
def test_the_budget_leaves_no_timer_or_handler_behind(budget):
    # Tiny budgets make the timer fire at every point of the page's processing,
    # including while the budget is being set up and taken down.
    import signal

    before = signal.getsignal(signal.SIGALRM)
    for _ in range(20):
        pipeline.process(_item("ok.html", html_page()), budget=budget)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) == before
