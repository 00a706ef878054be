"""Teaser copies wait for their own page.

A Zox News post page carries teasers of other posts: the same text, but the date without its time,
no featured caption, a shorter byline. When the crawl will fetch a teaser's own page anyway, the
teaser copy is held back and the fuller copy from that page is written instead; the teaser is
released if that page fails or yields no article, and at the end of the crawl for whatever is left
(a fallback, never a loss).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class TeaserHold:
    def __init__(self) -> None:
        self.held: dict[str, dict[str, Any]] = {}
        self.fetched: set[str] = set()
        self.superseded = 0  # teaser copies never written: a held copy or the page's own stands for them

    def sort(self, page_urls: set[str], articles: list[dict[str, Any]],
             will_fetch: Callable[[str], bool]) -> tuple[list[dict[str, Any]], list[str]]:
        """Articles to yield now, and teaser URLs whose page must be requested.

        The page's first article is its own post; the others are teasers of other posts."""
        own = set(page_urls)
        if articles and articles[0].get("url"):
            own.add(articles[0]["url"])
        self.fetched |= own
        now: list[dict[str, Any]] = []
        to_fetch: list[str] = []
        for article in articles:
            url = article.get("url")
            if url and url not in self.fetched and will_fetch(url):
                if url in self.held:
                    self.superseded += 1
                else:
                    self.held[url] = article
                to_fetch.append(url)
                continue
            if url and self.held.pop(url, None) is not None:
                self.superseded += 1  # a fuller copy goes out instead
            now.append(article)
        now += self.release(own)  # this page was a teaser's target but gave no copy of its own
        return now, to_fetch

    def release(self, urls: Iterable[str]) -> list[dict[str, Any]]:
        """Held teasers of pages that failed or had no article of their own."""
        self.fetched.update(urls)
        return [a for u in urls if (a := self.held.pop(u, None)) is not None]

    def drain(self) -> list[dict[str, Any]]:
        held, self.held = list(self.held.values()), {}
        return held
