"""The batch behind `python -m extractors` (batch/cli.py): inputs to articles on all cores, with the crawl's gates.

Loose files and the pages inside WARC/WET archives become work units; N worker processes extract
them (`-j`, default: every core) while this process reads the inputs, and takes the results back
in input order, so the output is the same whatever N is. Every article then passes the crawl's
schema gate (`extractors.schema.validation_errors`) and its duplicate rules
(`extractors.dedup.Deduplicator`) before its line is written.

With a `ChromeMemory` the batch runs twice over its inputs: the first pass counts each site's
repeated paragraphs (extractors/chrome.py), the second extracts with what was learned, so the
output does not depend on the order of the inputs.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import re
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from batch.archives import ArchiveStats, is_archive, iter_pages
from batch.chrome import ChromeMemory
from batch.inputs import decode_text, extract_file, load_file, read_input
from extractors import extract
from extractors.chrome import LearnedChrome, owners_of, site_key
from extractors.dedup import Deduplicator
from extractors.errors import ExtractionError
from extractors.schema import validation_errors

# Units per task sent to a worker: large enough that pickling and queueing cost little against
# extraction (tens of ms a page), small enough that the workers stay evenly loaded.
CHUNK_UNITS = 8
# Tasks in flight per worker: keeps every worker busy while bounding memory to a few chunks,
# whatever the size of the archive (Pool.imap would read the whole input ahead).
WINDOW_PER_JOB = 4



@dataclass
class Unit:
    """One piece of work, in input order. `tag`: "file" (a loose file, or stdin's `data`), "page"
    (an archived page), "error" (an input that could not be opened: `error` is its line) or
    "archive" (the end of one archive; `damaged` records in it)."""

    tag: str
    label: str
    path: str | None = None
    kind: str | None = None
    data: bytes | str | None = None
    url: str | None = None
    warc: dict[str, Any] | None = None
    site: str | None = None
    chrome_site: str | None = None  # whose learned chrome applies (and, learning, is counted)
    chrome: LearnedChrome | None = None
    error: str | None = None
    damaged: int = 0


# (unit tag, label, articles or learned owners, error line, paragraphs dropped as learned chrome)
Result = tuple[str, str, Any, str | None, int]


@dataclass(frozen=True)
class SiteFilter:
    """What the batch needs of a crawler site profile (crawler/profiles/NAME.json), read as data:
    importing the crawler package would import Scrapy."""

    name: str
    allowed_domains: tuple[str, ...]
    article_patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def load(cls, name_or_path: str) -> SiteFilter:
        path = Path(name_or_path)
        if not path.suffix:
            spec = importlib.util.find_spec("crawler")  # finds the package without running it
            path = Path(next(iter(spec.submodule_search_locations or []), ".")) / "profiles" / f"{name_or_path}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"no readable site profile {name_or_path!r} ({exc})") from None
        return cls(data.get("name") or path.stem, tuple(data.get("allowed_domains", ())),
                   tuple(re.compile(p) for p in data.get("article_patterns", ())))

    def is_article(self, path: str) -> bool:
        return any(p.search(path) for p in self.article_patterns)


@dataclass
class Options:
    jobs: int = 0  # 0: every core this process may use
    domains: tuple[str, ...] = ()  # archive records of these hosts (and their subdomains) only
    profile: SiteFilter | None = None  # a crawler site profile's domains, article pages and name
    near_threshold: float = 1.0  # 1: exact duplicates only (same url, id or text)
    keep_duplicates: bool = False
    progress: bool | None = None  # None: on when stderr is a terminal
    url: str | None = None  # the page URL of the one input (--url)
    chrome: ChromeMemory | None = None  # learn each site's repeated paragraphs first, then drop them


@dataclass
class Outcome:
    files_ok: int = 0
    files_failed: int = 0
    written: int = 0
    invalid: int = 0
    pages_failed: int = 0  # archive pages the extractors refused
    duplicates: Counter[str] = field(default_factory=Counter)
    archive: ArchiveStats = field(default_factory=ArchiveStats)
    archives: int = 0
    chrome_dropped: int = 0  # paragraphs left out of articles as learned chrome


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def url_filter(options: Options) -> Callable[[str], bool] | None:
    """Keep a record when its host is one of the domains (or under one) and, with a profile, its
    path is one of the profile's article pages (the pages the crawl extracts from)."""
    profile = options.profile
    domains = tuple(d.lower().lstrip(".") for d in options.domains)
    if profile is not None:
        domains += tuple(profile.allowed_domains)
    if not domains and profile is None:
        return None

    def keep(url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            return False
        return profile is None or not profile.article_patterns or profile.is_article(parts.path)
    return keep


def units(inputs: Iterable[tuple[str, Path | None, str | None]], options: Options, outcome: Outcome,
          progress: Any, stdin: dict[str, bytes | str], report: bool = True) -> Iterator[Unit]:
    """Work units in input order; archive damage is reported here, as it is read (once: not on the
    learning pass). Stdin is read once, into `stdin`, for both passes."""
    keep = url_filter(options)
    site = getattr(options.profile, "name", None)
    for label, path, kind in inputs:
        if path is not None and is_archive(path):
            outcome.archives += 1
            yield from _archive_units(label, path, keep, site, outcome, progress, report)
            continue
        data = None
        if path is None:  # stdin is this process's; a worker cannot read it
            if "data" not in stdin:
                stdin["data"] = _read_stdin(label)
            data = stdin["data"]
            if isinstance(data, str):
                yield Unit("error", label, error=data)
                continue
        url = options.url or (path.resolve().as_uri() if path is not None else None)
        yield Unit("file", label, str(path) if path is not None else None, kind, data, url,
                   chrome_site=file_site(path, options.url))
        if progress is not None and path is not None:
            progress.update(_size(path))


def file_site(path: Path | None, url: str | None) -> str:
    """The site whose chrome a loose file shares: its URL's host; without one, its folder."""
    return site_key(None, url) or (f"dir:{path.resolve().parent}" if path is not None else "stdin")


def _read_stdin(label: str) -> bytes | str:
    try:
        return read_input(None)
    except ExtractionError as exc:
        return f"cleanwire: {label}: skipped: {exc}"


def _archive_units(label: str, path: Path, keep: Callable[[str], bool] | None, site: str | None,
                   outcome: Outcome, progress: Any, report: bool) -> Iterator[Unit]:
    stats = ArchiveStats()

    def damaged(offset: int, reason: str) -> None:
        if report:
            print(f"cleanwire: {label}: record at offset {offset} skipped: {reason}", file=sys.stderr)

    done = 0
    try:
        for page in iter_pages(path, stats, damaged, keep):
            yield Unit("page", f"{label}@{page.warc['offset']}", kind=page.kind, data=page.content, url=page.url,
                       warc=page.warc, site=site, chrome_site=site_key(site, page.url))
            if progress is not None:
                progress.update(page.warc["offset"] - done)
                done = page.warc["offset"]
    except OSError as exc:
        yield Unit("error", label, error=f"cleanwire: {label}: cannot read: {exc.strerror or exc}")
        return
    finally:
        outcome.archive.add(stats)
    if progress is not None:
        progress.update(max(0, _size(path) - done))
    yield Unit("archive", label, damaged=stats.corrupt)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def work(chunk: list[Unit]) -> list[Result]:
    """In a worker process: each unit's articles, or its error line. Never raises."""
    results: list[Result] = []
    for unit in chunk:
        before = unit.chrome.dropped if unit.chrome is not None else 0
        if unit.tag == "file":
            path = Path(unit.path) if unit.path else None
            rows, error = extract_file(unit.label, path, unit.kind, unit.data, unit.url, unit.chrome)
        elif unit.tag == "page":
            rows, error = extract_page(unit.label, unit.url, unit.kind, unit.data, unit.warc, unit.site, unit.chrome)
        elif unit.tag == "error":
            rows, error = [], unit.error
        else:  # "archive": the end of one, in order; its damaged records were reported as read
            rows, error = [], "" if unit.damaged else None
        dropped = unit.chrome.dropped - before if unit.chrome is not None else 0
        results.append((unit.tag, unit.label, rows, error, dropped))
    return results


def learn(chunk: list[Unit]) -> list[Result]:
    """In a worker process, the learning pass: each readable page's paragraphs by owner (see
    `extractors.chrome.owners_of`); what cannot be read is reported by the extraction pass."""
    results: list[Result] = []
    for unit in chunk:
        if unit.tag not in ("file", "page"):
            continue
        try:
            if unit.tag == "file":
                kind, content = load_file(Path(unit.path) if unit.path else None, unit.kind, unit.data)
            else:
                kind = unit.kind or "html"
                content = decode_text(unit.data) if kind == "text" and isinstance(unit.data, bytes) else unit.data
            articles = extract(content, unit.url, kind=kind, site=unit.site)
        except Exception:  # noqa: BLE001 - the extraction pass reports it
            continue
        lines = (line.strip() for line in content.split("\n")) if isinstance(content, str) and kind == "text" else ()
        page = unit.url or unit.label
        results.append((unit.tag, unit.chrome_site, (page, owners_of(articles, page, lines)), None, 0))
    return results


def extract_page(label: str, url: str, kind: str, content: bytes | str, warc: dict[str, Any] | None,
                 site: str | None, chrome: LearnedChrome | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One archived page's article records (with `warc` set), or the line saying why not."""
    if kind == "text" and isinstance(content, bytes):
        content = decode_text(content)
    try:
        articles = extract(content, url, kind=kind, site=site, chrome=chrome)
    except ExtractionError as exc:
        return [], f"cleanwire: {label}: {url}: skipped: {exc}"
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
        return [], f"cleanwire: {label}: {url}: failed: {type(exc).__name__}: {exc}"
    rows = []
    for article in articles:
        row = article.to_dict()
        row["warc"] = warc
        rows.append(row)
    return rows, None


def chunked(items: Iterable[Unit], size: int) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered_map(fn: Callable[[list[Unit]], list[Result]], chunks: Iterable[list[Unit]], jobs: int) -> Iterator[list[Result]]:
    """fn over chunks in `jobs` processes (in this one for 1), results in input order, at most
    jobs * WINDOW_PER_JOB chunks read ahead."""
    if jobs <= 1:
        yield from map(fn, chunks)
        return
    # forkserver: workers start clean rather than as copies of this process and its threads.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("forkserver")) as pool:
        window: deque[Future] = deque()
        for chunk in chunks:
            window.append(pool.submit(fn, chunk))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def run(inputs: Iterable[tuple[str, Path | None, str | None]], out: IO[str], options: Options,
        total_bytes: int | None = None) -> Outcome:
    inputs = list(inputs)
    outcome = Outcome()
    jobs = options.jobs or default_jobs()
    stdin: dict[str, bytes | str] = {}
    memory = options.chrome
    if memory is not None:  # first pass: what each site repeats
        for results in ordered_map(learn, chunked(units(inputs, options, Outcome(), None, stdin, report=False),
                                                  CHUNK_UNITS), jobs):
            for _tag, chrome_site, (page, owners), _, _ in results:
                memory.observe(chrome_site, page, owners)
    dedup = None if options.keep_duplicates else Deduplicator(options.near_threshold)
    show = sys.stderr.isatty() if options.progress is None else options.progress
    progress = None
    if show:
        from tqdm import tqdm

        progress = tqdm(total=total_bytes, unit="B", unit_scale=True, desc="cleanwire", file=sys.stderr)
    todo = units(inputs, options, outcome, progress, stdin)
    if memory is not None:
        todo = (_with_chrome(unit, memory) for unit in todo)
    try:
        for results in ordered_map(work, chunked(todo, CHUNK_UNITS), jobs):
            for tag, label, articles, error, dropped in results:
                outcome.chrome_dropped += dropped
                _collect(tag, label, articles, error, out, dedup, outcome)
    finally:
        if progress is not None:
            progress.close()
    return outcome


def _with_chrome(unit: Unit, memory: ChromeMemory) -> Unit:
    if unit.chrome_site is not None:
        unit.chrome = memory.learned(unit.chrome_site)
    return unit


def _collect(tag: str, label: str, articles: list[dict[str, Any]], error: str | None, out: IO[str],
             dedup: Deduplicator | None, outcome: Outcome) -> None:
    """Count the unit; write its valid, new articles. A page the extractors refuse costs its line
    and a count; a file that cannot be read, or an archive with damaged records, fails the run."""
    if error is not None:
        if error:
            print(error, file=sys.stderr)
        if tag == "page":
            outcome.pages_failed += 1
        else:
            outcome.files_failed += 1
        return
    if tag in ("file", "archive"):
        outcome.files_ok += 1
    for article in articles:
        errors = validation_errors(article)
        if errors:
            outcome.invalid += 1
            print(f"cleanwire: {label}: article dropped: invalid: {errors[0]}", file=sys.stderr)
            continue
        if dedup is not None and (reason := dedup.check(article)):
            outcome.duplicates[reason] += 1
            continue
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
        outcome.written += 1


def summary(outcome: Outcome, dest: str) -> str:
    line = f"cleanwire: {outcome.written} articles from {outcome.files_ok} file(s) -> {dest}"
    a = outcome.archive
    if outcome.archives:
        skipped = ", ".join(f"{n} {reason}" for reason, n in a.skipped.most_common())
        line += f"; {a.records} archive records, {a.pages} pages" + (f" (skipped: {skipped})" if skipped else "")
        if a.corrupt:
            line += f", {a.corrupt} damaged"
        if outcome.pages_failed:
            line += f", {outcome.pages_failed} unreadable"
    if outcome.duplicates:
        line += f"; {sum(outcome.duplicates.values())} duplicates dropped"
    if outcome.invalid:
        line += f"; {outcome.invalid} invalid dropped"
    if outcome.files_failed:
        line += f"; {outcome.files_failed} file(s) failed"
    return line
