"""scrapy-redis scheduling that loses nothing when a worker is killed.

Plain scrapy-redis pops a request off the shared queue; if the worker dies, the request is gone
and its fingerprint is already in the dupefilter, so nobody fetches it again. Here a pop moves the
request into the worker's in-flight hash in the same Lua step (Redis's "reliable queue" pattern);
it leaves that hash only once it is fully handled (`crawler.signals.request_processed`) or has
been replaced by a request that is back in the queue (redirect, retry). Each worker keeps a
heartbeat key with a TTL; any worker puts the in-flight requests of a worker whose heartbeat has
expired back on the queue (at start, every heartbeat, and when idle). A worker closes only when
the whole job is done: queue empty and nothing in flight anywhere.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import signals as cw_signals
from crawler.distributed.keys import heartbeat_key, job_key, worker_id

logger = logging.getLogger(__name__)

INFLIGHT_META = "cleanwire_inflight"  # request.meta key: the request's field in the in-flight hash

# KEYS: queue, inflight. ARGV: uid. The field keeps the score so a restore needs no decoding.
POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local field = ARGV[1] .. ':' .. r[2]
redis.call('HSET', KEYS[2], field, r[1])
return {field, r[1]}
"""

# KEYS: inflight, queue, heartbeat (or '' to skip the liveness check). Returns how many moved.
RESTORE = """
if KEYS[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  redis.call('ZADD', KEYS[2], string.match(all[i], ':([^:]+)$'), all[i + 1])
end
redis.call('DEL', KEYS[1])
return #all / 2
"""

# KEYS: queue, workers. ARGV: in-flight key prefix. 1 when nothing is queued or in flight anywhere.
JOB_DONE = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HLEN', ARGV[1] .. w) > 0 then return 0 end
end
return 1
"""


class ReliablePriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop parks the request in an in-flight hash."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pop = self.server.register_script(POP)
        self._restore = self.server.register_script(RESTORE)
        self._job_done = self.server.register_script(JOB_DONE)

    def pop_into(self, inflight_key: str) -> tuple[str, Request] | None:
        popped = self._pop(keys=[self.key, inflight_key], args=[uuid.uuid4().hex])
        if not popped:
            return None
        field, data = popped
        return field.decode() if isinstance(field, bytes) else field, self._decode_request(data)

    def restore(self, inflight_key: str, unless_alive: str = "") -> int:
        """Put an in-flight hash back on the queue; -1 (nothing moved) if `unless_alive` exists."""
        return int(self._restore(keys=[inflight_key, self.key, unless_alive]))

    def job_done(self, workers_key: str, inflight_prefix: str) -> bool:
        return bool(self._job_done(keys=[self.key, workers_key], args=[inflight_prefix]))


class WorkerHeartbeat:
    """This worker's liveness key (TTL `timeout`) and its membership of the job's worker set."""

    def __init__(self, server, workers_key: str, worker: str, timeout: int) -> None:
        self.server = server
        self.workers_key = workers_key
        self.worker = worker
        self.timeout = timeout

    def beat(self) -> None:
        self.server.set(heartbeat_key(self.worker), "1", ex=self.timeout)
        self.server.sadd(self.workers_key, self.worker)

    def others(self) -> list[str]:
        members = (m.decode() if isinstance(m, bytes) else m for m in self.server.smembers(self.workers_key))
        return [m for m in members if m != self.worker]

    def leave(self) -> None:
        self.server.srem(self.workers_key, self.worker)
        self.server.delete(heartbeat_key(self.worker))


class LeasedScheduler(Scheduler):
    """scrapy-redis `Scheduler` with per-worker in-flight requests, heartbeat and rescue."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.crawler = crawler
        scheduler.job = settings.get("REDIS_JOB") or "default"
        scheduler.worker = worker_id()
        timeout = settings.getint("REDIS_WORKER_TIMEOUT", 30)
        scheduler.heartbeat = WorkerHeartbeat(scheduler.server, job_key(scheduler.job, "workers"),
                                              scheduler.worker, timeout)
        scheduler.beat_interval = max(timeout / 3, 0.5)
        scheduler.loop = None
        crawler.signals.connect(scheduler.on_processed, signal=cw_signals.request_processed)
        crawler.signals.connect(scheduler.on_idle, signal=signals.spider_idle)
        return scheduler

    def inflight_key(self, worker: str | None = None) -> str:
        return job_key(self.job, "inflight:") + (worker or self.worker)

    def open(self, spider):
        super().open(spider)
        if not isinstance(self.queue, ReliablePriorityQueue):
            raise ValueError("LeasedScheduler needs SCHEDULER_QUEUE_CLASS = crawler.distributed.scheduler.ReliablePriorityQueue")
        self.heartbeat.beat()
        self.queue.restore(self.inflight_key())  # left by an earlier process with this host:pid
        self.rescue_dead()
        seen = self.server.scard(self.df.key) if getattr(self.df, "key", None) else 0
        if seen and self.job_done():
            logger.warning("redis job %r is complete (%d requests seen): only new URLs will be fetched; "
                           "set REDIS_JOB to a new name for a fresh crawl", self.job, seen)
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.beat_interval, now=False)
        logger.info("redis worker %s joined job %r (%d requests queued)", self.worker, self.job, len(self.queue))

    def close(self, reason):
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        returned = self.queue.restore(self.inflight_key())  # empty unless stopped early
        if returned > 0:
            logger.info("returned %d unfinished requests to the shared queue", returned)
        self.heartbeat.leave()
        super().close(reason)

    # --- the request's way through this worker -----------------------------------------------------

    def next_request(self):
        popped = self.queue.pop_into(self.inflight_key())
        if popped is None:
            return None
        field, request = popped
        request.meta[INFLIGHT_META] = field
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def enqueue_request(self, request):
        replaced = request.meta.pop(INFLIGHT_META, None)  # a redirect or retry of a request we hold
        queued = super().enqueue_request(request)
        if replaced:
            self.server.hdel(self.inflight_key(), replaced)
        return queued

    def on_processed(self, request: Request) -> None:
        field = request.meta.get(INFLIGHT_META)
        if field:
            self.server.hdel(self.inflight_key(), field)

    # --- liveness and the end of the job -----------------------------------------------------------

    def tick(self) -> None:
        try:
            self.heartbeat.beat()
            self.rescue_dead()
        except Exception:  # noqa: BLE001 - a Redis hiccup must not stop the heartbeat loop
            logger.exception("redis heartbeat failed")

    def rescue_dead(self) -> int:
        total = 0
        for other in self.heartbeat.others():
            moved = self.queue.restore(self.inflight_key(other), unless_alive=heartbeat_key(other))
            if moved < 0:
                continue
            self.server.srem(self.heartbeat.workers_key, other)
            total += moved
            if moved:
                logger.warning("worker %s stopped beating: %d of its requests put back on the queue", other, moved)
        if total and self.stats:
            self.stats.inc_value("cleanwire/redis/requeued", total)
        return total

    def job_done(self) -> bool:
        return self.queue.job_done(self.heartbeat.workers_key, job_key(self.job, "inflight:"))

    def on_idle(self, spider) -> None:
        """Idle here is not done: another worker may still add requests, or die and leave some."""
        leftover = self.server.hlen(self.inflight_key())
        if leftover:  # the engine is idle, so these are finished: an acknowledgement went missing
            self.server.delete(self.inflight_key())
            if self.stats:
                self.stats.inc_value("cleanwire/redis/unacknowledged", leftover)
        self.rescue_dead()
        if not self.job_done():
            raise DontCloseSpider


class AckAfterItemsMiddleware:
    """Spider middleware: sends `request_processed` for a response once its callback output is
    consumed and every item it produced has left the pipelines (written, dropped or failed), so
    a worker killed while an article is on its way to disk has not yet let go of the page."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.open: dict[int, list[Any]] = {}  # id(response) -> [response, items pending, output done]
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output(self, response, result):
        state = self.open[id(response)] = [response, 0, False]
        try:
            async for output in result:
                if not isinstance(output, Request):
                    state[1] += 1
                yield output
        finally:
            state[2] = True
            self.settle(response)

    def item_done(self, response=None, **kwargs: Any) -> None:
        state = self.open.get(id(response))
        if state is not None and state[0] is response:
            state[1] -= 1
            self.settle(response)

    def settle(self, response) -> None:
        state = self.open.get(id(response))
        if state is not None and state[2] and state[1] <= 0:
            del self.open[id(response)]
            self.crawler.signals.send_catch_log(cw_signals.request_processed, request=response.request)
