"""Draft gold entries for tests/ingest/sites/quality.json from the page tests' expectations.

    .venv/bin/python scripts/draft_quality_gold.py FAMILY/FILE ... > draft.json

For each page: title, published, author (the expected reporter), body start and end come
from its expected.json case; the body is drafted from the page's own visible text (no
extractor of ours or of a peer): the lines from the first holding `body_first` to the
last holding `body_last`, without the lines the case lists in `body_must_not_contain`.
A draft is only a start: each body was then read against the page and corrected by
hand (captions, inline related links and ads inside the span removed), and a case whose
"paragraphs" count differs from the draft's is printed to stderr for that reading.
"""

import json
import sys
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "ingest" / "sites"
sys.path.insert(0, str(ROOT))

from articles.benchquality import compact  # noqa: E402
from articles.ingest.decode import decode_page  # noqa: E402
from articles.ingest.sources import iter_sources  # noqa: E402

BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "section", "article", "header", "footer", "blockquote", "figure", "figcaption",
    "pre", "dd", "dt", "dl", "main", "aside", "nav", "center", "hr",
}  # fmt: skip


def visible_lines(path: Path) -> list[str]:
    decoded = decode_page(next(iter(iter_sources([str(path)]))).page)
    if decoded.media_type != "text/html":
        text = decoded.text
    else:
        root = lxml.html.fromstring(decoded.text)
        for bad in root.xpath("//script|//style|//noscript|//template|//head"):
            bad.drop_tree()
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
                el.text = "\n" + (el.text or "")
                el.tail = "\n" + (el.tail or "")
        text = root.text_content()
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def draft_body(lines: list[str], first: str, last: str, junk: list[str]) -> list[str]:
    first, last = compact(first), compact(last)
    start = next(i for i, line in enumerate(lines) if first in compact(line))
    end = max(i for i, line in enumerate(lines) if last in compact(line))
    body = []
    for n, line in enumerate(lines[start : end + 1]):
        if n == 0:
            line = line[line.find(first[:4]) :] if first[:4] in line else line
        if any(compact(j) and compact(j) in compact(line) for j in junk):
            continue
        body.append(line)
    return body


def main(names: list[str]) -> None:
    entries = []
    for name in names:
        family, file = name.split("/", 1)
        cases = json.loads((SITES / family / "expected.json").read_text(encoding="utf-8"))
        case = next(c for c in cases if c["file"] == file)
        try:
            body = draft_body(
                visible_lines(SITES / family / file),
                case["body_first"],
                case["body_last"],
                case.get("body_must_not_contain", []),
            )
        except (StopIteration, ValueError):
            print(f"{name}: body start or end not found on its own line; left out", file=sys.stderr)
            continue
        if "paragraphs" in case and case["paragraphs"] != len(body):
            print(f"{name}: {len(body)} lines drafted, {case['paragraphs']} expected", file=sys.stderr)
        entries.append(
            {
                "file": name,
                "family": family,
                "title": case["title"],
                "published": case["published_at"][:16],
                "author": case["reporter"],
                "body_start": case["body_first"],
                "body_end": case["body_last"],
                "body": body,
            }
        )
    json.dump(entries, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
