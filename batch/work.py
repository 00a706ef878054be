"""What a worker process of the batch runs (batch/runner.py hands it the units): a page in, its
articles out, ready to be written.

The process that reads the inputs and writes the output must stay cheap: it is one process
against all the workers. So a worker sends back each article as a `Row`: its JSON line, its schema
errors and the keys deduplication compares, made here; the writing process only checks the keys
and writes the line. When the run learns chrome, a page's reading (its rows, and what
`extractors.deferred` keeps to apply the chrome later) is put on the run's shelf (batch/spill.py)
by the worker that read the page, and the writing process handles its addresses: it reads the rows
of a page the learned chrome does not touch, and only the worker that settles a touched page reads
its posts. The
extraction modules are imported when the first page is read (the workers' forkserver has them
loaded already, batch/workers.py): the writing process never loads them unless it extracts
itself (`-j 1`).
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from batch.spill import Address, get, put
from extractors.errors import ExtractionError

if TYPE_CHECKING:
    from extractors.article import Article
    from extractors.chrome import LearnedChrome


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


class Row(NamedTuple):
    """One article as the writing process needs it: the line to write, the schema gate's errors
    (`extractors.schema.validation_errors`: empty when valid) and what deduplication compares."""

    line: str
    errors: list[str]
    url: str | None
    id: str | None
    content_hash: str | None

    def record(self) -> dict[str, Any]:
        """The keys `extractors.dedup.Deduplicator.check` reads (the text only when asked: near
        duplicates need it)."""
        return {"url": self.url, "id": self.id, "content_hash": self.content_hash}


# (unit tag, label, rows, error line, paragraphs dropped as learned chrome, read twice)
Result = tuple[str, str, list[Row], str | None, int, bool]


@dataclass
class Read:
    """One unit of a run that learns chrome, read once: where its articles as read are kept (`rows`:
    their address on the run's shelf) or its `error` line; the fingerprints its extraction asked the
    chrome about (`asked`), where its posts as the pattern table left them are kept (`posts`,
    `extractors.deferred.Reading.posts`), and its paragraphs by owner until they are counted."""

    unit: Unit
    kind: str | None = None
    rows: Address | None = None  # of a list[Row]
    error: str | None = None
    asked: frozenset[str] = frozenset()
    posts: Address | None = None
    page: str | None = None
    owners: dict[str, dict[str, str]] | None = None  # owner -> {fingerprint: paragraph, or "" when no samples are kept}


def prepared(rows: list[dict[str, Any]]) -> list[Row]:
    """Article records as `Row`s: each line made and checked where the article was extracted."""
    from extractors.schema import validation_errors

    return [Row(json.dumps(row, ensure_ascii=False), validation_errors(row), row.get("url"), row.get("id"),
                row.get("content_hash")) for row in rows]


def work(chunk: list[Unit]) -> list[Result]:
    """Each unit's articles, or its error line. Never raises."""
    from batch.inputs import extract_file

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
        results.append((unit.tag, unit.label, prepared(rows), error, dropped, False))
    return results


def extract_page(label: str, url: str, kind: str, content: bytes | str, warc: dict[str, Any] | None,
                 site: str | None, chrome: LearnedChrome | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """One archived page's article records (with `warc` set), or the line saying why not."""
    from batch.inputs import decode_text
    from extractors import extract

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


def reader(shelf: str, samples: bool) -> partial[list[Read]]:
    """`read_pages` for a run whose kept readings go on the shelf at `shelf`; `samples`: whether
    the chrome store keeps each paragraph's text (a store file does) or its fingerprint alone."""
    return partial(read_pages, shelf=shelf, samples=samples)


def read_pages(chunk: list[Unit], shelf: str, samples: bool = True) -> list[Read]:
    """The one extraction pass of a run that learns chrome: each page read without learned chrome
    and kept for the chrome learned later (`extractors.deferred`; its rows and posts put on the
    shelf at `shelf`), with its paragraphs by owner for the learning (`extractors.chrome.owners_of`; the
    fingerprints the extraction computed are not computed again). An archived page's content is
    dropped here: read again from the archive if it must be. Never raises."""
    from extractors import deferred
    from extractors.chrome import PendingChrome, fingerprinted, owners_of

    reads: list[Read] = []
    for unit in chunk:
        if unit.tag == "error":
            reads.append(Read(unit, error=unit.error))
            continue
        if unit.tag == "archive":  # its end, in order; its damaged records were reported as read
            reads.append(Read(unit, error="" if unit.damaged else None))
            continue
        pending = PendingChrome()
        try:
            kind, content = unit_content(unit)
            reading = deferred.read(content, unit.url, kind=kind, site=unit.site, pending=pending)
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
            reads.append(Read(unit, error=failure_line(unit, exc)))
            continue
        if unit.tag == "page":
            unit.data = None
        lines = (line.strip() for line in content.split("\n")) if kind == "text" else ()
        page = unit.url or unit.label
        posts = put(shelf, deferred.as_read(reading) or reading.posts) if reading.posts and reading.asked else None
        reads.append(Read(unit, kind, put(shelf, prepared(rows_of(reading.articles, unit))), None, reading.asked, posts, page,
                          fingerprinted(owners_of(reading.articles, page, lines), pending.asked, samples)))
    return reads


def settle_pages(chunk: list[Read]) -> list[Result]:
    """Each page's articles with its site's learned chrome (`unit.chrome`), settled from its
    reading, or read again when only that is exact (`extractors.deferred`). A post the chrome does
    not touch keeps its row as read (the same article: its line is not made again, and the rows as
    read are not fetched when every post is settled anew)."""
    from extractors import deferred, extract

    results: list[Result] = []
    for read in chunk:
        unit, learned = read.unit, read.unit.chrome
        learned.dropped = 0
        reading = deferred.Reading(read.kind or "html", [], read.asked, get(read.posts) if read.posts else [])
        articles = deferred.settle(reading, learned)
        again = articles is None
        if again:
            learned.dropped = 0
            try:
                kind, content = unit_content(unit)
                articles = extract(content, unit.url, kind=kind, site=unit.site, chrome=learned)
            except Exception as exc:  # noqa: BLE001 - the file changed or went away since it was read
                results.append((unit.tag, unit.label, [], failure_line(unit, exc), 0, False))
                continue
            rows = prepared(rows_of(articles, unit))
        else:
            fresh = [a for a in articles if not isinstance(a, deferred.AsRead)]
            as_read = get(read.rows) if len(fresh) < len(articles) else []
            made = iter(prepared(rows_of(fresh, unit)))
            rows = [as_read[a.index] if isinstance(a, deferred.AsRead) else next(made) for a in articles]
        results.append((unit.tag, unit.label, rows, None, learned.dropped, again))
    return results


def unit_content(unit: Unit) -> tuple[str, str | bytes]:
    """(kind, content) of a file or an archived page; a page no longer in memory is read again
    from its archive. Raises `ExtractionError` or `OSError`."""
    from batch.archives import page_at
    from batch.inputs import decode_text, load_file

    if unit.tag == "file":
        return load_file(Path(unit.path) if unit.path else None, unit.kind, unit.data)
    kind = unit.kind or "html"
    data = unit.data
    if data is None:
        page = page_at(unit.warc["filename"], unit.warc["offset"])
        if page is None:
            raise OSError(f"record at offset {unit.warc['offset']} no longer readable")
        data = page.content
    return kind, decode_text(data) if kind == "text" and isinstance(data, bytes) else data


def failure_line(unit: Unit, exc: Exception) -> str:
    """The line an input that gave no articles costs (as `extract_file` and `extract_page` say it)."""
    where = f"cleanwire: {unit.label}: " + (f"{unit.url}: " if unit.tag == "page" else "")
    if isinstance(exc, ExtractionError):
        return f"{where}skipped: {exc}"
    if isinstance(exc, OSError):
        return f"{where}cannot read: {exc.strerror or exc}"
    return f"{where}failed: {type(exc).__name__}: {exc}"


def rows_of(articles: list[Article], unit: Unit) -> list[dict[str, Any]]:
    rows = [article.to_dict() for article in articles]
    if unit.tag == "page":
        for row in rows:
            row["warc"] = unit.warc
    return rows


def warm(*kinds: str) -> None:
    """Before a worker is forked (batch.warm_html, batch.warm_text): what extracting `kinds` needs
    (`extractors.warm.warm_up`), and what this module adds to each page: the compiled schema check
    and the input readers."""
    import batch.archives  # noqa: F401 - imported now, not by each worker
    import batch.inputs  # noqa: F401
    from extractors.warm import warm_up

    prepared([article.to_dict() for article in warm_up(*kinds)])
    # Everything loaded so far lives as long as the workers: out of the collector's sight, its
    # memory stays shared with them (a collection would write to every object, copying its page)
    gc.freeze()
