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
from itertools import product

from articles.ingest import lexicon
from articles.ingest.linking import Linked, Mention
from articles.ingest.records import DataTable, PublishedAt

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
    text: str  # the sentence (its dateline and credit left out): the evidence
    start: int
    end: int
    programmes: tuple[str, ...]
    places: tuple[Mention, ...]
    kind: str = "other"  # one of EVENT_KINDS
    summary: str = ""  # written from the fields, in our words
    confidence: float = 0.5


@dataclass(frozen=True)
class Designation:
    programme: str
    target: Mention
    date: FactDate | None
    batch: int | None
    label: str  # the role as the site shows it: 首批试点省份, 试验区, 建设项目 …
    text: str
    start: int | None  # None: a table row's (no offsets into the body)
    end: int | None
    role: str = "member"  # one of ROLES
    summary: str = ""
    confidence: float = 0.5


@dataclass(frozen=True)
class Figure:
    value: str  # as written: 76, 600余, 45.6
    number: float
    unit: str
    label: str  # what is counted, as the text names it (the subject)
    as_of: FactDate | None
    text: str
    start: int
    end: int
    measure: str = "count"  # one of MEASURES
    programme: str | None = None  # the programme its own clause names (None: another or none)
    summary: str = ""
    confidence: float = 0.5

    @property
    def subject(self) -> str:
        return self.label


@dataclass(frozen=True)
class Pair:
    output: str  # hospital keys
    input: str
    text: str
    start: int | None
    end: int | None
    confidence: float = 0.5


@dataclass(frozen=True)
class Facts:
    events: tuple[Event, ...] = ()
    designations: tuple[Designation, ...] = ()
    figures: tuple[Figure, ...] = ()
    pairs: tuple[Pair, ...] = ()


# ---------------------------------------------------------------- vocabulary (our words)

# How a fact's summary names a programme.
PROGRAMME_LABELS = {
    "regional_medical_center": "国家区域医疗中心建设",
    "primary_care_pilot_zone": "基层卫生健康综合试验区",
    "county_reform": "县域医共体",
}
# What a designation's role is prefixed with ("首批试点省份" → "国家区域医疗中心建设首批试点省份").
_ROLE_PREFIX = {
    "regional_medical_center": "国家区域医疗中心建设",
    "primary_care_pilot_zone": "基层卫生健康综合",
    "county_reform": "紧密型县域医共体建设",
}
EVENT_KINDS = {
    "launch": "启动试点",
    "list_announced": "公布名单",
    "signing": "签约",
    "plaque": "授牌揭牌",
    "opening": "开诊启用",
    "acceptance": "通过验收",
    "document_issued": "印发文件",
    "other": "动态",
}
ROLES = {
    "pilot_province": "试点省份",
    "pilot_city": "试点城市",
    "pilot_county": "试点县",
    "pilot_zone": "试验区",
    "project": "建设项目",
    "member": "参与单位",
}
MEASURES = {
    "projects": "项目", "provinces": "省份", "cities": "城市", "counties": "县（市、区）", "hospitals": "医院",
    "institutions": "机构", "people": "人员", "visits": "诊疗人次", "beds": "床位", "technologies": "技术",
    "cases": "例数", "money": "金额", "share": "比例", "batches": "批次", "groups": "医联体", "count": "数量",
}  # fmt: skip
# Programmes next to ours whose facts are not ours: 国家医学中心 is a programme of its own.
_NEIGHBOURS = re.compile(
    r"国家医学中心|千县工程|城市医疗集团|城市医联体|委省共建|省级区域医疗中心|省域医疗中心|专科联盟"
)
_CN_ORDINALS = {1: "首批", 2: "第二批", 3: "第三批", 4: "第四批", 5: "第五批", 6: "第六批"}


def cn_date(date: FactDate) -> str:
    return (
        f"{date.year}年" + (f"{date.month}月" if date.month else "") + (f"{date.day}日" if date.day else "")
    )


def _place_names(mentions) -> list[str]:
    return list(dict.fromkeys(m.name for m in mentions if m.method != "via_entity"))


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
# A month without its year: 今年7月 / 去年10月 / 10月 (against the article's date), 同年10月
# (against the sentence before). Not 6个月, 1-10月, 10月份以来 is still a month.
_MONTH = re.compile(
    r"(?:(?P<rel>今年|去年|前年|同年|当年)|(?<![\d年月\-—~～至到]))(?P<m>\d{1,2})月(?![\d日号])"
)
_RECENT = re.compile(r"日前|近日|近期|不久前")
_PLAN = re.compile(rf"(?:{lexicon.PLAN_WORDS})\s*$")
# 记者27日获悉: the day the news was reported, not the day of what it reports.
_REPORTED = re.compile(r"\s*(?:获悉|了解到|得知|获知|从[^，。；]{1,20}(?:获悉|了解到|得知))")
# 2019年启动的试点: a year that qualifies a noun does not date its sentence.
_ATTRIBUTIVE = re.compile(
    r"(?:开始|正式)?(?:启动|开展|实施|印发|出台|发布|确定|建成|获批|入选|成立|设立|提出|部署|开工)(?:实施)?的"
)


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
        self.same_year_month = None
        if self.stated is None and (m := _MONTH.search(text)) and m["rel"] in ("同年", "当年"):
            if not _PLAN.search(text[: m.start()]) and 1 <= int(m["m"]) <= 12:
                self.same_year_month = int(m["m"])
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
        if self.same_year_month and previous:
            return FactDate(previous.year, self.same_year_month)
        return self.recent


def _attributive(text: str, end: int) -> bool:
    """2019年启动的试点将…: a date that qualifies a noun in a forward-looking sentence does
    not date it (今年7月公布的名单共有49家医院: in a sentence about what is, it does)."""
    return bool(_ATTRIBUTIVE.match(text, end)) and bool(_FUTURE.search(text))


def _stated_date(text: str, published: PublishedAt | None) -> FactDate | None:
    reported = None  # 记者31日从…了解到: the day the news was given, if nothing else is dated
    for m in _YMD.finditer(text):
        if _PLAN.search(text[: m.start()]) or _attributive(text, m.end()):
            continue
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
        if _valid(y, mo, d):
            return FactDate(y, mo, d)
    if published and published.month:
        for m in _MD.finditer(text):
            mo, d = int(m["m"]), int(m["d"])
            y = published.year if (mo, d) <= (published.month, published.day or 31) else published.year - 1
            if _valid(y, mo, d):
                if _REPORTED.match(text, m.end()):
                    reported = reported or FactDate(y, mo, d)
                    continue
                return FactDate(y, mo, d)
        if published.day:
            for m in _D.finditer(text):
                d = int(m["d"])
                y, mo = published.year, published.month
                if d > published.day:  # 28日 in an article of the 3rd: last month
                    y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
                if _valid(y, mo, d) and not text[max(0, m.start() - 1) : m.start()].isdigit():
                    if _REPORTED.match(text, m.end()):
                        reported = reported or FactDate(y, mo, d)
                        continue
                    return FactDate(y, mo, d)
        for m in _MONTH.finditer(text):
            if m["rel"] in ("同年", "当年") or _PLAN.search(text[: m.start()]) or _attributive(text, m.end()):
                continue
            mo = int(m["m"])
            if not 1 <= mo <= 12:
                continue
            if m["rel"]:
                y = published.year - {"今年": 0, "去年": 1, "前年": 2}[m["rel"]]
            elif _Y.search(text):
                break  # 2019年…10月: the year's own sentence, read below
            else:
                y = published.year if mo <= published.month else published.year - 1
            return FactDate(y, mo)
    for m in _Y.finditer(text):
        if _PLAN.search(text[: m.start()]) or _attributive(text, m.end()):
            continue
        return FactDate(int(m["y"]))
    return reported


# ---------------------------------------------------------------- events

_EVENT_VERB = re.compile(
    r"召开|举行|举办|发布|印发|出台|启动|开展|确定|新增|授牌|揭牌|签约|签署|签订|批复|入选|获批|成立|挂牌|开诊|开业|启用|"
    r"落地|提出|部署|公布|通过|遴选|确认|命名|纳入|列为|投入使用|正式运行|开工|奠基|竣工|(?:进入|列入)[^，。；]{0,30}名单"
)
_LEAD_VERB = re.compile(_EVENT_VERB.pattern + r"|参观|考察|调研|座谈|讨论|交流|会议|大会|论坛|发布会|研讨")
# A visit or a review of a programme's work is a dated happening of it too (kind other).
_VISIT_OR_EVENT = re.compile(_EVENT_VERB.pattern + r"|调研|考察|督导|检查|评估")
_PROGRAMME_WORDS = re.compile(
    r"试点|试验区|区域医疗中心|医共体|医改|医疗集团|建设项目|输出医院|项目医院|批[^，。；]{0,8}名单"
)
# Who speaks in a transcript: a question sets the topic of the answers after it.
_QUESTION = re.compile(r"^\s*(?:问|提问|记者)\s*[:：]")
# 第二，基层卫生健康综合试验区。: a numbered heading sentence sets its paragraph's topic.
_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+|[一二三四五六七八九十]+)[，、,.．]\s*[^，。；！？]{2,30}[。：:]?\s*$"
)
# 2021年首批8个县（市）入选，2022年第二批新增4个: each year's clause is a happening of its own.
_YEAR_CLAUSE = re.compile(r"[，,](?=\s*(?:19|20)\d{2}年)")


# A sentence about what will happen is not an event (unless it also reports what has).
_FUTURE = re.compile(
    r"将(?:在|于|会|要|进一步|继续|全面|逐步|持续|加快|陆续|重点|把)|计划|拟于|拟在|力争|预计|争取|有望|即将"
)
_DONE = re.compile(r"已经|已|了|正式|日前|近日")

# Event kinds by what the sentence reports, in order of precedence.
_KIND_RULES = (
    ("acceptance", re.compile(r"验收|竣工")),
    ("opening", re.compile(r"开诊|开业|启用|投入使用|正式运行|试运行|开院")),
    ("plaque", re.compile(r"授牌|揭牌|挂牌")),
    ("signing", re.compile(r"签约|签署|签订")),
    ("document_issued", re.compile(r"(?:印发|出台|发布|颁布|联合下发)[^，。；]{0,12}《")),
    (
        "list_announced",
        re.compile(r"名单|确定[^。；]{0,60}为[^。；]{0,20}(?:试点|试验区)|入选|遴选|新增|获批"),
    ),
    ("document_issued", re.compile(r"印发|出台")),
    ("launch", re.compile(r"启动|开展[^。；]{0,20}试点")),
)


def event_kind(text: str) -> str:
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "other"


def _event_summary(date: FactDate, kind: str, programmes: tuple[str, ...], places, text: str) -> str:
    """Date, programme, what happened, where: from the event's fields, not its quote."""
    programme = "、".join(PROGRAMME_LABELS.get(p, p) for p in programmes[:2])
    names = _place_names(_prefer_divisions(sorted(places, key=lambda m: m.start or 0)))
    where = f"（{'、'.join(names[:5])}{'等' if len(names) > 5 else ''}）" if names else ""
    if kind == "document_issued":
        # The programme does not issue documents: name the document, then what it is about
        # ("2023年：印发《…》（紧密型县域医共体）", not "县域医共体印发文件《…》").
        title = re.search(r"《[^》]{2,60}》", text)
        document = title.group() if title else f"{programme}相关文件"
        about = "；".join(x for x in (programme if title else "", where.strip("（）")) if x)
        return f"{cn_date(date)}：印发{document}" + (f"（{about}）" if about else "")
    return f"{cn_date(date)}：{programme}{EVENT_KINDS[kind]}{where}"


def _events(
    linked: Linked, sents: list[Sentence], dating: list[_Dating], positioned: _Positioned
) -> list[Event]:
    programmes = linked.keys("programme")
    if not programmes and any(m.kind == "project" for m in linked.mentions):
        programmes = ["regional_medical_center"]
    if not programmes:
        return []
    events: list[Event] = []
    previous: FactDate | None = None
    lead_done = False
    topic: tuple[str, ...] = ()  # what the question or the heading above is about
    topic_paragraph: int | None = None  # a heading's topic lasts for its paragraph only
    chained = None  # (paragraph, programmes) of the clause before, when this one continues it
    for sent, dated in zip(sents, dating, strict=True):
        inside = positioned.inside(sent.start, sent.end)
        neighbour = _about_a_neighbour(sent, inside)
        inside = [m for m in inside if not (m.kind == "programme" and _in_neighbour(sent, m))]
        own = tuple(dict.fromkeys(m.key for m in inside if m.kind == "programme"))
        if not own and any(m.kind == "project" for m in inside):
            own = ("regional_medical_center",)  # a registered project is the programme's
        if _QUESTION.match(sent.text):
            topic, topic_paragraph = own, None
        elif _HEADING.match(sent.text) and len(own) == 1:
            topic, topic_paragraph = own, sent.paragraph
        elif topic_paragraph is not None and sent.paragraph != topic_paragraph:
            topic, topic_paragraph = (), None
        carried = chained[1] if chained and chained[0] == sent.paragraph else topic
        continues = sent.text.rstrip().endswith(("；", ";", "，", ","))
        chained = (sent.paragraph, own or carried) if continues else None
        date = dated.date(previous)
        if date is None:
            continue
        own = own or carried
        # The article's own news: the lead's first dated sentence that reports something.
        lead = not lead_done and sent.paragraph == 0 and bool(_LEAD_VERB.search(_summary(sent.text)))
        relevant = own or (_PROGRAMME_WORDS.search(sent.text) and _VISIT_OR_EVENT.search(sent.text))
        # 印发《关于推进紧密型县域医疗卫生共同体建设的通知》: a registered policy document names
        # the programme the article is about, though its title is one mention of its own.
        relevant = relevant or (any(m.kind == "document" for m in inside) and _EVENT_VERB.search(sent.text))
        if (_FUTURE.search(sent.text) and not _DONE.search(sent.text)) or neighbour:
            lead = relevant = False
        if lead or (relevant and _VISIT_OR_EVENT.search(sent.text)):
            places = tuple(m for m in inside if m.kind in ("province", "division", "hospital"))
            events.append(
                Event(
                    date,
                    sent.text.strip(),
                    sent.start,
                    sent.end,
                    own or tuple(programmes),
                    places,
                    confidence=0.6 if own else 0.45,  # raised below for a kind and a precise date
                )
            )
            lead_done = True
        previous = date
    # One event per date and programme: the sentence that reports an action, else the first
    # one (2019: one programme launched, another's pilot provinces named: two happenings).
    unique: dict[tuple[str, tuple[str, ...]], Event] = {}
    for event in events:
        key = (event.date.iso(), event.programmes)
        same = [k for k in unique if k[0] == key[0] and set(k[1]) & set(key[1])]
        key = same[0] if same else key
        best = unique.get(key)
        if best is None or (
            not _EVENT_VERB.search(_summary(best.text)) and _EVENT_VERB.search(_summary(event.text))
        ):
            unique[key] = event
    out = []
    for e in unique.values():
        text = _summary(e.text)
        kind = event_kind(text)
        confidence = e.confidence + (0.25 if kind != "other" else 0) + (0.05 if e.date.month else 0)
        out.append(
            replace(
                e,
                text=text,
                kind=kind,
                summary=_event_summary(e.date, kind, e.programmes, e.places, text),
                confidence=round(min(confidence, 0.95), 2),
            )
        )
    return out


_DATELINE_PREFIX = re.compile(
    r"^[^，。,]{0,24}?\d{1,2}月\d{1,2}日\s*(?:电|讯)\s*(?:[(（][^)）]{0,30}[)）])?\s*"
)


def _summary(sentence: str) -> str:
    """The sentence without its dateline and credit: 中新网太原6月17日电(记者 …)"""
    return _DATELINE_PREFIX.sub("", sentence).strip() or sentence


# ---------------------------------------------------------------- designations

_DESIGNATE = re.compile(
    r"被[^，,。；]{0,16}?(?:确定|新增|列|纳入|遴选|认定|批准|评|命名|授予|确认)为?|"
    r"(?:确定|新增|列|遴选|认定|批准)为|纳入|入选|成为|获批(?:建设|成为)?|获得授牌|被授牌|(?:进入|列入)(?=[^，。；]{0,30}名单)|"
    # …公布第三批建设项目名单，某医院名列其中 / 我县榜上有名: the list is in the clause before.
    r"[名位]列其中|榜上有名|赫然在列|位列名单|"
    # 我县作为2021年入选的首批试验区之一
    r"作为(?=[^，。；]{0,24}(?:试点|试验区|项目)[^，。；]{0,8}之一)"
)
_LIST_AFTER = re.compile(
    r"(?:试点省份|试点地区|试点城市|试点县|试点单位|试验区|入选名单|名单)(?:为|包括|是|有)[:：]?"
)
# Designations whose targets stand inside a span: 确定山西省、浙江省为试点省 / 在河北、山西等8个
# 省份开展试点 / 同批入选的，还有山西省介休市、浙江省海盐县……
_LIST_SPANS = (
    re.compile(
        r"(?:确定|遴选|选定|批准|新增|增补|增列)(?P<list>[^。；]{2,120}?)为[^。；，,]{0,20}(?:试点|试验区|项目|中心)"
    ),
    re.compile(
        r"在(?P<list>[^。；]{2,120}?)(?:等\d*个?省份?|\d+个省份)?(?:开展|进行|启动)了?"
        r"(?:首批|第[一二三四五六七八九十\d]+批)?试点"
    ),
    re.compile(
        r"(?:入选|获批|授牌)的?(?:单位|地区|县|城市)?[，,]?(?:还有|包括|有|分别是|分别为)[:：]?(?P<list>[^。；]+)"
    ),
    re.compile(r"(?:试点|试验区)[^。；]{0,30}?(?:分别是|分别为|包括)[:：]?(?P<list>[^。；]+)"),
    # 确定山西、浙江2个试点省和567个试点县: the list stands before its count and role.
    re.compile(
        r"(?:确定|遴选|选定|公布)(?P<list>[^。；，,]{2,60}?)(?:等)?\d*个?(?:试点省份?|试点县|试点城市|试验区)"
    ),
)
_REPRESENTATIVES = re.compile(r"(?:^|[，,：:])([^，,。：:]*?)(?:等地?|的)?代表")
_BATCH = re.compile(r"(首批|第一批|第二批|第三批|第四批|第五批|第(\d+)批)")
_BATCHES = {"首批": 1, "第一批": 1, "第二批": 2, "第三批": 3, "第四批": 4, "第五批": 5}
_CLAUSE = re.compile(r"[，,：:]")


def _programme_for(
    text: str, inside: list[Mention], context: list[str], article: list[str] | None = None
) -> str | None:
    """The programme the sentence names; else the one the sentence before named while
    introducing a list or a selection (确定8个县为…试验区。我县成功入选。); else, when
    the article is about one programme only, the one a role word of its own points at
    (《方案》确定的8个试点省份为…)."""
    own = [m.key for m in inside if m.kind == "programme"]
    if own:
        return own[0]
    if len(context) == 1 and re.search(r"试点|试验区|建设项目|项目|入选|获批", text):
        return context[0]
    if article and len(article) == 1 and _ROLE_WORDS.search(text):
        return article[0]
    return None


_CONTEXT_SENTENCES = 3
# What a designation can be of: a place, a hospital, or a registered project (named as such).
_TARGET_KINDS = ("province", "division", "hospital", "project")


def _sureness(programme: str, inside: list[Mention], context: list[str], base: float) -> float:
    """How sure a designation is: its rule's base, less when its programme was not named
    in its own sentence but carried from the sentence before, less again when only the
    article as a whole is about it."""
    if any(m.kind == "programme" and m.key == programme for m in inside):
        return base
    return round(base - (0.1 if programme in context else 0.2), 2)


_ROLE_WORDS = re.compile(
    r"试点省份?|试点县|试点城市|试点地区|试验区|试点单位|建设项目|(?:首|第[一二三四五六七八九十\d]+)批试点"
)


_UNDER_NAME = re.compile(r"\s*的?名义")
_COUNTED = re.compile(r"(?:共有|共|有)\s*(?:\d+|[一二三四五六七八九十两]+)\s*个")


def _subjects(targets: list[Mention], sent: Sentence, verb_at: int) -> list[Mention]:
    """The targets before a selection verb that are its subject: not one that only
    qualifies a later one (我院与晋江市医院共建的…福建医院入选: the new hospital), and not a
    place whose units are counted (我省共有12个县入选: the counties, not the province)."""
    keep = []
    for i, target in enumerate(targets):
        between = sent.text[target.end - sent.start : verb_at - sent.start]
        later = targets[i + 1 :]
        if later and "的" in sent.text[target.end - sent.start : later[-1].start - sent.start]:
            continue
        if len(targets) == 1 and _COUNTED.search(between):
            continue
        if _UNDER_NAME.match(between) and sent.text[: target.start - sent.start].endswith(("以", "用")):
            continue  # 本院以某某医院的名义入选: the name it entered under, not another designee
        keep.append(target)
    return keep


def designation_role(programme: str, target_kind: str, text: str) -> str:
    """The role a designation gives its target, from a fixed vocabulary (ROLES)."""
    if target_kind in ("hospital", "project"):
        return "project" if programme == "regional_medical_center" else "member"
    if "试验区" in text or programme == "primary_care_pilot_zone":
        return "pilot_zone" if target_kind == "division" else "member"
    if target_kind == "province":
        return "pilot_province" if programme != "primary_care_pilot_zone" else "member"
    if re.search(r"试点城市|试点市", text):
        return "pilot_city"
    if programme == "county_reform" or re.search(r"试点县|试点地区|县（市、区）", text):
        return "pilot_county"
    return "member"


def designation_label(role: str, batch: int | None) -> str:
    return (_CN_ORDINALS.get(batch, f"第{batch}批") if batch else "") + ROLES[role]


def _designation_summary(programme: str, target: str, label: str, date: FactDate | None) -> str:
    prefix = _ROLE_PREFIX.get(programme, "")
    if prefix.endswith("建设") and label.endswith("建设项目"):
        label = label.replace("建设项目", "项目")
    when = f"（{cn_date(date)}）" if date else ""
    return f"{target}被确定为{prefix}{label}{when}"


def _prefer_divisions(targets: list[Mention]) -> list[Mention]:
    """山西省介休市: the city is the designee; a province counts when no division of it follows."""
    division_provinces = {m.name for m in targets if m.kind == "division"}
    keep = []
    for i, m in enumerate(targets):
        nxt = targets[i + 1] if i + 1 < len(targets) else None
        if m.kind == "province" and nxt is not None and nxt.kind == "division" and nxt.start - m.end <= 1:
            continue
        # 扬州市高邮市 / 我市高邮市: a prefecture followed by one of its counties.
        if (
            m.kind == "division"
            and nxt is not None
            and nxt.kind == "division"
            and nxt.start - m.end <= 1
            and m.key.isdigit()
            and m.key.endswith("00")
            and nxt.key.startswith(m.key[:4])
            and nxt.key != m.key
        ):
            continue
        keep.append(m)
    del division_provinces
    return keep


def _designations(
    linked: Linked, sents: list[Sentence], dating: list[_Dating], positioned: _Positioned
) -> list[Designation]:
    out: list[Designation] = []
    whole_article = linked.keys("programme")
    previous: FactDate | None = None
    prev_paragraph = -1
    # The programme a selection-introducing sentence just named (确定8个县为…试验区): the
    # next few sentences may list or name its designees without naming it again.
    context: list[str] = []
    context_left = 0
    context_batch: int | None = None  # the batch that sentence named, when it named one
    last_named: list[str] = []  # the programmes the sentence before named
    for sent, dated in zip(sents, dating, strict=True):
        date = dated.date(None)
        if sent.paragraph != prev_paragraph:
            previous = None
        context_left -= 1
        article_programmes = context if context_left >= 0 else []
        when = date or previous
        inside = [m for m in positioned.inside(sent.start, sent.end) if m.method != "via_entity"]
        here = list(dict.fromkeys(m.key for m in inside if m.kind == "programme"))
        introduces = bool(
            _DESIGNATE.search(sent.text)
            or _LIST_AFTER.search(sent.text)
            or any(p.search(sent.text) for p in _LIST_SPANS)
        )
        if not inside:  # every designation below names its targets among these
            previous = date or previous
            prev_paragraph = sent.paragraph
            if introduces and len(here) == 1:
                context, context_left = here, _CONTEXT_SENTENCES
                context_batch = _single_batch(sent.text)
            last_named = here
            continue
        # Clause by clause: 山西省被确定为首批试点省份之一, 山西白求恩医院等4家医院成为…项目
        clause_start = previous_clause = sent.start
        for clause in [*_CLAUSE.finditer(sent.text), None]:
            clause_end = sent.start + clause.start() if clause else sent.end
            ctext = sent.text[clause_start - sent.start : clause_end - sent.start]
            verb = _DESIGNATE.search(ctext)
            if verb and ctext[verb.end() : verb.end() + 1] == "的":
                verb = None  # 我省获批的项目已有9个: the verb qualifies a noun, nothing is designated here
            if verb:
                tail = ctext[verb.end() :]
                programme = _programme_for(
                    tail, [m for m in inside if clause_start + verb.end() <= m.start < clause_end], []
                )
                # 我县成功入选 after a sentence that introduced the selection: the verb stands alone.
                bare = not re.sub(r"[的了\s。！？!?；;]", "", tail) and bool(
                    article_programmes or _ROLE_WORDS.search(sent.text)
                )
                # A bare verb in its own clause (问：…为什么能入选首批试验区？答：我县入选，靠的是
                # 医共体建设…): the selection is the one just introduced, not another clause's.
                before_clause = [
                    m for m in inside if m.kind == "programme" and m.start < clause_start + verb.start()
                ]
                carried = bare and article_programmes and not before_clause and not programme
                if carried:
                    programme = article_programmes[0]
                programme = programme or _programme_for(sent.text, inside, article_programmes, whole_article)
                if programme and (re.search(r"试点|试验区|项目|中心|名单|单位|省份", tail) or bare):
                    # …新疆一道，被确定为首批试点省份: a clause that opens with the verb
                    # has its subject in the clause before; so does one that opens with only
                    # a time (…建设阜外华中心血管病医院，2019年入选…): its nearest name.
                    opening = ctext[: verb.start()]
                    lo = previous_clause if not opening.strip() or _TIME_ONLY.match(opening) else clause_start
                    targets = [
                        m
                        for m in inside
                        if lo <= m.start < clause_start + verb.start() and m.kind in _TARGET_KINDS
                    ]
                    if opening.strip() and lo == previous_clause and targets:
                        targets = [m for m in targets if m.start == targets[-1].start]
                    targets = _subjects(targets, sent, clause_start + verb.start())
                    sure = _sureness(programme, inside, article_programmes, 0.9)
                    found = _make(programme, targets, when, tail, sent, ctext, sure)
                    if carried and context_batch:
                        found = [_with_batch(d, context_batch) for d in found if d.batch is None] + [
                            d for d in found if d.batch is not None
                        ]
                    out += found
            previous_clause = clause_start
            clause_start = clause_end + 1
        for pattern in _LIST_SPANS:
            for span in pattern.finditer(sent.text):
                programme = _programme_for(sent.text, inside, article_programmes, whole_article)
                lo, hi = sent.start + span.start("list"), sent.start + span.end("list")
                targets = [m for m in inside if lo <= m.start < hi and m.kind in _TARGET_KINDS]
                if programme:
                    label = span.group(0)[: span.start("list") - span.start()]
                    label = re.sub(
                        r"^(?:确定|遴选|选定|批准|在)|[，,：:]?(?:还有|包括|分别是|分别为|有)?[，,：:]?$",
                        "",
                        label,
                    )
                    after = span.group(0)[span.end("list") - span.start() :].lstrip("为等")
                    clause_lo = max(
                        0, max((m.end() for m in _CLAUSE.finditer(sent.text, 0, span.start())), default=0)
                    )
                    out += _make(
                        programme,
                        _prefer_divisions(targets),
                        when,
                        label or after or "试点",
                        sent,
                        sent.text[clause_lo : span.end()],
                        _sureness(programme, inside, article_programmes, 0.85),
                    )
        listed = _LIST_AFTER.search(sent.text)
        if listed:
            programme = _programme_for(sent.text, inside, article_programmes, whole_article)
            targets = [m for m in inside if m.start >= sent.start + listed.end() and m.kind in _TARGET_KINDS]
            if programme:
                sure = _sureness(programme, inside, article_programmes, 0.85)
                out += _make(programme, targets, when, sent.text[: listed.end()], sent, sent.text, sure)
        programme_here = next((m.key for m in inside if m.kind == "programme"), None)
        if programme_here is None and len(last_named) == 1 and re.search(r"试验区|试点", sent.text):
            programme_here = last_named[
                0
            ]  # 试验区建设经验交流会召开。会上，…等地代表…: the meeting's programme
        if programme_here:
            # 北京市密云区、山东省寿光市……代表分别介绍了推进试验区建设的经验: sites speaking as
            # representatives at a programme's meeting are its designated sites.
            for reps in _REPRESENTATIVES.finditer(sent.text):
                lo, hi = sent.start + reps.start(1), sent.start + reps.end(1)
                targets = [m for m in inside if lo <= m.start < hi and m.kind in ("division", "province")]
                divisions = [m for m in targets if m.kind == "division"]  # 北京市密云区: the district
                out += _make(programme_here, divisions or targets, when, "代表", sent, sent.text, 0.6)
        previous = date or previous
        prev_paragraph = sent.paragraph
        last_named = here
        if introduces and len(here) == 1:
            context, context_left = here, _CONTEXT_SENTENCES
            context_batch = _single_batch(sent.text)
        elif len(here) == 1 and (_HEADING.match(sent.text) or _QUESTION.match(sent.text)):
            # 第三，紧密型县域医共体。2019年确定山西、浙江2个试点省…: the heading's programme
            context, context_left, context_batch = here, _CONTEXT_SENTENCES, None
        elif here:
            context_left = 0
    # One designation per programme and name: a project registered under the name of its
    # hospital is one designee (the hospital, which the store can file it under).
    unique: dict[tuple[str, str], Designation] = {}
    # …and a project linked on the same words as a hospital (建设阜外华中心血管病医院) is that
    # hospital's, whatever name the register gives the project.
    hospital_spans = {(d.programme, d.target.start) for d in out if d.target.kind == "hospital"}
    for d in sorted(out, key=lambda d: d.target.kind == "project"):
        if d.target.kind == "project" and (d.programme, d.target.start) in hospital_spans:
            continue
        unique.setdefault((d.programme, d.target.name), d)
    return sorted(unique.values(), key=lambda d: (d.start, d.target.start or 0))


_TIME_ONLY = re.compile(
    r"^\s*(?:(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?|今年|去年|同年|当年|\d{1,2}月(?:\d{1,2}日)?)[，,\s]*$"
)


def _single_batch(text: str) -> int | None:
    batches = {_batch_number(b) for b in _BATCH.finditer(text)}
    return batches.pop() if len(batches) == 1 else None


def _with_batch(d: Designation, batch: int) -> Designation:
    label = designation_label(d.role, batch)
    return replace(
        d, batch=batch, label=label, summary=_designation_summary(d.programme, d.target.name, label, d.date)
    )


def _make(
    programme: str,
    targets: list[Mention],
    when: FactDate | None,
    label_text: str,
    sent: Sentence,
    clause: str,
    confidence: float = 0.5,
):
    """Designations of `targets`; the batch is read where the role is (its label text or
    its own clause), never from another clause of the sentence."""
    batch = _BATCH.search(label_text) or _BATCH.search(clause)
    if batch is None and len(_BATCH.findall(sent.text)) == 1 and len(_DESIGNATE.findall(sent.text)) == 1:
        batch = _BATCH.search(sent.text)  # 第三批建设项目中，A和B同时入选: one batch, one selection
    number = (_BATCHES.get(batch.group(1)) or int(batch.group(2))) if batch else None
    # 山东省寿光市: the county is the designee, not its province; pilot zones are counties.
    targets = _prefer_divisions(sorted(targets, key=lambda m: m.start or 0))
    if programme == "primary_care_pilot_zone":
        targets = [t for t in targets if t.kind != "province"]
    seen = set()
    out = []
    for target in targets:
        if (target.kind, target.key) in seen:
            continue
        seen.add((target.kind, target.key))
        role = designation_role(programme, target.kind, label_text + clause)
        label = designation_label(role, number)
        out.append(
            Designation(
                programme,
                target,
                when,
                number,
                label,
                sent.text.strip(),
                sent.start,
                sent.end,
                role=role,
                summary=_designation_summary(programme, target.name, label, when),
                confidence=confidence,
            )
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


# A number in a rule or a threshold is not a count: 至少1所, 不少于500张, 90%以上, 每个县.
_THRESHOLD_BEFORE = re.compile(
    r"(?:至少|不少于|不低于|不超过|不高于|最多|最少|不足|低于|高于|每)[^，,。；;]{0,3}$"
)
_THRESHOLD_AFTER = re.compile(r"(?:及|或)?以[上下内]")
# A number in a plan is a target, not a count.
_TARGET = re.compile(rf"到20\d\d年|20\d\d年(?:底|末)?前|{lexicon.PLAN_NOUNS}|将达|将建")
_SUBJECT = re.compile(
    r"[^，,。；;：:、（()）]*?(?=为|被|已|将|是|在|和|与|及|[，,。；;：:、（()）]|$)(?:[（(][^）)]{1,8}[）)])?"
)
# What the counted noun is, by its first characters (after the unit).
_MEASURE_NOUNS = (
    ("counties", re.compile(r"县|区县|市县")),
    ("provinces", re.compile(r"省")),
    ("cities", re.compile(r"城市|地市|市")),
    ("projects", re.compile(r"[^，。；]{0,12}项目")),
    ("hospitals", re.compile(r"医院|[^，。；]{0,8}医院")),
    ("institutions", re.compile(r"医疗机构|机构|卫生院|单位")),
    ("groups", re.compile(r"医共体|医疗集团|医联体|联盟")),
    ("technologies", re.compile(r"[^，。；]{0,4}技术")),
    ("people", re.compile(r"[^，。；]{0,6}(?:专家|医生|医师|人员|人才|医务|护士|患者|人)")),
    ("beds", re.compile(r"床")),
)
_MEASURE_BY_UNIT = {
    "%": "share", "亿元": "money", "万元": "money", "元": "money", "人次": "visits", "万人次": "visits",
    "名": "people", "人": "people", "位": "people", "万人": "people", "张": "beds", "床": "beds", "例": "cases",
    "批": "batches", "所": "institutions", "家医院": "hospitals", "省份": "provinces",
}  # fmt: skip


def figure_measure(unit: str, subject: str) -> str:
    for measure, pattern in _MEASURE_NOUNS:
        if pattern.match(subject):
            return measure
    return _MEASURE_BY_UNIT.get(unit, "count")


def _neighbour_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _NEIGHBOURS.finditer(text)]


def _in_neighbour(sent: Sentence, m: Mention) -> bool:
    """A programme name that is part of a neighbour's (紧密型城市医疗集团, 委省共建国家区域
    医疗中心): it overlaps the neighbour's words or follows them directly."""
    lo, hi = m.start - sent.start, m.end - sent.start
    return any(lo < e and hi > s or lo == e for s, e in _neighbour_spans(sent.text))


def _about_a_neighbour(sent: Sentence, inside) -> bool:
    """A sentence that names a neighbouring programme and none of ours outside its words
    (公布“千县工程”…县医院名单): its happenings and counts are the neighbour's."""
    if not _NEIGHBOURS.search(sent.text):
        return False
    return not any(m.kind == "programme" and not _in_neighbour(sent, m) for m in inside)


def _clause_bounds(text: str, start: int) -> tuple[int, int]:
    lo = max((m.end() for m in re.finditer(r"[，,。；;]", text[:start])), default=0)
    hi = re.search(r"[，,。；;]", text[start:])
    return lo, start + hi.start() if hi else len(text)


def _figure_programme(sent: Sentence, start: int, positioned: _Positioned) -> str | None:
    """The programme the figure's own clause names; a clause about a neighbouring
    programme (国家医学中心 …) gives none."""
    lo, hi = _clause_bounds(sent.text, start)
    if _NEIGHBOURS.search(sent.text[lo:hi]):
        return None
    clause = [m.key for m in positioned.inside(sent.start + lo, sent.start + hi) if m.kind == "programme"]
    if clause:
        return clause[0]
    whole = list(
        dict.fromkeys(m.key for m in positioned.inside(sent.start, sent.end) if m.kind == "programme")
    )
    return whole[0] if len(whole) == 1 and not _NEIGHBOURS.search(sent.text) else None


def _figure_summary(figure: Figure, subject_first: bool) -> str:
    counted = (
        f"{figure.label}{figure.value}{figure.unit}"
        if subject_first
        else f"{figure.value}{figure.unit}{figure.label}"
    )
    when = (
        f"（{'截至' if figure.as_of and figure.as_of.day is None else ''}{cn_date(figure.as_of)}）"
        if figure.as_of
        else ""
    )
    prefix = f"{PROGRAMME_LABELS.get(figure.programme, figure.programme)}：" if figure.programme else ""
    return f"{prefix}{counted}{when}"


def _figures(
    text: str, sents: list[Sentence], published: PublishedAt | None, positioned: _Positioned
) -> list[Figure]:
    out: list[Figure] = []
    for sent in sents:
        inside = positioned.inside(sent.start, sent.end)
        if _about_a_neighbour(sent, inside):
            continue  # 紧密型城市医疗集团建设试点在81个城市开展: the neighbour's count
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
            if _THRESHOLD_BEFORE.search(sent.text[: f.start()]) or _THRESHOLD_AFTER.match(sent.text, f.end()):
                continue
            lo, hi = _clause_bounds(sent.text, f.start())
            if _TARGET.search(sent.text[max(0, lo - 12) : hi]):  # 到2020年底，500个县初步建成: a target
                continue
            if _FUTURE.search(sent.text[lo:hi]) and not _DONE.search(sent.text[lo:hi]):
                continue  # 今年下半年还将把其余11个省份全部纳入: what will be, not a count
            unit = "%" if f["unit"] == "％" else f["unit"]
            rest = sent.text[f.end() :]
            if (
                unit == "家"
                and rest.startswith("医院")
                and not re.match(rf"医院[{lexicon.HAN}]{{0,2}}(管理|院长|专家)", rest)
            ):
                unit, rest = "家医院", rest[2:]  # 4家医院: hospitals are what is counted
            subject = _SUBJECT.match(rest.lstrip("的")).group()[:40]
            subject_first = not subject
            if subject_first:  # 国家区域医疗中心建设项目已达125个: the subject comes first
                subject = _SUBJECT_VERB.sub("", _CLAUSE_BREAK.split(sent.text[: f.start()])[-1])[-40:]
            value = f["value"] + (f["approx"] or "")
            figure = Figure(
                value,
                float(f["value"]),
                unit,
                subject,
                as_of,
                sent.text.strip(),
                sent.start,
                sent.end,
                measure=figure_measure(unit, subject),
                programme=_figure_programme(sent, f.start(), positioned),
            )
            figure = replace(
                figure,
                confidence=round(
                    0.45 + (0.3 if figure.programme else 0) + (0.15 if figure.measure != "count" else 0), 2
                ),
            )
            out.append(replace(figure, summary=_figure_summary(figure, subject_first)))
    unique: dict[tuple[str, str], Figure] = {}
    for fig in out:
        unique.setdefault((fig.value, fig.unit), fig)
    return list(unique.values())


# ---------------------------------------------------------------- pairs

_OUTPUT_ROLE = re.compile(r"作为[^，,。]{0,20}输出(?:医院|单位)|输出医院|牵头共建|合作共建|派出|派驻")


_HOST_BEFORE = re.compile(r"依托\s*$")
_BY = re.compile(r"由[^，。；]{2,40}作为")


def _pairs(linked: Linked, sents: list[Sentence], partnerships: frozenset[tuple[str, str]]) -> list[Pair]:
    out: dict[tuple[str, str], Pair] = {}
    hospitals = [m for m in linked.mentions if m.kind == "hospital" and m.method != "via_entity"]
    keys = {m.key for m in hospitals}
    for output, input_ in partnerships:
        if output in keys and input_ in keys:
            # The evidence is a sentence that names both hospitals (by any of their names).
            for sent in sents:
                named = {m.key for m in hospitals if sent.start <= m.start < sent.end}
                if output in named and input_ in named:
                    out[(output, input_)] = Pair(output, input_, sent.text.strip(), sent.start, sent.end, 0.9)
                    break
    for sent in sents:
        if not _OUTPUT_ROLE.search(sent.text):
            continue
        inside = [m for m in hospitals if sent.start <= m.start < sent.end]
        role = _OUTPUT_ROLE.search(sent.text)
        before = [m for m in inside if m.start < sent.start + role.start()]
        # 依托张家口市崇礼区人民医院建设: the host the project stands on, not a partner.
        after = [
            m
            for m in inside
            if m.start >= sent.start + role.end()
            and not _HOST_BEFORE.search(sent.text[: m.start - sent.start])
        ]
        if not before:
            continue
        if "分别" in sent.text:
            # 分别由A、B作为输出医院，共建X、Y: pair them in order, when the lists agree.
            if len(before) == len(after):
                for out_m, in_m in zip(before, after, strict=True):
                    if out_m.key != in_m.key:
                        pair = (out_m.key, in_m.key)
                        out.setdefault(pair, Pair(*pair, sent.text.strip(), sent.start, sent.end, 0.75))
            continue
        # The output hospital is the one just before 作为…输出医院 (X由Y作为输出医院: Y);
        # the input is the one after, else the project the sentence opened with (X).
        output = before[-1]
        partner = after[0] if after else before[-2] if len(before) > 1 and _BY.search(sent.text) else None
        if partner is not None and partner.key != output.key:
            pair = (output.key, partner.key)
            out.setdefault(pair, Pair(*pair, sent.text.strip(), sent.start, sent.end, 0.75))
    return list(out.values())


# ---------------------------------------------------------------- data tables

_CELL_SEP = "　"  # between a row's cells in the text that is linked


@dataclass(frozen=True)
class TableText:
    """A data table as one text to link: what introduces it (the text before it and its
    caption), then one line per row. `rows` are each row's (start, end) and its cells'."""

    table: DataTable
    text: str
    intro_end: int
    rows: tuple[tuple[tuple[int, int], ...], ...]


def table_text(table: DataTable) -> TableText:
    intro = "\n".join([*table.before, table.caption] if table.caption else table.before)
    parts = [intro + "\n"] if intro else []
    at = len(parts[0]) if parts else 0
    intro_end = at
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            cells.append((at, at + len(cell)))
            at += len(cell) + (len(_CELL_SEP) if i < len(row) - 1 else 0)
        parts.append(_CELL_SEP.join(row) + "\n")
        at += 1
        rows.append(tuple(cells))
    return TableText(table, "".join(parts), intro_end, tuple(rows))


# What a column holds, by its header cell: the designee's name (项目名称, 医院名称), the
# output hospital (输出医院), the host (依托单位: not a designee), places (省份, 县（市）),
# the batch (批次).
_COL_OUTPUT = re.compile(r"输出|牵头|支持医院|派出")
_COL_HOST = re.compile(r"依托|合作单位|承建")
_COL_NAME = re.compile(r"项目|名称|医院|中心|单位")
_COL_PLACE = re.compile(r"省|市|县|区|地区|地方|试验区|试点")
_COL_BATCH = re.compile(r"批次|批")
_COL_SKIP = re.compile(r"^(?:序号|编号|No\.?)$", re.I)
# The introduction says a list follows.
_LIST_INTRO = re.compile(r"名单|如下|下表|附表|一览|见表|以下")


def _columns(header: tuple[str, ...]) -> dict[str, list[int]]:
    cols: dict[str, list[int]] = {"name": [], "output": [], "place": [], "batch": []}
    for i, cell in enumerate(header):
        if not cell or _COL_SKIP.match(cell) or _COL_HOST.search(cell):
            continue
        if _COL_OUTPUT.search(cell):
            cols["output"].append(i)
        elif _COL_BATCH.search(cell) and len(cell) <= 4:
            cols["batch"].append(i)
        elif _COL_NAME.search(cell):
            cols["name"].append(i)
        elif _COL_PLACE.search(cell) and len(cell) <= 8:
            cols["place"].append(i)
    return cols


def _table_programme(
    tt: TableText, positioned: _Positioned, article: list[str]
) -> tuple[str | None, int | None]:
    """The programme (and batch) of the list a table holds: said by the nearest sentence
    of its introduction that names one programme (确定首批基层卫生健康综合试验区); else,
    when the introduction says a list follows and the article is about one programme only,
    that programme."""
    intro = tt.text[: tt.intro_end]
    for sent in reversed(sentences(intro)):
        if _NEIGHBOURS.search(sent.text):
            continue
        named = list(
            dict.fromkeys(m.key for m in positioned.inside(sent.start, sent.end) if m.kind == "programme")
        )
        if len(named) == 1:
            batches = {_batch_number(b) for b in _BATCH.finditer(sent.text)}
            return named[0], batches.pop() if len(batches) == 1 else None
        if named:
            return None, None
    if len(article) == 1 and _LIST_INTRO.search(intro + " ".join(tt.table.rows[0])):
        return article[0], None
    return None, None


def _batch_number(m: re.Match) -> int:
    return _BATCHES.get(m.group(1)) or int(m.group(2))


def _table_facts(
    tt: TableText, linked: Linked, article: list[str], partnerships: frozenset[tuple[str, str]]
) -> tuple[list[Designation], list[Pair]]:
    """A list notice's table: each row names a designee of the programme its introduction
    names (a project under 项目名称, a county under 县（市）), and, where a column gives the
    output hospital, that hospital's pair with the row's project."""
    rows = tt.table.rows
    cols = _columns(rows[0])
    if not (cols["name"] or cols["place"]):
        return [], []
    positioned = _Positioned(tuple(m for m in linked.mentions if m.method != "via_entity"))
    programme, intro_batch = _table_programme(tt, positioned, article)
    if programme is None:
        return [], []
    designations: list[Designation] = []
    pairs: list[Pair] = []

    def in_cells(row: int, columns: list[int], kinds: tuple[str, ...]) -> list[Mention]:
        spans = tt.rows[row]
        found = []
        for c in columns:
            if c < len(spans):
                found += [m for m in positioned.inside(*spans[c]) if m.kind in kinds]
        return found

    for r in range(1, len(rows)):
        row = rows[r]
        evidence = "；".join(
            f"{head}：{cell}" if head else cell
            for head, cell in zip(rows[0], row, strict=False)
            if cell and cell not in "—-－" and not _COL_SKIP.match(head or "")
        )
        batch = intro_batch
        for c in cols["batch"]:
            if c < len(row) and (b := _BATCH.search(row[c])):
                batch = _batch_number(b)
        if cols["name"]:
            targets = in_cells(r, cols["name"], ("hospital", "project"))[:1]
        else:
            # 福建省 | 长汀县: the most specific place of the row is the designee.
            places = in_cells(r, cols["place"], ("province", "division"))
            targets = [m for m in places if m.kind == "division"][-1:] or places[-1:]
        for target in targets:
            role = designation_role(programme, target.kind, " ".join(rows[0]) + tt.text[: tt.intro_end])
            label = designation_label(role, batch)
            designations.append(
                Designation(
                    programme,
                    target,
                    None,
                    batch,
                    label,
                    evidence,
                    None,
                    None,
                    role=role,
                    summary=_designation_summary(programme, target.name, label, None),
                    confidence=0.85,
                )
            )
        outputs = in_cells(r, cols["output"], ("hospital",))
        inputs = in_cells(r, cols["name"], ("hospital",))
        if outputs and inputs and outputs[0].key != inputs[0].key:
            pair = (outputs[0].key, inputs[0].key)
            pairs.append(Pair(*pair, evidence, None, None, 0.9 if pair in partnerships else 0.8))
    return designations, pairs


_CO_BUILD = re.compile(r"作为[^，。；]{0,20}输出医院[^。；]{0,40}?共建")


def _co_built(
    pairs: list[Pair], positioned: _Positioned, sents: list[Sentence], article: list[str]
) -> list[Designation]:
    """某医院作为输出医院，与某某医院共建的国家区域医疗中心 / 作为输出医院共建某某医院: the
    hospital an output hospital co-builds with is a project of the regional medical centre
    programme, when the sentence (or the article, about it alone) is about that programme."""
    out = []
    for pair, sent in product(pairs, sents):
        if not _CO_BUILD.search(sent.text):
            continue
        inside = positioned.inside(sent.start, sent.end)
        keys = {m.key for m in inside if m.kind == "hospital"}
        if pair.output not in keys or pair.input not in keys:
            continue
        if _about_a_neighbour(sent, inside):
            continue
        named = {m.key for m in inside if m.kind == "programme" and not _in_neighbour(sent, m)}
        if "regional_medical_center" not in named and article != ["regional_medical_center"]:
            continue
        target = next((m for m in inside if m.kind == "hospital" and m.key == pair.input), None)
        if target is None:
            continue
        batch = _single_batch(sent.text)
        label = designation_label("project", batch)
        out.append(
            Designation(
                "regional_medical_center",
                target,
                None,
                batch,
                label,
                sent.text.strip(),
                sent.start,
                sent.end,
                role="project",
                summary=_designation_summary("regional_medical_center", target.name, label, None),
                confidence=0.7,
            )
        )
    return out


def _year_clauses(sents: list[Sentence]) -> list[Sentence]:
    """Sentences for events: one whose clauses each open with a year of their own (2021年
    首批…入选，2022年第二批新增4个) is one piece per year; the clause before a cut ends
    with its comma, so the next piece continues it."""
    out = []
    for sent in sents:
        cuts = [m.end() for m in _YEAR_CLAUSE.finditer(sent.text)]
        cuts = [c for c in cuts if _YMD.search(sent.text[:c]) or _Y.search(sent.text[:c])]
        if not cuts:
            out.append(sent)
            continue
        bounds = [0, *cuts, len(sent.text)]
        for lo, hi in zip(bounds, bounds[1:], strict=False):
            out.append(Sentence(sent.start + lo, sent.start + hi, sent.text[lo:hi], sent.paragraph))
    return out


def extract_facts(
    text: str,
    linked: Linked,
    published: PublishedAt | None,
    *,
    partnerships: frozenset[tuple[str, str]] = frozenset(),
    tables: tuple[tuple[TableText, Linked], ...] = (),
) -> Facts:
    """`tables`: the article's data tables as text, each with its own linking (their
    facts cite the row, without offsets into the body)."""
    sents = sentences(text)
    # The dateline's day is when the copy was filed: the sentence's own date comes after it.
    dating = [_Dating(_summary(sent.text), published) for sent in sents]
    # A wire dateline's place (新华社北京3月5日电) says where the copy was filed, not what
    # the news is about: it tags no fact.
    dateline = _DATELINE_PREFIX.match(text)
    if dateline and re.search(r"[电讯]", dateline.group()):
        cut = dateline.end()
        linked = replace(
            linked, mentions=tuple(m for m in linked.mentions if m.start is None or m.start >= cut)
        )
    positioned = _Positioned(linked.mentions)
    designations = _designations(linked, sents, dating, positioned)
    pairs = _pairs(linked, sents, partnerships)
    article = linked.keys("programme")
    seen = {(d.programme, d.target.name) for d in designations}
    for d in _co_built(pairs, positioned, sents, article):
        if (d.programme, d.target.name) not in seen:
            seen.add((d.programme, d.target.name))
            designations.append(d)
    seen_pairs = {(p.output, p.input) for p in pairs}
    for tt, table_linked in tables:
        found, found_pairs = _table_facts(tt, table_linked, article, partnerships)
        for d in found:
            if (d.programme, d.target.name) not in seen:
                seen.add((d.programme, d.target.name))
                designations.append(d)
        for p in found_pairs:
            if (p.output, p.input) not in seen_pairs:
                seen_pairs.add((p.output, p.input))
                pairs.append(p)
    pieces = _year_clauses(sents)
    piece_dating = (
        dating if len(pieces) == len(sents) else [_Dating(_summary(p.text), published) for p in pieces]
    )
    return Facts(
        events=tuple(_events(linked, pieces, piece_dating, positioned)),
        designations=tuple(designations),
        figures=tuple(_figures(text, sents, published, positioned)),
        pairs=tuple(pairs),
    )
