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


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """A signed 64-bit SimHash (fits a BigIntegerField)."""
    tokens = Counter(t for t in jieba.lcut(normalised_body(text)) if len(t) > 1 or t.isdigit())
    weights = [0] * 64
    for token, count in tokens.items():
        h = _token_hash(token)
        for bit in range(64):
            weights[bit] += count if h >> bit & 1 else -count
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def is_near(a: int, b: int) -> bool:
    return distance(a, b) <= NEAR_BITS
