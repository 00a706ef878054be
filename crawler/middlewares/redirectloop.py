"""Redirect loops, told apart from other refusals.

Scrapy's RedirectMiddleware follows a redirect back to a URL the chain has already visited, and
its dupefilter then drops that request without a word: a page in an A -> B -> A loop is lost
silently. Seen here first, the loop fails the request with its own exception, so the spider's
errback counts and logs it (`cleanwire/pages/failed/redirect_loop`).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from extractors.meta import absolute
from extractors.urls import join

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectLoop(IgnoreRequest):
    """A redirect to a URL already in this request's redirect chain."""


class BadRedirect(IgnoreRequest):
    """A redirect to a URL no parser takes ('http://[::1', a port out of range): Scrapy would raise
    a ValueError making the request for it."""


class RedirectLoopMiddleware:
    """Before RedirectMiddleware (a higher order number: responses pass it first)."""

    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location") if response.status in REDIRECT_STATUSES else None
        if location:
            text = location.decode("latin-1")
            if join(request.url, text.strip()) is None:
                raise BadRedirect(f"redirect to a URL no parser takes: {text[:200]!r}")
            target = absolute(text, request.url)
            if target is not None and target in (*request.meta.get("redirect_urls", ()), request.url):
                raise RedirectLoop(f"redirect loop back to {target}")
        return response
