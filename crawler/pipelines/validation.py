"""Only records that match the published schema (extractors/schema/article.schema.json) reach the
dataset: spidermon's JSON-schema validation, or cleanwire's own when spidermon is switched off."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from spidermon.contrib.scrapy.pipelines import ItemValidationPipeline, PassThroughPipeline

from crawler.pipelines.base import Drop, StatsPipeline
from extractors.schema import article_schema, validation_errors

# The project's schema as an object: SPIDERMON_VALIDATION_SCHEMAS names it rather than the file path,
# which does not exist inside a zipped scrapyd egg.
ARTICLE_SCHEMA: dict[str, Any] = article_schema()


class ValidationPipeline(StatsPipeline):
    """The schema gate without spidermon."""

    def process_item(self, item: Any, spider=None) -> Any:
        record = ItemAdapter(item).asdict()
        errors = validation_errors(record)
        if errors:
            field = errors[0].split(":")[0].split("/")[0]
            self.stats.inc_value(f"cleanwire/dropped/invalid/{field}")
            raise self.drop("invalid", record, f"{errors[0]} ({record.get('page_url')})", logging.WARNING)
        return item


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
