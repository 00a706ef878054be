"""Every response the crawl receives, archived as WARC before anything else touches it."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.archive.writer import Exchange, WarcFileWriter, header_pairs
from crawler.pipelines.writer import safe_name

logger = logging.getLogger(__name__)
META_KEY = "warc"  # request.meta[META_KEY]: where the response is archived (the article's `warc`)


class WarcArchiveMiddleware:
    """`ARCHIVE_ENABLED`: writes each fetch as a WARC request/response pair at `ARCHIVE_PATH`.

    Wired closest to the downloader (after HttpCompression, Redirect and Retry on the way out), so
    it archives what came over the wire: the body as sent (content-encoding kept), redirects,
    robots.txt, error pages and each retry attempt. Responses served from the HTTP cache are not
    fetches and are not archived."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED") or settings.get("ARCHIVE_REPLAY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer: WarcFileWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def _writer(self, spider) -> WarcFileWriter:
        if self.writer is None:
            settings = self.crawler.settings
            site = getattr(spider, "site", None) or spider.name
            profile = getattr(spider, "profile", None)
            info = {"robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                    "http-header-user-agent": settings.get("USER_AGENT"),
                    # What a replay needs to run the same crawl: the spider and where it started.
                    "cleanwire-spider": spider.name,
                    "cleanwire-profile": getattr(profile, "name", None),
                    "cleanwire-base-url": getattr(spider, "base_url", None)}
            self.writer = WarcFileWriter(settings.get("ARCHIVE_PATH"), safe_name(site),
                                         settings.getint("ARCHIVE_MAX_SIZE"), settings.getint("ARCHIVE_FSYNC_EVERY"),
                                         {k: v for k, v in info.items() if v})
        return self.writer

    def process_response(self, request, response, spider=None) -> Any:
        spider = spider or self.crawler.spider
        if "cached" in response.flags:
            return response
        exchange = Exchange(
            url=response.url, method=request.method, request_headers=header_pairs(request.headers),
            request_body=request.body, status=response.status, protocol=response.protocol or "HTTP/1.1",
            response_headers=header_pairs(response.headers), body=response.body,
            ip_address=str(response.ip_address) if response.ip_address else None)
        try:
            request.meta[META_KEY] = self._writer(spider).write(exchange)
        except OSError as exc:  # a full disk costs the archive, not the crawl
            self.stats.inc_value("cleanwire/archive/failed")
            logger.error("cannot archive %s: %s", response.url, exc)
            return response
        self.stats.inc_value("cleanwire/archive/records", 2)
        self.stats.inc_value("cleanwire/archive/responses")
        return response

    def spider_closed(self, spider) -> None:
        if self.writer is not None:
            self.writer.close()
            for path in self.writer.files:
                logger.info("archived to %s", path)
            self.stats.set_value("cleanwire/archive/files", len(self.writer.files))
