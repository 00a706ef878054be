"""Retry with back-off: Scrapy re-schedules a failed request at once; a failing server wants a pause."""

from __future__ import annotations

import asyncio
import random


class RetryBackoffMiddleware:
    """Exponential back-off with jitter before each retry. Scrapy's RetryMiddleware re-schedules a
    failed request at once; a server that just answered 503 or timed out wants a pause.
    The delay is RETRY_BACKOFF_BASE * 2**(n-1), capped at RETRY_BACKOFF_MAX, for the n-th retry."""

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getfloat("RETRY_BACKOFF_BASE", 1.0), s.getfloat("RETRY_BACKOFF_MAX", 30.0))

    async def process_request(self, request, spider=None):
        retries = request.meta.get("retry_times", 0)
        if retries and self.base > 0:
            delay = min(self.cap, self.base * 2 ** (retries - 1))
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
        return None
