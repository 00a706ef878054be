"""robots.txt as Scrapy obeys it, with three differences:

- a robots.txt that cannot be fetched (it times out, resets the connection, is over
  DOWNLOAD_MAXSIZE) is the site's problem, reported in one WARNING line and one stat; Scrapy logs
  it as an ERROR with a full traceback. Either way the site's pages are then fetched as if its
  robots.txt allowed everything;
- its pages wait for it at most SITE_GATE_TIMEOUT seconds (`crawler/middlewares/gate.py`): the
  fetch is one attempt cut at that timeout (Scrapy's, retried, held a site's first page for two
  minutes when robots.txt hung), after which they go on as if it allowed everything (one WARNING);
- only its first ROBOTSTXT_MAX_BYTES are read (Google reads 500 KiB and ignores the rest), so a
  huge or endless file costs the parser a bounded amount of work.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

from crawler.middlewares.gate import SiteGate

logger = logging.getLogger(__name__)

ROBOTSTXT_MAX_BYTES = 500 * 1024


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.max_bytes = crawler.settings.getint("ROBOTSTXT_MAX_BYTES", ROBOTSTXT_MAX_BYTES)
        self.gate: SiteGate[Any] = SiteGate.for_crawler(crawler, "robots.txt", None, self._expired)
        self.timeout = self.gate.deadline

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        return await self.gate.answer(netloc, lambda: self._fetch(request, netloc))

    async def _fetch(self, request: Request, netloc: str) -> Any:
        url = urlparse_cached(request)
        robotsreq = Request(f"{url.scheme}://{netloc}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                            meta={"dont_obey_robotstxt": True, "dont_retry": True, "download_timeout": self.timeout},
                            callback=NO_CALLBACK)
        self._stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robotsreq)
        except Exception as exc:  # noqa: BLE001 - the site's problem, said in one line
            self._robots_error(exc, netloc)
            return None
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if len(response.body) > self.max_bytes:
            self._stats.inc_value("cleanwire/robots/truncated")
            response = response.replace(body=response.body[:self.max_bytes])
        parser = build_from_crawler(self._parserimpl, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(signal=signals.robots_parsed, robotparser=parser,
                                                        request=request)
        return parser

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        if netloc in self.gate.expired:  # its pages went on already, and the WARNING said why
            logger.info("%s/robots.txt: %s: %s", netloc, type(exc).__name__, exc)
            return
        self.crawler.stats.inc_value("cleanwire/robots/unreadable")
        logger.warning("%s/robots.txt not readable (%s: %s); the site's pages are fetched as if it allowed all",
                       netloc, type(exc).__name__, exc)

    def _expired(self, netloc: str) -> None:
        self.crawler.stats.inc_value("cleanwire/robots/timeout")
        logger.warning("%s/robots.txt did not come within %.0f s (SITE_GATE_TIMEOUT); the site's pages are "
                       "fetched as if it allowed all", netloc, self.timeout)
