import pytest

pytestmark = pytest.mark.browser


def test_home_to_province_to_hospital(page, live_server, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "中国卫生政策项目知识库"
    tiles = page.locator(".tile-map .tile")
    assert tiles.count() == 34
    screenshot("home")

    page.locator(".tile-map .tile", has_text="山西").click()
    page.wait_for_url("**/provinces/shanxi/")
    assert "山西省" in page.locator("h1").inner_text()
    assert page.locator("table.data", has_text="山西白求恩医院").first.is_visible()
    screenshot("province-shanxi")

    page.get_by_role("link", name="山西白求恩医院", exact=True).first.click()
    page.wait_for_url("**/hospitals/**")
    assert page.locator("dl.facts", has_text="同济山西医院").is_visible()
    assert page.get_by_role("link", name="华中科技大学同济医学院附属同济医院", exact=True).is_visible()
    screenshot("hospital")


def test_language_switch(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator(".tile-map .tile", has_text="Henan").count() == 1
    page.get_by_role("link", name="中文").click()
    page.wait_for_load_state()
    assert page.locator(".tile-map .tile", has_text="河南").count() == 1
