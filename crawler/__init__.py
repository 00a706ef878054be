"""The Scrapy project: a thin spider over `extractors`, and pipelines that validate, deduplicate
and write crash-safe JSONL."""
