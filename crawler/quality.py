"""Item pipelines that feed the spider-close monitors (crawler/monitors.py): schema validation through
spidermon, and a chrome check of every written article."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline, PassThroughPipeline

from crawler.pipelines import Drop, ValidationPipeline
from extractors.patterns import chrome_hits
from extractors.schema import article_schema

logger = logging.getLogger(__name__)

# The project's schema as an object: SPIDERMON_VALIDATION_SCHEMAS names it rather than the file path,
# which does not exist inside a zipped scrapyd egg.
ARTICLE_SCHEMA: dict[str, Any] = article_schema()


class SchemaValidationPipeline(ItemValidationPipeline):
    """spidermon's JSON-schema validation, dropping invalid articles the cleanwire way.

    One validation per item feeds both spidermon's `spidermon/validation/...` stats and cleanwire's
    `cleanwire/dropped/invalid/<field>` stats and one-line drop log. With spidermon switched off
    (SPIDERMON_ENABLED=0) spidermon would let everything through; the dataset keeps its gate by
    falling back to cleanwire's own ValidationPipeline."""

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        if isinstance(pipeline, PassThroughPipeline):
            return ValidationPipeline.from_crawler(crawler)
        return pipeline

    def _drop_item(self, item: Any, errors: dict[str, list[str]]) -> None:
        self.stats.add_dropped_item()
        field, messages = next(iter(errors.items()))
        top = field.split(".")[0] or "<root>"
        crawler_stats = self.stats.stats
        crawler_stats.inc_value("cleanwire/dropped/invalid")
        crawler_stats.inc_value(f"cleanwire/dropped/invalid/{top}")
        page = ItemAdapter(item).get("page_url")
        raise Drop("invalid", f"{field or '<root>'}: {messages[0]} ({page})", logging.WARNING)


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
