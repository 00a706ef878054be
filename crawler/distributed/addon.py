"""Scrapy add-ons (the `ADDONS` setting): switches that rewire several components from one setting.

An add-on, not an `if` in settings.py: `-s NAME=value` from the command line is applied after the
settings module has run, and add-ons see it.
"""

from __future__ import annotations

import logging

from scrapy.settings import SETTINGS_PRIORITIES

from crawler.distributed.keys import job_key
from crawler.distributed.scheduler import AckAfterItemsMiddleware

logger = logging.getLogger(__name__)


class RedisAddon:
    """`REDIS_URL` set: the scheduler, the request dupefilter, the article seen-store and the
    near-duplicate index move to Redis, so `scrapy crawl republisher` processes on several machines share one queue (per
    `REDIS_JOB`) and one memory of written articles. Unset: nothing changes."""

    def update_settings(self, settings) -> None:
        url = settings.get("REDIS_URL")
        if not url:
            return
        job = settings.get("REDIS_JOB") or "default"
        settings.set("SCHEDULER", "crawler.distributed.scheduler.LeasedScheduler", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "crawler.distributed.scheduler.ReliablePriorityQueue", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        # One worker stopping must never flush the queue and the fingerprints the others share.
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("SCHEDULER_QUEUE_KEY", job_key(job, "%(spider)s:requests"), "addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", job_key(job, "%(spider)s:dupefilter"), "addon")
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", AckAfterItemsMiddleware, 10)
        # Written articles are remembered in the same Redis, and each line is recorded as soon as
        # it is on disk, so a killed worker leaves no unrecorded lines but the one being written.
        store = settings.get("SEEN_STORE") or ""
        if not store.startswith(("redis://", "rediss://", "unix://")):
            _override(settings, "SEEN_STORE", url)
        _override(settings, "JSONL_FSYNC_EVERY", 1)
        # Near copies met by any worker are known to all (datasketch LSH on Redis, under a lock).
        _override(settings, "DEDUP_NEAR_INDEX", "crawler.distributed.nearindex.RedisNearIndex")
        # A held teaser lives in one worker's memory while its page may go to any worker.
        _override(settings, "TEASER_HOLD", False)


def _override(settings, name: str, value) -> None:
    """Beat settings.py (project priority); say so when the command line asked otherwise."""
    priority = settings.getpriority(name) or 0
    if priority >= SETTINGS_PRIORITIES["cmdline"] and str(settings.get(name)) != str(value):
        logger.warning("REDIS_URL is set: %s=%r replaced by %r (workers must share it)", name, settings.get(name), value)
    settings.set(name, value, max(priority, SETTINGS_PRIORITIES["addon"]))
