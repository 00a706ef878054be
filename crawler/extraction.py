"""Page extraction for the crawl, inline or in a process pool.

Extraction is CPU work; on the reactor thread it stalls every download while it runs. With
`EXTRACT_WORKERS` > 0 it runs in worker processes and the reactor keeps fetching.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from extractors import extract_html
from extractors.errors import ExtractionError

logger = logging.getLogger(__name__)
# trafilatura logs a warning for every page it finds nothing in; the crawl counts those itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class PageResult:
    articles: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # a sentence for the log; None when the page was read


def extract_page(body: bytes, url: str, site: str | None) -> PageResult:
    """Never raises: a page that breaks the extractor is one failed page, not a failed crawl."""
    try:
        return PageResult([a.to_dict() for a in extract_html(body, url, site=site)])
    except ExtractionError as exc:
        return PageResult(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - reported as a stat and a log line
        return PageResult(error=f"extractor failed: {type(exc).__name__}: {exc}")


class PageExtractor:
    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # forkserver: workers start clean, not as copies of a process running a reactor.
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))

    async def extract(self, body: bytes, url: str, site: str | None) -> PageResult:
        if self.pool is None:
            return extract_page(body, url, site)
        return await asyncio.wrap_future(self.pool.submit(extract_page, body, url, site))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
