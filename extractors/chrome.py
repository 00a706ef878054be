"""Chrome learned across pages: a paragraph that one site repeats under many different articles is
its navigation, footer, publisher blurb or sidebar, whatever it says.

The pattern table (`extractors.patterns`) knows chrome that a single page shows; this module learns
the rest from many pages of one site. For every site it counts, per paragraph fingerprint, the
distinct *owners* the paragraph was seen with: the article it stood in (by article id), or the page
for a line outside any article. A paragraph is learned chrome once it has at least `min_pages`
owners and those are at least `min_share` of the site's pages (a sentence a site repeats in a few
articles of a series is not), unless exactly one article owns it: then it is that article's own
paragraph, however many other pages quote it (a teaser, a related post, an excerpt in a sidebar).

`LearnedChrome` is what extraction needs: one site's learned fingerprints, plain data that can be
handed to a worker process and passed to `extract_html` / `extract_text` (`chrome=`). The counts
live in `batch.chrome.ChromeMemory` (SQLite: a file kept across runs, or a temporary database for one batch);
the library only needs something with its `learned(site)` (a `ChromeSource`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from extractors.urls import host

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

_WORD = re.compile(r"\w+")
# An ASCII paragraph's words the way `_WORD` finds them (letters, digits, "_"), with every other
# byte a space: a byte table is about twice as fast as the regular expression (a learning run
# fingerprints every paragraph of every page), and gives the same words.
_ASCII_WORDS = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))


def fingerprint(paragraph: str) -> str | None:
    """Case, spacing, punctuation and Unicode form do not change a paragraph's fingerprint; None
    for a paragraph too short or too long to learn."""
    if len(paragraph) > LEARN_MAX_CHARS:
        return None
    if paragraph.isascii():  # NFKC and casefold are lower() there
        words = paragraph.encode("ascii").lower().translate(_ASCII_WORDS).split()
        joined = b" ".join(words)
    else:
        words = _WORD.findall(unicodedata.normalize("NFKC", paragraph).casefold())
        joined = " ".join(words).encode("utf-8")
    if len(words) < LEARN_MIN_WORDS:
        return None
    return hashlib.blake2b(joined, digest_size=8).hexdigest()


Mark = tuple[int, int, int]  # paragraphs dropped, paragraphs taken, posts kept: `LearnedChrome.mark`


def mark(chrome: LearnedChrome | None) -> Mark:
    return chrome.mark() if chrome is not None else (0, 0, 0)


@dataclass
class LearnedChrome:
    """One site's learned chrome: fingerprints to drop, and how many paragraphs were dropped."""

    fingerprints: frozenset[str] = frozenset()
    dropped: int = 0
    taken: list[str] | None = None  # when a list: the paragraphs dropped, for a caller to count them in

    def __contains__(self, paragraph: object) -> bool:
        return isinstance(paragraph, str) and self.names(paragraph, fingerprint(paragraph))

    def names(self, paragraph: str, fp: str | None) -> bool:
        """Whether the paragraph whose fingerprint is `fp` (computed once by the caller) is chrome."""
        return fp is not None and fp in self.fingerprints

    def __len__(self) -> int:
        return len(self.fingerprints)

    def __bool__(self) -> bool:
        return bool(self.fingerprints)

    def mark(self) -> Mark:
        """Where the counts stand, so that a reading finished and then not returned can be forgotten."""
        return self.dropped, len(self.taken) if self.taken is not None else 0, 0

    def forget(self, start: Mark, end: Mark) -> None:
        """What was counted from mark `start` to mark `end` (a reading the caller did not return)."""
        self.dropped -= end[0] - start[0]
        if self.taken is not None:
            del self.taken[start[1]:end[1]]


@dataclass
class PendingChrome(LearnedChrome):
    """A site's chrome not learned yet, for a page read now: it names no paragraph, but keeps the
    fingerprint of every paragraph an extraction asks about (`asked`, by paragraph: the page's
    learning reuses them) and every post the rules finish with their article (`posts`, for
    `extractors.rules.Post.article`), so the chrome learned later can be applied without reading
    the page again (extractors/deferred.py)."""

    asked: dict[str, str] = field(default_factory=dict)  # paragraph -> its fingerprint
    posts: list[Any] = field(default_factory=list)  # (rules.Post, Article | None) in finishing order

    def names(self, paragraph: str, fp: str | None) -> bool:
        if fp is not None:
            self.asked[paragraph] = fp
        return False

    def __bool__(self) -> bool:
        return True  # asked about every paragraph, as a learned chrome would be

    def mark(self) -> Mark:
        dropped, taken, _ = super().mark()
        return dropped, taken, len(self.posts)

    def forget(self, start: Mark, end: Mark) -> None:
        super().forget(start, end)
        del self.posts[start[2]:end[2]]  # `settle` finishes again only the posts of the reading returned


class ChromeSource(Protocol):
    """Whatever knows each site's learned chrome (`batch.chrome.ChromeMemory`)."""

    def learned(self, site: str | None) -> LearnedChrome: ...


def site_key(site: str | None, url: str | None) -> str | None:
    """The site a page belongs to: the given site name, else the URL's host."""
    if site:
        return site
    name = host(url)
    return name.removeprefix("www.") if name else None


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


def fingerprinted(owners: Mapping[str, Iterable[str]], known: Mapping[str, str] | None = None,
                  texts: bool = True) -> dict[str, dict[str, str]]:
    """owner -> {fingerprint: paragraph} for the paragraphs that can be learned: `owners_of`'s
    answer with the fingerprints computed where the page is read (a worker), not where it is counted;
    `known` (paragraph -> fingerprint: what the page's extraction asked a `PendingChrome`) is not
    computed again. Without `texts` each paragraph is "": a store that keeps no samples counts the
    fingerprints alone, and the paragraphs (a page's whole text again) need not be sent to it."""
    known = known or {}
    result: dict[str, dict[str, str]] = {}
    for owner, paragraphs in owners.items():
        prints = {fp: p if texts else "" for p in paragraphs if (fp := known.get(p) or fingerprint(p)) is not None}
        if prints:
            result[owner] = prints
    return result


if __name__ == "__main__":  # the listing moved with the store: say where, rather than do nothing
    import sys

    print("cleanwire: the chrome store and its listing are now `python -m batch.chrome` "
          "(e.g. python -m batch.chrome --store FILE sites)", file=sys.stderr)
    raise SystemExit(2)
