"""Article body + mentions + publication date → facts: dated events, designations,
output→input hospital pairs and headline figures, each with the sentence it came from.

Rules are about Chinese news grammar, not about particular pages:
- dates: 2022年11月 / 12月7日 / 13日 / 当日 / 日前 resolve against the article's date,
  each with its precision;
- events: dated sentences that report an action (召开, 发布, 新增 …) about a programme,
  plus the article's own news (the first dated sentence of its lead);
- designations: places or hospitals before 被确定为 / 成为 / 入选 … a programme's pilot,
  after 试点省份为 …, or listed as a programme's 代表;
- figures: a number with its measure word (76个, 600余名, 45.6%).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from articles.ingest.linking import Linked, Mention
from articles.ingest.records import PublishedAt

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class FactDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Event:
    date: FactDate
    text: str  # the sentence
    start: int
    end: int
    programmes: tuple[str, ...]
    places: tuple[Mention, ...]


@dataclass(frozen=True)
class Designation:
    programme: str
    target: Mention
    date: FactDate | None
    batch: int | None
    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    value: str  # as written: 76, 600余, 45.6
    number: float
    unit: str
    label: str
    as_of: FactDate | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Pair:
    output: str  # hospital keys
    input: str
    text: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Facts:
    events: tuple[Event, ...] = ()
    designations: tuple[Designation, ...] = ()
    figures: tuple[Figure, ...] = ()
    pairs: tuple[Pair, ...] = ()


def sentences(text: str) -> list[Sentence]:
    out = []
    paragraph_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            paragraph = bisect_right(paragraph_starts, m.start()) - 1
            out.append(Sentence(m.start(), m.end(), m.group(), paragraph))
    return out


class _Positioned:
    """The mentions of a text that have offsets, found by where they start."""

    def __init__(self, mentions: tuple[Mention, ...]) -> None:
        self.mentions = [m for m in mentions if m.start is not None]
        self.starts = [m.start for m in self.mentions]
        # The linker sorts its mentions; anything else is searched the slow way.
        self.sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))

    def inside(self, start: int, end: int) -> list[Mention]:
        """Mentions starting in [start, end), in their order."""
        if self.sorted:
            return self.mentions[bisect_left(self.starts, start) : bisect_left(self.starts, end)]
        return [m for m in self.mentions if start <= m.start < end]


# ---------------------------------------------------------------- dates

_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?")
_Y = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年(?!度|代|[底末初]|以来|前|后|起|至|到|[-—~～]|\d)")
_MD = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_D = re.compile(r"(?<![\d月])(?P<d>[1-3]?\d)[日号](?![\d])")
_SAME_DAY = re.compile(r"当日|当天|同日|当晚|今天|今日")
_RECENT = re.compile(r"日前|近日|近期|不久前")
_PLAN = re.compile(r"(到|至|力争|预计|计划|争取)\s*$")


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1949 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        return False
    return day is None or (month is not None and 1 <= day <= calendar.monthrange(year, month)[1])


def sentence_date(text: str, published: PublishedAt | None, previous: FactDate | None) -> FactDate | None:
    """The most specific date the sentence states, resolved against the article's date."""
    return _Dating(text, published).date(previous)


class _Dating:
    """A sentence's date, worked out once: what it states, or (when it says 当日) the
    date of the sentence before, which each caller knows."""

    def __init__(self, text: str, published: PublishedAt | None) -> None:
        self.stated = _stated_date(text, published)
        self.same_day = self.stated is None and bool(_SAME_DAY.search(text))
        self.recent = (
            FactDate(published.year, published.month)
            if self.stated is None and published and published.month and _RECENT.search(text)
            else None
        )

    def date(self, previous: FactDate | None) -> FactDate | None:
        if self.stated is not None:
            return self.stated
        if self.same_day and previous:
            return previous
        return self.recent


def _stated_date(text: str, published: PublishedAt | None) -> FactDate | None:
    for m in _YMD.finditer(text):
        if _PLAN.search(text[: m.start()]):
            continue
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
        if _valid(y, mo, d):
            return FactDate(y, mo, d)
    if published and published.month:
        for m in _MD.finditer(text):
            mo, d = int(m["m"]), int(m["d"])
            y = published.year if (mo, d) <= (published.month, published.day or 31) else published.year - 1
            if _valid(y, mo, d):
                return FactDate(y, mo, d)
        if published.day:
            for m in _D.finditer(text):
                d = int(m["d"])
                y, mo = published.year, published.month
                if d > published.day:  # 28日 in an article of the 3rd: last month
                    y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
                if _valid(y, mo, d) and not text[max(0, m.start() - 1) : m.start()].isdigit():
                    return FactDate(y, mo, d)
    for m in _Y.finditer(text):
        if _PLAN.search(text[: m.start()]):
            continue
        return FactDate(int(m["y"]))
    return None


# ---------------------------------------------------------------- events

_EVENT_VERB = re.compile(
    r"召开|举行|举办|发布|印发|出台|启动|开展|确定|新增|授牌|揭牌|签约|签署|批复|入选|获批|成立|挂牌|开诊|开业|启用|"
    r"落地|提出|部署|公布|通过|遴选|确认|命名|纳入|列为|投入使用|正式运行|开工|奠基|竣工"
)
_LEAD_VERB = re.compile(_EVENT_VERB.pattern + r"|参观|考察|调研|座谈|讨论|交流|会议|大会|论坛|发布会|研讨")
_PROGRAMME_WORDS = re.compile(r"试点|试验区|区域医疗中心|医共体|医改|医疗集团|建设项目|输出医院|项目医院")


def _events(
    linked: Linked, sents: list[Sentence], dating: list[_Dating], positioned: _Positioned
) -> list[Event]:
    programmes = linked.keys("programme")
    if not programmes:
        return []
    events: list[Event] = []
    previous: FactDate | None = None
    lead_done = False
    for sent, dated in zip(sents, dating, strict=True):
        date = dated.date(previous)
        if date is None:
            continue
        inside = positioned.inside(sent.start, sent.end)
        own = tuple(dict.fromkeys(m.key for m in inside if m.kind == "programme"))
        # The article's own news: the lead's first dated sentence that reports something.
        lead = not lead_done and sent.paragraph == 0 and bool(_LEAD_VERB.search(_summary(sent.text)))
        relevant = own or (_PROGRAMME_WORDS.search(sent.text) and _EVENT_VERB.search(sent.text))
        if lead or (relevant and _EVENT_VERB.search(sent.text)):
            places = tuple(m for m in inside if m.kind in ("province", "division", "hospital"))
            events.append(
                Event(date, sent.text.strip(), sent.start, sent.end, own or tuple(programmes), places)
            )
            lead_done = True
        previous = date
    # One event per date: the sentence that reports an action, else the first one.
    unique: dict[str, Event] = {}
    for event in events:
        best = unique.get(event.date.iso())
        if best is None or (
            not _EVENT_VERB.search(_summary(best.text)) and _EVENT_VERB.search(_summary(event.text))
        ):
            unique[event.date.iso()] = event
    return [replace(e, text=_summary(e.text)) for e in unique.values()]


_DATELINE_PREFIX = re.compile(
    r"^[^，。,]{0,24}?\d{1,2}月\d{1,2}日\s*(?:电|讯)\s*(?:[(（][^)）]{0,30}[)）])?\s*"
)


def _summary(sentence: str) -> str:
    """The sentence without its dateline and credit: 中新网太原6月17日电(记者 …)"""
    return _DATELINE_PREFIX.sub("", sentence).strip() or sentence


# ---------------------------------------------------------------- designations

_DESIGNATE = re.compile(
    r"被[^，,。；]{0,16}?(?:确定|新增|列|纳入|遴选|认定|批准|评|命名|授予|确认)为?|"
    r"(?:确定|新增|列|遴选|认定|批准)为|纳入|入选|成为|获批(?:建设|成为)?|获得授牌|被授牌"
)
_LIST_AFTER = re.compile(
    r"(?:试点省份|试点地区|试点城市|试点县|试点单位|试验区|入选名单|名单)(?:为|包括|是|有)[:：]?"
)
# Designations whose targets stand inside a span: 确定山西省、浙江省为试点省 / 在河北、山西等8个
# 省份开展试点 / 同批入选的，还有山西省介休市、浙江省海盐县……
_LIST_SPANS = (
    re.compile(
        r"(?:确定|遴选|选定|批准)(?P<list>[^。；]{2,120}?)为[^。；，,]{0,20}(?:试点|试验区|项目|中心)"
    ),
    re.compile(r"在(?P<list>[^。；]{2,120}?)(?:等\d*个?省份?|\d+个省份)?(?:开展|进行)了?试点"),
    re.compile(
        r"(?:入选|获批|授牌)的?(?:单位|地区|县|城市)?[，,]?(?:还有|包括|有|分别是|分别为)[:：]?(?P<list>[^。；]+)"
    ),
    re.compile(r"(?:试点|试验区)[^。；]{0,30}?(?:分别是|分别为|包括)[:：]?(?P<list>[^。；]+)"),
)
_REPRESENTATIVES = re.compile(r"(?:^|[，,：:])([^，,。：:]*?)(?:等地?|的)?代表")
_BATCH = re.compile(r"(首批|第一批|第二批|第三批|第四批|第五批|第(\d+)批)")
_BATCHES = {"首批": 1, "第一批": 1, "第二批": 2, "第三批": 3, "第四批": 4, "第五批": 5}
_CLAUSE = re.compile(r"[，,：:]")


def _programme_for(text: str, inside: list[Mention], article_programmes: list[str]) -> str | None:
    own = [m.key for m in inside if m.kind == "programme"]
    if own:
        return own[0]
    if len(article_programmes) == 1 and re.search(r"试点|试验区|建设项目|项目|入选|获批", text):
        return article_programmes[0]
    return None


def _prefer_divisions(targets: list[Mention]) -> list[Mention]:
    """山西省介休市: the city is the designee; a province counts when no division of it follows."""
    division_provinces = {m.name for m in targets if m.kind == "division"}
    keep = []
    for i, m in enumerate(targets):
        nxt = targets[i + 1] if i + 1 < len(targets) else None
        if m.kind == "province" and nxt is not None and nxt.kind == "division" and nxt.start - m.end <= 1:
            continue
        keep.append(m)
    del division_provinces
    return keep


def _designations(
    linked: Linked, sents: list[Sentence], dating: list[_Dating], positioned: _Positioned
) -> list[Designation]:
    article_programmes = linked.keys("programme")
    out: list[Designation] = []
    previous: FactDate | None = None
    prev_paragraph = -1
    for sent, dated in zip(sents, dating, strict=True):
        date = dated.date(None)
        if sent.paragraph != prev_paragraph:
            previous = None
        when = date or previous
        inside = [m for m in positioned.inside(sent.start, sent.end) if m.method != "via_entity"]
        if not inside:  # every designation below names its targets among these
            previous = date or previous
            prev_paragraph = sent.paragraph
            continue
        # Clause by clause: 山西省被确定为首批试点省份之一, 山西白求恩医院等4家医院成为…项目
        clause_start = previous_clause = sent.start
        for clause in [*_CLAUSE.finditer(sent.text), None]:
            clause_end = sent.start + clause.start() if clause else sent.end
            ctext = sent.text[clause_start - sent.start : clause_end - sent.start]
            verb = _DESIGNATE.search(ctext)
            if verb:
                tail = ctext[verb.end() :]
                programme = _programme_for(
                    tail, [m for m in inside if m.start >= clause_start + verb.end()], []
                )
                programme = programme or _programme_for(sent.text, inside, article_programmes)
                if programme and re.search(r"试点|试验区|项目|中心|名单|单位|省份", tail):
                    # …新疆一道，被确定为首批试点省份: a clause that opens with the verb
                    # has its subject in the clause before.
                    lo = previous_clause if not ctext[: verb.start()].strip() else clause_start
                    targets = [
                        m
                        for m in inside
                        if lo <= m.start < clause_start + verb.start()
                        and m.kind in ("province", "division", "hospital")
                    ]
                    out += _make(programme, targets, when, tail, sent)
            previous_clause = clause_start
            clause_start = clause_end + 1
        for pattern in _LIST_SPANS:
            for span in pattern.finditer(sent.text):
                programme = _programme_for(sent.text, inside, article_programmes)
                lo, hi = sent.start + span.start("list"), sent.start + span.end("list")
                targets = [
                    m for m in inside if lo <= m.start < hi and m.kind in ("province", "division", "hospital")
                ]
                if programme:
                    label = span.group(0)[: span.start("list") - span.start()]
                    label = re.sub(
                        r"^(?:确定|遴选|选定|批准|在)|[，,：:]?(?:还有|包括|分别是|分别为|有)?[，,：:]?$",
                        "",
                        label,
                    )
                    after = span.group(0)[span.end("list") - span.start() :].lstrip("为等")
                    out += _make(programme, _prefer_divisions(targets), when, label or after or "试点", sent)
        listed = _LIST_AFTER.search(sent.text)
        if listed:
            programme = _programme_for(sent.text, inside, article_programmes)
            targets = [
                m
                for m in inside
                if m.start >= sent.start + listed.end() and m.kind in ("province", "division", "hospital")
            ]
            if programme:
                out += _make(programme, targets, when, sent.text[: listed.end()], sent)
        programme_here = next((m.key for m in inside if m.kind == "programme"), None)
        if programme_here:
            # 北京市密云区、山东省寿光市……代表分别介绍了推进试验区建设的经验: sites speaking as
            # representatives at a programme's meeting are its designated sites.
            for reps in _REPRESENTATIVES.finditer(sent.text):
                lo, hi = sent.start + reps.start(1), sent.start + reps.end(1)
                targets = [m for m in inside if lo <= m.start < hi and m.kind in ("division", "province")]
                divisions = [m for m in targets if m.kind == "division"]  # 北京市密云区: the district
                out += _make(programme_here, divisions or targets, when, "代表", sent)
        previous = date or previous
        prev_paragraph = sent.paragraph
    unique: dict[tuple[str, str, str], Designation] = {}
    for d in out:
        unique.setdefault((d.programme, d.target.kind, d.target.key), d)
    return list(unique.values())


def _make(programme: str, targets: list[Mention], when: FactDate | None, label_text: str, sent: Sentence):
    batch = _BATCH.search(label_text) or _BATCH.search(sent.text)
    number = (_BATCHES.get(batch.group(1)) or int(batch.group(2))) if batch else None
    label = re.sub(r"\s+", "", label_text).strip("，,。；;：:")[:60]
    seen = set()
    out = []
    for target in targets:
        if (target.kind, target.key) in seen:
            continue
        seen.add((target.kind, target.key))
        out.append(
            Designation(programme, target, when, number, label, sent.text.strip(), sent.start, sent.end)
        )
    return out


# ---------------------------------------------------------------- figures

_FIGURE = re.compile(
    r"(?<![\d.第])(?P<value>\d+(?:\.\d+)?)\s*(?P<approx>余|多)?\s*"
    r"(?P<unit>%|％|万人次|人次|万人|亿元|万元|元|个|家|项|名|人|所|张|例|台|批|类|座|位|支|床|倍|省份|万|亿)"
)
_CLAUSE_BREAK = re.compile(r"[，,。；;：:、（(）)]")
# What joins a subject to its number: …已达 / 增至 / 总数为 / 共有 (stripped from the label).
_SUBJECT_VERB = re.compile(
    r"(?:已经|已|累计|共|现)?(?:总数|数量|总量|规模)?"
    r"(?:达到|达|增至|增加到|增加至|增长到|提高到|提升到|突破|超过|共有|共计|为)\s*$"
)
_AS_OF = re.compile(r"截至(?:目前|(?P<y>(?:19|20)\d{2})年(?:(?P<m>\d{1,2})月|底|末)?)")


def _figures(text: str, sents: list[Sentence], published: PublishedAt | None) -> list[Figure]:
    out: list[Figure] = []
    for sent in sents:
        as_of = None
        if m := _AS_OF.search(sent.text):
            if m["y"]:
                month = int(m["m"]) if m["m"] else (12 if re.search(r"[底末]", m.group()) else None)
                as_of = FactDate(int(m["y"]), month)
            elif published:
                as_of = FactDate(published.year, published.month, published.day)
        elif published:
            as_of = FactDate(published.year, published.month, published.day)
        for f in _FIGURE.finditer(sent.text):
            after = sent.text[f.end() : f.end() + 1]
            if (
                after in ("年", "月", "日", "时", "分", "号", "岁", "期")
                or f["unit"] in ("万", "亿")
                and after == "元"
            ):
                continue
            unit = "%" if f["unit"] == "％" else f["unit"]
            rest = sent.text[f.end() :]
            if (
                unit == "家"
                and rest.startswith("医院")
                and not re.match(r"医院[\u4e00-\u9fff]{0,2}(管理|院长|专家)", rest)
            ):
                unit, rest = "家医院", rest[2:]  # 4家医院: hospitals are what is counted
            label = _CLAUSE_BREAK.split(rest.lstrip("的"), maxsplit=1)[0][:40]
            if not label:  # 国家区域医疗中心建设项目已达125个: the subject comes first
                label = _SUBJECT_VERB.sub("", _CLAUSE_BREAK.split(sent.text[: f.start()])[-1])[-40:]
            value = f["value"] + (f["approx"] or "")
            out.append(
                Figure(value, float(f["value"]), unit, label, as_of, sent.text.strip(), sent.start, sent.end)
            )
    unique: dict[tuple[str, str], Figure] = {}
    for fig in out:
        unique.setdefault((fig.value, fig.unit), fig)
    return list(unique.values())


# ---------------------------------------------------------------- pairs

_OUTPUT_ROLE = re.compile(r"作为[^，,。]{0,20}输出(?:医院|单位)|输出医院|牵头共建|合作共建|派出|派驻")


def _pairs(linked: Linked, sents: list[Sentence], partnerships: frozenset[tuple[str, str]]) -> list[Pair]:
    out: dict[tuple[str, str], Pair] = {}
    hospitals = [m for m in linked.mentions if m.kind == "hospital" and m.method != "via_entity"]
    keys = {m.key for m in hospitals}
    for output, input_ in partnerships:
        if output in keys and input_ in keys:
            first = next(m for m in hospitals if m.key in (output, input_))
            sent = next((s for s in sents if s.start <= first.start < s.end), None)
            out[(output, input_)] = Pair(
                output, input_, sent.text.strip() if sent else "", first.start, first.end
            )
    for sent in sents:
        if not _OUTPUT_ROLE.search(sent.text):
            continue
        inside = [m for m in hospitals if sent.start <= m.start < sent.end]
        role = _OUTPUT_ROLE.search(sent.text)
        before = [m for m in inside if m.start < sent.start + role.start()]
        after = [m for m in inside if m.start >= sent.start + role.end()]
        if before and after and before[0].key != after[0].key:
            pair = (before[0].key, after[0].key)
            out.setdefault(pair, Pair(*pair, sent.text.strip(), sent.start, sent.end))
    return list(out.values())


def extract_facts(
    text: str,
    linked: Linked,
    published: PublishedAt | None,
    *,
    partnerships: frozenset[tuple[str, str]] = frozenset(),
) -> Facts:
    sents = sentences(text)
    dating = [_Dating(sent.text, published) for sent in sents]
    positioned = _Positioned(linked.mentions)
    return Facts(
        events=tuple(_events(linked, sents, dating, positioned)),
        designations=tuple(_designations(linked, sents, dating, positioned)),
        figures=tuple(_figures(text, sents, published)),
        pairs=tuple(_pairs(linked, sents, partnerships)),
    )
