"""The batch behind `python -m extractors` (batch/cli.py): inputs to articles on all cores, with the crawl's gates.

Loose files and the pages inside WARC/WET archives become work units; N worker processes extract
them (`-j`; by default every core, or this process alone for a few pages: `default_jobs`) while
this process reads the inputs, and takes the results back in input order, so the output is the
same whatever N is. Every article then passes the crawl's schema gate
(`extractors.schema.validation_errors`) and its duplicate rules (`extractors.dedup.Deduplicator`,
the keys of what was written kept on disk: `batch.spill.DiskKeys`) before its line is written.

With a `ChromeMemory` every page is still extracted once: read without learned chrome, its
paragraphs counted per site (extractors/chrome.py) and its reading spilled to disk; once all are
read, each page gets its site's learned chrome (`extractors.deferred`) as its lines are written,
so the output does not depend on the order of the inputs.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from batch.archives import ArchiveStats, is_archive, iter_pages
from batch.chrome import ChromeMemory
from batch.inputs import page_url_of, read_input, real_path
from batch.spill import DiskKeys, Shelf, Spill, get
from batch.work import Read, Result, Row, Unit, reader, settle_pages, work
from batch.workers import Workers, chunked, cores
from extractors.chrome import site_key
from extractors.dedup import Deduplicator
from extractors.errors import ExtractionError
from extractors.urls import parse_url

# Units per task sent to a worker: large enough that pickling and queueing cost little against
# extraction (tens of ms a page), small enough that the workers stay evenly loaded.
CHUNK_UNITS = 8
# Below this many loose files (and POOL_MIN_BYTES) a run starts no pool: its start (a forkserver,
# workers, pickling) costs more than a second core saves on a few pages.
POOL_MIN_FILES = 8
POOL_MIN_BYTES = 2 * 2**20
GZIP_RATIO = 5  # HTML and WARC records shrink about this much under gzip


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
    jobs: int = 0  # 0: what suits the inputs (`default_jobs`)
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
    chrome_reread: int = 0  # pages read a second time, where only that applies the learned chrome exactly
    jobs: int = 1  # worker processes the run used (1: this one)


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
        parts = parse_url(url)
        if parts is None:  # a record whose URL no parser takes belongs to no domain
            return False
        host = parts.hostname or ""
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
        url = options.url or page_url_of(path)
        yield Unit("file", label, str(path) if path is not None else None, kind, data, url,
                   chrome_site=file_site(path, options.url))
        if progress is not None and path is not None:
            progress.update(_size(path))


def file_site(path: Path | None, url: str | None) -> str:
    """The site whose chrome a loose file shares: its URL's host; without one, its folder."""
    return site_key(None, url) or (f"dir:{real_path(path).parent}" if path is not None else "stdin")


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


def default_jobs(inputs: list[tuple[str, Path | None, str | None]], total_bytes: int | None = None) -> int:
    """Worker processes for these inputs: none (this process) when they are a few pages (under
    POOL_MIN_FILES files and POOL_MIN_BYTES of pages, a gzipped file counted GZIP_RATIO times its
    size), where a pool's start costs more than a second core saves; else every core."""
    if total_bytes is None:
        total_bytes = sum(_size(path) for _, path, _ in inputs if path is not None)
    gzipped = sum(_size(path) for _, path, _ in inputs if path is not None and path.name.lower().endswith(".gz"))
    if len(inputs) < POOL_MIN_FILES and total_bytes + (GZIP_RATIO - 1) * gzipped < POOL_MIN_BYTES:
        return 1
    return cores()


def input_kinds(inputs: list[tuple[str, Path | None, str | None]]) -> set[str]:
    """The kinds of page the inputs hold, for what the workers load before they start."""
    kinds = set()
    for _, path, kind in inputs:
        if kind in ("html", "text"):
            kinds.add(kind)
        elif path is not None and is_archive(path):
            kinds.add("text" if ".wet" in path.name.lower() else "html")
        else:  # stdin or an unknown type: sniffed when read
            kinds.update(("html", "text"))
    return kinds


def run(inputs: Iterable[tuple[str, Path | None, str | None]], out: IO[str], options: Options,
        total_bytes: int | None = None) -> Outcome:
    inputs = list(inputs)
    outcome = Outcome()
    jobs = outcome.jobs = options.jobs or default_jobs(inputs, total_bytes)
    stdin: dict[str, bytes | str] = {}
    keys = None if options.keep_duplicates else DiskKeys()
    dedup = None if keys is None else Deduplicator(options.near_threshold, keys=keys)
    show = sys.stderr.isatty() if options.progress is None else options.progress
    progress = None
    if show:
        from tqdm import tqdm

        progress = tqdm(total=total_bytes, unit="B", unit_scale=True, desc="cleanwire", file=sys.stderr)
    todo = units(inputs, options, outcome, progress, stdin)
    try:
        with Workers(jobs, input_kinds(inputs)) as workers:
            if options.chrome is None:
                results = (r for chunk in workers.ordered(work, chunked(todo, CHUNK_UNITS)) for r in chunk)
            else:
                results = _learning(todo, options.chrome, workers)
            for tag, label, articles, error, dropped, again in results:
                outcome.chrome_dropped += dropped
                outcome.chrome_reread += again
                _collect(tag, label, articles, error, out, dedup, outcome)
    finally:
        if progress is not None:
            progress.close()
        if keys is not None:
            keys.close()
    return outcome


def _learning(todo: Iterable[Unit], memory: ChromeMemory, workers: Workers) -> Iterator[Result]:
    """One extraction pass that learns each site's chrome: every page is read once, without it,
    its paragraphs counted and its reading kept on disk (its articles and posts on a `Shelf` by the
    worker, their addresses in a `Spill` here: memory stays flat whatever the input's size); once all
    are read, each page's articles get its site's chrome, in input order.
    The output does not depend on the order of the inputs: what a site repeats is known before any
    of its pages is written."""
    with Spill() as spill, Shelf() as shelf:
        read_pages = reader(shelf.folder, samples=memory.path is not None)
        for reads in workers.ordered(read_pages, chunked(todo, CHUNK_UNITS)):
            for read in reads:
                if read.owners is not None:
                    memory.observe(read.unit.chrome_site, read.page, read.owners)
                    read.owners = None
                spill.add(read)

        def settled() -> Iterator[tuple[bool, Read | Result]]:
            for read in spill:
                unit = read.unit
                learned = memory.learned(unit.chrome_site) if read.rows is not None and unit.chrome_site else None
                if learned and not read.asked.isdisjoint(learned.fingerprints):  # `extractors.deferred.touched`
                    unit.chrome = learned  # settled anew from its posts
                    yield True, read
                else:
                    yield False, (unit.tag, unit.label, get(read.rows) if read.rows else [], read.error, 0, False)

        yield from workers.ordered_some(settle_pages, settled(), CHUNK_UNITS)


def _collect(tag: str, label: str, rows: list[Row], error: str | None, out: IO[str],
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
    for row in rows:
        if row.errors:
            outcome.invalid += 1
            print(f"cleanwire: {label}: article dropped: invalid: {row.errors[0]}", file=sys.stderr)
            continue
        if dedup is not None:
            record = row.record()
            if dedup.near is not None:
                record["text"] = json.loads(row.line)["text"]
            if reason := dedup.check(record):
                outcome.duplicates[reason] += 1
                continue
        out.write(row.line + "\n")
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
