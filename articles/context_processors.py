"""Template context shared by every page (no database access)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def language_links(request: HttpRequest) -> dict:
    """The current page's address in each language: Chinese at the root, others under
    a /<code>/ prefix (i18n_patterns with prefix_default_language=False)."""
    path = request.path
    current = get_language() or settings.LANGUAGE_CODE
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    links = {}
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        links[code] = f"{prefix}{path}{suffix}"
    return {
        "alternate_links": links.items(),
        "chinese_url": links[settings.LANGUAGE_CODE],
        "english_url": links.get("en", path),
        "current_language": current,
    }
