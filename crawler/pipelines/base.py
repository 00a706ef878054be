"""What every cleanwire pipeline shares: a drop that carries its reason into the stats and the log."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem


class Drop(DropItem):
    """DropItem with a short reason for the stats and the log (not the whole item)."""

    def __init__(self, reason: str, detail: str, level: int = logging.INFO) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.level = level


class StatsPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def drop(self, reason: str, item: dict[str, Any], detail: str = "", level: int = logging.DEBUG) -> Drop:
        """Expected drops (duplicates, seen before) log at DEBUG: the crawl report counts them."""
        self.stats.inc_value(f"cleanwire/dropped/{reason}")
        return Drop(reason, detail or (item.get("url") or item.get("page_url") or item.get("id") or "?"), level)
