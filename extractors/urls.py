"""URLs from pages, users and servers, read by one helper that never raises.

`urllib.parse` raises `ValueError` for what no URL parser accepts: an unclosed IPv6 bracket
('http://[::1'), a bracketed host that is no address ('http://[:::1]/'), a port out of range or not
a number (raised only when `.port` is read). A page, a `--url`, a sitemap or a redirect may hold any
of these; everything that reads a URL (slug, site key, links, metadata, the crawl) goes through
here and treats such a URL as no URL, as a browser ignores a link it cannot parse.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

__all__ = ["host", "join", "parse_url"]


def parse_url(url: str | None) -> SplitResult | None:
    """`url` split into its parts, every part readable (host and port included); None when no URL
    parser takes it, or for None."""
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except (ValueError, TypeError):
        return None
    return parts


def host(url: str | None) -> str | None:
    """The URL's host name, lower-cased; None when it has none or cannot be parsed."""
    parts = parse_url(url)
    return (parts.hostname or None) if parts is not None else None


def join(base: str | None, url: str) -> str | None:
    """`url` resolved against `base` (a base that cannot be parsed is no base); None when the
    result cannot be parsed."""
    if base is not None and parse_url(base) is None:
        return None
    try:
        joined = urljoin(base, url) if base else url
    except (ValueError, TypeError):
        return None
    return joined if parse_url(joined) is not None else None
