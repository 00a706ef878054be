"""`ARCHIVE_REPLAY` set: the same crawl, answered from WARC files (crawler/archive/replay.py)."""

from __future__ import annotations

import logging

from scrapy.settings import SETTINGS_PRIORITIES

logger = logging.getLogger(__name__)
HANDLER = "crawler.archive.replay.ArchiveReplayHandler"

# Politeness and retries guard a live site; replayed from disk they only slow a re-extraction down
# (a retried 500 gets the same archived answer).
REPLAY_FORCED = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_ENABLED": False,
    "HTTPCACHE_ENABLED": False,
    "ARCHIVE_ENABLED": False,  # the archive is the input, not a new output
}
# Defaults unless the command line says otherwise: a re-extraction writes every article in the
# archive (a fresh seen-store, not the crawl's) into a dataset of its own.
REPLAY_DEFAULTS = {
    "SEEN_STORE": ":memory:",
    "JSONL_PATH": "output/{site}/reextracted/{date}.jsonl",
}


class ArchiveReplayAddon:
    def update_settings(self, settings) -> None:
        if not settings.get("ARCHIVE_REPLAY"):
            return
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        # Nothing but the archive answers: no network scheme keeps a handler.
        handlers.update({"http": HANDLER, "https": HANDLER, "ftp": None, "s3": None})
        settings.set("DOWNLOAD_HANDLERS", handlers, "addon")
        for name, value in REPLAY_FORCED.items():
            settings.set(name, value, max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"]))
        for name, value in REPLAY_DEFAULTS.items():
            priority = settings.getpriority(name) or 0
            if priority < SETTINGS_PRIORITIES["cmdline"]:
                settings.set(name, value, max(priority, SETTINGS_PRIORITIES["addon"]))
        per_domain = settings.getint("CONCURRENT_REQUESTS")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", per_domain,
                     max(settings.getpriority("CONCURRENT_REQUESTS_PER_DOMAIN") or 0, SETTINGS_PRIORITIES["addon"]))
        settings.set_in_component_priority_dict("EXTENSIONS", "crawler.archive.report.ReextractionReport", 450)
