"""Linking rules on our own real-shaped sentences (no database)."""

import pytest

from articles.ingest.linking import link_entities
from tests.ingest.gazetteer_sample import sample_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return sample_gazetteer()


def link(gaz, text, **kw):
    return link_entities(text, gaz, **kw)


def test_provinces_from_names_and_from_counties(gaz):
    linked = link(gaz, "近日，寿阳县召开推进会。河南省卫健委有关负责人介绍情况。")
    assert set(linked.named("province")) == {"山西", "河南"}
    assert linked.named("division") == ["寿阳县"]


def test_abbreviations_only_in_enumerations(gaz):
    assert link(gaz, "在京、沪等医疗资源富集地区遴选输出医院。").named("province") == ["北京", "上海"]
    assert link(gaz, "与京沪等地差距缩小。").named("province") == ["北京", "上海"]
    assert link(gaz, "他乘坐京沪高铁返回，沪上天气晴好。").named("province") == []


def test_names_inside_other_words_do_not_link(gaz):
    assert link(gaz, "推进西北区域医疗资源均衡布局。").named("division") == []


def test_suffixless_division_needs_context(gaz):
    assert link(gaz, "大会在山西太原举行。").named("division") == ["太原市"]
    text = "中新网太原6月17日电 会议在此召开。"
    assert link(gaz, text, dateline_place=(3, 5)).named("division") == ["太原市"]
    assert link(gaz, "海南省东方市打造基层卫生的东方经验。").named("division") == ["东方市"]
    linked = link(gaz, "各地总结东方经验。")
    assert linked.named("division") == []


def test_longest_match_wins_and_hospital_places_are_via_entity(gaz):
    linked = link(gaz, "河南省儿童医院专家参加会诊。")
    assert linked.hospital_names() == ["河南省儿童医院"]
    assert linked.named("province") == []
    via = {(m.kind, m.name) for m in linked.mentions if m.method == "via_entity"}
    assert ("province", "河南") in via and ("division", "郑州市") in via


def test_aliases_resolve_to_one_canonical_hospital(gaz):
    linked = link(gaz, "同济医院向山西白求恩医院（同济山西医院）派出专家。")
    assert linked.hospital_names() == ["华中科技大学同济医学院附属同济医院", "山西白求恩医院"]


def test_institutions_anchored_on_places_and_relative_names(gaz):
    text = (
        "考察团到寿阳县医疗集团参观学习。集团人民医院和中医院双双入选能力提升项目，"
        "寿阳县平头镇中心卫生院也作了交流。"
    )
    linked = link(gaz, text)
    assert linked.hospital_names() == [
        "寿阳县医疗集团",
        "寿阳县人民医院",
        "寿阳县中医院",
        "寿阳县平头镇中心卫生院",
    ]
    assert linked.named("division") == ["寿阳县"]
    assert not any(m.kind == "hospital" for m in linked.mentions)  # none is in the gazetteer: candidates only
    assert linked.unmatched[0].division == "140725"


def test_city_relative_names_and_towns(gaz):
    text = "东方市医疗健康集团下设市人民医院、市妇幼保健院。代表们走访了东方市人民医院、感城镇卫生院。"
    names = link(gaz, text).hospital_names()
    assert names == ["东方市人民医院", "东方市医疗健康集团", "东方市妇幼保健院", "东方市感城镇卫生院"]


@pytest.mark.parametrize(
    "text",
    [
        "选派县级医院专家对口支援乡镇卫生院，覆盖153个村卫生室和部分村卫生室。",
        "全国45.6%的县医院达到三级医院服务能力，组织帮扶县人民医院提升能力。",
        "培育一批跨区域提供服务的医疗集团。",
    ],
)
def test_generic_institution_words_are_not_names(gaz, text):
    linked = link(gaz, text)
    assert linked.hospital_names() == []
    assert linked.keys("programme") == []  # 医疗集团 alone is not the county reform


def test_ambiguous_division_resolved_by_its_province(gaz):
    assert link(gaz, "北京市朝阳区卫健委召开会议。").keys("division") == ["110105"]
    assert link(gaz, "吉林省长春市朝阳区开展义诊。").keys("division") == ["220100", "220104"]
    assert link(gaz, "朝阳区开展义诊。").keys("division") == []


def test_programmes_from_specific_wording(gaz):
    linked = link(gaz, "国家区域医疗中心建设持续推进，紧密型县域医共体覆盖全县。")
    assert linked.keys("programme") == ["regional_medical_center", "county_reform"]
    mention = next(m for m in linked.mentions if m.key == "county_reform")
    assert (mention.surface, mention.method) == ("紧密型县域医共体", "alias")


def test_gazetteer_names_stay_out_of_jiebas_shared_dictionary():
    """Each gazetteer's tokenizer starts from a copy of jieba's loaded dictionary: its
    names keep whole in its own segmentation, and neither jieba's default tokenizer nor a
    gazetteer built later (after a hospital is removed) sees them."""
    import jieba

    from articles.ingest.gazetteer import EntityRef, Gazetteer

    name = "沁水县琉璃沟中心卫生院"
    ref = EntityRef("hospital", "liuligou", name)
    first = Gazetteer.from_entities([(ref, [name])])
    assert name in first.words(f"{name}开展义诊")
    assert name not in jieba.lcut(f"{name}开展义诊", HMM=False)
    later = Gazetteer.from_entities([])
    assert name not in later.words(f"{name}开展义诊")
