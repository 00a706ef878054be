"""A shutdown that ends within seconds, with every scraped article published.

On SIGINT or SIGTERM Scrapy stops taking requests from the scheduler, then waits for every request
in flight before it closes the pipelines (where the JSONL writer publishes its part file): a page
that stalls waits out DOWNLOAD_TIMEOUT, requests queued behind a politeness delay wait their turn
(AutoThrottle: up to 30 s each), a retry waits out its back-off, a request waiting for its site's
robots.txt or tdmrep.json waits for that. Here, when the spider starts closing for any reason but
"finished", `shutdown_started` is sent (the site gates open, the spider hands its held teasers to
the pipelines), and after SHUTDOWN_GRACE seconds whatever is still waiting or transferring is cut:
queued requests fail with `ShutdownCancelled`, the downloader's connections are aborted (their
requests go back to the scheduler through the retry middleware, or fail). What was scraped before
then goes through the pipelines and is published as on any close. A second SIGINT is Scrapy's
unclean stop: the writer's part file stays, and the next run adopts it (crawler/pipelines/writer.py).
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from crawler import signals as cw_signals

logger = logging.getLogger(__name__)

CUT_EVERY = 0.5  # seconds between cuts after the grace period (gates and retries release late requests)


class ShutdownCancelled(IgnoreRequest):
    """A request cut because the crawl is shutting down (not a failure of the page)."""


class BoundedShutdown:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.grace = crawler.settings.getfloat("SHUTDOWN_GRACE", 3.0)
        self.started = False
        self.cuts: LoopingCall | None = None
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def engine_started(self) -> None:
        """Wrap the engine's close: Scrapy sends no signal before it starts waiting."""
        engine = self.crawler.engine
        close = engine.close_spider_async

        async def close_spider_async(*, reason: str = "cancelled") -> None:
            if reason != "finished":
                await self.begin(reason)
            await close(reason=reason)

        engine.close_spider_async = close_spider_async

    async def begin(self, reason: str) -> None:
        if self.started:
            return
        self.started = True
        from twisted.internet import reactor

        logger.info("shutting down (%s): requests in flight get %.0f s (SHUTDOWN_GRACE), then they are cut",
                    reason, self.grace)
        self.cuts = LoopingCall(self.cut)
        reactor.callLater(self.grace, self._start_cutting)
        await self.crawler.signals.send_catch_log_async(signal=cw_signals.shutdown_started)

    def _start_cutting(self) -> None:
        if self.cuts is not None and not self.cuts.running:
            self.cuts.start(CUT_EVERY, now=True)

    def cut(self) -> None:
        """Fail the requests queued behind a delay, abort the connections still transferring."""
        from twisted.internet import reactor, tcp

        queued = 0
        for slot in list(self.crawler.engine.downloader.slots.values()):
            while slot.queue:
                request, deferred = slot.queue.popleft()
                deferred.errback(Failure(ShutdownCancelled(f"shutdown: {request.url}")))
                queued += 1
        aborted = 0
        for reader in list(reactor.getReaders()):
            if isinstance(reader, tcp.Client):  # the downloader's connections (servers are not clients)
                reader.abortConnection()
                aborted += 1
        if queued or aborted:
            self.crawler.stats.inc_value("cleanwire/shutdown/cut", queued + aborted)
            logger.info("shutdown: %d queued requests cut, %d connections aborted", queued, aborted)

    def spider_closed(self) -> None:
        if self.cuts is not None and self.cuts.running:
            self.cuts.stop()
