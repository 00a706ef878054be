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
# Scrapy starts this many asyncio tasks per response to process its output; a page yields a few
# articles and links, and the default 100 tasks per page cost more CPU than the pages themselves.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024  # a news page is far smaller; larger is not a page
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry, doubled for each further one
RETRY_BACKOFF_MAX = 30.0
# A page that failed after its retries is one WARNING line from the spider ("fetch failed
# (timeout, 2 retries): URL") and one stat; Scrapy's own "Gave up retrying" line would be a second.
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
REDIRECT_MAX_TIMES = 5
# A site's robots.txt and tdmrep.json are fetched once, before its first page, in one attempt of at
# most this many seconds; after it the site's pages go on (robots.txt: as if it allowed all;
# tdmrep.json: no rules), with one WARNING (crawler/middlewares/gate.py).
SITE_GATE_TIMEOUT = 10.0
ROBOTSTXT_MAX_BYTES = 500 * 1024  # Google's limit: the rest of a larger robots.txt is ignored
# SIGINT/SIGTERM: requests in flight get this many seconds to finish, then they are cut (a page
# stalling up to DOWNLOAD_TIMEOUT, requests waiting out a politeness delay); what was scraped is
# published (crawler/extensions/shutdown.py). A second SIGINT stops at once (Scrapy's).
SHUTDOWN_GRACE = 3.0

# HTTP cache: off by default; `-s HTTPCACHE_ENABLED=1` for development re-runs.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

# --- components ------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.retry.RetryBackoffMiddleware": 560,  # just after RetryMiddleware (550)
    "crawler.middlewares.tdmrep.TdmRepMiddleware": 110,  # after RobotsTxtMiddleware (100)
    "crawler.middlewares.redirectloop.RedirectLoopMiddleware": 610,  # sees redirects before RedirectMiddleware (600)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,  # Scrapy's, an unreadable robots.txt in one line
}
# Validation is spidermon's (see SPIDERMON_VALIDATION_SCHEMAS below); it falls back to cleanwire's
# own ValidationPipeline when SPIDERMON_ENABLED is off.
ITEM_PIPELINES = {
    "crawler.pipelines.validation.SchemaValidationPipeline": 100,
    "crawler.pipelines.rights.RightsPipeline": 150,  # counts opt-outs; drops reserved ones if asked
    "crawler.pipelines.dedup.DeduplicationPipeline": 200,
    "crawler.pipelines.seen.SeenStorePipeline": 300,
    "crawler.pipelines.writer.JsonlWriterPipeline": 800,
    "crawler.pipelines.quality.ChromeLeakPipeline": 900,  # checks what the writer wrote
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.extensions.throttle.NotFoundAwareAutoThrottle": 0,  # a fast 404 is no slow server
    "crawler.extensions.shutdown.BoundedShutdown": 100,  # SIGINT/SIGTERM ends within seconds, everything published
    "spidermon.contrib.scrapy.extensions.Spidermon": 400,  # monitors run before the crawl report
    "crawler.extensions.report.CrawlReportExtension": 500,
}
SPIDER_CONTRACTS = {
    "crawler.contracts.SiteUrlContract": 10,
}
LOG_FORMATTER = "crawler.logformatter.CleanwireLogFormatter"
LOG_LEVEL = os.environ.get("CLEANWIRE_LOG_LEVEL", "INFO")

# --- cleanwire ---------------------------------------------------------------------------------
EXTRACT_ENABLED = True  # off: fetch and follow only (the benchmark's baseline)
EXTRACT_WORKERS = 0  # > 0: extract in that many worker processes, off the reactor thread
FOLLOW_MAX_LINKS = 5000  # new links followed from one page; a listing has hundreds, a link farm more
TEASER_HOLD = True  # a teaser copy waits for its own page's fuller copy (crawler/teasers.py)
DEDUP_NEAR_THRESHOLD = 0.9  # Jaccard similarity above which two texts are one article
DEDUP_NUM_PERM = 128
DEDUP_NEAR_INDEX = None  # dotted path of a shared near-duplicate index; REDIS_URL sets the Redis one
SEEN_STORE = os.environ.get("CLEANWIRE_SEEN_STORE", "output/.seen.sqlite3")
SEEN_STORE_BACKENDS: dict[str, str] = {}  # URI scheme -> store class, added to crawler.seenstore.BACKENDS
# Chrome learned across a site's pages (extractors/chrome.py): kept across runs in CHROME_STORE
# (default: .chrome.sqlite3 beside a SQLite SEEN_STORE, else output/.chrome.sqlite3). A paragraph
# becomes chrome once CHROME_MIN_PAGES distinct articles or pages carry it and they are at least
# CHROME_MIN_SHARE of the site's pages; CHROME_REFRESH pages may pass before the learned set is
# recomputed (0: every page). Stats: cleanwire/chrome/learned, cleanwire/chrome/dropped.
CHROME_LEARN = True
CHROME_STORE = os.environ.get("CLEANWIRE_CHROME_STORE") or None
CHROME_MIN_PAGES = 3
CHROME_MIN_SHARE = 0.3
CHROME_REFRESH = 20
JSONL_PATH = "output/{site}/{date}.jsonl"
JSONL_FSYNC_EVERY = 50
CRAWL_REPORT_PATH = None
# Publishers' opt-out (crawler/pipelines/rights.py): on, every article whose publisher reserved
# text-and-data-mining rights (TDMRep, or a robots directive in TDM_RESERVED_DIRECTIVES) is dropped.
# Off by default: records keep their `rights` either way, for the dataset's user to decide.
DROP_TDM_RESERVED = False
TDM_RESERVED_DIRECTIVES = ["noai"]
TDMREP_ENABLED = True  # fetch each site's /.well-known/tdmrep.json once (crawler/middlewares/tdmrep.py)

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# --- distributed crawling (scrapy-redis) ----------------------------------------------------------
# REDIS_URL (environment or `-s REDIS_URL=redis://host:6379/0`) switches the scheduler, the request
# dupefilter and the seen-store to Redis (crawler/distributed/addon.py): every worker started with the same URL
# and REDIS_JOB shares one queue and one memory of written articles. Unset: a one-process crawl.
REDIS_URL = os.environ.get("REDIS_URL") or None
REDIS_JOB = os.environ.get("CLEANWIRE_REDIS_JOB", "default")  # a new name starts a fresh crawl
REDIS_WORKER_TIMEOUT = 30  # seconds without a heartbeat before a worker's requests are re-queued
ADDONS = {"crawler.distributed.addon.RedisAddon": 100}

# --- monitoring (spidermon) -----------------------------------------------------------------------
# Monitors run when the spider closes (crawler/monitors.py); verdicts go to the stats
# (`cleanwire/monitors/...`) and to `<jsonl>.monitors.json` beside the file the run wrote.
SPIDERMON_ENABLED = True
SPIDERMON_VALIDATION_SCHEMAS = ["crawler.pipelines.validation.ARTICLE_SCHEMA"]  # extractors/schema/article.schema.json
SPIDERMON_VALIDATION_DROP_ITEMS_WITH_ERRORS = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.monitors.CrawlHealthSuite"]
CLEANWIRE_MIN_ITEMS = 1  # distinct valid articles found (written now + seen before), not written
CLEANWIRE_MAX_ERRORS = 0  # ERROR log lines other than the retry middleware's give-ups
CLEANWIRE_MAX_FAILED_SHARE = 0.2  # of page fetches
CLEANWIRE_FAILED_NOT_COUNTED = ["ignored", "http_404", "http_410"]  # robots/offsite, dead links
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
CLEANWIRE_HTML_REPORT = True  # X.report.html beside each X.jsonl: the dataset report (crawler/datasetreport/)
# Field coverage over written articles; None and "" do not count as present.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True  # a re-crawl that writes nothing is fine
SPIDERMON_FIELD_COVERAGE_RULES = {
    "dict/title": 0.9,
    "dict/text": 1.0,
    "dict/source/name": 0.5,  # a republisher names its source on most posts, not on all
}

# --- raw archive and re-extraction (crawler/archive/) ------------------------------------------------
# ARCHIVE_ENABLED: every fetch is written as WARC request/response records (gzip per record) beside the
# JSONL, and each article's `warc` field says where its page is. Off by default: it costs disk (a
# compressed page is several times its articles' JSONL) and the bundled job's pages are in the repo.
ARCHIVE_ENABLED = False
ARCHIVE_PATH = "output/{site}/{site}-{timestamp}-{pid}-{serial}.warc.gz"
ARCHIVE_MAX_SIZE = 1024**3  # bytes; then the next file ({serial} + 1), as Common Crawl and Heritrix rotate
ARCHIVE_FSYNC_EVERY = 50  # request/response pairs; a killed process loses nothing written, a dead machine these
DOWNLOADER_MIDDLEWARES["crawler.archive.middleware.WarcArchiveMiddleware"] = 950  # next to the downloader
# ARCHIVE_REPLAY: WARC files (a file, a directory, a glob, or several separated by commas) to answer
# every request from instead of the network; the crawl re-extracts them (crawler/archive/addon.py).
ARCHIVE_REPLAY = None
ARCHIVE_REPLAY_BASELINE = None  # JSONL to compare with; default: the lines beside the archive that point into it
ADDONS["crawler.archive.addon.ArchiveReplayAddon"] = 110
