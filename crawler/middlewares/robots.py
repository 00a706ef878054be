"""robots.txt as Scrapy obeys it, with one difference: a robots.txt that cannot be fetched (it
times out, resets the connection, is over DOWNLOAD_MAXSIZE) is the site's problem, reported in one
WARNING line and one stat. Scrapy logs it as an ERROR with a full traceback; either way the site's
pages are then fetched as if its robots.txt allowed everything."""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.downloadermiddlewares.robotstxt import logger as scrapy_logger
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class _NoDownloadErrorTraceback(logging.Filter):
    """Drops Scrapy's "Error downloading" record: `_robots_error` below says it in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and str(record.msg).startswith("Error downloading"))


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    _filter = _NoDownloadErrorTraceback()

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        if self._filter not in scrapy_logger.filters:
            scrapy_logger.addFilter(self._filter)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        super()._robots_error(exc, netloc)
        if not isinstance(exc, IgnoreRequest):
            self.crawler.stats.inc_value("cleanwire/robots/unreadable")
            logger.warning("%s/robots.txt not readable (%s: %s); the site's pages are fetched as if it allowed all",
                           netloc, type(exc).__name__, exc)
