"""Events, designations, figures and pairs from our own real-shaped sentences."""

import pytest

from articles.ingest.facts import FactDate, extract_facts, sentence_date
from articles.ingest.linking import link_entities
from articles.ingest.records import PublishedAt
from tests.ingest.gazetteer_sample import sample_gazetteer

APRIL_14 = PublishedAt(2023, 4, 14, 9, 30)


@pytest.fixture(scope="module")
def gaz():
    return sample_gazetteer()


def facts_of(gaz, text, published=APRIL_14):
    linked = link_entities(text, gaz)
    return extract_facts(text, linked, published, partnerships=gaz.pairs)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("国家卫生健康委13日举行新闻发布会。", "2023-04-13"),
        ("推进会于3月28日召开。", "2023-03-28"),
        ("推进会于12月28日召开。", "2022-12-28"),  # later than the article: last year
        ("2022年11月，某市被新增为试验区。", "2022-11"),
        ("2019年，国家启动区域医疗中心建设试点。", "2019"),
        ("国家发改委日前发布工作方案。", "2023-04"),
    ],
)
def test_sentence_dates_resolve_against_the_article(text, iso):
    assert sentence_date(text, APRIL_14, None).iso() == iso


def test_plans_and_same_day_references():
    assert sentence_date("到2025年底基本建成。", APRIL_14, None) is None
    assert sentence_date("当日，大会在太原举行。", APRIL_14, FactDate(2023, 4, 12)).iso() == "2023-04-12"
    assert sentence_date("2023年度大会在太原举行。", APRIL_14, None) is None


def test_events_lead_and_dated_programme_sentences(gaz):
    text = (
        "中新网太原4月12日电(记者 王某)4月12日，国家区域医疗中心建设推进会在山西太原举行。\n"
        "2019年，国家提出开展国家区域医疗中心试点建设。会议还安排了参观。"
    )
    events = facts_of(gaz, text).events
    assert [(e.date.iso(), e.text[:8]) for e in events] == [
        ("2023-04-12", "4月12日，国家"),
        ("2019", "2019年，国家"),
    ]
    assert events[0].programmes == ("regional_medical_center",)


def test_designations_by_verb_list_and_representatives(gaz):
    text = (
        "2019年，山西省被确定为首批区域医疗中心建设试点省份，山西白求恩医院成为国家区域医疗中心建设项目。\n"
        "会上，海南省东方市、山西省寿阳县代表分别介绍了推进基层卫生健康综合试验区建设的经验。"
    )
    found = {
        (d.programme, d.target.name, d.date.iso() if d.date else None, d.batch)
        for d in facts_of(gaz, text).designations
    }
    assert found == {
        ("regional_medical_center", "山西", "2019", 1),
        ("regional_medical_center", "山西白求恩医院", "2019", None),  # 首批 is the other clause's
        ("primary_care_pilot_zone", "东方市", None, None),
        ("primary_care_pilot_zone", "寿阳县", None, None),
    }


def test_designation_list_after_the_programme_words(gaz):
    text = "国家发改委印发区域医疗中心建设试点工作方案，试点省份为河南、山西。"
    found = {d.target.name for d in facts_of(gaz, text).designations}
    assert found == {"河南", "山西"}


def test_no_designation_without_a_programme(gaz):
    assert facts_of(gaz, "山西省被确定为全国文明城市创建先进省份。").designations == ()


def test_figures_with_measure_words(gaz):
    text = (
        "截至2022年底，全国已设置76个国家区域医疗中心，87.7%的县医院达到二级医院能力。"
        "同济医院三年间派出600余名专家，山西白求恩医院等4家医院入选，2019年11月8日发布。"
    )
    figures = {(f.value, f.unit): f for f in facts_of(gaz, text).figures}
    assert set(figures) == {("76", "个"), ("87.7", "%"), ("600余", "名"), ("4", "家医院")}
    assert figures[("76", "个")].label == "国家区域医疗中心"
    assert figures[("76", "个")].as_of.iso() == "2022-12"
    assert figures[("600余", "名")].number == 600


def test_a_figure_whose_subject_comes_first_takes_its_label_from_before_it(gaz):
    text = (
        "截至目前，国家区域医疗中心建设项目已达125个，覆盖所有医疗资源薄弱省份。"
        "全省紧密型县域医共体增至86个。试验区总数为30个。"
    )
    labels = {(f.value, f.unit): f.label for f in facts_of(gaz, text).figures}
    assert labels == {
        ("125", "个"): "国家区域医疗中心建设项目",
        ("86", "个"): "全省紧密型县域医共体",
        ("30", "个"): "试验区",
    }


def test_pairs_from_known_partnerships_and_output_sentences(gaz):
    text = "同济医院作为国家区域医疗中心建设输出单位，向山西白求恩医院派出专家。"
    pairs = facts_of(gaz, text).pairs
    assert [(p.output, p.input) for p in pairs] == [("tongji", "bethune")]


NOV_2 = PublishedAt(2022, 11, 2, 10, 0)


@pytest.mark.parametrize(
    ("text", "previous", "iso"),
    [
        # a month without its year, against the article's date or the sentence before
        ("今年2月，某医院在南昌举行揭牌仪式。", None, "2022-02"),
        ("去年10月，该县通过省级评估。", None, "2021-10"),
        ("10月，三部门公布第四批建设项目名单。", None, "2022-10"),
        ("12月，三部门公布第四批建设项目名单。", None, "2021-12"),  # after the article: last year
        ("同年10月，该院进入首批试点项目名单。", FactDate(2019, 8, 16), "2019-10"),
        ("2019年10月，该院进入首批试点项目名单。", None, "2019-10"),
        # the day the reporter was told, when the sentence dates nothing else
        ("记者1日从国家发展改革委了解到，建设项目已达125个。", None, "2022-11-01"),
        ("记者1日获悉，该院10月30日正式揭牌。", None, "2022-10-30"),
        # a date qualifying a noun dates a sentence about what is, not one about what will be
        ("今年7月公布的第五批项目名单共有49家医院。", None, "2022-07"),
    ],
)
def test_months_without_years_and_reported_days(text, previous, iso):
    assert sentence_date(text, NOV_2, previous).iso() == iso


@pytest.mark.parametrize(
    "text", ["项目建设周期为36个月。", "1-10月，全县门诊量稳步增长。", "力争到10月完成主体工程。"]
)
def test_what_is_not_a_month_date(text):
    assert sentence_date(text, NOV_2, None) is None


def test_a_signing_and_the_same_years_listing_are_events(gaz):
    text = (
        "2019年8月16日，山西省人民政府与同济医院签订合作协议，同济医院作为输出医院，共建国家区域医疗中心。\n"
        "同年10月，山西白求恩医院进入首批国家区域医疗中心试点项目名单。"
    )
    events = {e.date.iso(): e.kind for e in facts_of(gaz, text, NOV_2).events}
    assert events == {"2019-08-16": "signing", "2019-10": "list_announced"}
