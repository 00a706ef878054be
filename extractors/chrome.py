"""Chrome learned across pages: a paragraph that one site repeats under many different articles is
its navigation, footer, publisher blurb or sidebar, whatever it says.

The pattern table (`extractors.patterns`) knows chrome that a single page shows; this module learns
the rest from many pages of one site. For every site it counts, per paragraph fingerprint, the
distinct *owners* the paragraph was seen with: the article it stood in (by article id), or the page
for a line outside any article. A paragraph is learned chrome once it has at least `min_pages`
owners and those are at least `min_share` of the site's pages (a sentence a site repeats in a few
articles of a series is not), unless exactly one article owns it: then it is that article's own
paragraph, however many other pages quote it (a teaser, a related post, an excerpt in a sidebar).

`ChromeMemory` keeps the counts in SQLite (a file kept across runs, or in memory for one batch);
`LearnedChrome` is what extraction needs: one site's learned fingerprints, plain data that can be
handed to a worker process. `python -m extractors.chrome list SITE --store FILE` shows what was
learned.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# A paragraph is learned once it has this many distinct owners...
CHROME_MIN_PAGES = 3
# ...that are at least this share of the site's pages (a series sentence in a few articles stays).
CHROME_MIN_SHARE = 0.3
# Lines shorter than this many words are not learned: a one- or two-word subheading ("Background",
# "Our verdict") may head a section in every article of a site; menus are dropped by other means.
LEARN_MIN_WORDS = 3
# Longer paragraphs are an article's text, not a site's furniture; they are not counted.
LEARN_MAX_CHARS = 2000
# Lines counted per page at most (a page of 50,000 lines must not flood the store).
LEARN_MAX_LINES = 2000
# Fingerprints seen with a single owner are forgotten each time a site gains this many pages:
# the store keeps what repeats, and chrome that repeats on 30% of pages recurs well within that.
PRUNE_EVERY = 500

_WORD = re.compile(r"\w+")


def fingerprint(paragraph: str) -> str | None:
    """Case, spacing, punctuation and Unicode form do not change a paragraph's fingerprint; None
    for a paragraph too short or too long to learn."""
    if len(paragraph) > LEARN_MAX_CHARS:
        return None
    words = _WORD.findall(unicodedata.normalize("NFKC", paragraph).casefold())
    if len(words) < LEARN_MIN_WORDS:
        return None
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class LearnedChrome:
    """One site's learned chrome: fingerprints to drop, and how many paragraphs were dropped."""

    fingerprints: frozenset[str] = frozenset()
    dropped: int = 0
    taken: list[str] | None = None  # when a list: the paragraphs dropped, for a caller to count them in

    def __contains__(self, paragraph: object) -> bool:
        return isinstance(paragraph, str) and fingerprint(paragraph) in self.fingerprints

    def __len__(self) -> int:
        return len(self.fingerprints)

    def __bool__(self) -> bool:
        return bool(self.fingerprints)


def site_key(site: str | None, url: str | None) -> str | None:
    """The site a page belongs to: the given site name, else the URL's host."""
    if site:
        return site
    host = urlsplit(url or "").hostname
    return host.removeprefix("www.") if host else None


def owners_of(articles: Iterable[Any], page_key: str, page_lines: Iterable[str] = ()) -> dict[str, set[str]]:
    """Owner -> paragraphs, from a page's articles (Article objects or their dicts) and, for a text
    dump, the page's other lines (owned by the page)."""
    owners: dict[str, set[str]] = {}
    in_articles: set[str] = set()
    for art in articles:
        get = art.get if isinstance(art, Mapping) else lambda name, a=art: getattr(a, name)
        paragraphs = {p for p in (get("text") or "").split("\n\n") if p.strip()}
        if get("summary"):
            paragraphs.add(get("summary"))
        owners.setdefault(f"a:{get('id')}", set()).update(paragraphs)
        in_articles |= paragraphs
    rest = [line for line in page_lines if line not in in_articles]
    if rest:
        owners.setdefault(f"p:{page_key}", set()).update(rest[:LEARN_MAX_LINES])
    return owners


@dataclass
class _Site:
    pages: int = 0
    counts: dict[str, list[int]] = field(default_factory=dict)  # fingerprint -> [article owners, page owners]
    learned: LearnedChrome = field(default_factory=LearnedChrome)
    changes: int = 0  # pages observed since `learned` was computed (-1: never computed)


@dataclass
class ChromeMemory:
    """Per-site counts of paragraph owners, in SQLite (`path`; None keeps them in memory only)."""

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

    def observe(self, site: str, page_key: str, owners: Mapping[str, Iterable[str]]) -> None:
        """Count one page of `site`: each paragraph under each of its owners (see `owners_of`).
        Seeing the same page again changes nothing."""
        with self._lock:
            state = self._site(site)
            self.db.execute("BEGIN")
            new_page = self.db.execute("INSERT OR IGNORE INTO pages VALUES (?, ?)", (site, page_key)).rowcount
            state.pages += new_page
            for owner, paragraphs in owners.items():
                for paragraph in paragraphs:
                    if (fp := fingerprint(paragraph)) is None:
                        continue
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
        """(owners, sample text) of every learned paragraph of `site`, most repeated first."""
        learned = self.learned(site)
        with self._lock:
            counts = self._site(site).counts
            texts = dict(self.db.execute("SELECT fp, text FROM samples WHERE site = ?", (site,)).fetchall())
        return sorted(((sum(counts[fp]), texts.get(fp, "?")) for fp in learned.fingerprints), key=lambda r: (-r[0], r[1]))

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
        """The site's counts, read from the store on first use."""
        state = self._sites.get(site)
        if state is None:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors.chrome",
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
