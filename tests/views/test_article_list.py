import pytest
from django.urls import reverse

from articles.models import Article, Mention
from articles.search import index_article, snippet, tokens
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db
# 4 filter choice lists, data version, page; the filter's ids/outlets/years (count, year and
# outlet facets from one read), province and programme facets (all cached)
LIST_QUERIES = 9
# + looking up the chosen province, + the outlets' names (only when a result has an outlet)
LIST_QUERIES_WITH_FACET = LIST_QUERIES + 2


@pytest.fixture
def corpus():
    outlet = make_outlet(name="示例日报")
    articles = [
        make_article(
            title="山西白求恩医院开诊新院区",
            body="山西白求恩医院（同济山西医院）新院区正式开诊。",
            outlet=outlet,
        ),
        make_article(title="区域医疗中心建设推进会召开", body="国家区域医疗中心建设推进会在郑州召开。"),
        make_article(
            title="基层卫生健康综合试验区观察", body="各试验区推进基层卫生综合改革，白求是地名吗？不是。"
        ),
    ]
    for a in articles:
        index_article(a)
    Mention.objects.create(
        article=articles[0], kind="province", province=province("shanxi"), surface="山西", start=0, end=2
    )
    return articles


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("白求恩", {"山西白求恩医院开诊新院区"}),
        ("区域医疗中心", {"区域医疗中心建设推进会召开"}),
        ("基层卫生", {"基层卫生健康综合试验区观察"}),
        ("同济 开诊", {"山西白求恩医院开诊新院区"}),
        ("不存在的词", set()),
    ],
)
def test_full_text_search_finds_every_article_containing_the_query(client, corpus, q, titles):
    response = client.get(reverse("articles:list"), {"q": q})
    found = {a.title for a in response.context["object_list"]}
    assert found == titles


@pytest.mark.parametrize(
    "q",
    ['"', "*", "AND OR NOT", '白求恩")--', "<script>alert(1)</script>", "x" * 5000, "NEAR(a b)", "^", ":"],
)
def test_hostile_queries_never_break_the_page(client, corpus, q):
    response = client.get(reverse("articles:list"), {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_facets_filters_and_query_count(client, corpus, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES_WITH_FACET):
        response = client.get(reverse("articles:list"), {"province": "shanxi"})
    assert [a.title for a in response.context["object_list"]] == ["山西白求恩医院开诊新院区"]
    html = response.content.decode()
    assert "示例日报" in html and "山西" in html


def test_list_query_count_does_not_grow(client, corpus, django_assert_num_queries):
    for n in range(25):
        index_article(make_article(title=f"文章{n}"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("articles:list"), {"q": "文章"})


def test_snippet_highlights_and_escapes():
    text = "前文<b>山西白求恩医院</b>后文"
    out = snippet(text, "白求恩")
    assert "<mark>白求恩</mark>" in out and "&lt;b&gt;" in out and "<b>" not in out


def test_tokens_are_bigrams_for_chinese():
    assert tokens("白求恩 Hospital 2023") == "白求 求恩 恩 hospital 2023"


def test_facet_counts_match_what_the_facet_filters(client, corpus):
    from programmes.models import Programme

    rmc = Programme.objects.get(key="regional_medical_center")
    for article, status in zip(corpus[:2], ["automatic", "rejected"], strict=True):
        Mention.objects.create(
            article=article, kind="programme", programme=rmc, surface="区域医疗中心", status=status
        )
    facets = client.get(reverse("articles:list")).context["facets"]
    counts = {key: n for key, _name, n in facets["programme"]}
    filtered = client.get(reverse("articles:list"), {"programme": rmc.slug}).context["paginator"].count
    assert counts["regional-medical-center"] == filtered == 1  # the rejected mention counts for neither


def test_pages_from_cached_ids_are_the_pages_of_the_filter(client, monkeypatch):
    import datetime

    from django.utils import timezone

    from articles import views

    monkeypatch.setattr(views.ArticleListView, "paginate_by", 3)
    monkeypatch.setattr(views, "FIRST_IDS", 5)  # pages 1 from the ids, 2 straddles, 3+ from the query
    start = timezone.now()
    for n in range(10):
        make_article(title=f"区域医疗中心第{n}篇", published_at=start - datetime.timedelta(days=n % 4))
    make_article(title="无日期的区域医疗中心", published_at=None)
    expected = list(
        Article.objects.published().filter(title__contains="区域医疗中心").values_list("title", flat=True)
    )
    seen = []
    for page in range(1, 5):
        response = client.get(reverse("articles:list"), {"page": page})
        seen += [a.title for a in response.context["object_list"]]
    assert seen == expected and len(seen) == 11


def test_facets_speak_the_page_language(client, corpus):
    zh = client.get(reverse("articles:list")).context["facets"]["province"]
    en = client.get("/en/articles/").context["facets"]["province"]
    assert zh == [("shanxi", "山西", 1)] and en == [
        ("shanxi", "Shanxi", 1)
    ]  # one cached entry, two languages


def test_the_filter_form_names_entities_in_the_page_language(client):
    assert ">Shanxi<" in client.get("/en/articles/").content.decode()
    assert ">山西<" in client.get("/articles/").content.decode()
    assert ">Shanxi<" in client.get("/en/hospitals/").content.decode()


def test_page_links_keep_the_search_and_filters(client, monkeypatch):
    from articles import views

    monkeypatch.setattr(views.ArticleListView, "paginate_by", 2)
    for n in range(3):
        index_article(make_article(title=f"区域医疗中心进展{n}"))
    html = client.get(reverse("articles:list"), {"q": "区域医疗中心"}).content.decode()
    assert "?q=%E5%8C%BA%E5%9F%9F%E5%8C%BB%E7%96%97%E4%B8%AD%E5%BF%83&amp;page=2" in html


def test_a_warm_list_reads_neither_its_counts_nor_its_filter_choices_again(
    client, corpus, django_assert_num_queries
):
    url = reverse("articles:list")
    client.get(url, {"q": "医院"})
    # data version, the page's articles: the facets, the count and the four selects'
    # options (every province, programme, hospital and outlet) come from the cache.
    with django_assert_num_queries(2):
        response = client.get(url, {"q": "医院", "page": "1"})
    assert '<option value="shanxi">山西</option>' in response.content.decode()
    english = client.get("/en" + url, {"q": "医院"}).content.decode()
    assert '<option value="shanxi">Shanxi</option>' in english  # options per language


def test_a_repeated_search_is_served_from_the_page_cache_until_the_data_changes(
    client, corpus, django_assert_num_queries
):
    url = reverse("articles:list")
    first = client.get(url, {"q": "医院"}).content
    with django_assert_num_queries(1):  # the data version only
        assert client.get(url, {"q": "医院"}).content == first
    index_article(make_article(title="新的医院报道"))
    assert "新的医院报道" in client.get(url, {"q": "医院"}).content.decode()
