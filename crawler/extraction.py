"""Page extraction for the crawl, inline or in a process pool.

Extraction is CPU work; on the reactor thread it stalls every download while it runs. With
`EXTRACT_WORKERS` > 0 it runs in worker processes and the reactor keeps fetching.

With `CHROME_LEARN` on, every page's articles are counted into the site's chrome memory
(`batch.chrome`, kept in `CHROME_STORE` across runs) and each page is extracted with the
chrome learned so far, handed to the worker as plain data. A crawl learns as it goes: pages read
before a paragraph repeats often enough keep it, which the next run (or the CLI over an archive)
does not.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from batch.chrome import ChromeMemory
from crawler.pipelines.writer import output_root
from extractors import extract_html
from extractors.chrome import LearnedChrome, owners_of, site_key
from extractors.errors import ExtractionError

logger = logging.getLogger(__name__)
# trafilatura logs a warning for every page it finds nothing in; the crawl counts those itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class PageResult:
    articles: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # a sentence for the log; None when the page was read
    chrome_taken: list[str] = field(default_factory=list)  # paragraphs learned chrome took out of the articles


def extract_page(body: bytes, url: str, site: str | None, chrome: LearnedChrome | None = None) -> PageResult:
    """Never raises: a page that breaks the extractor is one failed page, not a failed crawl."""
    try:
        if chrome is not None:
            chrome.taken = []
        articles = [a.to_dict() for a in extract_html(body, url, site=site, chrome=chrome)]
        return PageResult(articles, chrome_taken=chrome.taken or [] if chrome is not None else [])
    except ExtractionError as exc:
        return PageResult(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - reported as a stat and a log line
        return PageResult(error=f"extractor failed: {type(exc).__name__}: {exc}")


def chrome_memory(settings) -> ChromeMemory | None:
    """The crawl's chrome memory: `CHROME_STORE`, by default beside a SQLite seen-store, or (with a
    Redis seen-store, where every worker keeps its own) at the root of the JSONL output; None when
    `CHROME_LEARN` is off."""
    if not settings.getbool("CHROME_LEARN", True):
        return None
    path = settings.get("CHROME_STORE")
    if not path:
        seen = (settings.get("SEEN_STORE") or "output/.seen.sqlite3").removeprefix("sqlite://")
        if seen == ":memory:":  # a run that remembers nothing (a replay) learns for itself alone
            path = None
        elif "://" not in seen:
            path = Path(seen).with_name(".chrome.sqlite3")
        else:
            path = output_root(settings.get("JSONL_PATH") or "output/") / ".chrome.sqlite3"
    return ChromeMemory(path, settings.getint("CHROME_MIN_PAGES", 3), settings.getfloat("CHROME_MIN_SHARE", 0.3))


class PageExtractor:
    def __init__(self, workers: int = 0, chrome: ChromeMemory | None = None, refresh: int = 0) -> None:
        self.workers = workers
        self.chrome = chrome
        self.refresh = refresh  # pages a site's learned chrome may lag behind its counts
        self.learned_sizes: dict[str, int] = {}
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # forkserver: workers start clean, not as copies of a process running a reactor, and warm:
            # the forkserver loads and warms the HTML path once (batch.warm_html) before it forks them.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["crawler.extraction", "batch.warm_html"])
            self.pool = ProcessPoolExecutor(workers, mp_context=context)

    async def extract(self, body: bytes, url: str, site: str | None) -> PageResult:
        key = site_key(site, url)
        learned = self.chrome.learned(key, stale_ok=self.refresh) if self.chrome is not None and key else None
        if self.pool is None:
            result = extract_page(body, url, site, learned)
        else:
            result = await asyncio.wrap_future(self.pool.submit(extract_page, body, url, site, learned))
        if self.chrome is not None and key and result.articles:
            # What the page showed, the paragraphs learned chrome took out included: a site's chrome
            # stays learned only while its pages keep counting it.
            owners = owners_of(result.articles, url, result.chrome_taken)
            self.chrome.observe(key, url, owners)
            self.learned_sizes[key] = len(learned) if learned is not None else 0
        return result

    def learned(self) -> int:
        """Paragraphs learned as chrome so far, over the sites this crawl read."""
        return sum(self.learned_sizes.values())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.chrome is not None:
            self.chrome.close()
            self.chrome = None
