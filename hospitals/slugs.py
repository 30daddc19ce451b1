"""Chinese text → readable ASCII slug, via pypinyin (used by every app's slugs)."""

from functools import lru_cache

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin


def pinyin_slug(text: str, *, max_length: int = 80) -> str:
    """'寿阳县' → 'shou-yang-xian'; Latin letters and digits are kept as they are."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    slug = slugify(" ".join(syllables))
    return slug[:max_length].strip("-")


def unique_slug(model, text: str, *, fallback: str, max_length: int = 90) -> str:
    """A pinyin slug for `text` that no row of `model` has yet ('-2', '-3'… appended)."""
    base = pinyin_slug(text, max_length=max_length) or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Administrative suffixes in English (longest first); a prefecture-level 市 is the city's
# bare name (Zhengzhou), a county-level one "… City" (Jiexiu City).
_SUFFIXES = [
    ("自治县", "Autonomous County"),
    ("自治州", "Autonomous Prefecture"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("新区", "New Area"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("市", "City"),
]


@lru_cache(maxsize=8192)
def pinyin_name(name: str, *, prefecture: bool = False) -> str:
    """'郑州市' → 'Zhengzhou', '寿阳县' → 'Shouyang County', '介休市' (county level) →
    'Jiexiu City': the pinyin of the proper name (machine-made, without tones) and the
    suffix in English. The English site uses it for divisions, which have no English
    names of their own."""
    for suffix, english in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix == "市" and prefecture:
                english = ""
            break
    else:
        stem, english = name, ""
    syllables = lazy_pinyin(stem, style=Style.NORMAL, errors=lambda chars: list(chars))
    proper = "".join(syllables).capitalize()
    return f"{proper} {english}".strip()
