"""Fuzzing the importer's entry point: pages built from the pieces real pages are made
of (markup, comments, crawler lines, credits, dates, CJK prose, odd whitespace), and raw
bytes, in any order. Whatever comes in, `process` returns a result: an article, or a
failure with a reason of ours; never an internal error, and never the time budget.

A short run is part of the suite; a long one: `make fuzz` (FUZZ_EXAMPLES=20000)."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.pipeline import process
from articles.ingest.records import RawPage
from articles.ingest.sources import SourceItem

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
BUDGET = 5.0

PIECES = [
    "<html>",
    "</html>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "</body>",
    '<div class="content">',
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<script>var a=1;</script>",
    "<style>p{}</style>",
    "<!--",
    "-->",
    "<!--http://www.example.gov.cn/art/1.html-->\n",
    '<?xml version="1.0"?>',
    "<rss><channel><item><title>",
    "</title><description>",
    "</description></item></channel></rss>",
    '<meta charset="gbk">',
    '<meta name="author" content="',
    '">',
    '<a href="/a">',
    "</a>",
    '<img alt="',
    "来源：",
    "作者：",
    "记者 ",
    "发布时间：",
    "2023-06-09 10:30",
    "2023年6月9日",
    "二〇二三年五月八日",
    "1686277800",
    "本报讯（记者王明）",
    "新华社北京6月9日电",
    "（完）",
    "责任编辑：",
    "相关阅读",
    "分享到",
    "【",
    "】",
    "标题：",
    "正文：",
    "国家区域医疗中心建设稳步推进，",
    "河南省人民医院与阜外医院合作共建。",
    "基层卫生健康综合试验区",
    "县域医共体",
    "我省",
    "我院",
    "截至2023年底，",
    "125个项目",
    "。",
    "，",
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "\t",
    "&nbsp;",
    "&#x4e2d;",
    "\u200b",
    "\ufeff",
    "\x00",
    "\r",
    "|",
    "_",
    "-",
    "—",
    "·",
    "▲",
    "图为",
    "摄",
    "（",
    "）",
    "《",
    "》",
    "第一批",
    "试点",
]

text_pages = st.lists(st.sampled_from(PIECES) | st.text(max_size=40), max_size=120).map("".join)
encodings = st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"])


def _run(data: bytes, name: str):
    result = process(SourceItem(name, RawPage(source=name, data=data, filename=name)), budget=BUDGET)
    assert result.error is None or not result.error.startswith("internal error"), result.error
    assert result.error is None or "took longer than" not in result.error, "a page hit the time budget"
    if result.ok:
        assert result.article.body_text.strip()
    return result


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_pages, encoding=encodings, name=st.sampled_from(["p.html", "p.txt", "p"]))
def test_built_pages_never_break_the_importer(text, encoding, name):
    _run(text.encode(encoding, "replace"), name)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000))
def test_raw_bytes_never_break_the_importer(data):
    _run(data, "p.html")


@pytest.mark.parametrize("piece", PIECES)
def test_long_runs_of_any_piece_never_break_the_importer(piece):
    # The shape of a backtracking blow-up: one piece many times, then something else.
    for count in (60, 3000):
        _run((piece * count + "<p>国家区域医疗中心建设稳步推进。</p>").encode("utf-8"), "p.html")
