"""Names → entities: the gazetteer the linker matches article text against.

Plain data (EntityRef) built from the database by `catalogue.load_gazetteer()` or
from a literal list in tests. Matching uses an Aho–Corasick automaton (pyahocorasick):
one pass over the text finds every name, whatever the size of the gazetteer. The same
names feed a jieba tokenizer's user dictionary, so names are not split into words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

import ahocorasick
import jieba

jieba.setLogLevel(60)


@dataclass(frozen=True)
class EntityRef:
    """One entity, as the linker knows it. `key` is what the store turns into a FK:
    province slug, division code, hospital slug or programme key."""

    kind: str  # "province" | "division" | "hospital" | "programme" | "project" | "document"
    key: str
    name: str  # canonical display name: 山西, 寿阳县, 山西白求恩医院, regional_medical_center
    province: str | None = None  # short name of the province it lies in
    parent: str | None = None  # division: the parent prefecture's code
    level: str | None = None  # division: "prefecture" | "county"
    division: str | None = None  # hospital: code of the division it lies in


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    refs: tuple[EntityRef, ...]
    short: bool = False  # a division without its suffix (寿阳 for 寿阳县): needs context


DIVISION_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|新区|林区|地区|市|县|区|旗|盟|州)$")
# Short forms that are ordinary words far more often than places.
COMMON_WORDS = {
    "东方", "朝阳", "和平", "新华", "长安", "城关", "开发", "高新", "经济", "中山", "人民", "白云", "青山", "向阳",
    "新城", "南山", "北海", "清河", "永安", "安宁", "太平", "红旗", "胜利", "建设", "光明", "平安", "江南", "江北",
    "河东", "河西", "城中", "城东", "城西", "城南", "城北", "市中", "郊区", "矿区", "新区", "吉林", "海南", "龙泉",
}  # fmt: skip


def short_form(name: str) -> str | None:
    """寿阳县 → 寿阳, 晋中市 → 晋中; None when what is left is too short to be safe."""
    stem = DIVISION_SUFFIX.sub("", name)
    if stem == name or len(stem) < 2:
        return None
    return stem


def base_dictionary() -> jieba.Tokenizer:
    """jieba's default tokenizer with its dictionary loaded (once per process)."""
    jieba.dt.check_initialized()
    return jieba.dt


@dataclass
class Gazetteer:
    entries: list[tuple[str, EntityRef]]  # (surface, entity); a surface may name several entities
    pairs: frozenset[tuple[str, str]] = frozenset()  # known (output, input) hospital keys
    _automaton: ahocorasick.Automaton | None = field(default=None, init=False, repr=False)
    _tokenizer: jieba.Tokenizer | None = field(default=None, init=False, repr=False)
    _by_key: dict[tuple[str, str], EntityRef] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {(ref.kind, ref.key): ref for _, ref in self.entries}
        self._refs_by_kind: dict[str, list[EntityRef]] = {}
        self._abbreviations: dict[str, EntityRef] | None = None

    def __getstate__(self) -> dict:
        # Workers rebuild the automaton and tokenizer; only the entries travel.
        return {"entries": self.entries, "pairs": self.pairs}

    def __setstate__(self, state: dict) -> None:
        self.entries = state["entries"]
        self.pairs = state["pairs"]
        self._automaton = None
        self._tokenizer = None
        self.__post_init__()

    @classmethod
    def from_entities(
        cls, entities: Iterable[tuple[EntityRef, Iterable[str]]], pairs: Iterable[tuple[str, str]] = ()
    ) -> Gazetteer:
        entries = []
        for ref, names in entities:
            for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
                entries.append((name, ref))
        return cls(entries, frozenset(pairs))

    def ref(self, kind: str, key: str) -> EntityRef | None:
        return self._by_key.get((kind, key))

    def refs(self, kind: str) -> list[EntityRef]:
        if kind not in self._refs_by_kind:
            self._refs_by_kind[kind] = [ref for (k, _), ref in self._by_key.items() if k == kind]
        return self._refs_by_kind[kind]

    @property
    def abbreviations(self) -> dict[str, EntityRef]:
        """One-character province abbreviations (豫 → 河南)."""
        if self._abbreviations is None:
            self._abbreviations = {s: r for s, r in self.entries if r.kind == "province" and len(s) == 1}
        return self._abbreviations

    @property
    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            surfaces: dict[str, tuple[list[EntityRef], bool]] = {}
            for surface, ref in self.entries:
                surfaces.setdefault(surface, ([], False))[0].append(ref)
            for surface, ref in self.entries:
                if ref.kind == "division" and (stem := short_form(surface)) and stem not in surfaces:
                    surfaces.setdefault(stem, ([], True))
            for surface, ref in self.entries:
                if ref.kind == "division" and (stem := short_form(surface)) and surfaces[stem][1]:
                    surfaces[stem][0].append(ref)
            automaton = ahocorasick.Automaton()
            for surface, (refs, short) in surfaces.items():
                if len(surface) < 2:
                    continue  # one-character abbreviations (豫, 沪) only count in context
                automaton.add_word(surface, (surface, tuple(dict.fromkeys(refs)), short))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def matches(self, text: str) -> list[Match]:
        """Every occurrence of every known name (overlaps included), in text order."""
        if not self.entries:
            return []
        found = [
            Match(end - len(surface) + 1, end + 1, surface, refs, short)
            for end, (surface, refs, short) in self.automaton.iter(text)
        ]
        found.sort(key=lambda m: (m.start, m.start - m.end))
        return found

    def named(self, name: str) -> tuple[EntityRef, ...]:
        """The entities `name` is a known name of, as a whole (what `matches(name)` finds
        spanning all of it), without scanning it."""
        if not self.entries:
            return ()
        found = self.automaton.get(name, None)
        return found[1] if found else ()

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """jieba with the gazetteer's longer names as words, so 华中科技大学同济医学院附属同济医院
        stays whole. Two-character names are left to jieba's own dictionary: forcing
        北区 in would split 西北区域 wrongly."""
        if self._tokenizer is None:
            base = base_dictionary()
            tokenizer = jieba.Tokenizer()
            # A copy of the loaded dictionary takes milliseconds; loading it again from
            # jieba's cache takes most of a second.
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
            for surface, _ in self.entries:
                if len(surface) >= 3:
                    tokenizer.add_word(surface, freq=2000)
            self._tokenizer = tokenizer
        return self._tokenizer

    def prepare(self) -> Gazetteer:
        """Build the automaton and the tokenizer now (before forking workers that share them)."""
        self.automaton  # noqa: B018
        self.tokenizer  # noqa: B018
        return self

    def words(self, text: str) -> list[str]:
        return self.tokenizer.lcut(text, HMM=False)

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return spans(self.words(text))


def spans(words: list[str]) -> list[tuple[str, int, int]]:
    """(word, start, end) of consecutive words."""
    ends = list(accumulate(map(len, words)))
    return list(zip(words, [0, *ends[:-1]], ends, strict=False))
