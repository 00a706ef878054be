"""The article item: the fields of extractors' Article (and of the JSON Schema), as a Scrapy Item."""

import scrapy

from extractors.article import FIELD_ORDER

ArticleItem = type("ArticleItem", (scrapy.Item,), {name: scrapy.Field() for name in FIELD_ORDER})
ArticleItem.__doc__ = "One article; fields and order as in extractors/schema/article.schema.json."
