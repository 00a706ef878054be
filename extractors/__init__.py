"""cleanwire extractors: (HTML or text, URL) -> list of Articles, in page order. No Scrapy here."""

from __future__ import annotations

__version__ = "0.1.0"

from extractors.article import Article, Author, ExtractorInfo, Source  # noqa: E402

__all__ = ["Article", "Author", "ExtractorInfo", "Source", "extract", "extract_html", "extract_text"]


def extract_text(text: str, page_url: str | None = None) -> list[Article]:
    from extractors.textdump import extract_text as _extract_text

    return _extract_text(text, page_url)


def extract_html(html: str | bytes, url: str | None = None, *, site: str | None = None) -> list[Article]:
    from extractors.html import extract_html as _extract_html

    return _extract_html(html, url, site=site)


def extract(content: str | bytes, url: str | None = None, *, kind: str = "html",
            site: str | None = None) -> list[Article]:
    """`kind` is "html" or "text"; HTML accepts bytes and sniffs the charset itself."""
    if kind == "text":
        if isinstance(content, bytes):
            content = content.decode("utf-8", errors="replace")
        return extract_text(content, url)
    return extract_html(content, url, site=site)
