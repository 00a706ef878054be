"""The seen-store of a one-process crawl: one SQLite file beside the output."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from crawler.seenstore import Seen


class SqliteSeenStorage:
    """One SQLite file; WAL journal so a killed crawl never corrupts it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,"
            " url TEXT, first_seen REAL NOT NULL, last_seen REAL NOT NULL)")

    def claim(self, article_id: str, content_hash: str) -> Seen:
        # One process writes one SQLite store; the crawl's own dedup covers claims in flight.
        with self.lock:
            row = self.db.execute("SELECT content_hash FROM seen WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return Seen.NEW
        return Seen.SEEN if row[0] == content_hash else Seen.CHANGED

    def record(self, article_id: str, content_hash: str, url: str | None) -> None:
        now = time.time()
        with self.lock:
            self.db.execute(
                "INSERT INTO seen (id, content_hash, url, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash,"
                " url = COALESCE(excluded.url, seen.url), last_seen = excluded.last_seen",
                (article_id, content_hash, url, now, now))

    def reclaim(self, article_id: str, content_hash: str, writer_pid: int) -> bool:
        return True  # one process writes one SQLite store: a dead writer's lines are all ours

    def count(self) -> int:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]

    def close(self) -> None:
        with self.lock:
            self.db.close()
