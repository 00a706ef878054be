"""The chrome store: per-site counts of paragraph owners (extractors/chrome.py says what is
counted and why), in SQLite, and `python -m batch.chrome` to show what was learned.

The batch (`python -m extractors DIR`) and the crawl keep their counts here: in a file
(`--chrome-store`, `CHROME_STORE`) across runs, or for one run in SQLite's private temporary
database (`batch.spill.temporary_database`): a run counts every paragraph of every site until its
last page, and an archive of any size keeps the same memory.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from batch.spill import ShelfError, guarded, temporary_database
from extractors.chrome import CHROME_MIN_PAGES, CHROME_MIN_SHARE, LearnedChrome, fingerprint

# Fingerprints seen with a single owner are forgotten each time a site gains this many pages:
# the store keeps what repeats, and chrome that repeats on 30% of pages recurs well within that.
PRUNE_EVERY = 500

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS pages (site TEXT, page TEXT, PRIMARY KEY (site, page)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS owners (site TEXT, fp TEXT, owner TEXT, PRIMARY KEY (site, fp, owner)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS samples (site TEXT, fp TEXT, text TEXT, PRIMARY KEY (site, fp)) WITHOUT ROWID;"
    # a fingerprint's owners, counted as they are first recorded: learning reads these, not the owners
    "CREATE TABLE IF NOT EXISTS counts (site TEXT, fp TEXT, articles INTEGER, owners INTEGER,"
    " PRIMARY KEY (site, fp)) WITHOUT ROWID;"
    "CREATE TRIGGER IF NOT EXISTS counted AFTER INSERT ON owners BEGIN"
    " INSERT INTO counts VALUES (NEW.site, NEW.fp, substr(NEW.owner, 1, 2) = 'a:', 1)"
    " ON CONFLICT DO UPDATE SET articles = articles + excluded.articles, owners = owners + 1; END;")
# A store written before `counts` existed gets them from its owners, once.
_COUNT_OWNERS = "INSERT INTO counts SELECT site, fp, SUM(substr(owner, 1, 2) = 'a:'), COUNT(*) FROM owners GROUP BY site, fp"
_SINGLES = "SELECT fp FROM counts WHERE site = ?1 AND owners = 1"
# A learned paragraph's text is kept to show it (`python -m batch.chrome list`), this much of it: the
# store tidies its spacing only when it is shown, not for every paragraph of every page it counts.
SAMPLE_CHARS = 300

T = TypeVar("T")


class StoreError(ShelfError):
    """The chrome store file cannot be used (not a database, not writable, its disk full)."""


@dataclass
class _Site:
    pages: int = 0
    learned: LearnedChrome = field(default_factory=LearnedChrome)
    changes: int = -1  # pages observed since `learned` was computed (-1: never computed)


@dataclass
class ChromeMemory:
    """Per-site counts of paragraph owners, in SQLite at `path`, or for one run in a temporary
    database (None: no samples kept, nothing to list afterwards)."""

    path: str | Path | None = None
    min_pages: int = CHROME_MIN_PAGES
    min_share: float = CHROME_MIN_SHARE
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _sites: dict[str, _Site] = field(default_factory=dict, repr=False)
    _db: sqlite3.Connection | None = field(default=None, repr=False)

    @property
    def db(self) -> sqlite3.Connection:
        """The store, opened on first use (a crawl that extracts nothing creates no file)."""
        if self._db is None:
            self._db = self._guarded(self._open)
        return self._db

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            db = temporary_database()
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False, isolation_level=None)
            db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        db.executescript(_SCHEMA)
        if db.execute("SELECT 1 FROM counts LIMIT 1").fetchone() is None:
            db.execute(_COUNT_OWNERS)  # nothing to count in a new store
        return db

    def _guarded(self, action: Callable[[], T]) -> T:
        """`action()`, with SQLite's failures as an OSError that names where the counts are kept:
        the store file (`StoreError`), or the temporary directory, where the run's readings are kept
        too (`ShelfError`)."""
        return guarded(action) if self.path is None else guarded(action, StoreError, str(self.path))

    def observe(self, site: str, page_key: str, owners: Mapping[str, Iterable[str] | Mapping[str, str]]) -> None:
        """Count one page of `site`: each paragraph under each of its owners (see `owners_of`), or
        each {fingerprint: paragraph} as `extractors.chrome.fingerprinted` gives them (computed where
        the page was read). Seeing the same page again changes nothing."""
        rows = [(site, fp, owner, paragraph) for owner, paragraphs in owners.items()
                for fp, paragraph in _fingerprinted(paragraphs)]
        with self._lock:
            state = self._site(site)
            self._guarded(lambda: self._count(state, site, page_key, rows))
            state.changes += 1

    def _count(self, state: _Site, site: str, page_key: str, rows: list[tuple[str, str, str, str]]) -> None:
        db = self.db
        db.execute("BEGIN")
        try:
            new_page = db.execute("INSERT OR IGNORE INTO pages VALUES (?, ?)", (site, page_key)).rowcount
            db.executemany("INSERT OR IGNORE INTO owners VALUES (?, ?, ?)", (row[:3] for row in rows))
            if self.path is not None:  # the first text seen of each, as it came (`listing` tidies it)
                db.executemany("INSERT OR IGNORE INTO samples VALUES (?, ?, ?)",
                               ((s, fp, text[:SAMPLE_CHARS]) for s, fp, _, text in rows))
            if new_page and (state.pages + 1) % PRUNE_EVERY == 0:
                db.execute(f"DELETE FROM samples WHERE site = ?1 AND fp IN ({_SINGLES})", (site,))
                db.execute(f"DELETE FROM owners WHERE site = ?1 AND fp IN ({_SINGLES})", (site,))
                db.execute("DELETE FROM counts WHERE site = ?1 AND owners = 1", (site,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        state.pages += new_page

    def learned(self, site: str | None, stale_ok: int = 0) -> LearnedChrome:
        """The chrome learned for `site` (empty for None or an unknown site); recomputed when more
        than `stale_ok` pages were observed since it last was (a crawl refreshes it in steps)."""
        if not site:
            return LearnedChrome()
        with self._lock:
            state = self._site(site)
            if state.changes > stale_ok or state.changes < 0:
                need = max(self.min_pages, self.min_share * state.pages)
                state.learned = LearnedChrome(frozenset(fp for (fp,) in self._guarded(lambda: self.db.execute(
                    "SELECT fp FROM counts WHERE site = ? AND owners >= ? AND articles != 1", (site, need)).fetchall())))
                state.changes = 0
            return state.learned

    def listing(self, site: str) -> list[tuple[int, str]]:
        """(owners, sample text) of every learned paragraph of `site`, most repeated first (the
        text is "?" in a memory without a store file, which keeps no samples)."""
        learned = self.learned(site)
        with self._lock:
            rows = self.db.execute("SELECT counts.fp, owners, text FROM counts LEFT JOIN samples USING (site, fp)"
                                   " WHERE site = ?", (site,)).fetchall()
        return sorted(((owners, " ".join((text or "?").split())) for fp, owners, text in rows if fp in learned.fingerprints),
                      key=lambda r: (-r[0], r[1]))

    def sites(self) -> list[tuple[str, int]]:
        """(site, pages observed) for every site in the store."""
        with self._lock:
            return self.db.execute("SELECT site, COUNT(*) FROM pages GROUP BY site ORDER BY site").fetchall()

    def learned_count(self) -> int:
        """Paragraphs learned as chrome, over all sites."""
        return sum(len(self.learned(site)) for site, _ in self.sites())

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _site(self, site: str) -> _Site:
        """The site's page count, read from the store on first use."""
        state = self._sites.get(site)
        if state is None:
            pages = 0 if self.path is None else self._guarded(lambda: self.db.execute(
                "SELECT COUNT(*) FROM pages WHERE site = ?", (site,)).fetchone()[0])
            state = self._sites[site] = _Site(pages=pages)
        return state


def _fingerprinted(paragraphs: Iterable[str] | Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(fingerprint, paragraph) of the paragraphs that can be learned."""
    if isinstance(paragraphs, Mapping):
        yield from paragraphs.items()
        return
    for paragraph in paragraphs:
        if (fp := fingerprint(paragraph)) is not None:
            yield fp, paragraph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m batch.chrome",
                                     description="Show the chrome learned per site.")
    parser.add_argument("--store", required=True, help="the chrome store (SQLite file)")
    parser.add_argument("--min-pages", type=int, default=CHROME_MIN_PAGES)
    parser.add_argument("--min-share", type=float, default=CHROME_MIN_SHARE)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("sites", help="sites in the store, with their page counts")
    show = sub.add_parser("list", help="the paragraphs learned as one site's chrome")
    show.add_argument("site")
    args = parser.parse_args(argv)
    if not Path(args.store).is_file():
        print(f"cleanwire: no chrome store at {args.store}", file=sys.stderr)
        return 1
    memory = ChromeMemory(args.store, args.min_pages, args.min_share)
    try:
        if args.command == "sites":
            for site, pages in memory.sites():
                print(f"{site}\t{pages} pages\t{len(memory.learned(site))} learned")
        else:
            rows = memory.listing(args.site)
            for owners, text in rows:
                print(f"{owners}\t{text}")
            print(f"{len(rows)} paragraphs learned for {args.site}", file=sys.stderr)
    finally:
        memory.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
