"""A synthetic corpus for the web benchmark (`manage.py bench_web`, `make bench-web`).

Builds N articles over the reference data already loaded (provinces, divisions,
hospitals, programmes): bodies made of template sentences with real place, hospital and
programme names, a Mention for every name placed (with its offsets) plus the province a
hospital is in (`via_entity`, as the linker adds it), ~5 % reprints (`duplicate_of`),
events/designations/figures cited by article sentences, and the search index rows
(`ArticleSearch`; SQLite's FTS5 table is filled by the triggers of migration 0003, the
PostgreSQL GIN index by the database). Everything is written with bulk_create in
batches; it is deterministic for a given seed.

Every article's slug starts with BENCH_PREFIX, so a corpus can be recognised (reused)
and removed. The sentences are ours, written for this generator.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Length

from articles.models import Article, ArticleSearch, Citation, Mention, Outlet
from articles.search import tokens
from hospitals.models import Division, Hospital, Partnership, Province, bump_data_version
from programmes.models import Designation, Event, Figure, Programme, ReviewStatus

BENCH_PREFIX = "bench-"
BATCH = 2000
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

# Sentence templates. {P} province, {C} city/county, {H} hospital, {O} output hospital,
# {G} programme name; {n}, {m}, {y}, {pct} numbers. Written for this benchmark.
SENTENCES = [
    "{P}卫生健康委员会近日召开专题会议，部署推进{G}年度重点任务。",
    "{H}与{O}签署合作协议，双方将在学科建设、人才培养和科研协作等方面深度合作。",
    "据介绍，{C}今年新组建家庭医生签约服务团队{n}个，基层卫生服务能力稳步提升。",
    "{H}已累计派驻专家{n}名，开展新技术新项目{m}项，一批疑难病例在省内得到救治。",
    "白求恩精神在{C}的基层医务人员中代代相传，乡镇卫生院和村卫生室实现全覆盖。",
    "{P}将以{G}为抓手，推动优质医疗资源扩容下沉和区域均衡布局。",
    "截至{y}年底，{C}紧密型县域医共体已覆盖全部乡镇，县域内就诊率达到{pct}%。",
    "专家表示，区域医疗中心建设要坚持医疗、教学、科研和管理同质化，不能只挂牌子。",
    "会议强调，要把基层卫生健康综合试验区建设作为深化医改的重要任务抓实抓细。",
    "{C}群众在家门口就能看上省级专家门诊，外出就医人数较上年下降{pct}%。",
    "{H}新院区主体工程已于{y}年封顶，预计新增床位{n}张。",
    "{P}在{C}召开现场推进会，总结推广县域医共体一体化管理的做法。",
    "记者从{P}卫生健康部门获悉，{G}第{m}批项目名单已正式公布。",
    "{O}相关负责人介绍，输出医院将把成熟的管理制度和临床路径整体平移到{H}。",
    "下一步，{C}将继续完善分级诊疗制度，让基层首诊、双向转诊真正落地。",
    "{y}年以来，{P}共投入建设资金{n}亿元，支持{m}个重点专科能力提升。",
]
TITLES = [
    "{P}推进{G}工作综述",
    "{H}：让群众在家门口看上好医生",
    "{C}紧密型县域医共体建设观察",
    "{P}召开{G}推进会",
    "{H}与{O}合作一周年",
    "白求恩精神照亮{C}基层医疗",
    "{C}基层卫生服务能力持续提升",
    "{P}第{m}批区域医疗中心项目启动",
]
EVENTS = [
    "{P}召开{G}推进会",
    "{H}正式开诊",
    "{P}公布{G}第{m}批名单",
    "{C}入选{G}",
    "{H}与{O}签约共建",
]
FIGURE_LABELS = ["{G}项目数", "{G}覆盖县数", "{G}新增床位", "{G}派驻专家"]
FIGURE_UNITS = ["个", "个", "张", "名"]
NATIONAL_OUTLETS = [
    "健康报",
    "人民网",
    "新华网",
    "中国新闻网",
    "光明网",
    "央视网",
    "中国青年网",
    "澎湃新闻",
    "国家卫生健康委员会网站",
    "中国政府网",
]
REPORTERS = ["", "", "记者 王磊", "记者 李娜", "通讯员 张强", "记者 刘洋 通讯员 陈静", "记者 赵敏"]


@dataclass
class Reference:
    """The reference rows the generator draws from, loaded once."""

    provinces: list  # (id, name, short_name)
    province_weights: list[float]
    divisions_by_province: dict[int, list]  # province id → [(id, name)]
    hospitals_by_province: dict[int, list]  # province id → [(id, name, province_id)]
    hospitals: list
    partners: dict[int, list]  # input hospital id → [(output id, output name)]
    programmes: list  # (id, [surfaces], short_name)
    outlets: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.hospital_province = {h[0]: h[2] for h in self.hospitals}
        self.hospital_division = dict(
            Hospital.objects.filter(division__isnull=False).values_list("id", "division_id")
        )

    @classmethod
    def load(cls, rng: random.Random) -> Reference:
        provinces = list(Province.objects.order_by("code").values_list("id", "name", "short_name"))
        if not provinces:
            raise ValueError("no reference data: run `manage.py load_reference` first")
        # A few provinces get most of the news (skewed, like the real feed).
        weights = [rng.lognormvariate(0, 1) for _ in provinces]
        divisions: dict[int, list] = {}
        for pk, name, province_id in Division.objects.values_list("id", "name", "province_id"):
            divisions.setdefault(province_id, []).append((pk, name))
        hospitals = list(Hospital.objects.order_by("id").values_list("id", "name", "province_id"))
        by_province: dict[int, list] = {}
        for h in hospitals:
            by_province.setdefault(h[2], []).append(h)
        names = dict((h[0], h[1]) for h in hospitals)
        partners: dict[int, list] = {}
        for output_id, input_id in Partnership.objects.values_list("output_id", "input_id"):
            partners.setdefault(input_id, []).append((output_id, names[output_id]))
        programmes = [
            (p.id, [p.name, p.short_name, *(a.name for a in p.aliases.all())], p.short_name)
            for p in Programme.objects.prefetch_related("aliases").order_by("order", "key")
        ]
        return cls(provinces, weights, divisions, by_province, hospitals, partners, programmes)


def ensure_outlets(ref: Reference) -> None:
    names = NATIONAL_OUTLETS + [f"{short}日报" for _, _, short in ref.provinces]
    names += [f"{name}卫生健康委员会" for _, name, _ in ref.provinces]
    existing = dict(Outlet.objects.filter(name__in=names).values_list("name", "id"))
    Outlet.objects.bulk_create(
        [
            Outlet(name=name, slug=f"{BENCH_PREFIX}outlet-{i}")
            for i, name in enumerate(names)
            if name not in existing
        ]
    )
    ref.outlets = list(Outlet.objects.filter(name__in=names).order_by("id").values_list("id", flat=True))


class Writer:
    """Fills one template, recording every entity name it places as a mention."""

    def __init__(self, rng: random.Random, ref: Reference):
        self.rng, self.ref = rng, ref

    def pick_place(self):
        rng, ref = self.rng, self.ref
        province = rng.choices(ref.provinces, weights=ref.province_weights)[0]
        local = ref.hospitals_by_province.get(province[0])
        hospital = rng.choice(local) if local and rng.random() < 0.8 else rng.choice(ref.hospitals)
        divisions = ref.divisions_by_province.get(province[0]) or [None]
        return province, rng.choice(divisions), hospital, rng.choice(ref.programmes)

    def fill(self, template: str, place, text_offset: int) -> tuple[str, list[tuple]]:
        """The sentence and its mentions as (kind, id, surface, start, end)."""
        rng = self.rng
        province, division, hospital, programme = place
        output = None
        if "{O}" in template:
            output = rng.choice(self.ref.partners.get(hospital[0]) or [None])
            if output is None:
                other = rng.choice(self.ref.hospitals)
                output = (other[0], other[1]) if other[0] != hospital[0] else None
        values = {
            "P": ("province", province[0], province[1] if rng.random() < 0.7 else province[2]),
            "C": ("division", division[0], division[1])
            if division
            else ("province", province[0], province[2]),
            "H": ("hospital", hospital[0], hospital[1]),
            "O": ("hospital", output[0], output[1]) if output else None,
            "G": ("programme", programme[0], rng.choice(programme[1])),
        }
        numbers = {
            "n": str(rng.randint(2, 300)),
            "m": str(rng.randint(1, 9)),
            "y": str(rng.randint(2017, 2026)),
            "pct": str(rng.randint(40, 98)),
        }
        out, mentions, pos, i = [], [], text_offset, 0
        while i < len(template):
            if template[i] == "{":
                j = template.index("}", i)
                key = template[i + 1 : j]
                if key in numbers:
                    piece = numbers[key]
                else:
                    target = values[key] or values["H"]
                    piece = target[2]
                    mentions.append((target[0], target[1], piece, pos, pos + len(piece)))
                    if target[0] == "hospital":  # the linker adds the hospital's province and division
                        province_id = self.ref.hospital_province[target[1]]
                        mentions.append(("province", province_id, piece, None, None))
                        if division_id := self.ref.hospital_division.get(target[1]):
                            mentions.append(("division", division_id, piece, None, None))
                i = j + 1
            else:
                j = template.find("{", i)
                piece = template[i:] if j < 0 else template[i:j]
                i = len(template) if j < 0 else j
            out.append(piece)
            pos += len(piece)
        return "".join(out), mentions


@dataclass
class Draft:
    title: str
    body: str
    mentions: list[tuple]
    sentences: list[tuple[str, int]]  # (sentence, start) for citations
    place: tuple


def draft_article(writer: Writer) -> Draft:
    rng = writer.rng
    place = writer.pick_place()
    title, _ = writer.fill(rng.choice(TITLES), place, 0)
    title_offset = 0
    paragraphs, mentions, sentences = [], [], []
    pos = title_offset
    for _p in range(rng.randint(3, 7) + (rng.random() < 0.25)):
        parts = []
        for _s in range(rng.randint(1, 3)):
            # Mostly the article's own place; now and then another province's news.
            here = place if rng.random() < 0.85 else writer.pick_place()
            sentence, found = writer.fill(rng.choice(SENTENCES), here, pos)
            sentences.append((sentence, pos))
            mentions.extend(found)
            parts.append(sentence)
            pos += len(sentence)
        paragraphs.append("".join(parts))
        pos += 1  # the newline between paragraphs
    return Draft(title, "\n".join(paragraphs), mentions, sentences, place)


def _published(rng: random.Random) -> tuple[datetime.datetime, str]:
    # More news in later years: the programmes grew.
    year = rng.choices(range(2017, 2027), weights=[1, 2, 3, 4, 5, 6, 7, 8, 9, 9])[0]
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    if rng.random() < 0.3:
        moment = datetime.datetime(day.year, day.month, day.day, rng.randrange(7, 22), rng.randrange(60))
        return moment.replace(tzinfo=SHANGHAI), "minute"
    return datetime.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI), "day"


@dataclass
class Facts:
    events: list[int]
    designations: list[int]
    figures: list[int]
    partnerships: list[int]


def make_facts(rng: random.Random, ref: Reference, n_articles: int) -> Facts:
    """Events (n/20, with programmes and provinces), designations (one per target and
    programme, as the unique constraints allow), figures (n/250)."""
    writer = Writer(rng, ref)
    events = []
    for _ in range(max(5, n_articles // 20)):
        place = writer.pick_place()
        summary, found = writer.fill(rng.choice(EVENTS), place, 0)
        day = datetime.date(rng.randint(2017, 2026), 1, 1) + datetime.timedelta(days=rng.randrange(365))
        precision = rng.choices(["day", "month", "year"], weights=[8, 2, 1])[0]
        if precision != "day":
            day = day.replace(day=1, month=day.month if precision == "month" else 1)
        events.append((Event(date=day, date_precision=precision, summary=summary), found))
    created = Event.objects.bulk_create([e for e, _ in events])
    through_p, through_v = Event.programmes.through, Event.provinces.through
    programme_links, province_links = set(), set()
    for event, (_, found) in zip(created, events, strict=True):
        for kind, pk, *_rest in found:
            if kind == "programme":
                programme_links.add((event.pk, pk))
            elif kind == "province":
                province_links.add((event.pk, pk))
    through_p.objects.bulk_create([through_p(event_id=e, programme_id=p) for e, p in programme_links])
    through_v.objects.bulk_create([through_v(event_id=e, province_id=p) for e, p in province_links])

    existing = set(
        Designation.objects.values_list("programme_id", "province_id", "division_id", "hospital_id")
    )
    wanted: dict[tuple, Designation] = {}
    for programme in ref.programmes:
        for province in rng.sample(ref.provinces, k=min(len(ref.provinces), 12)):
            wanted[(programme[0], province[0], None, None)] = None
            for division in rng.sample(ref.divisions_by_province.get(province[0], []), k=3):
                wanted[(programme[0], None, division[0], None)] = None
    for hospital in ref.hospitals:
        if hospital[0] in ref.partners:
            wanted[(ref.programmes[0][0], None, None, hospital[0])] = None
    designations = [
        Designation(
            programme_id=k[0],
            province_id=k[1],
            division_id=k[2],
            hospital_id=k[3],
            date=datetime.date(rng.randint(2017, 2025), rng.randint(1, 12), 1),
            date_precision="month",
            batch=rng.randint(1, 5),
            label=rng.choice(["试点省份", "试验区", "建设项目", "试点县"]),
        )
        for k in wanted
        if k not in existing
    ]
    Designation.objects.bulk_create(designations)
    figures = []
    for _ in range(max(3, n_articles // 250)):
        programme = rng.choice(ref.programmes)
        k = rng.randrange(len(FIGURE_LABELS))
        value = rng.randint(5, 2000)
        figures.append(
            Figure(
                programme_id=programme[0],
                label=FIGURE_LABELS[k].format(G=programme[2]),
                unit=FIGURE_UNITS[k],
                value=value,
                value_text=str(value),
                date=datetime.date(rng.randint(2018, 2026), 1, 1),
                date_precision="year",
            )
        )
    Figure.objects.bulk_create(figures)
    live = ~Q(status=ReviewStatus.REJECTED)
    return Facts(
        events=[e.pk for e in created],
        designations=list(Designation.objects.filter(live).values_list("id", flat=True)),
        figures=list(Figure.objects.filter(live).values_list("id", flat=True)),
        partnerships=list(Partnership.objects.values_list("id", flat=True)),
    )


@dataclass
class Profile:
    """Per-article figures of a corpus (its originals: what an article page shows)."""

    articles: int
    body_chars: float  # mean body length, in characters
    mentions: float  # mention rows per article (named and via another entity)
    citations: float  # fact citations per article (events, designations, figures, pairs)

    def line(self) -> str:
        return (
            f"{self.articles:,} originals; per article: body {self.body_chars:,.0f} chars, "
            f"{self.mentions:.1f} mentions, {self.citations:.2f} fact citations"
        )


def profile() -> Profile:
    """The per-article figures of every original article in the database (three queries)."""
    originals = Article.objects.filter(duplicate_of__isnull=True)
    n = originals.count()
    if not n:
        return Profile(0, 0.0, 0.0, 0.0)
    chars = originals.aggregate(total=Sum(Length("body")))["total"] or 0
    mentions = Mention.objects.filter(article__duplicate_of__isnull=True).count()
    citations = Citation.objects.filter(article__duplicate_of__isnull=True).count()
    return Profile(n, chars / n, mentions / n, citations / n)


def corpus_size() -> int:
    return Article.objects.filter(slug__startswith=BENCH_PREFIX).count()


def remove_corpus() -> None:
    """Delete the benchmark's articles (cascading to mentions, citations, search rows)
    and the automatic facts no article cites any more."""
    ours = Article.objects.filter(slug__startswith=BENCH_PREFIX)
    ours.filter(duplicate_of__isnull=False).delete()  # reprints first: they share originals' hashes
    ours.delete()
    for model in (Event, Designation, Figure):
        model.objects.filter(status=ReviewStatus.AUTOMATIC, citations__isnull=True).delete()
    Outlet.objects.filter(slug__startswith=BENCH_PREFIX, articles__isnull=True).delete()
    bump_data_version()


def generate(
    n_articles: int,
    *,
    seed: int = 5,
    batch: int = BATCH,
    reprint_share: float = 0.05,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `n_articles` articles (originals and reprints) and everything they carry.
    Returns the number of articles written."""
    rng = random.Random(seed)
    ref = Reference.load(rng)
    with transaction.atomic():
        ensure_outlets(ref)
        facts = make_facts(rng, ref, n_articles)
    writer = Writer(rng, ref)
    originals: list[tuple[int, Draft, str]] = []  # pool reprints copy from
    seen_hashes: set[str] = set()
    written = 0
    while written < n_articles:
        size = min(batch, n_articles - written)
        rows: list[tuple[Article, Draft]] = []
        for i in range(written, written + size):
            published, precision = _published(rng)
            outlet = rng.choice(ref.outlets)
            if originals and rng.random() < reprint_share:
                pk, draft, digest = rng.choice(originals)
                article = Article(duplicate_of_id=pk, content_hash=digest)
                published += datetime.timedelta(days=rng.randint(0, 3))
            else:
                draft = draft_article(writer)
                while (digest := hashlib.sha256(draft.body.encode()).hexdigest()) in seen_hashes:
                    draft = draft_article(writer)
                seen_hashes.add(digest)
                article = Article(content_hash=digest)
            article.title = draft.title
            article.body = draft.body
            article.slug = f"{BENCH_PREFIX}{seed}-{i:07d}"
            article.url = f"https://bench.example.org/{seed}/{i}.html"
            article.published_at = published
            article.published_precision = precision
            article.outlet_id = outlet
            article.reporter = rng.choice(REPORTERS)
            article.simhash = rng.getrandbits(63)
            article.extractor_version = "bench"
            rows.append((article, draft))
        with transaction.atomic():
            created = Article.objects.bulk_create([a for a, _ in rows])
            if any(a.pk is None for a in created):  # backends that return no ids
                pks = dict(
                    Article.objects.filter(slug__in=[a.slug for a in created]).values_list("slug", "id")
                )
                for a in created:
                    a.pk = a.id = pks[a.slug]
            mentions, citations, search = [], [], []
            for article, draft in rows:
                if article.duplicate_of_id is None:
                    originals.append((article.pk, draft, article.content_hash))
                search.append(
                    ArticleSearch(article_id=article.pk, tokens=tokens(f"{article.title}\n{article.body}"))
                )
                for kind, pk, surface, start, end in draft.mentions:
                    mentions.append(
                        Mention(
                            article_id=article.pk,
                            kind=kind,
                            **{f"{kind}_id": pk},
                            surface=surface,
                            start=start,
                            end=end,
                            method="alias" if start is not None else "via_entity",
                        )
                    )
                citations.extend(_citations(rng, article.pk, draft, facts))
            Mention.objects.bulk_create(mentions, batch_size=5000)
            Citation.objects.bulk_create(citations, batch_size=5000)
            ArticleSearch.objects.bulk_create(search, batch_size=1000)
        if len(originals) > 20000:  # bounded memory: reprints copy recent originals
            originals = originals[-10000:]
        written += size
        if progress:
            progress(written)
    bump_data_version()  # bulk_create sends no signals
    analyze()
    return written


# Fact citations per article on real imported pages (`bench_web` prints the demo import's
# figures beside the corpus's): 4.8 per article, about half of them designations, and
# unevenly spread (a list of designated places cites a dozen, a feature story none).
CITATIONS_PER_ARTICLE = (
    (0.63, "event", "events"),
    (2.6, "designation", "designations"),
    (0.56, "figure", "figures"),
    (1.05, "partnership", "partnerships"),
)


def _citations(rng: random.Random, article_id: int, draft: Draft, facts: Facts) -> list[Citation]:
    out = []
    spread = rng.expovariate(1.0)  # this article's share: mean 1, most below, a few far above
    for mean, kind, name in CITATIONS_PER_ARTICLE:
        pool = getattr(facts, name)
        wanted = mean * spread
        count = int(wanted) + (rng.random() < wanted - int(wanted))
        for fact in rng.sample(pool, k=min(count, len(pool))) if pool else ():
            sentence, start = rng.choice(draft.sentences)
            out.append(
                Citation(
                    article_id=article_id,
                    quote=sentence,
                    start=start,
                    end=start + len(sentence),
                    **{f"{kind}_id": fact},
                )
            )
    return out


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL's autovacuum would
    do it eventually; SQLite never does it by itself)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
