"""Designations the fact extractor used to miss, from our own real-shaped sentences:
a designee named after the list (名列其中), a Q&A answer's bare 入选, 作为…之一, a pilot
batch started in named provinces, a clause that opens with a time, a county after its
prefecture, and a programme named inside a registered document's title."""

import pytest

from articles.ingest.facts import extract_facts
from articles.ingest.gazetteer import EntityRef
from articles.ingest.linking import link_entities
from articles.ingest.records import PublishedAt
from tests.ingest.gazetteer_sample import sample_gazetteer

JUNE_1 = PublishedAt(2022, 6, 1, 9, 0)
LIST_TITLE = "第三批国家区域医疗中心建设项目名单"


@pytest.fixture(scope="module")
def gaz():
    return sample_gazetteer(
        (
            (EntityRef("document", "third-batch-list", LIST_TITLE), [LIST_TITLE]),
            (EntityRef("project", "bethune-project", "同济医院山西医院建设项目"), ["山西白求恩医院"]),
            (EntityRef("hospital", "bch", "首都医科大学附属北京儿童医院", province="北京"), ["北京儿童医院"]),
            (
                EntityRef("hospital", "bch-zz", "首都医科大学附属北京儿童医院郑州医院", province="河南"),
                ["首都医科大学附属北京儿童医院郑州医院"],
            ),
        )
    )


def designations(gaz, text):
    linked = link_entities(text, gaz)
    facts = extract_facts(text, linked, JUNE_1, partnerships=gaz.pairs)
    return {(d.programme, d.target.name, d.role, d.batch) for d in facts.designations}


def test_a_designee_named_after_the_list(gaz):
    text = "5月18日，三部门联合公布第三批国家区域医疗中心建设项目，山西白求恩医院名列其中。"
    assert designations(gaz, text) == {("regional_medical_center", "山西白求恩医院", "project", 3)}


def test_a_programme_inside_a_registered_documents_title(gaz):
    text = f"5月18日，三部门联合公布{LIST_TITLE}，山西白求恩医院名列其中。"
    assert designations(gaz, text) == {("regional_medical_center", "山西白求恩医院", "project", 3)}


def test_a_county_listed_as_one_of_the_pilot_counties(gaz):
    text = "近日，国家卫生健康委公布紧密型县域医共体建设试点县名单，寿阳县位列其中。"
    assert designations(gaz, text) == {("county_reform", "寿阳县", "pilot_county", None)}


def test_as_one_of_the_first_batch(gaz):
    text = (
        "国家卫生健康委印发通知，对基层卫生健康综合试验区实行动态调整。"
        "寿阳县作为2021年入选的首批试验区之一，将对照评估指标查漏补缺。"
    )
    assert designations(gaz, text) == {("primary_care_pilot_zone", "寿阳县", "pilot_zone", 1)}


def test_an_answers_bare_selection_is_the_one_the_question_asked_about(gaz):
    text = (
        "问：寿阳为什么能入选首批基层卫生健康综合试验区？\n"
        "答：2021年寿阳县入选，靠的是多年来县域医共体建设打下的基础。"
    )
    assert designations(gaz, text) == {("primary_care_pilot_zone", "寿阳县", "pilot_zone", 1)}


def test_a_first_batch_of_pilots_started_in_named_provinces(gaz):
    text = (
        "答：国家区域医疗中心建设是我委的一项重点工作。"
        "2019年，我们在山西、河南等8个省份启动第一批试点，共促成10个项目。"
    )
    assert designations(gaz, text) == {
        ("regional_medical_center", "山西", "pilot_province", 1),
        ("regional_medical_center", "河南", "pilot_province", 1),
    }


def test_a_clause_opening_with_a_time_takes_the_nearest_name_before_it(gaz):
    text = "同济医院作为输出医院，在山西建设山西白求恩医院，2019年入选首批国家区域医疗中心试点项目。"
    # the hospital (not its province, not the project registered on the same words)
    assert designations(gaz, text) == {("regional_medical_center", "山西白求恩医院", "project", 1)}


def test_the_name_a_hospital_entered_under_is_not_another_designee(gaz):
    text = "2019年10月，河南省儿童医院以首都医科大学附属北京儿童医院郑州医院的名义入选首批国家区域医疗中心试点项目。"
    assert designations(gaz, text) == {("regional_medical_center", "河南省儿童医院", "project", 1)}


def test_a_numbered_headings_programme_is_that_of_the_list_under_it(gaz):
    text = (
        "第一，国家区域医疗中心。自2019年启动试点以来，共确定了125个项目。\n"
        "第三，紧密型县域医共体。2019年确定山西、河南2个试点省和567个试点县。"
    )
    assert designations(gaz, text) == {
        ("county_reform", "山西", "pilot_province", None),
        ("county_reform", "河南", "pilot_province", None),
    }


def test_a_county_after_its_prefecture_is_the_designee(gaz):
    text = "日前，省卫生健康委公布新一批基层卫生健康综合试验区名单，晋中市寿阳县榜上有名。"
    assert designations(gaz, text) == {("primary_care_pilot_zone", "寿阳县", "pilot_zone", None)}


# ---------------------------------------------------------------- events

MARCH_28 = PublishedAt(2024, 3, 28, 15, 0)


def events(gaz, text, published=MARCH_28):
    linked = link_entities(text, gaz)
    facts = extract_facts(text, linked, published, partnerships=gaz.pairs)
    return {(e.date.iso(), e.kind, e.programmes) for e in facts.events}


def test_a_transcripts_question_sets_the_programme_of_its_answer(gaz):
    text = (
        "问：紧密型县域医共体建设是怎样推开的？\n"
        "答：2019年9月，确定山西等2个试点省，开展紧密型县域医共体建设试点。\n"
        "2023年12月，我委等10部门印发指导意见，提出以省为单位全面推开。\n"
        "问：今年的发布会还有哪些安排？\n"
        "答：2024年1月，我委召开了全国卫生健康工作会议。"
    )
    assert events(gaz, text) == {
        ("2019-09", "launch", ("county_reform",)),
        ("2023-12", "document_issued", ("county_reform",)),
    }


def test_a_numbered_heading_sets_its_paragraphs_programme_and_each_year_is_an_event(gaz):
    text = (
        "第一，紧密型县域医共体。2019年起在部分省份开展试点。\n"
        "第二，基层卫生健康综合试验区。2021年首批8个县（市）入选，2022年第二批新增4个。\n"
        "2023年，某省召开了全省卫生健康工作会议。"
    )
    got = events(gaz, text)
    assert ("2021", "list_announced", ("primary_care_pilot_zone",)) in got
    assert ("2022", "list_announced", ("primary_care_pilot_zone",)) in got
    assert not any(date == "2023" for date, _, _ in got)  # the next paragraph has no topic


def test_a_clause_after_a_semicolon_continues_its_programme(gaz):
    text = (
        "答：2021年，我委在8个县（市）启动了首批基层卫生健康综合试验区建设；2022年，又新增了4个县（市、区）。"
    )
    got = events(gaz, text)
    assert ("2022", "list_announced", ("primary_care_pilot_zone",)) in got


def test_a_batchs_list_is_the_programmes_when_the_article_has_one(gaz):
    text = (
        "记者31日从国家发展改革委了解到，国家区域医疗中心建设项目已达125个。\n"
        "今年7月公布的第五批项目名单共有49家医院。"
    )
    got = events(gaz, text, PublishedAt(2023, 8, 1, 9, 0))
    assert ("2023-07", "list_announced", ("regional_medical_center",)) in got


# ---------------------------------------------------------------- neighbouring programmes


def facts(gaz, text, published=MARCH_28):
    return extract_facts(text, link_entities(text, gaz), published, partnerships=gaz.pairs)


@pytest.mark.parametrize(
    "text",
    [
        "2023年7月，国家卫生健康委公布紧密型城市医疗集团建设试点城市名单，全国共有81个城市入选。",
        "2021年11月，国家卫生健康委公布“千县工程”县医院名单，全国共1233家县医院入选。",
        "另一类是委省共建国家区域医疗中心，省内两家医院于2021年获批委省共建。",
    ],
)
def test_a_neighbours_happenings_and_counts_are_not_ours(gaz, text):
    found = facts(gaz, "国家区域医疗中心和县域医共体建设持续推进。\n" + text)
    assert found.events == ()
    assert found.figures == ()


def test_our_programme_beside_a_neighbour_still_counts(gaz):
    text = "2019年，国家区域医疗中心建设试点启动，与国家医学中心建设相互衔接，首批共确定10个项目。"
    found = facts(gaz, text)
    assert [e.date.iso() for e in found.events] == ["2019"]
    assert [(f.value, f.unit) for f in found.figures] == [("10", "个")]
    # beside ours, a neighbour's own count stays a figure of no programme (context, unpublished)
    text = "目前，全国已设置13个专业类别的国家医学中心，国家区域医疗中心建设项目已达76个。"
    assert {f.value: f.programme for f in facts(gaz, text).figures} == {
        "13": None,
        "76": "regional_medical_center",
    }


def test_a_count_that_will_be_is_not_a_figure(gaz):
    text = "截至目前，国家区域医疗中心建设已覆盖20个省份，今年下半年还将把其余11个省份全部纳入。"
    assert [(f.value, f.unit) for f in facts(gaz, text).figures] == [("20", "个")]


# ---------------------------------------------------------------- pairs and one event per happening


def pairs(gaz, text):
    return {(p.output, p.input) for p in facts(gaz, text).pairs}


def test_the_output_hospital_is_the_one_just_before_its_role_and_the_host_is_no_partner(gaz):
    text = "同济山西医院由同济医院作为输出医院，依托东方市人民医院建设。"
    assert pairs(gaz, text) == {("tongji", "bethune")}


def test_respective_outputs_pair_in_order(gaz):
    text = (
        "这两个项目分别由同济医院、首都医科大学附属北京儿童医院作为输出医院，"
        "共建山西白求恩医院、河南省儿童医院。"
    )
    assert pairs(gaz, text) == {("tongji", "bethune"), ("bch", "henan-children")}


def test_one_year_two_programmes_two_events(gaz):
    text = (
        "2019年，国家区域医疗中心建设试点启动。\n"
        "2019年，国家卫生健康委确定山西等2个省份为紧密型县域医共体建设试点省。"
    )
    got = {(e.date.iso(), e.programmes) for e in facts(gaz, text).events}
    assert got == {("2019", ("regional_medical_center",)), ("2019", ("county_reform",))}


def test_a_visit_to_review_a_programmes_work_is_a_happening(gaz):
    text = (
        "2021年，寿阳县入选首批基层卫生健康综合试验区。\n"
        "8月12日，省卫生健康委调研组来寿阳县调研试验区建设，对当地做法给予肯定。"
    )
    got = {(e.date.iso(), e.kind) for e in facts(gaz, text, PublishedAt(2022, 8, 15, 9, 0)).events}
    assert got == {("2021", "list_announced"), ("2022-08-12", "other")}


def test_the_hospital_an_output_hospital_co_builds_with_is_a_project(gaz):
    text = "同济医院作为输出医院，与山西白求恩医院共建的国家区域医疗中心26日在太原揭牌。"
    assert designations(gaz, text) == {("regional_medical_center", "山西白求恩医院", "project", None)}


def test_no_project_from_co_building_a_neighbour(gaz):
    text = "同济医院作为输出医院，与山西白求恩医院共建的委省共建国家区域医疗中心26日在太原揭牌。"
    assert designations(gaz, text) == set()
