"""Page bytes → text: BOM, declared charset (HTTP, meta, XML), detection when the
declaration is missing or wrong, then normalisation of spaces and Unicode forms.

Why this order: valid multi-byte UTF-8 almost never happens by chance in GBK text,
while GB18030 decodes nearly any byte string (into mojibake). So bytes that are valid
UTF-8 are UTF-8 whatever the page declares; otherwise the declaration is tried,
then charset-normalizer's guess, then GB18030.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from articles.ingest.records import DecodedPage, PageError, RawPage

MAX_PAGE_BYTES = 5 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_HTML_SNIFF = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<div[\s>]|<p[\s>]", re.I
)

# Magic numbers of files people rename to .html by mistake.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)

# GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a
# character that a page mislabelled as GB2312 actually uses.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
}

_CHINESE_ENCODINGS = ["gb18030", "big5", "utf_16"]

# Spaces that are layout, not meaning: NBSP, ideographic space, thin spaces, zero-width.
_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\r": "",
    }
)
# Full-width ASCII letters and digits (Ａ１) become ASCII; full-width punctuation stays,
# it is ordinary Chinese typography.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(r[0], r[1] + 1)
}


# Both tables as one substitution: a regex finds the few characters to replace (in C),
# where str.translate would look every character of the page up in a dict.
_REPLACE = {
    chr(cp): ("" if to is None else chr(to) if isinstance(to, int) else to)
    for table in (_SPACES, _FULLWIDTH_ALNUM)
    for cp, to in table.items()
}
_TO_REPLACE = re.compile("[" + "".join(re.escape(ch) for ch in _REPLACE) + "]")


def normalise_text(text: str) -> str:
    return _TO_REPLACE.sub(lambda m: _REPLACE[m.group()], unicodedata.normalize("NFC", text))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The charset the page claims: HTTP header first, then <meta>, then the XML prolog."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    head = data[:8192]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m and _codec(m.group(1).decode("ascii", "ignore")):
            return _codec(m.group(1).decode("ascii", "ignore"))
    return None


# Control bytes other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff]")  # replacement characters, private use


def _looks_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    sample = data[:4096]
    if b"\x00" in sample:
        return "binary data"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > 0.05:
        return "binary data"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_readable(text: str) -> bool:
    """Reject decodes that are mostly replacement characters or private-use garbage."""
    if not text:
        return False
    return len(_UNREADABLE.findall(text)) / len(text) < 0.01


def decode_page(raw: RawPage) -> DecodedPage:
    data = raw.data
    if not data.strip():
        raise PageError("empty file: nothing to import")
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"page is {len(data) / 1e6:.1f} MB, over the {MAX_PAGE_BYTES // 1_000_000} MB limit")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    binary = None if utf16 else _looks_binary(data)
    if binary:
        raise PageError(f"not a text page: the file is {binary}")

    text = encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, encoding = _strict(data[len(bom) :], name), name
            break
    if text is None:
        declared = declared_charset(data, raw.content_type)
        utf8 = _strict(data, "utf-8")
        if utf8 is not None:
            text, encoding = utf8, "utf-8"
        elif declared and declared != "utf-8" and (candidate := _strict(data, declared)) is not None:
            text, encoding = candidate, declared
        else:
            # The pages we meet are Chinese: ask the detector to choose among Chinese
            # encodings only, which it does far more reliably than among all of them.
            best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=_CHINESE_ENCODINGS).best()
            guess = _codec(best.encoding) if best else None
            if guess and (candidate := _strict(data, guess)) is not None and _mostly_readable(candidate):
                text, encoding = candidate, guess
            else:
                text, encoding = data.decode("gb18030", errors="replace"), "gb18030"
    if text is None or not _mostly_readable(text):
        raise PageError("cannot decode the page: no charset (declared or detected) gives readable text")

    media_type = "text/html" if _is_html(raw, data) else "text/plain"
    return DecodedPage(text=normalise_text(text), encoding=encoding, media_type=media_type)


def _is_html(raw: RawPage, data: bytes) -> bool:
    if "html" in raw.content_type.lower():
        return True
    name = (raw.filename or raw.source).lower()
    if name.endswith(".txt"):
        return False
    return bool(_HTML_SNIFF.search(data[:4096]))
