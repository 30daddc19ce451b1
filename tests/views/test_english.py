"""The English site (issue 16, item 2): divisions in pinyin, batches and units in English,
English punctuation, and Chinese left only where marked lang="zh"."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from articles.templatetags.bilingual import zh, zh_runs
from hospitals.slugs import pinyin_name
from programmes.models import batch_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "prefecture", "english"),
    [
        ("郑州市", True, "Zhengzhou"),
        ("介休市", False, "Jiexiu City"),
        ("寿阳县", False, "Shouyang County"),
        ("东城区", False, "Dongcheng District"),
        ("阿拉善盟", True, "Alashan League"),
        ("长汀县", False, "Changting County"),
    ],
)
def test_divisions_have_pinyin_names(name, prefecture, english):
    assert pinyin_name(name, prefecture=prefecture) == english


def test_batches_are_labelled_in_the_page_language():
    assert batch_label(2) == "第2批"
    with translation.override("en"):
        assert batch_label(2) == "Batch 2"


def test_chinese_text_is_marked_only_on_english_pages():
    assert zh("医院") == "医院"
    assert zh("<b>") == "&lt;b&gt;"
    with translation.override("en"):
        assert zh("医院<") == '<span lang="zh">医院&lt;</span>'
        assert zh("Hospital") == "Hospital"
        assert (
            zh_runs("Wikipedia (citing 人民网 2021)")
            == 'Wikipedia (citing <span lang="zh">人民网</span> 2021)'
        )


def test_a_division_page_in_english_names_it_in_pinyin(client):
    from hospitals.models import Division

    county = Division.objects.get(name="寿阳县")
    page = BeautifulSoup(client.get("/en" + county.get_absolute_url()).content, "lxml")
    assert page.h1.get_text(" ", strip=True).startswith("Shouyang County 寿阳县")
    assert (
        "Jinzhong" in page.select_one("main .meta").get_text()
        and "Shanxi" in page.select_one("main .meta").get_text()
    )


def test_english_pages_use_english_punctuation(client):
    html = client.get("/en/articles/").content.decode()
    assert (
        "Export current results: " in html
        and "：" not in BeautifulSoup(html, "lxml").select_one(".exports").get_text()
    )
    html = client.get("/articles/").content.decode()
    assert "导出当前结果：" in BeautifulSoup(html, "lxml").select_one(".exports").get_text()


def test_the_projects_filter_offers_batches_in_english(client):
    page = BeautifulSoup(client.get("/en/projects/").content, "lxml")
    labels = [o.get_text() for o in page.select("select[name=batch] option")]
    assert "Batch 1" in labels and not any("批" in label for label in labels)


def test_headline_figures_drop_counter_words_in_english():
    from articles.charts import headline_series
    from programmes.models import Figure, Programme

    rmc = Programme.objects.get(key="regional_medical_center")
    figure = Figure(
        label="国家区域医疗中心", value=76, value_text="76", unit="个", date=datetime.date(2023, 4, 17)
    )
    assert headline_series([figure], [rmc])[0].points[0].text == "76个"
    with translation.override("en"):
        [series] = headline_series([figure], [rmc])
    assert series.points[0].text == "76" and "（" not in series.title
