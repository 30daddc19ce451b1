"""Chinese text → readable ASCII slug, via pypinyin (used by every app's slugs)."""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin


def pinyin_slug(text: str, *, max_length: int = 80) -> str:
    """'寿阳县' → 'shou-yang-xian'; Latin letters and digits are kept as they are."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars))
    slug = slugify(" ".join(syllables))
    return slug[:max_length].strip("-")
