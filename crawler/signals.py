"""Signals of the cleanwire pipelines."""

# Sent by the JSONL writer once an article's line is durably on disk (after fsync), with
# `item`. The seen-store records it only then: an article is remembered only once it exists.
article_written = object()
