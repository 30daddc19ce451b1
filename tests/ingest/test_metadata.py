"""Dates, titles, outlets and credits from strings (no pages, no database)."""

import datetime

import pytest

from articles.ingest import metadata as meta

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("发布时间:2022-09-06 08:15:42 文章来源:某网", "2022-09-06T08:15:42+08:00", "second"),
        ("2019年11月08日12:09  来源:河南新闻广播", "2019-11-08T12:09+08:00", "minute"),
        ("日期：2021年10月26日  点击：1234", "2021-10-26", "day"),
        ("2022/7/1", "2022-07-01", "day"),
        ("2022-07-01T02:30:00Z", "2022-07-01T10:30:00+08:00", "second"),
        ("2022-07-01T10:30+08:00", "2022-07-01T10:30+08:00", "minute"),
        ("1689220800", "2023-07-13T12:00:00+08:00", "second"),
        # official documents and county sites write dates in Chinese numerals
        ("二〇二三年五月八日 来源：县融媒体中心", "2023-05-08", "day"),
        ("发布日期：二○二二年十二月三十一日", "2022-12-31", "day"),
        ("二零二一年十月二十日", "2021-10-20", "day"),
    ],
)
def test_parse_date(text, iso, precision):
    found = meta.parse_date(text, today=TODAY)
    assert found.isoformat() == iso and found.precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "2019-13-01",
        "2023-02-30",
        "2031-01-01",
        "电话 0371-12345678",
        "第2023期",
        "二〇二三年十三月一日",
        "三年五月八日",
    ],
)
def test_implausible_dates_are_ignored(text):
    assert meta.parse_date(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://www.example.gov.cn/art/2021/6/9/art_1234_567.html", "2021-06"),
        ("http://news.example.com/2023-04/14/c_1129521234.htm", "2023-04"),
        ("http://www.example.com/xwzx/202305/t20230523_123.html", "2023-05-23"),
        ("https://example.cn/2022/0518/a.html", "2022-05-18"),
    ],
)
def test_dates_in_urls(url, iso):
    assert meta.date_from_url(url, today=TODAY).isoformat().startswith(iso)


def test_year_of_a_dateline_comes_from_context_not_the_future():
    body = "2019年启动试点。到2030年将全面建成。2023年度大会召开。"
    assert meta.infer_year(6, 17, body, today=TODAY) == 2023
    # A month-day later than today cannot be this year.
    assert meta.infer_year(12, 28, "2026年的工作", today=TODAY) is None
    assert meta.infer_year(12, 28, "2025年和2026年", today=TODAY) == 2025


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("【权威发布】我国国家区域医疗中心建设项目增至76个", "我国国家区域医疗中心建设项目增至76个"),
        ("某地开展专题学习交流|世界快看点", "某地开展专题学习交流"),
        ("县域医共体建设让群众就近看病_天天快播", "县域医共体建设让群众就近看病"),
        ("区域医疗中心建设稳步推进_健康频道_示例网", "区域医疗中心建设稳步推进"),
        ("区域医疗中心建设稳步推进 - 新华网", "区域医疗中心建设稳步推进"),
        ("中新健康|医疗机构加强儿科服务能力建设", "医疗机构加强儿科服务能力建设"),
        ("前一条新闻的标题文字【聚焦】区域医疗中心建设稳步推进", "区域医疗中心建设稳步推进"),
        ("原标题：河南新增两家国家区域医疗中心", "河南新增两家国家区域医疗中心"),
        ("COVID-19疫情后医疗服务恢复情况", "COVID-19疫情后医疗服务恢复情况"),
    ],
)
def test_clean_title(raw, clean):
    assert meta.clean_title(raw) == clean


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("类别:健康 发布时间:2022-03-01 07:00:00 来源:人民资讯", "人民资讯"),
        ("发布时间：2022-05-18 10:30 来源：示例健康报 字号：大 中 小", "示例健康报"),
        ("2022-10-09 11:02:33 来源:新华网客户端", "新华网客户端"),
        ("文章来源：黄河新闻网晋中频道", "黄河新闻网晋中频道"),
        ("来源: 人民网-海南频道  作者: 张三", "人民网-海南频道"),
    ],
)
def test_source_field(line, outlet):
    assert meta.source_field(line) == outlet


def test_reprint_source_and_dateline():
    assert meta.reprint_source("本文转自:人民网-海南频道") == "人民网-海南频道"
    assert meta.dateline("中新网太原6月17日电(记者 范丽芳)国家") == ("中新网", 6, 17)
    assert meta.dateline("新华社北京3月5日电（记者 张三）") == ("新华社", 3, 5)
    assert meta.dateline("人民网海口11月2日电 (记者王晓)11月2日") == ("人民网", 11, 2)
    assert meta.dateline("记者从省发改委了解到") is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("记者 范丽芳", "范丽芳"),
        ("大象新闻·河南新闻广播记者 朱圣宇", "朱圣宇"),
        ("记者李学山", "李学山"),
        ("本报记者 张某某 李某 通讯员 王某", "张某某、李某"),
        ("作者：王五", "王五"),
        ("记者从河南省发改委了解到，方案已经发布", None),
    ],
)
def test_reporters(text, names):
    assert meta.reporter_in(text) == names


def test_sign_off():
    assert meta.sign_off("……等地参观考察。(董奇光)") == "董奇光"
    assert meta.sign_off("……签约仪式。(完)") is None
    assert meta.sign_off("……（记者 张三 李四）") == "张三、李四"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("作者：本报记者 韩雪莹", "韩雪莹"),  # a credit title is skipped, not taken for a name
        ("记者 张三 见习记者 李四", "张三、李四"),
        ("作者：宣传科", None),
    ],
)
def test_reporter_credit_titles(text, names):
    assert meta.reporter_in(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("……看病更方便、更省钱。（县卫健局 供稿）", None),  # a contributor, not a reporter
        ("……参观考察。（宣传科）", None),
        ("……参观考察。（董奇光）", "董奇光"),
    ],
)
def test_sign_off_names_people_only(text, names):
    assert meta.sign_off(text) == names


def test_reprint_source_drops_edition_and_brackets():
    assert meta.reprint_source("本文转载自《浙江日报》2024年1月16日第5版") == "浙江日报"
    assert meta.reprint_source("转自：光明网") == "光明网"


def test_wechat_byline():
    assert meta.wechat_byline("原创 郝丽娜 健康山西 2023-10-12 17:05 发表于山西") == ("郝丽娜", "健康山西")
    assert meta.wechat_byline("健康山西 2023-10-12 17:05 发表于山西") == (None, "健康山西")
    assert meta.wechat_byline("2023-10-12 17:05 来源：健康山西") is None


def test_month_day_time_unlabelled_app_byline():
    assert meta.month_day_time("人民日报客户端 作者：陈静怡 03-11 07:46") == (3, 11, 7, 46)
    assert meta.month_day_time("2024-03-11 07:46") is None  # a full date is parse_date's
    assert meta.outlet_before_date("人民日报客户端 作者：陈静怡 03-11 07:46") == "人民日报客户端"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("文｜财新 周思远 王一然", "周思远、王一然"),  # the outlet before the names is skipped
        ("作者：解放日报 顾晓岚", "顾晓岚"),
        ("界面新闻记者 | 郑可欣", "郑可欣"),
        ("记者 | 陈蔚林  通讯员 | 符小燕", "陈蔚林"),
    ],
)
def test_credit_separators_and_outlets_before_names(text, names):
    assert meta.reporter_in(text) == names


def test_trailing_column_in_brackets_is_dropped_but_not_a_documents_status():
    assert meta.clean_title("让群众在家门口看上大专家（健康焦点）") == "让群众在家门口看上大专家"
    assert meta.clean_title("县域医共体建设管理办法（试行）") == "县域医共体建设管理办法（试行）"


def test_wechat_byline_with_the_ip_place():
    assert meta.wechat_byline("东方卫健 2023年12月08日 18:20 海南") == (None, "东方卫健")
    assert meta.wechat_byline("东方卫健 2023年12月08日") is None  # too little to tell


def test_millisecond_timestamps():
    assert meta.parse_date("1689220800000", today=TODAY).isoformat() == "2023-07-13T12:00:00+08:00"


def test_round_three_title_and_source_rules():
    assert meta.clean_title("封面深镜丨华西专家下沉县医院的三年") == "华西专家下沉县医院的三年"
    assert meta.reprint_source("本文来自：湖南日报") == "湖南日报"
    assert meta.source_field("本文来自：湖南日报") is None  # a reprint note, not the page's own 来源
    assert meta.reporter_in("【作者】 林晓彤；粤卫信") == "林晓彤、粤卫信"
