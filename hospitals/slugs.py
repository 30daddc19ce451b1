"""Chinese text → readable ASCII slug, via pypinyin (used by every app's slugs)."""

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
