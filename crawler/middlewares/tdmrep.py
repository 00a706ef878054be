"""The site's TDM Reservation Protocol file, fetched once per site like robots.txt."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached

from crawler.middlewares.gate import SiteGate
from extractors.rights import TdmRule, parse_tdmrep, tdmrep_signal

logger = logging.getLogger(__name__)

META_KEY = "cleanwire_tdmrep"  # request.meta: the matching rule's TdmSignal, or None
FETCH_KEY = "cleanwire_tdmrep_fetch"  # marks the tdmrep.json request itself
WELL_KNOWN = "/.well-known/tdmrep.json"
STAT = "cleanwire/tdmrep"


class TdmRepMiddleware:
    """Before the first page of a site, `/.well-known/tdmrep.json` (TDMRep) is fetched once and its
    rules kept per netloc (each worker of a distributed crawl fetches it once); every request then
    carries the rule matching its path in `request.meta["cleanwire_tdmrep"]`. A missing or broken
    file means no rules, and so does one that has not come within SITE_GATE_TIMEOUT (one WARNING;
    the fetch is one attempt cut at that timeout). Modelled on Scrapy's RobotsTxtMiddleware (after it
    in the chain, so a page robots.txt forbids costs no fetch); `TDMREP_ENABLED=0` switches it off."""

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler) -> None:
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("TDMREP_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.gate: SiteGate[list[TdmRule]] = SiteGate.for_crawler(crawler, "tdmrep.json", [], self._expired)
        self.timeout = self.gate.deadline

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get(FETCH_KEY) or not request.url.startswith(("http://", "https://")):
            return
        parts = urlparse_cached(request)
        if parts.path == "/robots.txt" and request.meta.get("dont_obey_robotstxt"):
            return  # the robots.txt fetch does not wait for this one
        url = f"{parts.scheme}://{parts.netloc}{WELL_KNOWN}"
        rules = await self.gate.answer(parts.netloc, lambda: self.fetch(url))
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        request.meta[META_KEY] = tdmrep_signal(rules, path)

    def _expired(self, site: str) -> None:
        self.stats.inc_value(f"{STAT}/timeout")
        logger.warning("no tdmrep.json from %s within %.0f s (SITE_GATE_TIMEOUT); its pages proceed with no rules",
                       site, self.timeout)

    async def fetch(self, url: str) -> list[TdmRule]:
        # Like robots.txt, the file is addressed to crawlers: robots.txt does not gate it. One
        # attempt, cut at the gate's deadline: a retry would outlive the gate it serves.
        req = Request(url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK,
                      meta={"dont_obey_robotstxt": True, FETCH_KEY: True, "dont_retry": True,
                            "download_timeout": self.timeout})
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
            rules = parse_tdmrep(response.body)  # bounded: size, nesting, rules, patterns
        except ValueError as exc:
            self.stats.inc_value(f"{STAT}/unreadable")
            logger.warning("unreadable tdmrep.json at %s: %s", url, exc)
            return []
        logger.info("tdmrep.json at %s: %d rules", url, len(rules))
        return rules
