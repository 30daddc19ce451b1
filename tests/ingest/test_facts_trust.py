"""Facts a researcher can trust (issue 13), from our own real-shaped sentences: the
page's owner resolves 我省/我县/我院; evidence states the fact; dateline places tag
nothing; an event's date is its sentence's own; events have kinds and summaries written
from their fields; designations have roles from a fixed vocabulary; figures are counts
with a measure and a subject, never thresholds, and belong to the programme their own
clause names."""

import pytest

from articles.ingest.facts import extract_facts
from articles.ingest.linking import link_entities
from articles.ingest.metadata import dateline_place
from articles.ingest.owner import owner_mentions, page_owner
from articles.ingest.records import PublishedAt
from tests.ingest.gazetteer_sample import sample_gazetteer

MAY_18 = PublishedAt(2022, 5, 18, 10, 30)


@pytest.fixture(scope="module")
def gaz():
    return sample_gazetteer()


def facts_of(gaz, text, published=MAY_18, outlet=None):
    owner = page_owner(gaz, outlet)
    linked = link_entities(text, gaz, dateline_place=dateline_place(text), owner=owner)
    return linked, extract_facts(text, linked, published, partnerships=gaz.pairs)


# ---------------------------------------------------------------- the page's owner


@pytest.mark.parametrize(
    ("outlet", "kind", "name"),
    [
        ("山西省卫生健康委员会", "province", "山西"),
        ("山西省人民政府", "province", "山西"),
        ("寿阳县卫生健康局", "division", "寿阳县"),
        ("寿阳县人民政府", "division", "寿阳县"),
        ("晋中市卫健委", "division", "晋中市"),
        ("东方市人民医院", "hospital", "东方市人民医院"),
        ("北京儿童医院郑州医院", "hospital", "河南省儿童医院"),
        ("山西日报", "province", "山西"),
    ],
)
def test_the_outlet_names_the_pages_owner(gaz, outlet, kind, name):
    owner = page_owner(gaz, outlet)
    assert (owner.kind, owner.name) == (kind, name)


@pytest.mark.parametrize("outlet", [None, "", "新华网", "人民日报", "健康报", "中国经济网", "某某健康观察"])
def test_national_and_placeless_outlets_own_nothing(gaz, outlet):
    assert page_owner(gaz, outlet) is None


def test_a_reprint_takes_its_owner_from_the_original_outlet(gaz):
    assert page_owner(gaz, "今日热点网", "寿阳县卫生健康局").name == "寿阳县"


@pytest.mark.parametrize(
    ("outlet", "text", "expected"),
    [
        ("寿阳县卫生健康局", "我县成功入选。", [("division", "寿阳县", "我县")]),
        ("寿阳县卫生健康局", "本县医共体运行良好。", [("division", "寿阳县", "本县")]),
        ("寿阳县卫生健康局", "我省出台方案。", [("province", "山西", "我省")]),
        ("寿阳县卫生健康局", "我市召开会议。", [("division", "晋中市", "我市")]),
        ("山西省卫生健康委员会", "我省与河南一道入选。", [("province", "山西", "我省")]),
        ("山西省卫生健康委员会", "我委召开会议。", [("province", "山西", "我委")]),
        (
            "东方市人民医院",
            "我院正式挂牌。本院专家下沉。",
            [("hospital", "东方市人民医院", "我院"), ("hospital", "东方市人民医院", "本院")],
        ),
        ("东方市人民医院", "我市卫生院。", [("division", "东方市", "我市")]),
        ("山西省卫生健康委员会", "我县成功入选。", []),  # a county bureau's word on a province's page
        ("山西省卫生健康委员会", "自我省察，我省的。", [("province", "山西", "我省")]),
    ],
)
def test_first_person_places_resolve_to_the_owner(gaz, outlet, text, expected):
    found = owner_mentions(text, page_owner(gaz, outlet), gaz)
    assert [(m.kind, m.name, m.surface) for m in found] == expected
    assert all(m.method == "owner" and text[m.start : m.end] == m.surface for m in found)


def test_a_county_bureaus_own_county_is_designated(gaz):
    text = (
        "近日，国家卫生健康委办公厅印发通知，确定8个县（市）为全国基层卫生健康综合试验区。"
        "我县成功入选，是全省唯一入选的县。"
    )
    _, facts = facts_of(gaz, text, outlet="寿阳县卫生健康局")
    assert [(d.programme, d.target.name) for d in facts.designations] == [
        ("primary_care_pilot_zone", "寿阳县")
    ]
    assert facts.designations[0].role == "pilot_zone"


def test_a_provincial_commissions_province_joins_the_list(gaz):
    text = "2019年，国家发展改革委等部门印发《区域医疗中心建设试点工作方案》，我省与河南一道，被确定为首批试点省份。"
    _, facts = facts_of(gaz, text, outlet="山西省卫生健康委员会")
    assert {d.target.name for d in facts.designations} == {"山西", "河南"}
    assert {(d.role, d.batch) for d in facts.designations} == {("pilot_province", 1)}
    assert facts.events[0].places and {m.name for m in facts.events[0].places} >= {"山西", "河南"}


# ---------------------------------------------------------------- evidence and datelines


def test_a_dateline_place_tags_no_fact(gaz):
    text = "新华社北京3月5日电 “十四五”规划纲要草案提出，推进国家区域医疗中心建设，到2025年基本实现全覆盖。"
    linked, facts = facts_of(gaz, text, published=PublishedAt(2021, 3, 5, 16, 20))
    assert all(m.name != "北京" for e in facts.events for m in e.places)
    assert all(d.target.name != "北京" for d in facts.designations)


def test_a_pairs_evidence_names_both_hospitals(gaz):
    text = (
        "华中科技大学同济医学院附属同济医院是全国知名的综合医院。"
        "山西白求恩医院是该省的区域医疗中心建设项目。"
        "同济医院与山西白求恩医院合作共建，专家团队常驻太原。"
    )
    _, facts = facts_of(gaz, text)
    (pair,) = facts.pairs
    assert pair.text.startswith("同济医院与山西白求恩医院")


def test_no_pair_when_no_sentence_names_both(gaz):
    text = "华中科技大学同济医学院附属同济医院派出专家。另据报道，山西白求恩医院新增床位。"
    assert extract_facts(text, link_entities(text, gaz), MAY_18, partnerships=gaz.pairs).pairs == ()


# ---------------------------------------------------------------- events


def test_a_year_inside_a_modifier_does_not_date_a_forward_looking_sentence(gaz):
    text = "这意味着，2019年启动的区域医疗中心建设试点将在“十四五”时期继续推进。"
    _, facts = facts_of(gaz, text, published=PublishedAt(2021, 3, 5, 16, 20))
    assert facts.events == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2019年，国家发展改革委印发《区域医疗中心建设试点工作方案》。", "document_issued"),
        ("2019年，国家启动区域医疗中心建设试点。", "launch"),
        ("2019年9月，国家卫生健康委公布县域医共体建设试点县名单。", "list_announced"),
        ("2020年10月22日，山西白求恩医院被授牌为国家区域医疗中心。", "plaque"),
        ("2021年5月8日，山西白求恩医院与同济医院签署国家区域医疗中心合作协议。", "signing"),
        ("2022年5月8日，国家区域医疗中心项目新院区正式开诊。", "opening"),
        ("2024年1月，山西白求恩医院国家区域医疗中心项目通过验收。", "acceptance"),
    ],
)
def test_events_have_kinds(gaz, text, kind):
    _, facts = facts_of(gaz, text)
    assert [e.kind for e in facts.events] == [kind]


@pytest.mark.parametrize(
    "opening", ["答：", "这意味着，", "本报讯（记者 王明）", "问：", "据悉，", "记者了解到，"]
)
def test_summaries_have_no_conversational_openings(gaz, opening):
    text = f"{opening}2019年，国家卫生健康委启动紧密型县域医共体建设试点，山西被确定为试点省。"
    _, facts = facts_of(gaz, text)
    (event,) = facts.events
    assert not event.summary.startswith(opening.rstrip("，："))
    assert event.summary.startswith("2019年")
    assert event.text.startswith(opening[:2])  # the quote stays as it was


def test_an_event_summary_is_written_from_its_fields(gaz):
    text = "2019年，国家发展改革委印发《区域医疗中心建设试点工作方案》，山西、河南被确定为首批试点省份。"
    _, facts = facts_of(gaz, text)
    (event,) = facts.events
    assert event.summary == "2019年：印发《区域医疗中心建设试点工作方案》（国家区域医疗中心建设；山西、河南）"


# ---------------------------------------------------------------- designations


def test_designation_roles_and_summaries(gaz):
    text = "2019年，山西被确定为首批区域医疗中心建设试点省份，山西白求恩医院成为国家区域医疗中心建设项目。"
    _, facts = facts_of(gaz, text)
    by_target = {d.target.name: d for d in facts.designations}
    assert by_target["山西"].role == "pilot_province" and by_target["山西"].batch == 1
    assert by_target["山西"].label == "首批试点省份"
    assert by_target["山西"].summary == "山西被确定为国家区域医疗中心建设首批试点省份（2019年）"
    assert by_target["山西白求恩医院"].role == "project"
    assert by_target["山西白求恩医院"].label == "建设项目"


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize(
    "text",
    [
        "每个县至少有1所二级甲等以上医院可牵头组建县域医共体。",
        "牵头医院床位不少于500张，可申报国家区域医疗中心。",
        "国家区域医疗中心建设于2019年启动，第3批项目已开工。",
        "县域医共体建设覆盖率需达到90%以上。",
    ],
)
def test_thresholds_rules_and_ordinals_are_not_figures(gaz, text):
    _, facts = facts_of(gaz, text)
    assert facts.figures == ()


def test_figures_have_a_measure_a_subject_and_their_own_programme(gaz):
    text = "目前，全国已设置13个专业类别的国家医学中心，国家区域医疗中心建设项目已达76个。"
    _, facts = facts_of(gaz, text)
    by_value = {f.value: f for f in facts.figures}
    assert by_value["76"].measure == "projects" and by_value["76"].programme == "regional_medical_center"
    assert by_value["76"].subject == "国家区域医疗中心建设项目"
    assert by_value["13"].programme is None  # 国家医学中心 is another programme


def test_a_count_of_counties_has_its_measure(gaz):
    text = "通知确定北京市西城区等567个县（市、区）为县域医共体建设试点县。"
    _, facts = facts_of(gaz, text)
    (figure,) = facts.figures
    assert (figure.value, figure.unit, figure.measure) == ("567", "个", "counties")
    assert figure.programme == "county_reform"
    assert figure.summary == "县域医共体：567个县（市、区）（2022年5月18日）"


def test_a_target_in_a_plan_is_not_a_figure(gaz):
    _, facts = facts_of(gaz, "到2020年底，500个县初步建成紧密型县域医共体。")
    assert facts.figures == ()


def test_a_selection_introduced_before_carries_to_the_list_after_it(gaz):
    text = (
        "近日，国家卫生健康委办公厅印发通知，确定8个县（市）为全国基层卫生健康综合试验区。寿阳县成功入选。\n"
        "与寿阳县同批入选的，还有海南省东方市。"
    )
    _, facts = facts_of(gaz, text)
    assert {(d.programme, d.target.name) for d in facts.designations} == {
        ("primary_care_pilot_zone", "寿阳县"),
        ("primary_care_pilot_zone", "东方市"),
    }


def test_a_selection_is_forgotten_a_few_sentences_later(gaz):
    text = (
        "国家卫生健康委确定8个县（市）为全国基层卫生健康综合试验区。会议强调了几点。会议要求各地落实。"
        "会议还部署了其他工作。会上还通报了医保工作。\n与会的还有海南省东方市。"
    )
    _, facts = facts_of(gaz, text)
    assert all(d.target.name != "东方市" for d in facts.designations)


def test_confidence_follows_the_evidence(gaz):
    sure = facts_of(gaz, "2019年9月，国家卫生健康委公布县域医共体建设试点县名单。")[1].events[0]
    vague = facts_of(gaz, "2019年9月，国家区域医疗中心建设工作会议在太原召开。")[1].events[0]
    assert sure.confidence > vague.confidence
    _, facts = facts_of(gaz, "目前，全国已设置13个专业类别的国家医学中心，国家区域医疗中心建设项目已达76个。")
    by_value = {f.value: f.confidence for f in facts.figures}
    assert by_value["76"] > by_value["13"]


def test_a_summary_names_a_county_without_its_province_before_it(gaz):
    text = "2019年9月，国家卫生健康委公布县域医共体建设试点县名单，山西省寿阳县等县入选。"
    (event,) = facts_of(gaz, text)[1].events
    assert event.summary == "2019年9月：县域医共体公布名单（寿阳县）"


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("截至2023年底，我省获批的国家区域医疗中心项目已有9个。", set()),  # 获批的: a qualifier
        ("山西白求恩医院进入首批区域医疗中心建设试点项目名单。", {"山西白求恩医院"}),
        ("通知新增海南省东方市、山西省寿阳县为第二批基层卫生健康综合试验区。", {"东方市", "寿阳县"}),
    ],
)
def test_selection_verbs_and_qualifiers(gaz, text, targets):
    _, facts = facts_of(gaz, text, outlet="山西省卫生健康委员会")
    assert {d.target.name for d in facts.designations} == targets


def test_a_dateline_day_is_not_the_events_day(gaz):
    text = "新华社太原10月27日电 26日，山西白求恩医院被授牌为国家区域医疗中心。"
    (event,) = facts_of(gaz, text, published=PublishedAt(2021, 10, 27, 9, 0))[1].events
    assert event.date.iso() == "2021-10-26"


def test_the_day_a_reporter_learned_of_it_is_not_the_events_day(gaz):
    text = "记者27日获悉，山西白求恩医院国家区域医疗中心26日正式揭牌。"
    (event,) = facts_of(gaz, text, published=PublishedAt(2021, 10, 27, 9, 0))[1].events
    assert event.date.iso() == "2021-10-26"


def test_a_registered_project_named_alone_makes_its_sentence_the_programmes():
    from articles.ingest.gazetteer import EntityRef, Gazetteer

    project = EntityRef("project", "tongji-shanxi", "同济医院山西医院", province="山西")
    gaz = Gazetteer.from_entities([(project, ["同济医院山西医院"])])
    text = "2020年5月，同济医院山西医院正式揭牌。"
    facts = extract_facts(text, link_entities(text, gaz), MAY_18)
    assert [(e.date.iso(), e.kind, e.programmes) for e in facts.events] == [
        ("2020-05", "plaque", ("regional_medical_center",))
    ]


@pytest.mark.parametrize(
    ("outlet", "text", "targets"),
    [
        ("寿阳县卫生健康局", "公布紧密型县域医共体建设试点县名单，我省共有12个县（市、区）入选。", set()),
        (None, "2021年，又将河南等12个中西部省份纳入第二批区域医疗中心建设试点省份范围。", {"河南"}),
        (
            "东方市人民医院",
            "我院与河南省儿童医院共建的山西白求恩医院于2021年6月入选第二批国家区域医疗中心试点项目。",
            {"山西白求恩医院"},
        ),
    ],
)
def test_only_the_subject_of_a_selection_is_designated(gaz, outlet, text, targets):
    _, facts = facts_of(gaz, text, outlet=outlet)
    assert {d.target.name for d in facts.designations} == targets


def test_representatives_at_a_programmes_meeting_named_the_sentence_before(gaz):
    text = "全国基层卫生健康综合试验区建设经验交流会26日召开。会上，海南省东方市、山西省寿阳县等地代表介绍了试验区建设的做法。"
    _, facts = facts_of(gaz, text)
    assert {(d.programme, d.target.name) for d in facts.designations} == {
        ("primary_care_pilot_zone", "东方市"),
        ("primary_care_pilot_zone", "寿阳县"),
    }


def test_a_list_before_its_count_and_role(gaz):
    text = "同年9月，确定山西、河南2个试点省和567个试点县，开展紧密型县域医共体建设试点。"
    _, facts = facts_of(gaz, text)
    assert {(d.target.name, d.role) for d in facts.designations} == {
        ("山西", "pilot_province"),
        ("河南", "pilot_province"),
    }


def test_issuing_a_registered_document_is_an_event_of_the_article_programme():
    from articles.ingest.gazetteer import EntityRef, Gazetteer

    gaz = Gazetteer.from_entities(
        [
            (EntityRef("programme", "county_reform", "county_reform"), ["县域医共体"]),
            (
                EntityRef("document", "gtt-2019", "关于推进紧密型县域医疗卫生共同体建设的通知"),
                ["关于推进紧密型县域医疗卫生共同体建设的通知"],
            ),
        ]
    )
    text = "县域医共体建设稳步推进。\n答：2019年5月，国家卫生健康委印发《关于推进紧密型县域医疗卫生共同体建设的通知》。"
    facts = extract_facts(text, link_entities(text, gaz), MAY_18)
    assert [(e.date.iso(), e.kind) for e in facts.events] == [("2019-05", "document_issued")]
