"""Each article once per crawl (the rules live in `extractors.dedup`, shared with the batch CLI)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.utils.misc import load_object

from crawler.pipelines.base import StatsPipeline
from extractors.dedup import Deduplicator


class DeduplicationPipeline(StatsPipeline):
    """Same canonical URL, same id, same text, or nearly the same text (DEDUP_NEAR_THRESHOLD is the
    Jaccard similarity of word 5-shingles; 1 turns near-duplicate detection off). DEDUP_NEAR_INDEX
    names a shared near-duplicate index class (set by the Redis add-on)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        threshold = settings.getfloat("DEDUP_NEAR_THRESHOLD", 0.9)
        index = settings.get("DEDUP_NEAR_INDEX")  # a shared index (Redis) instead of this process's memory
        near = load_object(index).from_crawler(crawler) if index and threshold < 1 else None
        self.dedup = Deduplicator(threshold, settings.getint("DEDUP_NUM_PERM", 128), near)

    def process_item(self, item: Any, spider=None) -> Any:
        a = ItemAdapter(item)
        if reason := self.dedup.check(a):
            raise self.drop(f"duplicate/{reason}", a.asdict())
        return item
