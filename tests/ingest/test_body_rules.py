"""Line rules of the body finder and the extractor on small real-shaped pages (no database)."""

import datetime

from articles.ingest.body import find_body, is_caption, is_paragraph
from articles.ingest.extract import extract_article
from articles.ingest.records import PageText

TODAY = datetime.date(2026, 11, 22)
PARAGRAPH = (
    "为深入推进紧密型县域医疗卫生共同体建设，省卫生健康委会同有关部门制定了实施方案，"
    "明确了建设目标、重点任务和保障措施，各地正按照方案要求抓好落实。"
)


def test_a_quoted_headline_is_not_a_paragraph():
    assert not is_paragraph("县域医改走进第七年：山西县级医疗集团如何把“大病”留在县里")
    assert is_paragraph("记者从会上获悉，山西县级医疗集团把“大病”留在县里的做法已在全省推开。")


def test_captions_by_their_credit_wording():
    assert is_caption("摄影 赵建军")
    assert is_caption("长兴县人民医院专家在乡镇卫生院为群众看诊。（图片由受访单位提供）")
    assert is_caption("海量新闻资讯，欢迎扫描左侧二维码关注新浪新闻官方微信（xinlang-xinwen）")
    assert not is_caption(PARAGRAPH)


def test_body_starts_after_a_dumps_body_label_and_never_on_a_field_line():
    lines = [
        "标题：县域医共体建设观察",
        "关键词：医共体;县域医改;基层卫生;分级诊疗;家庭医生签约服务;慢病管理;远程医疗;医保支付",
        "摘要：" + PARAGRAPH,
        "正文：",
        PARAGRAPH,
        PARAGRAPH,
    ]
    assert find_body(lines) == (4, 5)


def test_the_publication_date_label_wins_over_the_documents_own_date():
    lines = (
        "某某省卫生健康委员会",
        "关于进一步推进县域医共体建设的政策解读",
        "成文日期：2023-03-28",
        "发布日期：2023-04-02",
        PARAGRAPH,
        PARAGRAPH,
    )
    article = extract_article(PageText(lines=lines), today=TODAY)
    assert article.published.isoformat() == "2023-04-02"
    one_line = (lines[0], lines[1], "成文日期：2023-03-28 发布日期：2023-04-02 来源：省卫健委", *lines[4:])
    assert extract_article(PageText(lines=one_line), today=TODAY).published.isoformat() == "2023-04-02"


def test_a_brief_with_a_related_list_is_still_an_article():
    """One short paragraph above ten dated related items is a brief, not an index page."""
    brief = (
        "本报讯 近日，寿阳县医疗集团组织专家到乡镇卫生院开展义诊，为群众测量血压、血糖并讲解慢病用药知识。"
    )
    related = [f"2023-10-{day:02d} 县医疗集团开展第{day}期健康讲座" for day in range(1, 11)]
    lines = ("寿阳县医疗集团专家下乡义诊", "2023-10-12 09:30 来源：晋中日报", brief, "相关新闻", *related)
    article = extract_article(PageText(lines=lines), today=TODAY)
    assert article.body == (brief,)


def test_hard_wrapped_pdf_text_is_unwrapped_and_page_furniture_dropped():
    from articles.ingest.parse import parse_text

    wrapped = [
        "为贯彻落实有关要求，及时掌握各地紧密型县域医疗卫生共同体建",
        "设进展，现将有关事项通知如下。",  # a paragraph's last line is short
        "监测范围为全国所有开展县域医共体建设的县（市、旗），以县域",
        "为单位填报，已纳入试点的县和综合试验区所在县要全面准确填报，",
        "— 1 —",
        "\f国卫办基层函〔2024〕58号",
        "不得漏报、迟报。",
        "监测内容主要包括县域医共体组建和运行情况、责权清单落实情况、",
        "家庭医生签约服务和慢性病管理情况、基层诊疗量占比变化情况，以",
        "及乡镇卫生院和村卫生室一体化管理的推进情况、信息系统建设情况、",
        "人员统筹使用情况、医保支付方式改革情况、县域内就诊率等内容，",
        "各地要按时报送，省级卫生健康行政部门审核后统一提交至我委，逾",
        "期不再受理。",
        "— 2 —",
        "\f国卫办基层函〔2024〕58号",
        "联系人：基层司",
    ]
    lines = parse_text("国卫办基层函〔2024〕58号\n" + "\n".join(wrapped)).lines
    assert lines[1].endswith("现将有关事项通知如下。")
    assert lines[2].endswith("不得漏报、迟报。")  # joined across the page break
    assert "— 1 —" not in lines and lines.count("国卫办基层函〔2024〕58号") == 1


def test_a_list_of_headlines_of_one_width_is_not_unwrapped():
    from articles.ingest.parse import parse_text

    headlines = [f"第{n}批国家区域医疗中心建设项目医院完成年度评估工作启动" for n in range(1, 11)]
    assert list(parse_text("\n".join(headlines)).lines) == headlines


def test_markdown_export_reads_as_plain_lines():
    from articles.ingest.parse import parse_text

    text = (
        "---\ncreated: 2023-06-03T10:22:41\nsource: https://example.cn/news/2023-06/01/1.html\n---\n\n"
        "# 国家区域医疗中心建设四年间\n\n**来源：**大河报  **发布时间：**2023-06-01 09:15\n\n"
        "> 导语一句话的内容，写在正文之前，概括全文的主要内容，方便读者快速了解文章讲了什么事情。\n\n"
        "![图片](https://example.cn/a.jpg)\n\n"
        "据[国家卫生健康委](https://www.nhc.gov.cn/)介绍，建设国家区域医疗中心是为了推动优质医疗资源扩容。\n"
    )
    page = parse_text(text)
    assert page.hints.url == "https://example.cn/news/2023-06/01/1.html"
    assert page.lines[0] == "国家区域医疗中心建设四年间"
    assert page.lines[1] == "来源：大河报  发布时间：2023-06-01 09:15"
    assert page.lines[2].startswith("导语：")
    assert page.lines[3].startswith("据国家卫生健康委介绍")


def test_a_body_longer_than_any_article_is_refused_before_segmenting_it():
    import pytest

    from articles.ingest.extract import MAX_BODY_CHARS
    from articles.ingest.records import PageError

    lines = (
        "一个超长页面的标题",
        "2023-10-12 09:30 来源：某某网",
        *[PARAGRAPH] * (MAX_BODY_CHARS // len(PARAGRAPH) + 1),
    )
    with pytest.raises(PageError, match="more than any news article"):
        extract_article(PageText(lines=lines), today=TODAY)


def test_xhtml_prolog_parses_without_a_warning(recwarn):
    from articles.ingest.parse import parse_html

    page = parse_html(
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>' + PARAGRAPH + "</p></body></html>"
    )
    assert PARAGRAPH in page.lines
    assert not [w for w in recwarn if "XML" in str(w.message)]


def test_a_feed_of_several_items_is_refused_with_its_count():
    import pytest

    from articles.ingest.parse import parse_feed
    from articles.ingest.records import PageError

    items = "".join(f"<item><title>第{n}条</title><description>摘要</description></item>" for n in range(3))
    with pytest.raises(PageError, match="news feed of 3 items"):
        parse_feed(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>某网</title>{items}</channel></rss>'
        )


def test_an_e_paper_masthead_gives_the_issue_date_and_the_paper():
    lines = (
        "贵州日报 2023年10月30日 星期一 第05版：健康贵州",
        "县域医共体让山区群众就近看好病",
        PARAGRAPH,
        PARAGRAPH,
    )
    article = extract_article(PageText(lines=lines), today=TODAY)
    assert article.published.isoformat() == "2023-10-30"
    assert article.outlet == "贵州日报"
