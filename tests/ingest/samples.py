"""Small real-shaped pages written for the tests (facts public, words ours)."""

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}_健康频道_示例网</title></head>
<body>
<div class="nav"><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/health/">健康</a></div>
<h1>{title}</h1>
<div class="info">发布时间：2022-05-18 10:30 来源：示例健康报</div>
<div class="article-content">
<p>记者从省卫生健康委获悉，{lead}</p>
<p>区域医疗中心建设试点于2019年启动，首批试点省份包括河北、山西、辽宁、安徽、福建、河南、云南和新疆。</p>
<p>据介绍，输出医院将派驻管理和技术团队，推动优质医疗资源向输入省份延伸，减少患者跨省就医。</p>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a">某地举办春季运动会</a></li><li><a href="/b">夏季防暑小贴士</a></li></ul></div>
<div class="footer">Copyright 2022 示例网 版权所有</div>
</body></html>
"""

TEXT_DUMP = """首页 > 新闻 > 健康
{title}
发布时间：2021-03-05 16:20 来源：示例日报
（资料图）
{lead}国家区域医疗中心建设项目实施以来，输入省份的疑难重症诊疗能力明显提升。
截至目前，全国已设置76个国家区域医疗中心，覆盖医疗资源相对薄弱的地区。（完）
相关推荐
某市开展交通安全宣传周活动
秋季养生从饮食开始
"""


def html_page(
    *,
    title: str = "国家区域医疗中心建设稳步推进",
    lead: str = "我省区域医疗中心建设取得新进展。",
    charset: str = "utf-8",
) -> str:
    return ARTICLE_HTML.format(title=title, lead=lead, charset=charset)


def text_page(*, title: str = "区域医疗中心建设提升患者就医体验", lead: str = "本报讯 近日，") -> str:
    return TEXT_DUMP.format(title=title, lead=lead)
