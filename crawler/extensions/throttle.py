"""AutoThrottle that a fast "not found" can speed up.

Scrapy's AutoThrottle lowers a site's delay only on 200 responses: error pages are small and fast,
and letting them lower the delay would speed up a crawl exactly when a server struggles. But a
404 or 410 answered at once is a server in good health saying a page is missing; a crawl that met
3,000 dead links after a start at AUTOTHROTTLE_START_DELAY (1 s) waited a second for each, six
minutes in all. Here the statuses of NEUTRAL_STATUSES lower the delay as a 200 does; a 429, a
5xx or a 403 still never lowers it.
"""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle

# Answers that say nothing about the server's load: the page exists, moved, or does not exist.
NEUTRAL_STATUSES = frozenset({200, 203, 204, 301, 302, 303, 307, 308, 404, 410})


class NotFoundAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency: float, response) -> None:
        if response.status not in NEUTRAL_STATUSES:
            return super()._adjust_delay(slot, latency, response)
        # Scrapy's policy for a 200 (its _adjust_delay with the status check left out)
        target_delay = latency / self.target_concurrency
        new_delay = max(target_delay, (slot.delay + target_delay) / 2.0)
        slot.delay = min(max(self.mindelay, new_delay), self.maxdelay)
        return None
