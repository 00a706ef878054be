"""Theme profiles: what a known theme's DOM says about its posts, as named selectors (the crawl's
site profiles, `crawler/profiles/*.json`, say what to fetch; these say how to read a page).

A profile is a small declarative class (in the manner of Fundus' parsers): which selectors
recognise the theme, which elements are one post, and where each field of a post lives. Support
for another theme is another subclass with other selectors; the code that reads them
(`extractors.html`) does not branch on the theme.
"""

from __future__ import annotations

from typing import ClassVar

from selectolax.lexbor import LexborHTMLParser

from extractors.dom import Chrome, _c


class ThemeProfile:
    """Selectors of one theme. Empty string = the theme has no such element."""

    name: ClassVar[str]
    # Any of these present on the page: the page is built with this theme.
    markers: ClassVar[tuple[str, ...]]
    # Theme furniture removed on top of `extractors.dom.CHROME`.
    chrome: ClassVar[tuple[Chrome, ...]] = ()
    # Nodes that hold a post and must survive cleaning.
    keep: ClassVar[str]

    # One full post each (several on an auto-load page); the page itself when none matches.
    post: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[str]
    authors: ClassVar[str]
    date: ClassVar[str]  # an element with a machine-readable datetime attribute
    summary: ClassVar[str]
    featured_caption: ClassVar[str]
    captions: ClassVar[str]  # inline captions inside the body
    body: ClassVar[str]
    url: ClassVar[str]  # an element whose `itemid` / `content` / `href` is the post's own URL

    # Shortened further posts printed under the main one, each with a link to its own page.
    teaser: ClassVar[str] = ""
    teaser_body: ClassVar[str] = ""
    teaser_url: ClassVar[str] = ""
    teaser_date_text: ClassVar[str] = ""  # plain-text dates; the last one is the calendar date

    @classmethod
    def matches(cls, tree: LexborHTMLParser) -> bool:
        return any(tree.css_first(sel) is not None for sel in cls.markers)


class ZoxNews(ThemeProfile):
    """MVP Themes' "Zox News" WordPress theme (CSS prefix mvp-), with teaser posts and auto-load."""

    name = "zox-news"
    markers = (
        "#mvp-content-main",
        "link[href*='/themes/zox-news/']",
        "h1.mvp-post-title",
    )
    chrome = (
        _c("#mvp-leader-wrap, #mvp-post-bot-ad, .mvp-post-ad-wrap, .mvp-widget-ad, #mvp-side-wrap",
           "leaderboard, in-article and sidebar ad slots; sidebar widgets"),
        _c(".mvp-post-add-link, .mvp-cont-read-wrap > .mvp-cont-read-but-wrap", "'Continue Reading' buttons"),
        _c(".mvp-alp-side, .mvp-author-info-thumb", "auto-load queue column; avatar"),
        _c("#mvp-content-bot", "tags, prev/next, author box and publisher microdata under the body"),
    )
    keep = "#mvp-content-main, .mvp-post-add-main, #mvp-post-head"

    post = "article.mvp-article-wrap, article#mvp-article-wrap"
    title = "h1.mvp-post-title, h1.entry-title"
    category = ".mvp-post-cat"
    authors = ".author-name"
    date = "time[datetime]"
    summary = ".mvp-post-excerpt"
    featured_caption = ".mvp-feat-caption"
    captions = ".wp-caption-text, figcaption"
    body = "#mvp-content-main"
    url = "meta[itemprop='mainEntityOfPage'][itemid]"

    teaser = ".mvp-post-add-story"
    teaser_body = ".mvp-post-add-main"
    teaser_url = ".mvp-post-add-link > a[href]"
    teaser_date_text = ".mvp-post-date"


PROFILES: tuple[type[ThemeProfile], ...] = (ZoxNews,)
BY_NAME: dict[str, type[ThemeProfile]] = {p.name: p for p in PROFILES}


def detect(tree: LexborHTMLParser, site: str | None = None) -> type[ThemeProfile] | None:
    """The profile `site` names, else the first whose markers are on the page."""
    if site and site in BY_NAME:
        return BY_NAME[site]
    return next((p for p in PROFILES if p.matches(tree)), None)
