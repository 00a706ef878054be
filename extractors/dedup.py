"""Each article once: exact and near-duplicate detection over article records.

Scrapy-free, so the crawl's `DeduplicationPipeline` and the batch CLI apply the same rules: same
canonical URL, same id, same text, or nearly the same text (MinHash/LSH over word 5-shingles,
`threshold` is the Jaccard similarity above which two texts are one article).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from extractors.article import WORD_RE

# Word n-grams a text is cut into for MinHash: long enough that two different articles on one topic
# share few of them, short enough that a copy with an edited sentence still shares most.
SHINGLE = 5
# Texts with fewer distinct shingles give unstable MinHash estimates; the exact checks still apply.
MIN_SHINGLES = 8


def minhash(text: str, num_perm: int):
    """MinHash of the text's word 5-shingles (case-folded), or None for a text too short to judge."""
    from datasketch import MinHash

    words = WORD_RE.findall(text.casefold())
    shingles = {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=num_perm)
    m.update_batch(list(shingles))
    return m


class NearIndex:
    """Texts seen so far, as MinHash LSH (datasketch): `claim` says whether a text is new. In memory
    by default; `storage_config` puts the index elsewhere (datasketch's Redis storage, shared by the
    workers of a distributed crawl: `crawler.distributed.nearindex`)."""

    def __init__(self, threshold: float, num_perm: int, storage_config: dict[str, Any] | None = None) -> None:
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, storage_config=storage_config)

    def claim(self, key: str, m: Any) -> bool:
        """True when no other key's text is near `m` (then `key` is indexed); False for a near copy.
        A key meeting itself again (a re-fetched page) is not its own copy."""
        if any(other != key for other in self.lsh.query(m)):
            return False
        if key not in self.lsh:
            self.lsh.insert(key, m, check_duplication=False)
        return True


class KeySet(Protocol):
    """Where a `Deduplicator` keeps the keys of the records it accepted (a plain set by default; the
    batch keeps them on disk, `batch.spill.DiskKeys`, so an archive of any size takes the same memory)."""

    def first(self, keys: Iterable[str]) -> str | None:
        """The first of `keys` already kept, if any."""
        ...

    def update(self, keys: Iterable[str]) -> None: ...


class MemoryKeys(set):
    """The keys in this process's memory: a crawl's, a report's."""

    def first(self, keys: Iterable[str]) -> str | None:
        return next((k for k in keys if k in self), None)


# A key is its kind's letter and the value: one store serves the three kinds.
_REASONS = {"u": "url", "i": "id", "c": "content"}


class Deduplicator:
    """Remembers the records it accepted; `check` names why a new one is a duplicate."""

    def __init__(self, near_threshold: float = 0.9, num_perm: int = 128, near_index: NearIndex | None = None,
                 keys: KeySet | None = None) -> None:
        self.num_perm = num_perm
        self.near = near_index if near_index is not None else (
            NearIndex(near_threshold, num_perm) if near_threshold < 1 else None)
        self.keys: KeySet = keys if keys is not None else MemoryKeys()

    def check(self, record: Mapping[str, Any]) -> str | None:
        """None when the record is new (and now remembered), else the reason: "url", "id",
        "content" or "near"."""
        url, article_id, digest = record.get("url"), record["id"], record["content_hash"]
        keys = [f"u {url}"] if url else []
        keys += [f"i {article_id}", f"c {digest}"]
        if (seen := self.keys.first(keys)) is not None:
            return _REASONS[seen[0]]
        m = minhash(record["text"], self.num_perm) if self.near is not None else None
        if m is not None and not self.near.claim(article_id, m):
            return "near"
        self.keys.update(keys)
        return None
