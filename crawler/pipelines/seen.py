"""Across runs (and, with Redis, across workers): a scheduled re-crawl writes only new or changed
articles."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler import signals as cw_signals
from crawler.pipelines.base import StatsPipeline
from crawler.seenstore import Seen, SeenStorage, open_storage


class SeenStorePipeline(StatsPipeline):
    """SEEN_STORE is a path or URI (`sqlite:///...`, `redis://...`, schemes in SEEN_STORE_BACKENDS);
    the store records an article only when the writer says its line is on disk."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        uri = settings.get("SEEN_STORE") or "output/.seen.sqlite3"
        self.storage: SeenStorage = open_storage(uri, settings.getdict("SEEN_STORE_BACKENDS") or None)
        crawler.signals.connect(self.on_written, signal=cw_signals.article_written)
        crawler.signals.connect(self.on_recovered, signal=cw_signals.article_recovered)

    def process_item(self, item: Any, spider=None) -> Any:
        a = ItemAdapter(item)
        status = self.storage.claim(a["id"], a["content_hash"])
        if status is Seen.SEEN:
            raise self.drop("seen_before", a.asdict())
        if status is Seen.CLAIMED:  # another live worker writes it now; if it dies, its page is re-fetched
            raise self.drop("claimed_elsewhere", a.asdict())
        self.stats.inc_value(f"cleanwire/{status.value}")
        return item

    def on_written(self, item: Any) -> None:
        a = ItemAdapter(item)
        self.storage.record(a["id"], a["content_hash"], a.get("url"))

    def on_recovered(self, item: Any, writer_pid: int) -> bool:
        a = ItemAdapter(item)
        return self.storage.reclaim(a["id"], a["content_hash"], writer_pid)

    def close_spider(self, spider=None) -> None:
        self.storage.close()
