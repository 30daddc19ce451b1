import datetime
import json
from pathlib import Path

from articles.ingest.decode import decode_page
from articles.ingest.extract import extract_article
from articles.ingest.parse import parse_page
from articles.ingest.records import ExtractedArticle, RawPage

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
# Page tests by site family (sites/<family>/) and by trap (sites/_traps/<trap>/), each
# folder with one expected.json.
SITES = Path(__file__).resolve().parent / "sites"
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo_pages"
TODAY = datetime.date(2026, 11, 22)


def extract_file(path: Path, *, url: str = "") -> ExtractedArticle:
    raw = RawPage(source=str(path), data=path.read_bytes(), filename=path.name, url=url)
    return extract_article(parse_page(decode_page(raw)), url=url, today=TODAY)


def compact(text: str | None) -> str:
    """The comparison the seed scorer uses: NFKC, ASCII punctuation, no whitespace."""
    import re
    import unicodedata

    table = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "｜": "|"})
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").translate(table))


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
