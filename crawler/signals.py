"""Signals of the cleanwire pipelines."""

# Sent by the JSONL writer once an article's line is durably on disk (after fsync), with
# `item`. The seen-store records it only then: an article is remembered only once it exists.
article_written = object()

# Sent by the JSONL writer for each line of a dead writer's part file it adopts, with `item` and
# `writer_pid`; a receiver returning False leaves the line out (another worker wrote the article).
article_recovered = object()

# Sent when a scheduled request has been fully handled (callback output consumed and its items
# through the pipelines, or its errback run), with `request`. The Redis scheduler then forgets it
# from this worker's in-flight list; without Redis nobody listens.
request_processed = object()

# Sent once when the crawl starts shutting down on SIGINT/SIGTERM (crawler/extensions/shutdown.py),
# before Scrapy waits for the requests in flight: gates open, held teasers go to the pipelines.
shutdown_started = object()
