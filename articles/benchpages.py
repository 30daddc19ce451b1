"""Real-size news pages for `manage.py bench_import`, generated (plain Python, no database).

Every page is built afresh from a seed: its title, date, places, hospitals, reporter, the
number and order of its paragraphs and the size of its chrome all vary, in the shapes the
importer meets (a government TRS page, a provincial commission, a county bureau in GBK,
a hospital CMS, Xinhua, People's Daily Online, WeChat, Baijiahao, The Paper, NetEase,
Sohu, a newspaper e-edition, and text dumps). The HTML pages weigh 30–150 KB, most of it
chrome as on the real sites: navigation, breadcrumbs, lists of related and popular
stories with their dates, share bars, advertising slots, footers, inline scripts and
styles. All sentences are written for this file; the names of provinces, hospitals and
programmes come from the reference data in `fixtures/`, so linking has real work to do.
"""

from __future__ import annotations

import datetime
import html
import json
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Names:
    provinces: list[dict]
    hospitals: dict[str, dict]
    pairs: list[tuple[dict, dict, str, int]]  # output, input, field, batch
    programmes: list[str]


def load_names(folder: Path = FIXTURES) -> Names:
    provinces = json.loads((folder / "provinces.json").read_text())
    data = json.loads((folder / "hospitals.json").read_text())
    hospitals = {h["slug"]: h for h in data["hospitals"]}
    pairs = [
        (hospitals[p["output"]], hospitals[p["input"]], p.get("field") or "综合", p.get("batch") or 1)
        for p in data["partnerships"]
        if p["output"] in hospitals and p["input"] in hospitals
    ]
    programmes = []
    for p in json.loads((folder / "programmes.json").read_text()):
        programmes += [p["name"], *p.get("aliases", [])[:3]]
    return Names(provinces, hospitals, pairs, programmes)


# ---------------------------------------------------------------------------- text

TITLES = (
    "{in_short}{field}区域医疗中心{stage}",
    "{province_short}：{out_short}“下沉”{city}，{field}重症患者不再外转",
    "国家区域医疗中心建设项目在{city}{stage}",
    "{out_short}与{in_short}共建{field}专科联盟 首批专家进驻",
    "{year}年{province_short}推进优质医疗资源扩容下沉工作综述",
    "家门口看名医：{city}{field}诊疗水平实现跨越",
    "{province}召开区域医疗中心建设推进会",
    "{in_}新院区{stage}，床位增至{beds}张",
    "{programme}：{province_short}第{batch}批项目进展顺利",
    "{county}县域医共体建设观察：{field}专家每周到基层坐诊",
    "从“跨省求医”到“就近就医”——{city}的{year}年",
    "{out_short}专家团队入驻{in_short}满{months}个月",
)
STAGES = ("正式揭牌", "开工建设", "主体封顶", "投入使用", "通过评估", "签约落地", "开诊运行", "完成验收")
PARAGRAPHS = (
    "{date}，{out}与{in_}签署合作协议，双方将围绕{field}学科共建区域医疗中心，"
    "由输出医院派驻管理和技术团队常驻{city}开展工作。",
    "据介绍，项目总投资约{money}亿元，规划床位{beds}张，建设内容包括门急诊楼、医技楼和科研教学用房，"
    "计划{year2}年底前完成主体工程。",
    "{in_short}相关负责人介绍，输出医院已先后派出{people}名专家，开展新技术新项目{items}项，"
    "其中{items2}项为省内首次开展。",
    "“以前孩子做个复查都要坐一整天车去外省，现在在家门口就能挂上专家号。”来自{county}的一位患者家属说。",
    "今年以来，{province}卫生健康部门把优质医疗资源扩容下沉作为重点工作，先后出台{docs}份配套文件，"
    "在财政投入、人事编制、医保支付等方面给予支持。",
    "统计显示，{year}年{province_short}患者跨省就医人次较项目启动前下降{pct}%，"
    "{field}专科疑难危重病例的本地收治比例明显提高。",
    "在学科建设上，双方组建了{field}、重症医学、医学影像等{teams}个专科团队，实行同质化管理，"
    "统一诊疗规范、护理流程和质量控制标准。",
    "据悉，该项目列入第{batch}批国家区域医疗中心建设项目名单，是{province_short}较早获批的项目之一。",
    "下一步，{city}将继续完善配套政策，加快紧密型县域医共体建设，推动专家、技术和管理向{county}等基层延伸。",
    "记者在现场看到，新院区门诊大厅秩序井然，自助机前排队的患者不多，导诊人员正在为老年人指引就诊路线。",
    "{out_short}负责人在座谈时表示，将按照“一院多区、同质管理”的思路，把成熟的管理制度和技术体系完整带过来，"
    "让当地群众享受到与总院同样水平的服务。",
    "医院还与{schools}所医学院校合作开展住院医师规范化培训，累计为本地培养骨干医师{people2}人，"
    "派出进修人员{people}人次。",
    "截至{date}，{in_short}今年已完成各类手术{surgeries}台，其中三、四级手术占比达到{pct2}%，"
    "平均住院日较去年同期缩短{days}天。",
    "远程会诊中心开通后，{county}人民医院可以随时与{out_short}专家视频连线，一年来完成远程会诊{remote}例、"
    "远程影像诊断{remote2}例。",
    "会议要求，各地各部门要压实主体责任，按月调度项目进度，协调解决用地、审批和人才引进中的具体问题，"
    "确保项目按期建成投用、尽快发挥作用。",
    "在人才引进方面，{city}为进驻专家提供住房、子女入学和科研启动经费等保障，先后引进博士{phd}名、"
    "高级职称人员{senior}名。",
    "{reporter}了解到，{in_short}{field}中心自运行以来，门诊量年均增长{pct}%，"
    "外地转诊患者中有相当一部分来自周边省份。",
    "与此同时，当地医保部门将区域医疗中心纳入异地就医直接结算定点范围，"
    "并对按病种付费的{items}个病种单独核定支付标准。",
    "业内人士认为，区域医疗中心不是简单地“挂牌子”，关键在于管理、技术和品牌的真正输出，"
    "以及当地医疗队伍能力的持续提升。",
    "在{date}举行的推进会上，{province}发展改革委通报了全省{teams}个在建项目的进展情况，"
    "并对下一阶段的建设任务作出安排。",
    "多学科诊疗门诊每周开设{days}个半天，由{out_short}与本地专家共同接诊，为复杂病例制定一体化的治疗方案。",
    "此外，医院建成了覆盖{county}等{teams}个县区的胸痛、卒中、创伤救治网络，急危重症患者的救治时间明显缩短。",
    "在科研合作方面，双方联合申报省部级课题{items2}项，共建临床研究数据平台，"
    "并计划在{year2}年前建成一个省级重点实验室。",
    "不少患者对就医体验的变化感受明显：挂号、缴费、取报告都可以在手机上完成，"
    "住院病房增加了陪护床位和适老化设施。",
)
# Most sentences of a story carry no figure (as in the news: about one in three does).
PLAIN_PARAGRAPHS = (
    "{in_short}坚持以患者为中心，把改善就医感受作为检验建设成效的重要标准，持续优化门诊流程和住院服务。",
    "输出医院的学科带头人定期到{city}查房、带教和手术示教，本地医生在实践中逐步掌握了复杂手术的关键技术。",
    "项目建设中，当地政府在用地保障、规划审批和配套道路建设方面开辟绿色通道，实行专人跟踪服务。",
    "{province}有关部门负责人表示，将以区域医疗中心建设为牵引，带动全省医疗服务能力整体提升，"
    "努力实现大病重病在本省解决。",
    "医院同步推进信息化建设，实现与输出医院电子病历、检查检验结果的互联互通和互认共享。",
    "在护理管理方面，医院引入了输出医院的护理质量评价体系，推行责任制整体护理，护理服务满意度稳步提高。",
    "专家认为，区域医疗中心要立足区域需求，找准薄弱学科，避免同质化建设，真正把优质资源留在当地。",
    "{county}一位基层医生说，通过进修学习和远程培训，自己对常见病、多发病的规范化诊疗有了更深的认识。",
    "医院党委书记介绍，医院把人才培养作为长远之计，建立了导师制和梯队培养机制，让本地人才“留得住、用得好”。",
    "据了解，{city}正在谋划建设医学科技创新平台，推动临床研究成果在本地转化应用。",
    "为方便外地患者，医院在门诊设立了异地就医服务窗口，提供政策咨询、备案办理和结算指导等一站式服务。",
    "活动现场，来自{out_short}的专家为群众提供了健康咨询，并就慢性病防治和合理用药进行了科普讲解。",
    "记者了解到，{in_short}的急诊、重症和麻醉等平台科室已按输出医院标准完成改造，为开展高难度手术打下基础。",
    "下一步，双方将在学科共建、人才共育、科研共享等方面深化合作，推动区域医疗中心建设取得更大成效。",
    "当地卫生健康部门要求，各医疗机构要加强医疗质量安全管理，落实核心制度，守住医疗安全底线。",
    "不少患者表示，专家号比以前好挂了，检查排队时间也短了，看病不再需要长途奔波。",
    "{province_short}各地在推进项目建设的同时，注重发挥辐射带动作用，通过专科联盟和医联体把服务延伸到县乡。",
    "业内人士指出，医疗资源布局调整是一项长期工作，需要在体制机制上持续探索，形成可复制可推广的经验。",
)
OTHER_PARAGRAPHS = (
    "另据了解，当地今年还将新建社区卫生服务站{items}个，改造提升乡镇卫生院{teams}所。",
    "活动期间，义诊专家共接诊群众{remote}人次，发放健康宣传资料{remote2}余份。",
    "（本文图片由{in_short}提供）",
    "相关链接：国家区域医疗中心建设自{year0}年启动试点以来，已分批在多个省份布局建设。",
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宁波凯晨阳雪梅琳晓宇浩然思雨嘉欣"
OUTLETS = ("健康报", "人民日报", "经济日报", "光明日报", "中国青年报", "新华每日电讯", "中国经济导报")
FIELDS_EXTRA = ("心血管", "肿瘤", "儿科", "神经", "呼吸", "创伤", "妇产", "骨科", "精神", "口腔")
WORDS = ("首页", "要闻", "时政", "地方", "健康", "财经", "社会", "教育", "科技", "文旅", "视频", "图片", "专题",
         "评论", "政务", "民生", "法治", "国际", "军事", "体育", "汽车", "房产", "数据", "直播", "理论", "党建")  # fmt: skip
RELATED = (
    "{province_short}出台措施推动公立医院高质量发展",
    "{city}启动新一轮基层医疗卫生服务能力提升行动",
    "{field}专科联盟年会在{city}召开",
    "全国卫生健康工作会议部署{year}年重点任务",
    "{out_short}援建项目交付使用",
    "医保异地就医直接结算范围进一步扩大",
    "{province_short}公布第{batch}批省级临床重点专科名单",
    "县级医院综合能力提升工程取得阶段性成效",
    "家庭医生签约服务覆盖面持续扩大",
    "智慧医院建设评价结果发布",
    "{county}乡村医生队伍建设情况调研",
    "{in_short}开展“服务百姓健康行动”大型义诊",
)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _cn_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class Page:
    """The variable parts of one generated page."""

    def __init__(self, names: Names, rng: random.Random) -> None:
        self.rng = rng
        out, in_, field, batch = rng.choice(names.pairs)
        province = next((p for p in names.provinces if p["slug"] == in_.get("province")), names.provinces[0])
        self.date = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randrange(7 * 365))
        self.time = datetime.time(rng.randrange(7, 22), rng.randrange(60), rng.randrange(60))
        self.reporter = _person(rng)
        self.slots = {
            "out": out["name"],
            "out_short": rng.choice([out["name"], *out.get("aliases", [])[:2]]),
            "in_": in_["name"],
            "in_short": rng.choice([in_["name"], *in_.get("aliases", [])[:2]]),
            "field": field if rng.random() < 0.7 else rng.choice(FIELDS_EXTRA),
            "batch": batch,
            "province": province["name"],
            "province_short": province["short_name"],
            "city": in_.get("city") or province["short_name"],
            "county": rng.choice(names.provinces)["short_name"] + rng.choice("东西南北新永长安平宁") + "县",
            "programme": rng.choice(names.programmes),
            "date": _cn_date(self.date - datetime.timedelta(days=rng.randrange(1, 40))),
            "year": self.date.year,
            "year0": 2019,
            "year2": self.date.year + rng.randrange(1, 3),
            "stage": rng.choice(STAGES),
            "reporter": f"记者{self.reporter}",
            "months": rng.randrange(3, 30),
        }
        for key, (lo, hi) in {
            "money": (3, 40), "beds": (300, 2000), "people": (12, 260), "people2": (20, 400),
            "items": (5, 90), "items2": (1, 30), "docs": (2, 12), "pct": (5, 45), "pct2": (30, 80),
            "teams": (3, 16), "schools": (1, 5), "surgeries": (2000, 40000), "days": (1, 4),
            "remote": (300, 9000), "remote2": (800, 30000), "phd": (5, 80), "senior": (10, 200),
        }.items():  # fmt: skip
            self.slots[key] = rng.randrange(lo, hi)
        self.title = rng.choice(TITLES).format(**self.slots)
        # 6–20 paragraphs of one to three sentences, in a fresh order each time, most of
        # them without figures (the sentences come round again in the longest stories).
        pool = list(PLAIN_PARAGRAPHS) + rng.sample(PARAGRAPHS, rng.randrange(3, 9))
        rng.shuffle(pool)
        self.paragraphs = []
        for _ in range(rng.randrange(6, 21)):
            sentences = [
                pool.pop() if pool else rng.choice(PLAIN_PARAGRAPHS) for _ in range(rng.choice((1, 2, 2, 3)))
            ]
            self.paragraphs.append("".join(self._fill(s) for s in sentences))
        if rng.random() < 0.5:
            self.paragraphs.append(self._fill(rng.choice(OTHER_PARAGRAPHS)))
        self.outlet = rng.choice(OUTLETS)

    def _fill(self, template: str) -> str:
        slots = dict(self.slots)
        for key in ("people", "items", "pct", "remote", "remote2", "surgeries"):
            slots[key] = self.rng.randrange(2, 2 * slots[key] + 3)
        return template.format(**slots)

    def stamp(self, sep: str = "-", seconds: bool = True) -> str:
        d, t = self.date, self.time
        clock = f"{t.hour:02d}:{t.minute:02d}" + (f":{t.second:02d}" if seconds else "")
        return f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d} {clock}"

    def other_title(self) -> str:
        rng = self.rng
        slots = dict(self.slots, year=rng.randrange(2018, 2026), batch=rng.randrange(1, 6))
        return rng.choice(RELATED + TITLES).format(**slots)

    def other_date(self) -> datetime.date:
        return self.date - datetime.timedelta(days=self.rng.randrange(0, 400))

    # -- chrome ------------------------------------------------------------------

    def href(self, host: str) -> str:
        d = self.other_date()
        return f"https://{host}/{d.year}{d.month:02d}/t{d:%Y%m%d}_{self.rng.randrange(10**6, 10**7)}.html"

    def nav(self, host: str, css: str = "nav") -> str:
        rng = self.rng
        links = "".join(
            f'<li><a href="https://{host}/{rng.choice(WORDS).encode().hex()[:8]}/" target="_blank">{w}</a></li>'
            for w in rng.sample(WORDS, rng.randrange(8, len(WORDS)))
        )
        return f'<div class="{css}"><ul>{links}</ul></div>'

    def related(self, host: str, heading: str, css: str, n: int | None = None) -> str:
        rng = self.rng
        n = n or rng.randrange(6, 20)
        items = "".join(
            f'<li><a href="{self.href(host)}" title="{html.escape(t)}">{html.escape(t)}</a>'
            f'<span class="date">{d:%Y-%m-%d}</span></li>'
            for t, d in ((self.other_title(), self.other_date()) for _ in range(n))
        )
        return f'<div class="{css}"><h3>{heading}</h3><ul>{items}</ul></div>'

    def share(self) -> str:
        sites = ("weixin", "tsina", "qzone", "douban", "copy")
        return (
            '<div class="share-bar bdsharebuttonbox">分享到：'
            + "".join(f'<a href="#" class="bds_{s}" data-cmd="{s}" title="分享到{s}"></a>' for s in sites)
            + "</div>"
        )

    def ads(self, n: int = 2) -> str:
        rng = self.rng
        return "".join(
            f'<div class="ad-slot" id="ad_{rng.randrange(10**5)}"><a href="https://ad.example.cn/c?{rng.randrange(10**9)}">'
            f'<img src="https://img.example.cn/ad/{rng.randrange(10**8)}.jpg" alt="广告" width="300" height="250"></a></div>'
            for _ in range(n)
        )

    def script(self, size: int) -> str:
        """Inline script of about `size` characters (trackers, configs, minified helpers)."""
        rng = self.rng
        parts = ["<script>(function(w,d){var c={"]
        length = 0
        while length < size:
            key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(3, 9)))
            value = rng.choice(
                (
                    f'"{rng.randrange(10**12):x}"',
                    str(rng.randrange(10**6)),
                    f'function(e){{return e&&e.{key}?e.{key}.split(",")[{rng.randrange(4)}]:null}}',
                    f'["{key}_{rng.randrange(999)}","{key}_{rng.randrange(999)}",{rng.randrange(99)}]',
                )
            )
            piece = f"{key}{rng.randrange(99)}:{value},"
            parts.append(piece)
            length += len(piece)
        parts.append("_:0};w.__cfg=c;})(window,document);</script>")
        return "".join(parts)

    def style(self, size: int) -> str:
        rng = self.rng
        rules, length = [], 0
        while length < size:
            rule = (
                f".m{rng.randrange(10**4)} .c{rng.randrange(10**3)}{{margin:{rng.randrange(30)}px;"
                f"color:#{rng.randrange(16**6):06x};font-size:{rng.randrange(10, 30)}px}}"
            )
            rules.append(rule)
            length += len(rule)
        return "<style>" + "".join(rules) + "</style>"

    def filler(self, host: str, room: int) -> str:
        """Chrome to bring a page up to its size: more lists of stories and more scripts."""
        parts, length = [], 0
        while length < room:
            if self.rng.random() < 0.5:
                piece = self.related(
                    host, self.rng.choice(("热点推荐", "图片新闻", "专题专栏", "排行榜")), "hot-list"
                )
            else:
                piece = self.script(self.rng.randrange(2000, 9000))
            parts.append(piece)
            length += len(piece.encode())
        return "".join(parts)

    def paras(self, open_tag: str = "<p>", close: str = "</p>") -> str:
        return "".join(f"{open_tag}{html.escape(p)}{close}" for p in self.paragraphs)


# ---------------------------------------------------------------------------- shapes


def _head(page: Page, title: str, extra: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{html.escape(title)}</title>{extra}{page.style(page.rng.randrange(1500, 6000))}"
        f"{page.script(page.rng.randrange(1000, 4000))}</head>"
    )


def _footer(page: Page, org: str) -> str:
    rng = page.rng
    return (
        f'<div class="footer"><p>主办单位：{org}　承办：{org}信息中心</p>'
        f"<p>网站标识码：{rng.randrange(10**9, 10**10)}　{rng.choice(('京', '豫', '滇', '黔', '晋'))}ICP备"
        f"{rng.randrange(10**7, 10**8)}号-{rng.randrange(1, 9)}　公网安备 {rng.randrange(10**13, 10**14)}号</p>"
        '<p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p></div>'
    )


INDENT = "<p style='text-indent:2em'>"


def gov_trs(page: Page) -> tuple[str, str]:
    host = "www.nhc.gov.cn"
    org = page.rng.choice(("国家卫生健康委员会", "国家发展和改革委员会", "国家中医药管理局"))
    meta = (
        f'<meta name="ArticleTitle" content="{html.escape(page.title)}">'
        f'<meta name="PubDate" content="{page.stamp(seconds=False)}">'
        f'<meta name="ContentSource" content="{org}">'
    )
    body = (
        f"<body>{page.nav(host, 'header-nav')}<div class='crumb'>当前位置：首页 &gt; 工作动态</div>"
        f'<div class="content"><h1 class="tit">{html.escape(page.title)}</h1>'
        f'<div class="source">发布时间：{page.stamp(seconds=False)}　来源：{org}</div>'
        f'<div class="TRS_Editor">{page.paras(INDENT)}</div>'
        f"{page.share()}</div>{page.related(host, '相关链接', 'relate-list')}"
    )
    return _head(page, f"{page.title}_{org}", meta) + body, f"{_footer(page, org)}</body></html>"


def province_commission(page: Page) -> tuple[str, str]:
    s = page.slots
    host, org = "wsjkw.example.gov.cn", f"{s['province']}卫生健康委员会"
    meta = f'<meta name="pubdate" content="{page.stamp()}"><meta name="source" content="{org}">'
    body = (
        f"<body>{page.nav(host)}<div class='position'>当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div>"
        f'<div class="main"><div class="article-title">{html.escape(page.title)}</div>'
        f'<div class="info"><span>来源：{org}</span><span>发布日期：{page.date:%Y-%m-%d}</span>'
        f'<span>【字体：大 中 小】</span></div><div class="article-content">{page.paras()}</div>'
        f'<div class="print">【打印本页】【关闭窗口】</div></div>{page.related(host, "相关文章", "side-news")}'
    )
    return _head(page, page.title, meta) + body, f"{_footer(page, org)}</body></html>"


def county_bureau(page: Page) -> tuple[str, str]:
    """An old table layout, in GBK."""
    s = page.slots
    host, org = "www.example-county.gov.cn", f"{s['county']}卫生健康局"
    rows = "".join(f"<tr><td height='28'>{html.escape(p)}</td></tr>" for p in page.paragraphs)
    body = (
        f'<body><table width="980" align="center"><tr><td>{page.nav(host)}</td></tr></table>'
        f'<table width="980" align="center"><tr><td class="title" align="center">{html.escape(page.title)}</td></tr>'
        f'<tr><td align="center">发布时间：{page.date:%Y年%m月%d日}  信息来源：{org}  作者：{page.reporter}</td></tr>'
        f'<tr><td><div id="zoom"><table>{rows}</table></div></td></tr></table>'
        f"{page.related(host, '相关信息', 'links')}"
    )
    return _head(page, page.title, charset="gb2312") + body, f"{_footer(page, org)}</body></html>"


def hospital_cms(page: Page) -> tuple[str, str]:
    s = page.slots
    host = "www.example-hospital.cn"
    body = (
        f"<body><div class='top-bar'>{s['in_']}  官方网站  预约挂号  就诊指南</div>{page.nav(host)}"
        f'<div class="news_detail"><h2 class="news_title">{html.escape(page.title)}</h2>'
        f'<div class="news_info">发布者：宣传科　发布时间：{page.stamp()}　点击数：{page.rng.randrange(100, 9999)}</div>'
        f'<div class="article_content">{page.paras("<p><span style=font-size:16px>", "</span></p>")}</div></div>'
        f"{page.related(host, '医院新闻', 'sidebar')}"
    )
    return _head(page, f"{page.title}-{s['in_']}") + body, f"{_footer(page, s['in_'])}</body></html>"


def xinhua(page: Page) -> tuple[str, str]:
    host = "www.news.cn"
    d = page.date
    first = f"新华社{page.slots['city']}{d.month}月{d.day}日电（记者 {page.reporter}）"
    page.paragraphs[0] = first + page.paragraphs[0]
    body = (
        f'<body>{page.nav(host, "nav-top")}<div class="header"><div class="header-time">'
        f'<span class="year"><em>{d.year}</em></span><span class="day"><em>{d.month:02d}</em>/<em>{d.day:02d}</em></span>'
        f'<span class="time">{page.time:%H:%M:%S}</span></div><div class="head-line"><h1><span class="title">'
        f'{html.escape(page.title)}</span></h1></div><div class="source">来源：新华网</div></div>'
        f'<div class="main"><div id="detail">{page.paras()}<div class="editor">【责任编辑：{_person(page.rng)}】</div>'
        f"</div>{page.share()}</div>{page.related(host, '相关新闻', 'relatedNews')}"
    )
    return _head(page, f"{page.title}-新华网") + body, f"{_footer(page, '新华网')}</body></html>"


def people_cn(page: Page) -> tuple[str, str]:
    host = "health.people.com.cn"
    body = (
        f'<body>{page.nav(host, "rm_nav")}<div class="layout rm_txt cf"><div class="col col-1 fl">'
        f'<h1>{html.escape(page.title)}</h1><div class="col-1-1 fl">{page.stamp(seconds=False)} | 来源：'
        f'<a href="https://paper.people.com.cn/">{page.outlet}</a></div>'
        f'<div class="rm_txt_con cf">{page.paras("<p style=text-indent: 2em;>")}'
        f'<div class="edit cf">(责编：{_person(page.rng)}、{_person(page.rng)})</div></div>{page.share()}</div>'
        f'<div class="col col-2 fr">{page.related(host, "热门排行", "rank")}</div></div>'
    )
    return _head(page, f"{page.title}--健康·生活--人民网") + body, f"{_footer(page, '人民网')}</body></html>"


def wechat(page: Page) -> tuple[str, str]:
    rng = page.rng
    account = page.slots["city"] + rng.choice(("健康", "卫健", "发布", "医讯"))
    ct = int(datetime.datetime.combine(page.date, page.time).timestamp())
    extra = (
        f'<meta property="og:title" content="{html.escape(page.title)}"><meta property="og:type" content="article">'
        f'<script>var ct = "{ct}";var nickname = "{account}";</script>'
    )
    sections = "".join(
        f'<section style="margin:{rng.randrange(20)}px 0"><p style="line-height:1.75em"><span style="font-size:15px">'
        f"{html.escape(p)}</span></p></section>"
        for p in page.paragraphs
    )
    body = (
        f'<body id="activity-detail"><div id="js_article" class="rich_media"><div class="rich_media_inner">'
        f'<h1 class="rich_media_title" id="activity-name">{html.escape(page.title)}</h1>'
        f'<div id="meta_content"><a id="js_name">{account}</a><em id="publish_time"></em></div>'
        f'<div class="rich_media_content" id="js_content">{sections}</div>'
        f'<div class="rich_media_tool">阅读 {rng.randrange(100, 99999)}　在看 {rng.randrange(100)}</div></div></div>'
    )
    return _head(page, "", extra) + body, "</body></html>"


def baijiahao(page: Page) -> tuple[str, str]:
    rng = page.rng
    account = page.slots["province_short"] + rng.choice(("日报", "新闻网", "广播电视台"))
    data = {"bsData": {"superlanding": [{"itemData": {"title": page.title, "author": account}}]}}
    spans = "".join(f'<p><span class="bjh-p">{html.escape(p)}</span></p>' for p in page.paragraphs)
    body = (
        f'<body><div id="header">{page.nav("baijiahao.baidu.com")}</div><div class="index-module_articleWrap_2Zphx">'
        f'<div class="index-module_articleTitle_28fPT"><h2>{html.escape(page.title)}</h2></div>'
        f'<div class="index-module_authorTxt_V6IaD"><p class="index-module_authorName_7y5nA">{account}</p>'
        f'<span class="index-module_time_xNp6M">{page.stamp("-", False)}</span></div>'
        f'<div data-testid="article">{spans}</div></div>'
        f"<script>window.jsonData = {json.dumps(data, ensure_ascii=False)};</script>"
        f"{page.related('baijiahao.baidu.com', '猜你喜欢', 'recommend')}"
    )
    return _head(page, f"{page.title}") + body, "</body></html>"


def thepaper(page: Page) -> tuple[str, str]:
    rng = page.rng
    cont = rng.randrange(10**7, 10**8)
    data = {
        "props": {
            "pageProps": {
                "detailData": {
                    "contentDetail": {
                        "contId": cont,
                        "name": page.title,
                        "pubTime": page.stamp("-", False),
                        "author": f"澎湃新闻记者 {page.reporter}",
                        "summary": page.paragraphs[0][:60],
                        "relateConts": [
                            {"name": page.other_title(), "contId": rng.randrange(10**8)} for _ in range(20)
                        ],
                    }
                }
            }
        }
    }
    body = (
        f'<body><div class="index_header__Q8k2B">{page.nav("www.thepaper.cn")}</div>'
        f'<div class="index_wrapper__L_zqV"><h1 class="index_title__B8mhI">{html.escape(page.title)}</h1>'
        f'<div class="ant-space"><div>澎湃新闻记者 {page.reporter}</div><span>{page.stamp("-", False)}</span>'
        f'<span>来源：澎湃新闻</span></div><div class="index_cententWrap__Jv8jK">{page.paras()}</div></div>'
        f"{page.related('www.thepaper.cn', '相关推荐', 'index_relate')}"
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>'
    )
    return _head(page, f"{page.title}_澎湃新闻-The Paper") + body, "</body></html>"


def netease(page: Page) -> tuple[str, str]:
    host = "www.163.com"
    body = (
        f'<body>{page.nav(host, "N-nav-channel")}<div class="post_main"><h1 class="post_title">'
        f'{html.escape(page.title)}</h1><div class="post_info">{page.stamp()}　来源: '
        f'<a href="#">{page.outlet}</a></div><div class="post_body">{page.paras()}'
        f'<div class="post_author">本文来源：{page.outlet} 责任编辑：{_person(page.rng)}_NN{page.rng.randrange(1000, 9999)}'
        f"</div></div>{page.share()}</div>{page.related(host, '热点新闻', 'post_recommends')}"
        f'<script>var config = {{ptime:"{page.stamp()}",source:"{page.outlet}"}};</script>'
    )
    return _head(page, f"{page.title}|{page.slots['city']}_网易新闻") + body, "</body></html>"


def sohu(page: Page) -> tuple[str, str]:
    host = "www.sohu.com"
    account = page.slots["city"] + "发布"
    body = (
        f'<body>{page.nav(host, "head-nav")}<div class="article-box"><div class="text-title"><h1>'
        f'{html.escape(page.title)}</h1></div><div class="article-info"><span class="time" id="news-time">'
        f"{page.stamp('-', False)}</span><span>发布于：{page.slots['province']}</span></div>"
        f'<article class="article" id="mp-editor">{page.paras()}'
        f'<a href="//www.sohu.com/?strategyid=00001" id="backsohucom">返回搜狐，查看更多</a></article>'
        f'<div class="statement">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</div>'
        f'</div><div class="user-info"><h4>{account}</h4></div>{page.related(host, "推荐阅读", "recommend-list")}'
    )
    return _head(page, f"{page.title}_{account}") + body, "</body></html>"


def e_edition(page: Page) -> tuple[str, str]:
    """A newspaper's e-edition: the day's pages and their articles round the story."""
    rng = page.rng
    d = page.date
    edition = "".join(
        f'<li><a href="node_{n}.html">第{n:02d}版：{rng.choice(WORDS)}</a></li>'
        for n in range(1, rng.randrange(8, 21))
    )
    titles = "".join(
        f'<li><a href="content_{rng.randrange(10**6)}.html">{page.other_title()}</a></li>' for _ in range(12)
    )
    body = (
        f'<body><div class="paper-top">{page.outlet}　{d.year}年{d.month:02d}月{d.day:02d}日　'
        f"第{rng.randrange(1, 12):02d}版</div><div class='edition'><ul>{edition}</ul></div>"
        f'<div class="paper-titles"><ul>{titles}</ul></div><div class="article">'
        f"<h1>{html.escape(page.title)}</h1><p class='author'>本报记者 {page.reporter}</p>"
        f'<div id="ozoom"><founder-content>{page.paras()}</founder-content></div></div>'
    )
    return _head(page, f"{page.outlet}-{page.title}") + body, "</body></html>"


def dump(page: Page) -> str:
    """A page copied as text: some chrome lines around the story."""
    rng = page.rng
    top = "\n".join(rng.sample(WORDS, rng.randrange(0, 10)))
    lines = [
        top,
        page.title,
        f"{page.stamp()} 来源：{page.outlet}",
        "",
        *[p for para in page.paragraphs for p in (para, "")],
        f"责任编辑：{_person(rng)}",
        "相关新闻",
        *[page.other_title() for _ in range(rng.randrange(0, 8))],
    ]
    return "\n".join(lines)


SHAPES: dict[str, Callable[[Page], tuple[str, str]]] = {
    "gov_trs": gov_trs,
    "province_commission": province_commission,
    "county_bureau": county_bureau,
    "hospital_cms": hospital_cms,
    "xinhua": xinhua,
    "people_cn": people_cn,
    "wechat": wechat,
    "baijiahao": baijiahao,
    "thepaper": thepaper,
    "netease": netease,
    "sohu": sohu,
    "e_edition": e_edition,
}
DUMP = "dump"
KINDS = (*SHAPES, DUMP)


def generate(n: int, names: Names, *, seed: int = 0) -> tuple[str, bytes, int]:
    """Page number `n` of the corpus: (file name, bytes, characters of its story)."""
    rng = random.Random(seed * 1_000_003 + n)
    kind = KINDS[n % len(KINDS)]
    page = Page(names, rng)
    body_chars = sum(len(p) for p in page.paragraphs)
    if kind == DUMP:
        return f"{n:05d}_{kind}.txt", dump(page).encode("utf-8"), body_chars
    start, end = SHAPES[kind](page)
    target = rng.randrange(32_000, 150_000)  # bytes (GBK pages come out a little lighter)
    encoding = "gb18030" if kind == "county_bureau" else "utf-8"
    size = len(start.encode(encoding)) + len(end.encode(encoding))
    text = start + page.filler("www.example.cn", target - size - 400) + end
    return f"{n:05d}_{kind}.html", text.encode(encoding, errors="replace"), body_chars


def write_corpus(folder: Path, count: int, *, seed: int = 0) -> tuple[list[Path], list[int]]:
    names = load_names()
    paths, bodies = [], []
    for n in range(count):
        name, data, body_chars = generate(n, names, seed=seed)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
        bodies.append(body_chars)
    return paths, bodies


def describe(paths: list[Path], bodies: list[int]) -> str:
    """The corpus's size distribution, one line each for HTML and text pages."""
    lines = []
    for label, suffix in (("HTML pages", ".html"), ("text dumps", ".txt")):
        picked = [
            (p.stat().st_size / 1024, b) for p, b in zip(paths, bodies, strict=True) if p.suffix == suffix
        ]
        if not picked:
            continue
        kb, chars = [k for k, _ in picked], [b for _, b in picked]
        lines.append(
            f"{label}: {len(picked)}, size KB median {statistics.median(kb):.1f} (min {min(kb):.1f}, "
            f"max {max(kb):.1f}); story chars median {statistics.median(chars):.0f} "
            f"(min {min(chars)}, max {max(chars)})"
        )
    return "\n".join(lines)
