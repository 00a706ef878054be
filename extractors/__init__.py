"""cleanwire extractors: (HTML or text, URL) -> list of Articles, in page order. No Scrapy here.

`chrome` (optional everywhere) is the chrome learned across a site's pages: a `ChromeMemory` (the
site is `site`, else the URL's host) or one site's `LearnedChrome`; its paragraphs never reach
`text` (see extractors/chrome.py)."""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING  # noqa: E402

from extractors.article import Article, Author, ExtractorInfo, Source  # noqa: E402

if TYPE_CHECKING:
    from extractors.chrome import ChromeMemory, LearnedChrome

__all__ = ["Article", "Author", "ExtractorInfo", "Source", "extract", "extract_html", "extract_text"]


def _learned(chrome: ChromeMemory | LearnedChrome | None, site: str | None, url: str | None) -> LearnedChrome | None:
    from extractors.chrome import ChromeMemory, site_key

    if isinstance(chrome, ChromeMemory):
        return chrome.learned(site_key(site, url))
    return chrome


def extract_text(text: str, page_url: str | None = None, *,
                 chrome: ChromeMemory | LearnedChrome | None = None) -> list[Article]:
    from extractors.rules import using_chrome
    from extractors.textdump import extract_text as _extract_text

    with using_chrome(_learned(chrome, None, page_url)):
        return _extract_text(text, page_url)


def extract_html(html: str | bytes, url: str | None = None, *, site: str | None = None,
                 chrome: ChromeMemory | LearnedChrome | None = None) -> list[Article]:
    from extractors.html import extract_html as _extract_html
    from extractors.rules import using_chrome

    with using_chrome(_learned(chrome, site, url)):
        return _extract_html(html, url, site=site)


def extract(content: str | bytes, url: str | None = None, *, kind: str = "html",
            site: str | None = None, chrome: ChromeMemory | LearnedChrome | None = None) -> list[Article]:
    """`kind` is "html" or "text"; HTML accepts bytes and sniffs the charset itself."""
    if kind == "text":
        if isinstance(content, bytes):
            content = content.decode("utf-8", errors="replace")
        return extract_text(content, url, chrome=chrome)
    return extract_html(content, url, site=site, chrome=chrome)
