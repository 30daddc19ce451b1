"""Article body → content hash (exact copies) and SimHash (near copies: reprints with
small edits, a changed title suffix, different chrome).

SimHash (Charikar 2002) over jieba word tokens: 64 bits; two bodies whose hashes differ
in at most NEAR_BITS bits are the same article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
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
_BITS = [bytes((b >> (7 - i)) & 1 for i in range(8)) for b in range(256)]
# Rows of the words seen recently (64 bytes each): most words of a page were met before.
_ROWS: dict[str, bytes] = {}
_ROWS_KEPT = 50_000


def _token_bits(token: str) -> bytes:
    row = _ROWS.get(token)
    if row is None:
        row = b"".join(_BITS[b] for b in hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest())
        if len(_ROWS) >= _ROWS_KEPT:
            _ROWS.clear()
        _ROWS[token] = row
    return row


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


class SimhashIndex:
    """Near-duplicate lookup without scanning every fingerprint. The 64 bits are cut into
    NEAR_BITS + 1 bands; two hashes within NEAR_BITS bits of each other agree on at
    least one band (pigeonhole), so only hashes sharing a band are compared.

    A run adds every page it stores, so the index is kept in flat arrays: entry i is
    `_keys[i]` (an integer key, e.g. an article's id) and `_values[i]` (its hash); per
    band, `_heads` holds the newest entry of each band value and `_next` chains each entry
    to the previous one with the same band value. An entry costs 36 bytes, whatever the
    hashes; tuples in per-bucket lists cost about 160 bytes an entry, and the dict of up
    to 5 × 8,192 buckets several MB more as it filled."""

    _BANDS = NEAR_BITS + 1
    _WIDTH = -(-64 // _BANDS)
    _MASK = (1 << _WIDTH) - 1

    def __init__(self) -> None:
        self._keys = array("q")
        self._values = array("q")
        self._heads = [array("i", [-1]) * (1 << self._WIDTH) for _ in range(self._BANDS)]
        self._next = [array("i") for _ in range(self._BANDS)]

    def __len__(self) -> int:
        return len(self._keys)

    def _bands(self, value: int) -> list[int]:
        unsigned = value & ((1 << 64) - 1)
        return [(unsigned >> (band * self._WIDTH)) & self._MASK for band in range(self._BANDS)]

    def add(self, key: int, value: int) -> None:
        entry = len(self._keys)
        self._keys.append(key)
        self._values.append(value)
        for heads, chain, bucket in zip(self._heads, self._next, self._bands(value), strict=True):
            chain.append(heads[bucket])
            heads[bucket] = entry

    def near(self, value: int) -> int | None:
        """The key of the closest indexed hash within NEAR_BITS (of the closest, the one
        added first), or None."""
        best: tuple[int, int] | None = None  # (distance, entry)
        values = self._values
        for heads, chain, bucket in zip(self._heads, self._next, self._bands(value), strict=True):
            entry = heads[bucket]
            while entry >= 0:
                d = distance(value, values[entry])
                if d <= NEAR_BITS and (best is None or (d, entry) < best):
                    best = (d, entry)
                entry = chain[entry]
        return self._keys[best[1]] if best else None

    def keys(self) -> set[int]:
        return set(self._keys)

    def keep(self, keys: set) -> None:
        """Drop the entries whose key is not in `keys` (the index is rebuilt)."""
        kept = [(k, v) for k, v in zip(self._keys, self._values, strict=True) if k in keys]
        self.__init__()
        for k, v in kept:
            self.add(k, v)
