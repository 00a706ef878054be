"""Crawl report: the cleanwire figures of a crawl, shown at its end and kept in a file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scrapy import signals

logger = logging.getLogger(__name__)
PREFIX = "cleanwire/"


class CrawlReportExtension:
    """Pages, articles extracted, dropped by reason, duplicates, new, written: one block in the log
    at the end of every crawl, and `CRAWL_REPORT_PATH` (JSON) when set."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("CRAWL_REPORT_PATH")

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def figures(self) -> dict[str, object]:
        stats = self.crawler.stats.get_stats()
        figures = {k.removeprefix(PREFIX): v for k, v in sorted(stats.items()) if k.startswith(PREFIX)}
        for key in ("written", "new", "changed", "dropped/seen_before", "articles/extracted", "pages/fetched"):
            figures.setdefault(key, 0)
        figures = dict(sorted(figures.items()))
        figures["http_errors"] = {k.rsplit("/", 1)[-1]: v for k, v in stats.items()
                                  if k.startswith("downloader/response_status_count/") and not k.endswith(("/200", "/301", "/302"))}
        figures["finish_reason"] = stats.get("finish_reason")
        return figures

    def spider_closed(self, spider, reason) -> None:
        figures = self.figures()
        width = max(map(len, figures)) + 1
        lines = [f"  {k:<{width}} {v}" for k, v in figures.items()]
        logger.info("cleanwire crawl report (%s):\n%s", reason, "\n".join(lines))
        if self.path:
            path = Path(self.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
