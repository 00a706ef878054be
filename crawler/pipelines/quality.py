"""A chrome check of every written article, for the chrome-leak monitor (crawler/monitors.py)."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from extractors.patterns import chrome_hits

logger = logging.getLogger(__name__)


class ChromeLeakPipeline:
    """Counts written articles whose text still holds page chrome, by pattern name, using the
    extractors' own table (`chrome_hits`): `cleanwire/chrome_leaks` and `cleanwire/chrome_leaks/<name>`.
    Runs after the writer, so it sees exactly what went into the dataset; it never drops."""

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def open_spider(self, spider=None) -> None:
        self.stats.set_value("cleanwire/chrome_leaks", 0)  # a clean run shows 0, not nothing

    def process_item(self, item: Any, spider=None) -> Any:
        a = ItemAdapter(item)
        hits = sorted(set(chrome_hits(a.get("text") or "")))
        if hits:
            self.stats.inc_value("cleanwire/chrome_leaks")
            for name in hits:
                self.stats.inc_value(f"cleanwire/chrome_leaks/{name}")
            logger.warning("chrome in a written article (%s): %s", ", ".join(hits), a.get("url") or a.get("page_url"))
        return item
