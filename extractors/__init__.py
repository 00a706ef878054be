"""cleanwire extractors: (HTML or text, URL) -> list of Articles, in page order. No Scrapy here,
and no batch: the CLI, archive reading and the datatrove steps are the `batch` package beside this
one, which imports this library and is never imported by it.

`chrome` (optional everywhere) is the chrome learned across a site's pages: one site's
`LearnedChrome`, or a store of them (`batch.chrome.ChromeMemory`, anything with `learned(site)`:
the site is `site`, else the URL's host). Its paragraphs never reach `text` (see
extractors/chrome.py); it is handed down to the rules that apply it (`rules.finish(draft, chrome)`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractors.article import Article, Author, ExtractorInfo, Source
from extractors.errors import ExtractionError
from extractors.version import __version__

if TYPE_CHECKING:
    from extractors.chrome import ChromeSource, LearnedChrome

__all__ = ["Article", "Author", "ExtractionError", "ExtractorInfo", "Source", "__version__",
           "extract", "extract_html", "extract_text"]


def _learned(chrome: ChromeSource | LearnedChrome | None, site: str | None, url: str | None) -> LearnedChrome | None:
    """One site's learned chrome: `chrome` itself, or what a store learned for the page's site."""
    from extractors.chrome import LearnedChrome, site_key

    if chrome is None or isinstance(chrome, LearnedChrome):
        return chrome
    return chrome.learned(site_key(site, url))


def extract_text(text: str, page_url: str | None = None, *,
                 chrome: ChromeSource | LearnedChrome | None = None) -> list[Article]:
    from extractors.textdump import extract_text as _extract_text

    return _extract_text(text, page_url, chrome=_learned(chrome, None, page_url))


def extract_html(html: str | bytes, url: str | None = None, *, site: str | None = None,
                 chrome: ChromeSource | LearnedChrome | None = None) -> list[Article]:
    from extractors.html import extract_html as _extract_html

    return _extract_html(html, url, site=site, chrome=_learned(chrome, site, url))


def extract(content: str | bytes, url: str | None = None, *, kind: str = "html",
            site: str | None = None, chrome: ChromeSource | LearnedChrome | None = None) -> list[Article]:
    """`kind` is "html" or "text"; HTML accepts bytes and sniffs the charset itself."""
    if kind == "text":
        if isinstance(content, bytes):
            content = content.decode("utf-8", errors="replace")
        return extract_text(content, url, chrome=chrome)
    return extract_html(content, url, site=site, chrome=chrome)
