"""Article body → content hash (exact copies) and SimHash (near copies: reprints with
small edits, a changed title suffix, different chrome).

SimHash (Charikar 2002) over jieba word tokens: 64 bits; two bodies whose hashes differ
in at most NEAR_BITS bits are the same article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

import jieba

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise

NEAR_BITS = 4
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalised_body(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised_body(text).encode("utf-8")).hexdigest()


# Each byte value as its 8 bits, most significant first: a token's 64-bit hash becomes a
# row of 64 zeros and ones, and zip(*) sums the columns in C instead of a Python loop.
_BITS = [tuple((b >> (7 - i)) & 1 for i in range(8)) for b in range(256)]


def _token_bits(token: str) -> tuple[int, ...]:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return sum((_BITS[b] for b in digest), ())


def split_long(words: list[str]) -> list[str]:
    """Gazetteer-aware segmentation keeps names whole (国家区域医疗中心建设项目); cut long words
    into two-character pieces so a fingerprint has the granularity of plain jieba words."""
    out: list[str] = []
    for word in words:
        if len(word) >= 4:
            out.extend(word[i : i + 2] for i in range(0, len(word), 2))
        else:
            out.append(word)
    return out


def simhash(text: str, words: list[str] | None = None) -> int:
    """A signed 64-bit SimHash (fits a BigIntegerField) over the text's jieba words
    (pass `words` when the text is already segmented, to segment it once)."""
    if words is None:
        words = jieba.lcut(normalised_body(text), HMM=False)
    tokens = Counter(t for t in words if (len(t) > 1 and not _NOISE.fullmatch(t)) or t.isdigit())
    if not tokens:
        return 0
    total = sum(tokens.values())
    rows = [bits for token, count in tokens.items() for bits in [_token_bits(token)] * count]
    value = 0
    for column in zip(*rows, strict=True):
        value = (value << 1) | (2 * sum(column) > total)
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def is_near(a: int, b: int) -> bool:
    return distance(a, b) <= NEAR_BITS
