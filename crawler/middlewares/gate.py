"""A per-site gate: the one answer every request to a site waits for (its robots.txt, its
tdmrep.json), fetched once, with a deadline.

Scrapy's RobotsTxtMiddleware makes a site's requests wait on a Deferred that only the fetch fires:
a fetch that hangs holds them for its timeouts and retries (minutes), and one that raises an
exception nobody catches holds them forever (a tdmrep.json of 200,000 '[' did: the parser's
RecursionError escaped, the site stayed pending and the crawl never ended, nor did its shutdown).
Here the fetch runs on its own, whatever it raises settles the gate, and after `deadline` seconds
the waiting requests proceed with the safe default and one WARNING; an answer that comes later
still serves the site's later requests. At shutdown every gate opens at once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler import signals as cw_signals

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

T = TypeVar("T")


class SiteGate(Generic[T]):
    """`await gate.answer(site, fetch)`: `fetch()` runs once per site; `default` is what a site
    gets when the fetch fails or the deadline passes (the caller says so in its own words)."""

    @classmethod
    def for_crawler(cls, crawler: Crawler, name: str, default: T, on_expired: Callable[[str], None]) -> SiteGate[T]:
        """The crawl's gate: SITE_GATE_TIMEOUT as its deadline, opened at shutdown and at the end."""
        gate = cls(name, crawler.settings.getfloat("SITE_GATE_TIMEOUT", 10.0), default, on_expired)
        crawler.signals.connect(gate.close, signal=cw_signals.shutdown_started)
        crawler.signals.connect(gate.close, signal=signals.spider_closed)
        return gate

    def __init__(self, name: str, deadline: float, default: T, on_expired: Callable[[str], None]) -> None:
        self.name = name
        self.deadline = deadline
        self.default = default
        self.on_expired = on_expired
        self.answers: dict[str, T] = {}
        self.waiting: dict[str, list[Deferred[T]]] = {}
        self.timers: dict[str, object] = {}
        self.expired: set[str] = set()  # sites whose deadline passed before their answer came
        self.closed = False

    async def answer(self, site: str, fetch: Callable[[], Awaitable[T]]) -> T:
        if site in self.answers:
            return self.answers[site]
        if self.closed:
            return self.default
        if site not in self.waiting:
            from twisted.internet import reactor

            self.waiting[site] = []
            self.timers[site] = reactor.callLater(self.deadline, self._expire, site)
            deferred_from_coro(self._fetch(site, fetch))
        waiter: Deferred[T] = Deferred()
        self.waiting[site].append(waiter)
        return await maybe_deferred_to_future(waiter)

    async def _fetch(self, site: str, fetch: Callable[[], Awaitable[T]]) -> None:
        value = self.default
        try:
            value = await fetch()
        except Exception as exc:  # noqa: BLE001 - whatever the fetch or the parser raises, the site goes on
            logger.warning("%s for %s failed (%s: %s); its pages proceed without it",
                           self.name, site, type(exc).__name__, str(exc)[:200])
        finally:
            self._settle(site, value)

    def _settle(self, site: str, value: T) -> None:
        """The answer, on time or late: later requests get it; waiters (if any left) go on with it."""
        self.answers[site] = value
        timer = self.timers.pop(site, None)
        if timer is not None and timer.active():
            timer.cancel()
        for waiter in self.waiting.pop(site, []):
            waiter.callback(value)

    def _expire(self, site: str) -> None:
        self.timers.pop(site, None)
        self.answers[site] = self.default  # until the fetch, if it ever ends, says otherwise
        self.expired.add(site)
        waiters = self.waiting.pop(site, [])
        if waiters:
            self.on_expired(site)
        for waiter in waiters:
            waiter.callback(self.default)

    def close(self) -> None:
        """Shutdown: every waiting request goes on at once with the default."""
        self.closed = True
        for site in list(self.waiting):
            timer = self.timers.pop(site, None)
            if timer is not None and timer.active():
                timer.cancel()
            for waiter in self.waiting.pop(site, []):
                waiter.callback(self.default)
