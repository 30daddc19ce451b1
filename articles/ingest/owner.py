"""The page's owner: the place or hospital a page speaks for, and what its first-person
words (我省, 我县, 我院 …) refer to.

A county health bureau's page says 我县 for its county, a provincial commission's says
我省 for its province, a hospital's own site says 我院 for itself. The owner is read
from the outlet (or, for a reprint, the original outlet): a gazetteer hospital by its
name or alias, or the most specific place at the start of an institution's name
(寿阳县卫生健康局 → 寿阳县; 山西省卫生健康委员会 → 山西; 山西日报 → 山西). National and
placeless outlets (新华网, 健康报) own nothing, and their 我省 stays unresolved.
"""

from __future__ import annotations

import re

from articles.ingest.gazetteer import EntityRef, Gazetteer
from articles.ingest.linking import Mention

# What follows a place in the name of an institution that speaks for that place.
_PLACE_BODIES = re.compile(
    r"(?:卫生健康委员会|卫生健康委|卫健委|卫生和计划生育委员会|卫生计生委|卫生厅|卫生局|卫生健康局|卫健局|"
    r"人民政府(?:办公厅|办公室)?|政府|发展和改革委员会|发展改革委|发改委|医疗保障局|医保局|中医药管理局|"
    r"疾病预防控制中心|疾控中心|委员会|融媒体中心|新闻中心|日报|晚报|广播电视台|电视台|新闻网|政府网|人大|政协)"
)

_MEDIA = re.compile(r"(?:日报|晚报|广播电视台|电视台|融媒体中心|新闻网|发布)")

# First-person references and the level each points at.
_FIRST_PERSON = re.compile(r"(?<![自])(?:我|本)(省|市|县|区|旗|院|委|局)")


def page_owner(gazetteer: Gazetteer, *outlets: str | None) -> EntityRef | None:
    """The entity the page speaks for, from its outlets (the original outlet first: a
    reprint's 我省 is its original's), or None."""
    for outlet in outlets[::-1]:
        if owner := _owner(gazetteer, (outlet or "").strip()):
            return owner
    return None


def _owner(gazetteer: Gazetteer, outlet: str) -> EntityRef | None:
    if len(outlet) < 3:
        return None
    hospitals = [ref for ref in gazetteer.named(outlet) if ref.kind == "hospital"]
    if hospitals:
        return hospitals[0]
    # A place at the very start of the name, followed (after nothing else but the
    # place's own suffix) by an institution that speaks for it.
    # Places one after another from the start (山西省寿阳县…), the last the most specific.
    # A short place name (扬州 for 扬州市) counts only before a newspaper or broadcaster's
    # name (扬州日报): 扬州大学 is no voice of 扬州市.
    matches = [m for m in gazetteer.matches(outlet) if not m.short or _MEDIA.match(outlet, m.end)]
    best: EntityRef | None = None
    position = 0
    while True:
        here = [
            (m.end, ref)
            for m in matches
            if m.start == position
            for ref in m.refs
            if ref.kind in ("province", "division")
        ]
        if not here:
            break
        position, best = max(here, key=lambda found: found[0])
    if best is None or not _PLACE_BODIES.match(outlet[position:]):
        return None
    return best


def _province_of(owner: EntityRef, gazetteer: Gazetteer) -> EntityRef | None:
    if owner.kind == "province":
        return owner
    return next((ref for ref in gazetteer.refs("province") if ref.name == owner.province), None)


def _division_of(owner: EntityRef, gazetteer: Gazetteer) -> EntityRef | None:
    if owner.kind == "division":
        return owner
    if owner.kind == "hospital" and owner.division:
        return gazetteer.ref("division", owner.division)
    return None


# Provincial units that call themselves 区 (autonomous regions) or 市 (municipalities).
_AUTONOMOUS_REGIONS = {"内蒙古", "广西", "西藏", "宁夏", "新疆"}
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}


def _target(word: str, owner: EntityRef, gazetteer: Gazetteer) -> EntityRef | None:
    """What 我<word> means on a page owned by `owner`."""
    division = _division_of(owner, gazetteer)
    province = _province_of(owner, gazetteer)
    if owner.kind == "province" and (
        word == "区" and owner.name in _AUTONOMOUS_REGIONS or word == "市" and owner.name in _MUNICIPALITIES
    ):
        return owner
    if word == "省":
        return province if province and province.name not in _MUNICIPALITIES | _AUTONOMOUS_REGIONS else None
    if word == "院":
        return owner if owner.kind == "hospital" else None
    if word in ("委", "局"):
        return owner if owner.kind in ("province", "division") else None
    if division is None:
        return None
    if word == "市":
        if division.name.endswith("市"):
            return division
        parent = gazetteer.ref("division", division.parent) if division.parent else None
        return parent if parent and parent.name.endswith("市") else None
    if word in ("县", "区", "旗"):
        return division if division.level == "county" and division.name.endswith(word) else None
    return None


def owner_mentions(text: str, owner: EntityRef | None, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions (method "owner") for each first-person place word that the owner resolves."""
    if owner is None:
        return []
    found = []
    for m in _FIRST_PERSON.finditer(text):
        ref = _target(m.group(1), owner, gazetteer)
        if ref is not None:
            found.append(Mention(ref.kind, ref.key, ref.name, m.start(), m.end(), m.group(), "owner"))
    return found
