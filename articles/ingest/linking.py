"""Article body + gazetteer → mentions: every province, division, hospital and
programme the body names, and institution-like names the gazetteer does not know.

Policy, in order:
1. Candidates are the gazetteer's matches whose edges fall on word boundaries (jieba
   tokens, or the edge of another name): 北区 inside 西北区域 is not a place.
2. Institution names are recognised by their type (…人民医院, …卫生院, …医疗集团) and
   anchored on the place before them (寿阳县 + 医疗集团); relative names (集团人民医院,
   市中医院, a bare 中医院 next to one) take the place the text has just named.
3. Longest match wins: 河南省儿童医院 is a hospital, not a mention of 河南.
4. A division without its suffix (太原 for 太原市) counts only where the context makes
   it certain: right after its province or prefecture, or as the dateline's place.
5. One-character province abbreviations count only in enumerations (京、沪等地).
6. Provinces follow from named divisions (寿阳县 → 山西); provinces and divisions of a
   linked hospital are recorded as reached through it, not as named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import opencc

from articles.ingest import lexicon
from articles.ingest.gazetteer import COMMON_WORDS, EntityRef, Gazetteer, Match, spans

CJK = lexicon.HAN_CHAR
SENTENCE_END = re.compile(r"[。！？!?；;\n]")

# Institution types, longest first. "Specific" types identify one institution per place
# (a county has one 人民医院), so a bare 中医院 next to 集团人民医院 can be resolved.
INSTITUTION_TYPES = (
    "妇幼保健计划生育服务中心",
    "社区卫生服务中心",
    "中西医结合医院",
    "医疗健康集团",
    "中心卫生院",
    "妇幼保健院",
    "中医医院",
    "人民医院",
    "医疗集团",
    "医共体",
    "卫生院",
    "卫生室",
    "中医院",
    "医院",
)
SPECIFIC_TYPES = {
    "人民医院",
    "中医院",
    "中医医院",
    "中西医结合医院",
    "妇幼保健院",
    "医疗集团",
    "医疗健康集团",
}
GROUP_TYPES = {"医疗集团", "医疗健康集团", "医共体"}
_TYPE_RE = re.compile("|".join(INSTITUTION_TYPES))
RELATIVE_MARKERS = {"市", "县", "区", "旗", "集团"}
_FUNCTION_WORDS = {
    "在", "到", "和", "与", "及", "、", "的", "向", "由", "对", "从", "是", "为", "等", "并", "或", "以及", "深入",
    "走进", "前往", "参观", "赴", "于", "将", "被", "把", "与会", "还", "也", "都", "有",
}  # fmt: skip
_GENERIC_TOWNS = {"城镇", "乡镇", "村镇", "集镇"}
# Words that stand before 村/镇 without naming one: 部分村卫生室, 153个村卫生室, 各乡镇卫生院.
_NOT_TOWN_STEMS = {
    "部分", "所有", "全部", "多个", "其他", "相关", "当地", "周边", "每个", "多数", "少数", "一些", "这些", "那些",
    "个别", "贫困", "偏远", "山区", "示范", "中心", "行政", "自然", "基层", "标准化", "规范化", "重点", "全县", "全市",
    "全省", "各个", "本地", "外地", "边远", "试点", "新农", "美丽", "特色", "集体", "空心", "辖区", "区内", "县内",
    "市内", "镇内", "全区", "本村", "牧区", "林区", "城区", "社区", "乡村", "所在", "附近", "农村", "苏木",
}  # fmt: skip
_MEASURE_OR_QUANTIFIER = set("个家所座名位各每全该本此这那其某多几数两一二三四五六七八九十百千万余")
# Verbs that stand right before 镇/村/乡镇卫生院 in running text (推动村卫生室标准化, 让乡镇卫生院
# 接得住, 把心电图传给镇卫生院): never part of a place's name.
_VERBS = {
    "让", "使", "给", "推动", "推进", "促进", "带动", "支持", "帮助", "帮扶", "指导", "鼓励", "引导", "加强", "提升",
    "建设", "建立", "实现", "覆盖", "延伸", "下沉", "辐射", "传给", "送到", "送往", "转到", "转往", "回到", "来到",
    "组织", "开展", "依托", "通过", "联合", "派驻", "进驻", "入驻", "对口", "打通", "连通", "接入", "纳入",
}  # fmt: skip


def _stem_word(token: str) -> bool:
    """Can `token` be (part of) the proper name of a town or village?"""
    return (
        bool(CJK.fullmatch(token[0]) if token else False)
        and all(CJK.match(c) for c in token)
        and token not in _FUNCTION_WORDS
        and token not in _VERBS
        and not (len(token) == 1 and token in _MEASURE_OR_QUANTIFIER)
        and len(token) <= 3
    )


_TOWN_SUFFIX = ("镇", "乡", "村", "街道")
_LOCATIVE = re.compile(r"(在|到|赴|于|来自|走进|前往|落户)$")
_ABBREVIATION_RUN = re.compile(
    r"([京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新港澳台])"
    r"((?:[、和与及]?[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新港澳台]){1,4})"
    r"(?=等|[两三四五六七八九十多]?(?:地|省|省市|省区|方)|地区|区域|一带|之间|的医|间|联合|协同|合作|跨省)"
)


@dataclass(frozen=True)
class Mention:
    kind: str  # province | division | hospital | programme | project | document
    key: str
    name: str
    start: int | None
    end: int | None
    surface: str
    method: str  # alias | pattern | context | via_entity | owner (我省/我院 … on the owner's page)


@dataclass(frozen=True)
class Institution:
    """An institution-like name the gazetteer does not know (kept for staff, not published)."""

    name: str
    start: int
    end: int
    surface: str
    division: str | None  # code of the place it was anchored on
    province: str | None


@dataclass(frozen=True)
class Linked:
    mentions: tuple[Mention, ...]
    unmatched: tuple[Institution, ...]
    words: tuple[str, ...] = ()  # the text's jieba words, reused for its fingerprint

    def named(self, kind: str) -> list[str]:
        """Names of entities of `kind` the text names (not those reached via another)."""
        return list(
            dict.fromkeys(m.name for m in self.mentions if m.kind == kind and m.method != "via_entity")
        )

    def keys(self, kind: str, *, include_via: bool = False) -> list[str]:
        return list(
            dict.fromkeys(
                m.key for m in self.mentions if m.kind == kind and (include_via or m.method != "via_entity")
            )
        )

    def hospital_names(self) -> list[str]:
        return list(dict.fromkeys([*self.named("hospital"), *(i.name for i in self.unmatched)]))


class _Linker:
    def __init__(
        self,
        text: str,
        gazetteer: Gazetteer,
        dateline_place: tuple[int, int] | None,
        owner: EntityRef | None = None,
    ) -> None:
        self.text = text
        self.owner = owner
        self.gaz = gazetteer
        self.words = gazetteer.words(text)
        self.tokens = spans(self.words)
        self.matches = gazetteer.matches(text)
        # Word edges, and the index of the word ending at each (the first, if several).
        ends = [end for _, _, end in self.tokens]
        self.edges = {0, *ends}
        self.ending = dict(zip(reversed(ends), range(len(ends) - 1, -1, -1), strict=True))
        # 山西太原 may be one jieba word; the edge between two place names is an edge too.
        # Only names that meet a word edge on one side lend their edges: 江安 inside 浙江安吉县
        # touches none, so it cannot make 吉县 look like a word.
        places = [
            m
            for m in self.matches
            if m.refs[0].kind in ("province", "division") and (m.start in self.edges or m.end in self.edges)
        ]
        self.place_ends = {m.end for m in places}
        self.place_starts = {m.start for m in places}
        self.dateline_place = dateline_place
        self.mentions: list[Mention] = []
        self.unmatched: list[Institution] = []
        self.taken: list[tuple[int, int]] = []
        self.accepted_places: list[tuple[Match, EntityRef]] = []

    # -------------------------------------------------------------- helpers
    def aligned(self, m: Match) -> bool:
        return (m.start in self.edges or m.start in self.place_ends) and (
            m.end in self.edges or m.end in self.place_starts
        )

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def take(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.start is not None:
            self.taken.append((mention.start, mention.end))

    def sentence_start(self, pos: int) -> int:
        last = 0
        for m in SENTENCE_END.finditer(self.text, 0, pos):
            last = m.end()
        return last

    # -------------------------------------------------------------- places
    def place_matches(self) -> list[tuple[Match, EntityRef]]:
        """Province and division matches that stand as words, disambiguated."""
        named_provinces = {
            ref.province or ref.name
            for m in self.matches
            if not m.short and self.aligned(m)
            for ref in m.refs
            if ref.kind == "province"
        }
        named_codes = {
            ref.key for m in self.matches if not m.short for ref in m.refs if ref.kind == "division"
        }
        out = []
        previous: tuple[Match, EntityRef] | None = None
        for m in self.matches:
            kinds = {r.kind for r in m.refs}
            if not kinds & {"province", "division"} or not self.aligned(m):
                continue
            refs = [r for r in m.refs if r.kind in ("province", "division")]
            if len(refs) > 1:
                # 朝阳区 is in Beijing and in Changchun: the province or city named next to
                # it, or elsewhere in the text, decides; otherwise it is left out.
                near = previous[1] if previous and previous[0].end == m.start else None
                if near is not None:
                    refs = [
                        r for r in refs if r.province == (near.province or near.name) or r.parent == near.key
                    ]
                if len(refs) > 1:
                    refs = [r for r in refs if r.province in named_provinces or r.parent in named_codes]
                if len(refs) != 1:
                    continue
            ref = refs[0]
            # 和县 is a county, but in 县人民医院和县中医院 it is "and the county's": a
            # two-character name opening with a conjunction needs the same context as a
            # suffix-less one.
            risky = len(m.surface) == 2 and m.surface[0] in _FUNCTION_WORDS
            if (m.short or risky) and not self.short_ok(m, ref, previous, named_codes):
                continue
            out.append((m, ref))
            previous = (m, ref)
        return out

    def short_ok(self, m: Match, ref: EntityRef, previous, named_codes: set[str]) -> bool:
        if previous and previous[0].end == m.start:
            before = previous[1]
            if before.kind == "province" and ref.province == before.name:
                return True
            if before.kind == "division" and ref.parent == before.key:
                return True
        if self.dateline_place and (m.start, m.end) == self.dateline_place:
            return True
        if m.surface in COMMON_WORDS:
            return False
        return bool(_LOCATIVE.search(self.text[max(0, m.start - 2) : m.start])) and ref.key in named_codes

    # -------------------------------------------------------------- institutions
    def _town_before(self, pos: int) -> tuple[int, str] | None:
        """The town or village name (平头镇, 感城镇, 感北村) ending at `pos`: a token ending
        in 镇/乡/村/街道, with the single characters jieba split off before it."""
        i = self.ending.get(pos)
        if i is None or not self.tokens[i][0].endswith(_TOWN_SUFFIX):
            return None
        word, start, _ = self.tokens[i]
        parts = [word]
        j = i - 1
        # A one-character village right after its town: 天荒坪镇|余|村
        if (
            word == "村"
            and j >= 1
            and len(self.tokens[j][0]) == 1
            and self.tokens[j - 1][0].endswith(("镇", "乡"))
        ):
            return self.tokens[j][1], self.tokens[j][0] + word
        if word in _TOWN_SUFFIX and j >= 0 and _stem_word(self.tokens[j][0]):
            parts.insert(0, self.tokens[j][0])
            start, j = self.tokens[j][1], j - 1
        while (
            j >= 0
            and len(self.tokens[j][0]) == 1
            and self.tokens[j][0] not in _TOWN_SUFFIX  # 水口乡|顾渚村: 乡 closes the town before
            and _stem_word(self.tokens[j][0])
            and len("".join(parts)) < 5
        ):
            parts.insert(0, self.tokens[j][0])
            start, j = self.tokens[j][1], j - 1
        name = "".join(parts)
        stem = name[: -len(next(x for x in _TOWN_SUFFIX if name.endswith(x)))]
        if (
            len(stem) < 2
            or name in _GENERIC_TOWNS
            or stem in _NOT_TOWN_STEMS
            or stem[0] in _MEASURE_OR_QUANTIFIER
            or stem[0] in "我本该其此"  # 我县乡镇卫生院: "our county's townships"
            or (name.endswith(tuple(_GENERIC_TOWNS)) and len(name) > 3)
            or name.endswith("乡镇")  # 乡 and 镇 together are never one town's name
        ):
            return None
        return start, name

    def institutions(self, places: list[tuple[Match, EntityRef]]) -> None:
        place_end = {m.end: (m, ref) for m, ref in places}
        hospital_spans = [
            (m.start, m.end) for m in self.matches if any(r.kind in ("hospital", "project") for r in m.refs)
        ]
        resolved: list[tuple[int, int, EntityRef | None, str]] = []  # start, end, place, type
        for found in _TYPE_RE.finditer(self.text):
            s, e, kind = found.start(), found.end(), found.group()
            if any(a <= s and e <= b for a, b in hospital_spans) or any(
                a < e and s < b for a, b, *_ in resolved
            ):
                continue
            result = self._institution_at(s, e, kind, place_end, resolved)
            if result is None:
                continue
            start, place, name = result
            resolved.append((start, e, place, kind))
            self._record_institution(name, start, e, place)

    def _institution_at(self, s, e, kind, place_end, resolved):
        """(start, place, canonical name) of the institution whose type ends at e, or None."""
        pos, middle = s, ""
        i = self.ending.get(pos)
        # One proper word between the anchor and the type: 市|安康|医院, 寿阳县|平头镇|中心卫生院
        if pos not in place_end and i is not None:
            word, wstart, _ = self.tokens[i]
            town = self._town_before(pos)
            if town:
                pos, middle = town[0], town[1]
                if village_in := self._town_before(pos):  # 天荒坪镇余村卫生室
                    pos, middle = village_in[0], village_in[1] + middle
            elif (
                CJK.match(word)
                and word not in RELATIVE_MARKERS
                and word not in _FUNCTION_WORDS
                and word not in _VERBS
                and word[0] not in _MEASURE_OR_QUANTIFIER  # 县两级医院
                and not word.endswith("级")  # 市县级医院: a level, not a name
                and 2 <= len(word) <= 4
                and (wstart in place_end or self._marker_before(wstart))
            ):
                pos, middle = wstart, word
        if pos in place_end:
            m, ref = place_end[pos]
            if (
                ref.kind == "province"
                and not middle
                and (kind not in SPECIFIC_TYPES or m.surface == ref.name)
            ):
                return None  # 河南省人民医院 is a name; 河南人民医院 or 河南省医院 needs the gazetteer
            # The place is named too: 寿阳县医疗集团 names 寿阳县 (a gazetteer hospital
            # such as 河南省儿童医院 is one name, and names no place).
            self.take(Mention(ref.kind, ref.key, ref.name, m.start, m.end, m.surface, "alias"))
            head = ref.name if ref.kind == "division" else m.surface
            return m.start, ref, head + middle + kind
        marker = self._marker_before(pos)
        if marker:
            start = pos - len(marker)
            if marker == "集团":
                group = next(
                    (r for r in reversed(resolved) if r[3] in GROUP_TYPES and r[2] is not None), None
                )
                place = group[2] if group else None
            else:
                place = self._last_division(pos, marker)
            if place is None or (kind == "医院" and not middle):
                return None
            return start, place, place.name + middle + kind
        if middle:  # a town or village with no county before it: the county just named
            place = self._last_division(pos, None, same_paragraph=True) or self._only_county(pos)
            return (pos, place, (place.name if place else "") + middle + kind) if place else None
        if kind in SPECIFIC_TYPES:
            # A bare 中医院 coordinated with an institution just resolved in this sentence.
            since = self.sentence_start(s)
            sibling = next((r for r in reversed(resolved) if r[1] > since and r[2] is not None), None)
            if sibling and self.text[sibling[1] : s].strip(" 和与及、,，") == "":
                return s, sibling[2], sibling[2].name + kind
        return None

    def _marker_before(self, pos: int) -> str | None:
        """集团|人民医院, 市|中医院, 旗|人民医院: a marker that is a word of its own (the 市 of
        城市医疗集团 is not), and not the end of a place name already matched."""
        i = self.ending.get(pos)
        if i is None:
            return None
        word = self.tokens[i][0]
        if word not in RELATIVE_MARKERS:
            # jieba reads 和县 in 县人民医院和县中医院 as the county: "and" + marker.
            if word[-1:] in RELATIVE_MARKERS and word[:-1] in _FUNCTION_WORDS:
                return word[-1]
            return None
        if any(m.end == pos and r.kind == "division" for m, r in self.accepted_places):
            return None
        return word

    def _last_division(
        self, pos: int, marker: str | None, *, same_paragraph: bool = False
    ) -> EntityRef | None:
        floor = self.text.rfind("\n", 0, pos) + 1 if same_paragraph else 0
        candidates = [
            (m.start, r)
            for m, r in self.accepted_places
            if m.end <= pos and m.start >= floor and r.kind == "division"
        ]
        candidates += [
            (i.start, self.gaz.ref("division", i.division))
            for i in self.unmatched
            if i.division and i.end <= pos and i.start >= floor
        ]
        for _, ref in sorted(candidates, key=lambda c: c[0], reverse=True):
            if ref is not None and (marker is None or ref.name.endswith(marker)):
                return ref
        return None

    def _only_county(self, pos: int) -> EntityRef | None:
        """The county-level division named before `pos`, when the text has named exactly one."""
        counties = {
            r.key: r
            for m, r in self.accepted_places
            if m.end <= pos and r.kind == "division" and r.level == "county"
        }
        return next(iter(counties.values())) if len(counties) == 1 else None

    def _record_institution(self, name: str, start: int, end: int, place: EntityRef | None) -> None:
        known = next((r for r in self.gaz.named(name) if r.kind == "hospital"), None)
        surface = self.text[start:end]
        if known:
            self.take(Mention("hospital", known.key, known.name, start, end, surface, "pattern"))
            return
        division = place.key if place and place.kind == "division" else None
        province = place.province if place and place.kind == "division" else (place.name if place else None)
        self.unmatched.append(Institution(name, start, end, surface, division, province))
        self.taken = [(a, b) for a, b in self.taken if not (start <= a and b <= end)] + [(start, end)]

    # -------------------------------------------------------------- run
    def run(self) -> Linked:
        # Gazetteer hospitals, programmes, projects and documents first: the longest names.
        # A project is often named like the hospital it built (X医院Y医院), and a document's
        # title can be a programme's alias: the one name links each of them.
        for m in sorted(self.matches, key=lambda m: -(m.end - m.start)):
            refs = [r for r in m.refs if r.kind in ("hospital", "programme")][:1]
            refs += [r for r in m.refs if r.kind == "project"][:1] + [
                r for r in m.refs if r.kind == "document"
            ][:1]
            if refs and self.free(m.start, m.end) and self.aligned(m):
                for ref in refs:
                    self.take(Mention(ref.kind, ref.key, ref.name, m.start, m.end, m.surface, "alias"))
        self.programmes_in_titles()
        places = [(m, r) for m, r in self.place_matches() if self.free(m.start, m.end)]
        self.accepted_places = places
        self.institutions(places)
        for m, ref in places:
            if self.free(m.start, m.end):
                self.take(
                    Mention(
                        ref.kind,
                        ref.key,
                        ref.name,
                        m.start,
                        m.end,
                        m.surface,
                        "context" if m.short else "alias",
                    )
                )
        self.abbreviations()
        self.first_person()
        self.derived()
        self.mentions.sort(key=lambda x: (x.start is None, x.start or 0))
        return Linked(tuple(self.mentions), tuple(self.unmatched), tuple(self.words))

    def programmes_in_titles(self) -> None:
        """公布第三批国家区域医疗中心建设项目名单: a registered document's title that names a
        programme names it in the text too (the document took the longer span)."""
        documents = [m for m in self.mentions if m.kind == "document"]
        if not documents:
            return
        named = set()
        for m in self.matches:
            for ref in m.refs:
                if ref.kind != "programme":
                    continue
                for doc in documents:
                    if doc.start <= m.start and m.end <= doc.end and (ref.key, doc.start) not in named:
                        named.add((ref.key, doc.start))
                        self.mentions.append(
                            Mention(ref.kind, ref.key, ref.name, m.start, m.end, m.surface, "alias")
                        )

    def abbreviations(self) -> None:
        abbr_index = self.gaz.abbreviations
        for run in _ABBREVIATION_RUN.finditer(self.text):
            for offset, char in enumerate(run.group(0)):
                ref = abbr_index.get(char)
                pos = run.start() + offset
                if ref and self.free(pos, pos + 1):
                    self.take(Mention("province", ref.key, ref.name, pos, pos + 1, char, "context"))

    def first_person(self) -> None:
        """我省/我县/我院 … resolved to the page's owner (articles.ingest.owner)."""
        from articles.ingest.owner import owner_mentions

        for mention in owner_mentions(self.text, self.owner, self.gaz):
            if self.free(mention.start, mention.end):
                self.take(mention)

    def derived(self) -> None:
        named = {(m.kind, m.key) for m in self.mentions}
        extra: list[Mention] = []

        def add(kind: str, ref: EntityRef | None, method: str) -> None:
            if ref is not None and (kind, ref.key) not in named:
                named.add((kind, ref.key))
                extra.append(Mention(kind, ref.key, ref.name, None, None, "", method))

        provinces = {r.name: r for r in self.gaz.refs("province")}
        for m in list(self.mentions):
            if m.kind == "division":
                ref = self.gaz.ref("division", m.key)
                add("province", provinces.get(ref.province) if ref else None, "context")
        for m in list(self.mentions):
            if m.kind == "hospital":
                ref = self.gaz.ref("hospital", m.key)
                if ref:
                    add(
                        "division",
                        self.gaz.ref("division", ref.division) if ref.division else None,
                        "via_entity",
                    )
                    add("province", provinces.get(ref.province), "via_entity")
        for inst in self.unmatched:
            add("province", provinces.get(inst.province) if inst.province else None, "via_entity")
        self.mentions.extend(extra)


_T2S = opencc.OpenCC("t2s")


def link_entities(
    text: str,
    gazetteer: Gazetteer,
    *,
    dateline_place: tuple[int, int] | None = None,
    owner: EntityRef | None = None,
) -> Linked:
    """Link `text`. Traditional characters are read as Simplified (廈門 → 厦门) through a
    conversion that keeps every offset; surfaces are quoted from the original text.
    `owner` is the entity the page speaks for (articles.ingest.owner.page_owner): its
    我省/我县/我院 become mentions of it."""
    simplified = _T2S.convert(text)
    if len(simplified) != len(text) or simplified == text:
        return _Linker(text, gazetteer, dateline_place, owner).run()
    linked = _Linker(simplified, gazetteer, dateline_place, owner).run()
    return replace(
        linked,
        mentions=tuple(
            replace(m, surface=text[m.start : m.end]) if m.start is not None else m for m in linked.mentions
        ),
        unmatched=tuple(replace(i, surface=text[i.start : i.end]) for i in linked.unmatched),
    )
