"""The seen-store shared by the workers of a distributed crawl: one Redis, atomic claims.

Per article, `cleanwire:seen:<id>` (hash: content_hash, writer, url, first, last) once its line is
on disk, and `cleanwire:lease:<id>` (the claiming worker, with a TTL) while a worker writes it.
A lease holds only while its holder's heartbeat key exists: the scheduler re-queues a dead
worker's pages once that heartbeat has expired, and by then its leases no longer block anyone.
Each check-and-set is one Lua script, so two workers never both get NEW for one article.
"""

from __future__ import annotations

import time

import redis

from crawler.distributed.keys import HEARTBEAT_PREFIX, article_key, lease_key, worker_id
from crawler.seenstore import Seen

LEASE_SECONDS = 300  # only a backstop: a dead holder's lease lapses with its heartbeat

# KEYS: article, lease. ARGV: content_hash, me, lease_seconds, heartbeat_prefix
CLAIM = """
local h = redis.call('HGET', KEYS[1], 'hash')
if h == ARGV[1] then return 'seen' end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[2] and redis.call('EXISTS', ARGV[4] .. holder) == 1 then return 'claimed' end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
if h then return 'changed' end
return 'new'
"""

# KEYS: article, lease. ARGV: content_hash, me, url ('' for none), now
RECORD = """
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'writer', ARGV[2], 'last', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'url', ARGV[3]) end
redis.call('HSETNX', KEYS[1], 'first', ARGV[4])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1
"""

# KEYS: article, lease. ARGV: content_hash, dead_writer, me, lease_seconds, heartbeat_prefix
RECLAIM = """
local h = redis.call('HGET', KEYS[1], 'hash')
if h == ARGV[1] then
  if redis.call('HGET', KEYS[1], 'writer') == ARGV[2] then return 1 end
  return 0
end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[2] and holder ~= ARGV[3] and redis.call('EXISTS', ARGV[5] .. holder) == 1 then
  return 0
end
redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
return 1
"""


class RedisSeenStorage:
    """`SeenStorage` over Redis for several workers. The worker's identity is `host:pid`
    (see `crawler.distributed.keys.worker_id`)."""

    def __init__(self, uri: str, lease_seconds: int = LEASE_SECONDS, worker: str | None = None) -> None:
        self.db = redis.Redis.from_url(uri, decode_responses=True)
        self.lease_seconds = lease_seconds
        self.worker = worker or worker_id()
        self._claim = self.db.register_script(CLAIM)
        self._record = self.db.register_script(RECORD)
        self._reclaim = self.db.register_script(RECLAIM)

    def claim(self, article_id: str, content_hash: str) -> Seen:
        keys = [article_key(article_id), lease_key(article_id)]
        status = self._claim(keys, [content_hash, self.worker, self.lease_seconds, HEARTBEAT_PREFIX])
        return Seen(status)

    def record(self, article_id: str, content_hash: str, url: str | None) -> None:
        keys = [article_key(article_id), lease_key(article_id)]
        self._record(keys, [content_hash, self.worker, url or "", f"{time.time():.3f}"])

    def reclaim(self, article_id: str, content_hash: str, writer_pid: int) -> bool:
        keys = [article_key(article_id), lease_key(article_id)]
        args = [content_hash, worker_id(writer_pid), self.worker, self.lease_seconds, HEARTBEAT_PREFIX]
        return bool(self._reclaim(keys, args))

    def count(self) -> int:
        return sum(1 for _ in self.db.scan_iter(match=article_key("*"), count=1000))

    def close(self) -> None:
        self.db.close()
