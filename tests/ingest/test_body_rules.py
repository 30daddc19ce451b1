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
