"""The site's TDM Reservation Protocol file, fetched once per site like robots.txt."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from extractors.rights import TdmRule, parse_tdmrep, tdmrep_signal

logger = logging.getLogger(__name__)

META_KEY = "cleanwire_tdmrep"  # request.meta: the matching rule's TdmSignal, or None
FETCH_KEY = "cleanwire_tdmrep_fetch"  # marks the tdmrep.json request itself
WELL_KNOWN = "/.well-known/tdmrep.json"
STAT = "cleanwire/tdmrep"


class _Pending:
    """Requests to a site whose tdmrep.json is being fetched wait here."""

    def __init__(self) -> None:
        self.waiters: list[Deferred] = []


class TdmRepMiddleware:
    """Before the first page of a site, `/.well-known/tdmrep.json` (TDMRep) is fetched once and its
    rules kept per netloc (each worker of a distributed crawl fetches it once); every request then
    carries the rule matching its path in `request.meta["cleanwire_tdmrep"]`. A missing or broken
    file means no rules. Modelled on Scrapy's RobotsTxtMiddleware (after it in the chain, so a page
    robots.txt forbids costs no fetch); `TDMREP_ENABLED=0` switches it off."""

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler) -> None:
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("TDMREP_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.sites: dict[str, list[TdmRule] | _Pending] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(FETCH_KEY) or not request.url.startswith(("http://", "https://")):
            return
        rules = await self.rules(request)
        parts = urlparse_cached(request)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        request.meta[META_KEY] = tdmrep_signal(rules, path)

    async def rules(self, request: Request) -> list[TdmRule]:
        parts = urlparse_cached(request)
        state = self.sites.get(parts.netloc)
        if isinstance(state, list):
            return state
        if isinstance(state, _Pending):
            waiter: Deferred = Deferred()
            state.waiters.append(waiter)
            return await maybe_deferred_to_future(waiter)
        pending = self.sites[parts.netloc] = _Pending()
        rules = await self.fetch(f"{parts.scheme}://{parts.netloc}{WELL_KNOWN}")
        self.sites[parts.netloc] = rules
        for waiter in pending.waiters:
            waiter.callback(rules)
        return rules

    async def fetch(self, url: str) -> list[TdmRule]:
        # Like robots.txt, the file is addressed to crawlers: robots.txt does not gate it.
        req = Request(url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK,
                      meta={"dont_obey_robotstxt": True, FETCH_KEY: True})
        self.stats.inc_value(f"{STAT}/request_count")
        try:
            response = await self.crawler.engine.download_async(req)
        except Exception as exc:  # noqa: BLE001 - any failure means "no rules", never a failed crawl
            self.stats.inc_value(f"{STAT}/failed/{type(exc).__name__}")
            logger.info("no tdmrep.json for %s: %s", url, exc)
            return []
        self.stats.inc_value(f"{STAT}/response_status_count/{response.status}")
        if response.status != 200:
            return []
        try:
            rules = parse_tdmrep(response.body)
        except ValueError as exc:
            self.stats.inc_value(f"{STAT}/unreadable")
            logger.warning("unreadable tdmrep.json at %s: %s", url, exc)
            return []
        logger.info("tdmrep.json at %s: %d rules", url, len(rules))
        return rules
