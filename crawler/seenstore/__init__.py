"""Seen-stores: the memory of written articles across runs (and, with Redis, across workers).

A store answers one question per article, atomically: is this (id, content_hash) new, a changed
version of an article already written, or already written as it is?
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from scrapy.utils.misc import load_object


class Seen(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    SEEN = "seen"
    CLAIMED = "claimed"  # another live worker is writing it right now (Redis only)


class SeenStorage(Protocol):
    def claim(self, article_id: str, content_hash: str) -> Seen:
        """NEW or CHANGED reserves the article for this writer until `record` (Redis: a lease, so
        a worker that dies before writing does not lose the article for good)."""
        ...

    def record(self, article_id: str, content_hash: str, url: str | None) -> None: ...

    def reclaim(self, article_id: str, content_hash: str, writer_pid: int) -> bool:
        """A line found in the part file of a dead writer (process `writer_pid` on this machine):
        True to keep it (reserved for this writer until `record`), False when another worker has
        written or is writing the article, so keeping the line would make a duplicate."""
        ...

    def close(self) -> None: ...


# URI scheme -> store class, by dotted path (settings may extend it as SEEN_STORE_BACKENDS). This
# package never imports a backend itself: the Redis store depends on it, not the other way round.
BACKENDS: dict[str, str] = {
    "sqlite": "crawler.seenstore.sqlite.SqliteSeenStorage",
    "redis": "crawler.distributed.seenstore.RedisSeenStorage",
    "rediss": "crawler.distributed.seenstore.RedisSeenStorage",
    "unix": "crawler.distributed.seenstore.RedisSeenStorage",
}


def open_storage(uri: str, backends: dict[str, str] | None = None) -> SeenStorage:
    """`redis://...` (or another scheme in `backends`) -> that store; `sqlite:///path` or a plain
    path -> SQLite."""
    table = {**BACKENDS, **(backends or {})}
    scheme, sep, rest = uri.partition("://")
    if sep and scheme in table:
        cls = load_object(table[scheme])
        return cls(rest if scheme == "sqlite" else uri)
    return load_object(table["sqlite"])(uri)
