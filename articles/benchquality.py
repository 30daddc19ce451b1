"""Scoring for the extraction quality benchmark (`manage.py bench_quality`).

gold page + one extractor's output (title, published, author, body) → per-field verdicts.
Plain Python: no Django, no extractor imports, so the rules can be tested on their own.

The rules, the same for every extractor:
- Text is compared after `compact`: NFKC, full-width punctuation folded to ASCII, all
  whitespace removed.
- **Title**: equal after `compact`. Nothing is stripped from a title (a "_新华网" suffix
  is wrong for us as much as for a peer) unless the gold lists that page's
  `title_suffixes`, which are then cut from the end of any extractor's title.
- **Title, site name cut** (a second, lenient row): also right when the title is the
  gold's with a site or channel name joined by a separator (- _ | – — · :) before or
  after it, as <title> elements have it.
- **Date (day)**: the extractor's date, read by `parse_when` (ISO strings with an offset
  are moved to Asia/Shanghai), has the gold's year, month and day.
- **Date (minute)**: only over pages whose gold gives the minute; right when the
  extractor gives a time and it is the gold's to the minute.
- **Author**: the set of names, after dropping label words (记者, 作者, 通讯员, 文/ …) and
  splitting on 、，,;/| and spaces (NFKC folds ，), equals the gold's. A page without a named person in
  the gold is right when the extractor gives no author.
- **Body start / end**: the compact body starts (ends) with the gold's compact
  `body_start` (`body_end`).
- **Body F1**: bag-of-characters F1 over the compact body with punctuation and symbols
  left out (so CJK text needs no word segmentation): precision is the share of the
  extractor's characters found in the gold body (counted with multiplicity), recall the
  share of the gold's found in the extractor's; a missing body scores 0. The table
  shows the mean over pages.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

_FOLD = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "｜": "|"})


def compact(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").translate(_FOLD))


@dataclass(frozen=True)
class When:
    """A date read from an extractor's output; `minute` is None when no time was given."""

    day: str  # YYYY-MM-DD
    minute: str | None = None  # YYYY-MM-DDTHH:MM


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
_LOOSE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*T?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2}))?"
)


def parse_when(value) -> When | None:
    """An extractor's date (a string in any common Chinese or ISO form, or a
    date/datetime) as a day and, when a time is given, a minute in Asia/Shanghai."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(SHANGHAI)
        return When(value.date().isoformat(), value.strftime("%Y-%m-%dT%H:%M"))
    if isinstance(value, datetime.date):
        return When(value.isoformat())
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if _ISO.match(text):
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(SHANGHAI)
        return When(moment.date().isoformat(), moment.strftime("%Y-%m-%dT%H:%M"))
    match = _LOOSE.search(text)
    if not match:
        return None
    year, month, day, hour, minute = match.groups()
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    if hour is None or int(hour) > 23 or int(minute) > 59:
        return When(date.isoformat())
    return When(date.isoformat(), f"{date.isoformat()}T{int(hour):02d}:{int(minute):02d}")


_LABELS = re.compile(
    r"(本报记者|本报通讯员|特约记者|见习记者|实习记者|全媒体记者|融媒体记者|新华社记者|记者|通讯员|"
    r"作者|撰文|责任编辑|责编|编辑|(?:文|图|摄影|摄)\s*[/:])"
)
_SPLIT = re.compile(r"[、,;/|\s]+")


def author_names(text: str | None) -> frozenset[str]:
    """The set of names in an author field, label words and separators dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\[\]【】()<>《》]", " ", text)
    names = set()
    for part in _SPLIT.split(_LABELS.sub(" ", text)):
        part = part.strip(" .。:-—_")
        if part:
            names.add(part)
    return frozenset(names)


def _chars(text: str) -> Counter:
    return Counter(ch for ch in compact(text) if unicodedata.category(ch)[0] in "LN")


def body_f1(got: str | None, gold: str) -> float:
    """Bag-of-characters F1 (letters and digits only) between two bodies."""
    g, w = _chars(got or ""), _chars(gold)
    if not g or not w:
        return 0.0
    common = sum((g & w).values())
    if not common:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Output:
    """What one extractor gave for one page (strings as given; None when missing)."""

    title: str | None = None
    published: object = None  # string, date or datetime; read by parse_when
    author: str | None = None
    body: str | None = None
    error: str | None = None


FIELDS = ("title", "title_site_cut", "date_day", "date_minute", "author", "body_start", "body_end", "body_f1")


_SEPARATORS = "-_|–—·:"


def title_site_cut(got: str, gold: str) -> bool:
    """The lenient title rule: equal, or the gold plus a separator and anything (a site
    or channel name) after it or before it, as in a <title>: "标题_新华网", "某县人民政府--标题"."""
    if not gold:
        return False
    if got == gold:
        return True
    if got.startswith(gold) and got[len(gold)] in _SEPARATORS:
        return True
    return got.endswith(gold) and got[-len(gold) - 1] in _SEPARATORS


def score(gold: dict, out: Output) -> dict[str, float | bool | None]:
    """Per-field verdicts for one page: True/False, None where the field does not
    apply (date_minute on a page dated to the day), and a float for body_f1."""
    title = compact(out.title)
    for suffix in gold.get("title_suffixes", ()):
        if title.endswith(compact(suffix)) and title != compact(suffix):
            title = title[: -len(compact(suffix))]
            break
    when = parse_when(out.published)
    gold_published = gold["published"]
    body = compact(out.body)
    return {
        "title": title == compact(gold["title"]),
        "title_site_cut": title_site_cut(title, compact(gold["title"])),
        "date_day": when is not None and when.day == gold_published[:10],
        "date_minute": (when is not None and when.minute == gold_published[:16])
        if "T" in gold_published
        else None,
        "author": author_names(out.author) == author_names(gold.get("author")),
        "body_start": bool(body) and body.startswith(compact(gold["body_start"])),
        "body_end": bool(body) and body.endswith(compact(gold["body_end"])),
        "body_f1": body_f1(out.body, gold["body"]),
    }


def summarise(verdicts: list[dict]) -> dict[str, tuple[float, int]]:
    """Each field's mean (accuracy, or mean F1) and the number of pages it was taken over."""
    summary = {}
    for name in FIELDS:
        values = [v[name] for v in verdicts if v[name] is not None]
        summary[name] = (sum(float(x) for x in values) / len(values) if values else 0.0, len(values))
    return summary
