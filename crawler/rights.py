"""Rights signals only the crawl sees (response headers, the site's tdmrep.json), folded into the
articles of the page before the pipelines; the page's own meta tags were read by the extractor."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scrapy.http import Response

from crawler.middlewares.tdmrep import META_KEY
from extractors.article import Rights
from extractors.rights import TdmSignal, merge, robots_directives, signal


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def add_response_rights(articles: list[dict[str, Any]], response: Response) -> None:
    """`X-Robots-Tag`, `tdm-reservation` / `tdm-policy` headers and the tdmrep.json rule for the
    page's path, merged into each article's `rights`."""
    robots = robots_directives(*(v.decode("latin-1") for v in response.headers.getlist(b"X-Robots-Tag")))
    signals: list[TdmSignal] = []
    if found := signal(_header(response, b"tdm-reservation"), _header(response, b"tdm-policy"), "header"):
        signals.append(found)
    if isinstance(site_rule := response.meta.get(META_KEY), TdmSignal):
        signals.append(site_rule)
    if not robots and not signals:
        return
    for article in articles:
        article["rights"] = asdict(merge(Rights(**article.get("rights") or {}), robots, signals))
