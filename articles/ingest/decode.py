"""Page bytes → text: BOM, declared charset (HTTP, meta, XML), detection when the
declaration is missing or wrong, then normalisation of spaces and Unicode forms.

Why this order: valid multi-byte UTF-8 almost never happens by chance in GBK text,
while GB18030 decodes nearly any byte string (into mojibake). So bytes that are valid
UTF-8 are UTF-8 whatever the page declares; otherwise the declaration is tried,
then charset-normalizer's guess, then GB18030. A single-byte (Western) declaration
decodes any bytes at all, so it gives way when the bytes read as Chinese.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import charset_normalizer

from articles.ingest import lexicon
from articles.ingest.records import DecodedPage, PageError, RawPage

MAX_PAGE_BYTES = 5 * 1024 * 1024

# UTF-32 first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<div[\s>]|<p[\s>]", re.I
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

# Codecs Python knows that no page is written in: a declaration naming one is ignored.
# (Escape codecs would turn GBK bytes into Latin-1 mojibake; UTF-7 is banned from HTML.)
_NOT_PAGE_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7"}
_CJK = lexicon.HAN_CHAR
_NON_ASCII = re.compile("[^\x00-\x7f]")

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


# Control characters carry no text and break lines and terminals: C0 except tab, newline
# and form feed (parse.py reads \f as a PDF page break), DEL, and U+FFFD (what &#0; and
# undecodable bytes become).
_CONTROLS = {cp: "" for cp in [*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xFFFD]}

# The tables as one substitution: a regex finds the few characters to replace (in C),
# where str.translate would look every character of the page up in a dict.
_REPLACE = {
    chr(cp): ("" if to is None else chr(to) if isinstance(to, int) else to)
    for table in (_SPACES, _FULLWIDTH_ALNUM, _CONTROLS)
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
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CHARSETS:
        return None  # base64, rot13, zlib …: Python's codecs, not charsets
    return info.name


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


def _not_text(data: bytes) -> str | None:
    """Why bytes without a Unicode BOM cannot be a page, if they cannot."""
    binary = _looks_binary(data)
    if binary and binary != "binary data":
        return f"not a text page: the file is {binary}"
    if unicode := _bomless_unicode(data):
        return f"cannot decode the page: it looks like {unicode} text saved without a byte-order mark; save it as UTF-8"
    return binary and f"not a text page: the file is {binary}"


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


def _bomless_unicode(data: bytes) -> str | None:
    """Returns "UTF-16" or "UTF-32" when the data is text saved without a byte-order mark: its
    NULs (the high bytes of ASCII characters) fall in fixed columns, where binary data
    has them anywhere and text with a stray NUL has a few. Such files are refused with a
    reason that says how to fix them, rather than as binary data."""
    sample = data[:4096]
    n = len(sample) // 4 * 4
    if n < 16 or b"\x00" not in sample:
        return None
    zeros = [sample[i:n:4].count(0) for i in range(4)]
    rows = n // 4
    # UTF-32: both high bytes of every character NUL, the lowest mostly not.
    if zeros[2] == zeros[3] == rows > 2 * zeros[0] or zeros[0] == zeros[1] == rows > 2 * zeros[3]:
        return "UTF-32"
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    if max(even, odd) > n // 32 and max(even, odd) >= 8 * min(even, odd):
        return "UTF-16"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    """`data` decoded without a single error, or None. The one fault forgiven is a
    character cut off by the end of the data (a truncated download or copy): its last
    bytes are dropped, as a partial character carries nothing."""
    try:
        return data.decode(encoding)
    except LookupError:
        return None
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and len(data) - exc.start <= 3 and exc.reason in _CUT_OFF:
            return _strict_whole(data[: exc.start], encoding)
        return None


# How codecs say the data ended inside a character (UTF-8; UTF-16/32; CJK multi-byte).
_CUT_OFF = {"unexpected end of data", "truncated data", "incomplete multibyte sequence"}


def _strict_whole(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
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
    unicode_bom = any(data.startswith(bom) for bom, name in _BOMS if name != "utf-8")
    if not unicode_bom and (reason := _not_text(data)):
        raise PageError(reason)

    warnings: tuple[str, ...] = ()
    text, encoding = _with_bom(data)
    if text is None:  # no BOM, or one the bytes after it belie
        declared = declared_charset(data, raw.content_type)
        text, encoding = _without_bom(data, declared)
        if text is None or not _mostly_readable(text):
            text, encoding, warnings = _forgiving(data, declared) or (text, encoding, ())
    if text is None or not _mostly_readable(text):
        raise PageError("cannot decode the page: no charset (declared or detected) gives readable text")

    media_type = "text/html" if _is_html(raw, text) else "text/plain"
    return DecodedPage(text=normalise_text(text), encoding=encoding, media_type=media_type, warnings=warnings)


# Invalid byte sequences forgiven when a charset fits the rest of the page: at most this
# share of the page's non-ASCII characters. Taken over non-ASCII text, not all bytes: a
# GBK page with a little Chinese in much ASCII markup read as UTF-8 has nearly every
# non-ASCII character wrong, however few they are among all the bytes.
_FORGIVEN_SHARE = 0.02


def _forgiving(data: bytes, declared: str | None) -> tuple[str, str, tuple[str, ...]] | None:
    """The page decoded with its few invalid bytes replaced (U+FFFD), by the declared
    charset or UTF-8, when that charset reads nearly all of it; None otherwise."""
    # A single-byte charset decodes any bytes without an error: nothing to measure.
    candidates = (c for c in (declared, "utf-8") if c and (c == "utf-8" or not _single_byte(c)))
    for encoding in dict.fromkeys(candidates):
        errors = 0

        def count(exc: UnicodeDecodeError) -> tuple[str, int]:
            nonlocal errors
            errors += exc.end - exc.start
            return "\ufffd", exc.end

        codecs.register_error("rmc-count", count)
        try:
            text = data.decode(encoding, errors="rmc-count")
        except LookupError:
            continue
        non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
        if errors and errors <= _FORGIVEN_SHARE * non_ascii and _mostly_readable(text):
            plural = "s" if errors != 1 else ""
            return text, encoding, (f"decoded as {encoding} with {errors} invalid byte{plural} replaced",)
    return None


def _with_bom(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding) when the data starts with a byte-order mark, else (None, None)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], name), name
    return None, None


def _without_bom(data: bytes, declared: str | None) -> tuple[str, str]:
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8"
    if declared and declared != "utf-8" and (candidate := _strict(data, declared)) is not None:
        if not _single_byte(declared):
            return candidate, declared
        detected = _detect(data)
        if detected and _reads_as_chinese(detected[0]):
            return detected  # GBK bytes labelled ISO-8859-1: the label is wrong
        return candidate, declared
    return _detect(data) or (data.decode("gb18030", errors="replace"), "gb18030")


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's choice when it decodes the whole page readably.

    The pages we meet are Chinese: the detector chooses among Chinese encodings only,
    which it does far more reliably than among all of them."""
    best = charset_normalizer.from_bytes(data[:200_000], cp_isolation=_CHINESE_ENCODINGS).best()
    guess = _codec(best.encoding) if best else None
    if guess and (candidate := _strict(data, guess)) is not None and _mostly_readable(candidate):
        return candidate, guess
    return None


@functools.cache
def _single_byte(encoding: str) -> bool:
    """One byte per character (Latin-1, windows-1252, KOI8 …): such a codec decodes any
    bytes, so a strict decode proves nothing about the label."""
    try:
        return len(bytes(range(0x80, 0x100)).decode(encoding, errors="replace")) == 0x80
    except (UnicodeError, LookupError):
        return False


def _reads_as_chinese(text: str) -> bool:
    """Mostly Chinese characters among the non-ASCII ones."""
    wide = len(_NON_ASCII.findall(text))
    return wide > 0 and len(_CJK.findall(text)) / wide > 0.5


def _is_html(raw: RawPage, text: str) -> bool:
    """Sniffed on the decoded text, so that UTF-16 and UTF-32 pages are seen as HTML too."""
    if "html" in raw.content_type.lower():
        return True
    name = (raw.filename or raw.source).lower()
    if name.endswith(".txt"):
        return False
    return bool(_HTML_SNIFF.search(text[:4096]))
