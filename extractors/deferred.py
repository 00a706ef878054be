"""Read a page now, apply its site's learned chrome later: learning without a second extraction.

A site's chrome is known only once all its pages are read (extractors/chrome.py), but the batch
must not read every page twice. So each page is read once with a `PendingChrome` (nothing learned
yet): its articles are those of a run without learned chrome, and the reading keeps the fingerprint
of every paragraph the extraction asked the chrome about and, for HTML, each post as the pattern
table left it (`rules.Post`). Once the site's chrome is learned, `settle` gives the articles that
`extract(..., chrome=learned)` gives, exactly:

- a page none of whose asked paragraphs is learned: the same articles (every question would have
  had the same answer, so the extraction would have run the same way);
- an HTML page: only `rules.finish`'s last step depends on the chrome; each post is finished again
  from its kept state, then the page's last steps are repeated (the page's rights, one copy of each
  article);
- otherwise None, and the caller reads the page again with the chrome: a text dump, whose tagger
  weighs learned lines as chrome when it looks for the body and the title; an HTML post that the
  chrome would empty (the page may then be read another way); a text left under 200 characters or
  without a language (the page's declared language may decide it, and only the page knows it).

`tests/test_deferred.py` checks `settle` against `extract(..., chrome=...)` on real pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from extractors import extract
from extractors.article import Article, Rights
from extractors.chrome import LearnedChrome, PendingChrome
from extractors.language import SHORT_CHARS
from extractors.rules import Post


@dataclass
class Reading:
    """One page read without learned chrome, and what a chrome learned later needs."""

    kind: str  # "html" or "text"
    articles: list[Article]
    asked: frozenset[str] = frozenset()  # fingerprints of every paragraph checked against the chrome
    posts: list[tuple[Post, Article | AsRead | None]] = field(default_factory=list)  # HTML: each post finished, in order


@dataclass(frozen=True)
class AsRead:
    """A post's article as read, by what `settle` needs of it: a caller that keeps the articles as
    read in another form (the batch keeps their lines) keeps this in the post's place, not a second
    copy of the post's text (`as_read`). `index`: its place in `Reading.articles`."""

    index: int
    id: str
    language: str | None
    language_confidence: float | None
    rights: Rights


def read(content: str | bytes, url: str | None = None, *, kind: str = "html", site: str | None = None,
         pending: PendingChrome | None = None) -> Reading:
    """`extract(content, url, kind=kind, site=site)`, kept so that `settle` can apply a chrome later.
    `pending` (a fresh one by default) keeps each paragraph asked about with its fingerprint, for a
    caller that counts the page's paragraphs too. Raises what `extract` raises (`ExtractionError`)."""
    pending = PendingChrome() if pending is None else pending
    articles = extract(content, url, kind=kind, site=site, chrome=pending)
    return Reading(kind, articles, frozenset(pending.asked.values()), pending.posts if kind == "html" else [])


def as_read(reading: Reading) -> list[tuple[Post, AsRead | None]] | None:
    """The reading's posts with each article as read replaced by its `AsRead`; None when the
    articles are not the posts' first copies of each, in order (read another way than by the posts)."""
    articles = _unique([before for _, before in reading.posts if before is not None])
    if [a.id for a in articles] != [a.id for a in reading.articles]:
        return None
    index = {a.id: AsRead(i, a.id, a.language, a.language_confidence, a.rights) for i, a in enumerate(reading.articles)}
    return [(post, index[before.id] if before is not None else None) for post, before in reading.posts]


def touched(reading: Reading, chrome: LearnedChrome | None) -> bool:
    """Whether `chrome` names any paragraph the page's extraction asked about."""
    return bool(chrome) and not reading.asked.isdisjoint(chrome.fingerprints)


def settle(reading: Reading, chrome: LearnedChrome | None) -> list[Article | AsRead] | None:
    """The page's articles with `chrome` applied, as `extract(..., chrome=chrome)` gives them (a
    post the chrome leaves alone gives its article as read, an `AsRead` where the posts carry one);
    None when only reading the page again can tell (see the module's docstring). Paragraphs dropped
    are counted on `chrome`, as an extraction counts them."""
    if not touched(reading, chrome):
        return reading.articles
    if reading.kind != "html":
        return None
    articles: list[Article | AsRead] = []
    for post, before in reading.posts:
        if before is None:
            continue  # no text without the chrome, none with it (the chrome only takes paragraphs away)
        if not post.touched_by(chrome):
            articles.append(before)
            continue
        after = post.article(chrome, language=(before.language, before.language_confidence))
        if after is None or after.language is None or len(after.text.strip()) < SHORT_CHARS:
            return None
        after.rights = before.rights  # the page's, on every article of it
        articles.append(after)
    return _unique(articles)


Kept = TypeVar("Kept", bound=Article | AsRead)


def _unique(articles: list[Kept]) -> list[Kept]:
    """One copy of each article of a page, as `extractors.html` keeps them (by id, first kept)."""
    seen: set[str] = set()
    return [a for a in articles if a.id not in seen and not seen.add(a.id)]
