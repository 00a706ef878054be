"""Scrapy settings for cleanwire: every component wired by dotted path here, polite by default."""

import os

BOT_NAME = "cleanwire"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness ------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = "cleanwire/0.1 (news corpus research crawler; contact: set USER_AGENT to your address)"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024  # a news page is far smaller; larger is not a page
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry, doubled for each further one
RETRY_BACKOFF_MAX = 30.0
REDIRECT_MAX_TIMES = 5

# HTTP cache: off by default; `-s HTTPCACHE_ENABLED=1` for development re-runs.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# --- components ------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryBackoffMiddleware": 560,  # just after RetryMiddleware (550)
}
ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.DeduplicationPipeline": 200,
    "crawler.pipelines.SeenStorePipeline": 300,
    "crawler.pipelines.JsonlWriterPipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.CrawlReportExtension": 500,
}
SPIDER_CONTRACTS = {
    "crawler.contracts.SiteUrlContract": 10,
}
LOG_FORMATTER = "crawler.logformatter.CleanwireLogFormatter"
LOG_LEVEL = os.environ.get("CLEANWIRE_LOG_LEVEL", "INFO")

# --- cleanwire ---------------------------------------------------------------------------------
EXTRACT_ENABLED = True  # off: fetch and follow only (the benchmark's baseline)
EXTRACT_WORKERS = 0  # > 0: extract in that many worker processes, off the reactor thread
DEDUP_NEAR_THRESHOLD = 0.9  # Jaccard similarity above which two texts are one article
DEDUP_NUM_PERM = 128
SEEN_STORE = os.environ.get("CLEANWIRE_SEEN_STORE", "output/.seen.sqlite3")
JSONL_PATH = "output/{site}/{date}.jsonl"
JSONL_FSYNC_EVERY = 50
CRAWL_REPORT_PATH = None

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
