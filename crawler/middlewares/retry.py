"""Retry with back-off: Scrapy re-schedules a failed request at once; a failing server wants a pause."""

from __future__ import annotations

import random

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler import signals as cw_signals
from crawler.extensions.shutdown import ShutdownCancelled


class RetryBackoffMiddleware:
    """Exponential back-off with jitter before each retry. Scrapy's RetryMiddleware re-schedules a
    failed request at once; a server that just answered 503 or timed out wants a pause.
    The delay is RETRY_BACKOFF_BASE * 2**(n-1), capped at RETRY_BACKOFF_MAX, for the n-th retry.
    At shutdown the pauses end at once: the retries are cut (ShutdownCancelled), not waited for."""

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap
        self.pauses: set[Deferred[None]] = set()
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        middleware = cls(s.getfloat("RETRY_BACKOFF_BASE", 1.0), s.getfloat("RETRY_BACKOFF_MAX", 30.0))
        crawler.signals.connect(middleware.shutdown, signal=cw_signals.shutdown_started)
        return middleware

    async def process_request(self, request, spider=None):
        retries = request.meta.get("retry_times", 0)
        if retries and self.base > 0:
            if self.closed:
                raise ShutdownCancelled(f"shutdown: {request.url}")
            from twisted.internet import reactor

            delay = min(self.cap, self.base * 2 ** (retries - 1)) * random.uniform(0.8, 1.2)
            pause: Deferred[None] = Deferred()
            timer = reactor.callLater(delay, pause.callback, None)
            self.pauses.add(pause)
            try:
                await maybe_deferred_to_future(pause)
            finally:
                self.pauses.discard(pause)
                if timer.active():
                    timer.cancel()
        return None

    def shutdown(self) -> None:
        self.closed = True
        for pause in list(self.pauses):
            pause.errback(Failure(ShutdownCancelled("shutdown")))
