"""The chrome store: per-site counts of paragraph owners (extractors/chrome.py says what is
counted and why), in SQLite, and `python -m batch.chrome` to show what was learned.

The batch (`python -m extractors DIR`) and the crawl keep their counts here: in memory for one run,
or in a file (`--chrome-store`, `CHROME_STORE`) across runs.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractors.chrome import CHROME_MIN_PAGES, CHROME_MIN_SHARE, LearnedChrome, fingerprint

# Fingerprints seen with a single owner are forgotten each time a site gains this many pages:
# the store keeps what repeats, and chrome that repeats on 30% of pages recurs well within that.
PRUNE_EVERY = 500


@dataclass
class _Site:
    pages: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # fingerprint -> [article owners, page owners]
    learned: LearnedChrome = field(default_factory=LearnedChrome)
    changes: int = 0  # pages observed since `learned` was computed (-1: never computed)
    # kept in memory only when there is no store file:
    seen_pages: set[str] = field(default_factory=set)
    owners: dict[str, str | tuple[str, ...] | set[str]] = field(default_factory=dict)  # fingerprint -> its owners


@dataclass
class ChromeMemory:
    """Per-site counts of paragraph owners, in SQLite at `path`, or in this process's memory for
    one run (None: plain sets, no database; nothing to list afterwards)."""

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
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(target, timeout=30, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(
            "CREATE TABLE IF NOT EXISTS pages (site TEXT, page TEXT, PRIMARY KEY (site, page));"
            "CREATE TABLE IF NOT EXISTS owners (site TEXT, fp TEXT, owner TEXT, PRIMARY KEY (site, fp, owner));"
            "CREATE TABLE IF NOT EXISTS samples (site TEXT, fp TEXT, text TEXT, PRIMARY KEY (site, fp));")
        return db

    def observe(self, site: str, page_key: str, owners: Mapping[str, Iterable[str] | Mapping[str, str]]) -> None:
        """Count one page of `site`: each paragraph under each of its owners (see `owners_of`), or
        each {fingerprint: paragraph} as `extractors.chrome.fingerprinted` gives them (computed where
        the page was read). Seeing the same page again changes nothing."""
        with self._lock:
            state = self._site(site)
            if self.path is None:
                self._observe_here(state, page_key, owners)
                return
            self.db.execute("BEGIN")
            new_page = self.db.execute("INSERT OR IGNORE INTO pages VALUES (?, ?)", (site, page_key)).rowcount
            state.pages += new_page
            for owner, paragraphs in owners.items():
                for fp, paragraph in _fingerprinted(paragraphs):
                    if self.db.execute("INSERT OR IGNORE INTO owners VALUES (?, ?, ?)", (site, fp, owner)).rowcount:
                        count = state.counts.setdefault(fp, [0, 0])
                        count[not owner.startswith("a:")] += 1
                        if sum(count) == 1:
                            self.db.execute("INSERT OR IGNORE INTO samples VALUES (?, ?, ?)",
                                            (site, fp, " ".join(paragraph.split())[:300]))
            if new_page and state.pages % PRUNE_EVERY == 0:
                self._prune(site, state)
            self.db.execute("COMMIT")
            state.changes += 1

    def _observe_here(self, state: _Site, page_key: str, owners: Mapping[str, Iterable[str] | Mapping[str, str]]) -> None:
        new_page = page_key not in state.seen_pages
        if new_page:
            state.seen_pages.add(page_key)
            state.pages += 1
        for owner, paragraphs in owners.items():
            column = not owner.startswith("a:")
            for fp, _ in _fingerprinted(paragraphs):
                if _add_owner(state.owners, fp, owner):
                    state.counts.setdefault(fp, [0, 0])[column] += 1
        if new_page and state.pages % PRUNE_EVERY == 0:
            single = [fp for fp, n in state.counts.items() if sum(n) == 1]
            for fp in single:
                del state.counts[fp], state.owners[fp]
        state.changes += 1

    def learned(self, site: str | None, stale_ok: int = 0) -> LearnedChrome:
        """The chrome learned for `site` (empty for None or an unknown site); recomputed when more
        than `stale_ok` pages were observed since it last was (a crawl refreshes it in steps)."""
        if not site:
            return LearnedChrome()
        with self._lock:
            state = self._site(site)
            if state.changes > stale_ok or state.changes < 0:
                need = max(self.min_pages, self.min_share * state.pages)
                state.learned = LearnedChrome(frozenset(
                    fp for fp, (articles, pages) in state.counts.items() if articles + pages >= need and articles != 1))
                state.changes = 0
            return state.learned

    def listing(self, site: str) -> list[tuple[int, str]]:
        """(owners, sample text) of every learned paragraph of `site`, most repeated first (the
        text is "?" in a memory without a store file, which keeps no samples)."""
        learned = self.learned(site)
        with self._lock:
            counts = self._site(site).counts
            texts = {} if self.path is None else \
                dict(self.db.execute("SELECT fp, text FROM samples WHERE site = ?", (site,)).fetchall())
        return sorted(((sum(counts[fp]), texts.get(fp, "?")) for fp in learned.fingerprints), key=lambda r: (-r[0], r[1]))

    def sites(self) -> list[tuple[str, int]]:
        """(site, pages observed) for every site in the store."""
        with self._lock:
            if self.path is None:
                return [(site, state.pages) for site, state in sorted(self._sites.items()) if state.pages]
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
        """The site's counts, read from the store on first use."""
        state = self._sites.get(site)
        if state is None:
            if self.path is None:
                state = self._sites[site] = _Site(changes=-1)
                return state
            pages = self.db.execute("SELECT COUNT(*) FROM pages WHERE site = ?", (site,)).fetchone()[0]
            counts: dict[str, list[int]] = {}
            for fp, is_article, n in self.db.execute(
                    "SELECT fp, owner LIKE 'a:%', COUNT(*) FROM owners WHERE site = ? GROUP BY fp, owner LIKE 'a:%'", (site,)):
                counts.setdefault(fp, [0, 0])[not is_article] += n
            state = self._sites[site] = _Site(pages=pages, counts=counts, changes=-1)
        return state

    def _prune(self, site: str, state: _Site) -> None:
        single = [fp for fp, n in state.counts.items() if sum(n) == 1]
        self.db.executemany("DELETE FROM owners WHERE site = ? AND fp = ?", ((site, fp) for fp in single))
        self.db.executemany("DELETE FROM samples WHERE site = ? AND fp = ?", ((site, fp) for fp in single))
        for fp in single:
            del state.counts[fp]


# In memory, a paragraph's owners are one string while it has one, a tuple while it has a few, a set
# past this many: most paragraphs a site repeats have two or three owners, and a set costs 216 bytes
# where a pair costs 56 (a gigabyte's archive keeps some hundred thousand of them).
OWNERS_AS_SET = 8


def _add_owner(owners: dict[str, str | tuple[str, ...] | set[str]], fp: str, owner: str) -> bool:
    """Record `owner` for `fp`; False when it was already one of its owners."""
    seen = owners.get(fp)
    if seen is None:
        owners[fp] = owner
    elif isinstance(seen, str):
        if seen == owner:
            return False
        owners[fp] = (seen, owner)
    elif owner in seen:
        return False
    elif isinstance(seen, tuple):
        owners[fp] = (*seen, owner) if len(seen) < OWNERS_AS_SET else {*seen, owner}
    else:
        seen.add(owner)
    return True


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
