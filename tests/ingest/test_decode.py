"""Bytes → text: declared, wrong and missing charsets; binary files; normalisation."""

import codecs

import pytest

from articles.ingest.decode import MAX_PAGE_BYTES, declared_charset, decode_page, normalise_text
from articles.ingest.records import PageError, RawPage
from tests.ingest.samples import html_page, text_page

TEXT = "国家区域医疗中心建设试点于2019年启动，输出医院派驻专家团队，提升输入省份诊疗能力。"


def decode(data: bytes, name: str = "page.html", content_type: str = "") -> tuple[str, str]:
    page = decode_page(RawPage(source=name, data=data, filename=name, content_type=content_type))
    return page.text, page.encoding


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_declared_charset_is_used(encoding):
    text, used = decode(html_page(charset=encoding).encode(encoding))
    assert "区域医疗中心建设试点于2019年启动" in text
    assert codecs.lookup(used).name in (codecs.lookup(encoding).name, "gb18030")


def test_gb2312_declaration_decodes_as_gb18030_superset():
    # 镕 is outside GB2312 but inside GBK: pages labelled gb2312 use such characters.
    page = html_page(charset="gb2312", lead="朱镕基曾多次考察医疗卫生工作。")
    text, used = decode(page.encode("gbk"))
    assert "朱镕基" in text and used == "gb18030"


def test_wrong_declaration_utf8_bytes_labelled_gbk():
    text, used = decode(html_page(charset="gbk").encode("utf-8"))
    assert used == "utf-8" and "输出医院将派驻管理和技术团队" in text


def test_wrong_declaration_gbk_bytes_labelled_utf8():
    text, used = decode(html_page(charset="utf-8").encode("gbk"))
    assert used == "gb18030" and "输出医院将派驻管理和技术团队" in text


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "big5"])
def test_undeclared_text_dumps_are_detected(encoding):
    page = (
        text_page()
        if encoding != "big5"
        else "區域醫療中心建設試點於2019年啟動，輸出醫院派駐專家團隊，提升輸入省份診療能力。" * 3
    )
    text, used = decode(page.encode(encoding), name="dump.txt")
    assert ("区域医疗中心" in text) or ("區域醫療中心" in text)


def test_http_header_charset_wins_over_nothing():
    assert declared_charset(b"<p>x</p>", "text/html; charset=GBK") == "gb18030"
    assert declared_charset(b'<?xml version="1.0" encoding="gb2312"?><html/>') == "gb18030"


def test_bom_is_honoured_and_removed():
    text, used = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"), name="a.txt")
    assert used == "utf-8" and text.startswith("国家")
    text, used = decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), name="a.txt")
    assert text.startswith("国家")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG image"),
        (b"%PDF-1.7\n" + bytes(100), "PDF"),
        (bytes(range(256)) * 20, "binary data"),
    ],
)
def test_unusable_bytes_fail_with_a_reason(data, reason):
    with pytest.raises(PageError, match=reason):
        decode(data)


def test_oversized_page_is_refused():
    with pytest.raises(PageError, match="over the 5 MB limit"):
        decode(b"a" * (MAX_PAGE_BYTES + 1))


def test_normalisation_keeps_meaning():
    assert normalise_text("发布\u00a0时间\u3000２０２３年") == "发布 时间 2023年"
    assert normalise_text("输出医院，输入省份。") == "输出医院，输入省份。"  # full-width punctuation stays
    assert normalise_text("a\u200bb\r\n") == "ab\n"


def test_simhash_index_finds_every_hash_within_the_threshold():
    import random

    from articles.ingest.dedup import NEAR_BITS, SimhashIndex, distance

    rng = random.Random(7)
    index = SimhashIndex()
    stored = [rng.getrandbits(64) - (1 << 63) for _ in range(2000)]
    for n, value in enumerate(stored):
        index.add(n, value)
    for n in range(0, 2000, 50):
        flipped = stored[n] ^ sum(1 << b for b in rng.sample(range(64), NEAR_BITS))
        flipped = flipped - (1 << 64) if flipped >= 1 << 63 else flipped
        assert index.near(flipped) == n and distance(flipped, stored[n]) == NEAR_BITS
    assert index.near(rng.getrandbits(63)) is None


def test_simhash_index_prefers_the_closest_then_the_first_added_and_forgets_on_keep():
    from articles.ingest.dedup import SimhashIndex

    index = SimhashIndex()
    index.add(10, 0b1111)  # 4 bits from 0
    index.add(20, 0b0011)  # 2 bits from 0
    index.add(30, 0b1100)  # 2 bits from 0, added after 20
    index.add(40, -1)  # far from everything
    assert len(index) == 4 and index.keys() == {10, 20, 30, 40}
    assert index.near(0) == 20
    assert index.near(-1) == 40
    index.keep({10, 30, 40})
    assert index.keys() == {10, 30, 40} and index.near(0) == 30
    index.keep(set())
    assert len(index) == 0 and index.near(0) is None


def _page(data: bytes, name: str = "p.html") -> RawPage:
    return RawPage(source=name, data=data, filename=name)


def _with_bad_bytes(data: bytes, count: int) -> bytes:
    """`data` with `count` invalid UTF-8 bytes put between characters in the middle."""
    middle = data.index("。".encode()) + len("。".encode())
    return data[:middle] + b"\xff" * count + data[middle:]


@pytest.mark.parametrize("declared", [True, False])
def test_a_utf8_page_with_a_few_invalid_bytes_is_read_with_a_warning(declared):
    page = html_page(lead="国家区域医疗中心建设项目稳步推进。" * 40)
    if not declared:
        page = page.replace('charset="utf-8"', "").replace("charset=utf-8", "")
    decoded = decode_page(_page(_with_bad_bytes(page.encode("utf-8"), 10)))
    assert decoded.encoding == "utf-8"
    assert "国家区域医疗中心建设项目稳步推进" in decoded.text
    assert decoded.text.count("\ufffd") <= 10
    assert decoded.warnings == ("decoded as utf-8 with 10 invalid bytes replaced",)


def test_a_clean_page_has_no_warning():
    assert decode_page(_page(html_page().encode("utf-8"))).warnings == ()


def test_gbk_with_a_few_chinese_characters_in_much_markup_is_not_read_as_broken_utf8():
    # Nearly all bytes are ASCII markup, so a per-byte error rate would accept UTF-8
    # with every Chinese character replaced: the rate is taken over non-ASCII text.
    markup = "<div class='nav'><a href='/x'>x</a></div>\n" * 400
    page = (
        html_page(lead="县域医共体建设让群众就近看病。")
        .replace('charset="utf-8"', "")
        .replace("charset=utf-8", "")
    )
    page = page.replace("<body>", "<body>" + markup)
    decoded = decode_page(_page(page.encode("gbk")))
    assert decoded.encoding == "gb18030"
    assert "县域医共体建设让群众就近看病" in decoded.text and decoded.warnings == ()


def test_a_page_with_many_invalid_bytes_is_still_refused():
    page = html_page(lead="国家区域医疗中心建设项目稳步推进。" * 5).encode("utf-8")
    broken = bytes(b if i % 5 else 0xFF for i, b in enumerate(page))
    with pytest.raises(PageError):
        decode_page(_page(broken))
