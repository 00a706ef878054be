"""The near-duplicate index shared by every worker of a distributed crawl: datasketch's MinHash LSH
on its Redis storage, under one Redis lock per job.

Why a lock: datasketch's `query` and `insert` are separate round trips, so two workers that meet two
near copies at the same moment would both query, both miss and both insert (and both write). A
Redis lock around query+insert makes the claim atomic across workers. It is one lock per job, not
per band bucket: a claim is ~2 ms of loopback round trips (the bands' buckets, then the insert), so a
crawl bound by politeness never waits on it; and a near copy can share any band with another text,
so per-bucket locks would have to take all of a text's buckets at once anyway. The lock expires
(`LOCK_TIMEOUT`) if its holder is killed, so a dead worker never stops the others.
"""

from __future__ import annotations

from typing import Any

import redis

from crawler.distributed.keys import job_key
from extractors.dedup import NearIndex

# Seconds a claim may hold the lock before Redis frees it (a killed worker's claim); far above the
# few milliseconds a claim takes.
LOCK_TIMEOUT = 10
# Seconds a claim waits for the lock before the crawl reports Redis as unreachable.
LOCK_WAIT = 60


def redis_params(url: str) -> dict[str, Any]:
    """`redis://`, `rediss://` or `unix://` URL -> keyword arguments of `redis.Redis` (datasketch's
    Redis storage takes these, not a URL)."""
    from redis.connection import SSLConnection, UnixDomainSocketConnection, parse_url

    params = dict(parse_url(url))
    cls = params.pop("connection_class", None)
    if cls is UnixDomainSocketConnection:
        params["unix_socket_path"] = params.pop("path")
    elif cls is SSLConnection:
        params["ssl"] = True
    return params


class RedisNearIndex(NearIndex):
    """`REDIS_URL` set (crawler.distributed.addon): the LSH buckets live in Redis under
    `cleanwire:<job>:near*`, so a near copy met by one worker is known to all of them for the job."""

    def __init__(self, url: str, job: str, threshold: float, num_perm: int) -> None:
        basename = job_key(job, "near").encode()
        super().__init__(threshold, num_perm, {"type": "redis", "basename": basename, "redis": redis_params(url)})
        self.client = redis.Redis.from_url(url)
        self.lock = self.client.lock(job_key(job, "near:lock"), timeout=LOCK_TIMEOUT, blocking_timeout=LOCK_WAIT)

    @classmethod
    def from_crawler(cls, crawler) -> RedisNearIndex:
        settings = crawler.settings
        return cls(settings.get("REDIS_URL"), settings.get("REDIS_JOB") or "default",
                   settings.getfloat("DEDUP_NEAR_THRESHOLD", 0.9), settings.getint("DEDUP_NUM_PERM", 128))

    def claim(self, key: str, m: Any) -> bool:
        with self.lock:
            return super().claim(key, m)
