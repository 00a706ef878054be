"""WARC and WET files as extractor input: the pages in them, each with its place in the file.

Read with fastwarc (Rust, several times faster than warcio on gzip). fastwarc stops at the first
damaged gzip member; Common Crawl and cleanwire write one gzip member per record, so a damaged
record is skipped by resuming at the next member (uncompressed files: the next `WARC/1.x` line).
Records carrying a `WARC-Block-Digest` are checked against it, which catches a truncated last
record (a crawl killed mid-write) as well as bit rot. No Scrapy here.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Records whose block is larger are not pages (video, dumps); same bound as a loose input file.
MAX_RECORD_BYTES = 64 * 1024 * 1024
# Record types that can hold a page: an HTTP response, a stored file (wget --warc, browsers'
# "save as WARC"), and a WET text conversion.
PAGE_TYPES = frozenset({"response", "resource", "conversion"})
SCAN_BLOCK = 1 << 20  # bytes read at a time while looking for the next record after a damaged one

# on_error(offset, reason): one damaged record, reported by the caller (one stderr line, one stat)
ErrorSink = Callable[[int, str], None]


def is_archive(path: str | Path) -> bool:
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


@dataclass
class ArchiveStats:
    records: int = 0
    pages: int = 0
    corrupt: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> records

    def add(self, other: ArchiveStats) -> None:
        self.records += other.records
        self.pages += other.pages
        self.corrupt += other.corrupt
        self.skipped.update(other.skipped)


@dataclass
class Page:
    """One page found in an archive. `warc` is where its record is, for the article's `warc` field:
    the gzip member (or plain record) at `offset`, `length` bytes long, as in Common Crawl's index."""

    url: str
    kind: str  # "html" or "text"
    content: bytes
    warc: dict[str, Any]


@dataclass
class Record:
    """The parts of a WARC record the readers use (fastwarc's record object does not outlive the
    next step of its iterator)."""

    offset: int
    type: str
    url: str | None
    record_id: str | None
    status: int | None  # HTTP status; None for records without HTTP headers
    content_type: str  # HTTP Content-Type, else the record's own; lower case, no parameters
    http_headers: list[tuple[str, str]]
    http_protocol: str | None
    payload: bytes  # HTTP body as sent (content-encoding kept), or the record block


def iter_records(path: str | Path, stats: ArchiveStats, on_error: ErrorSink,
                 wanted: frozenset[str] = PAGE_TYPES, start: int = 0) -> Iterator[tuple[int, Record | None]]:
    """(offset, record) for every record in the file from offset `start`; None for records that
    are skipped (another type, counted in `stats.skipped`) or damaged (reported through `on_error`,
    counted in `stats.corrupt`). The offsets are record boundaries, so consecutive ones give lengths."""
    from fastwarc.warc import ArchiveIterator

    path = Path(path)
    with path.open("rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        pos: int | None = start
        while pos is not None:
            f.seek(pos)
            current = done = None  # offset of the record being read / of the last one read whole
            resync = None
            try:
                for rec in ArchiveIterator(f, parse_http=False):
                    current = rec.stream_pos
                    record = _read(rec, current, stats, on_error, wanted)
                    done = current
                    if record is DAMAGED:
                        yield current, None
                        if not gz:  # its Content-Length ran over the next record: look for that one
                            resync = current
                            break
                    else:
                        yield current, record
                if resync is None:
                    return
            except (OSError, ValueError) as exc:
                if current is not None and current != done:
                    bad: int | None = current  # broke while its own content was read
                elif done is None:
                    bad = pos  # the record where reading resumed does not even start
                else:
                    bad = None  # broke between records: look for the next one and try it
                resync = done if bad is None else bad
                if bad is not None:
                    stats.records += 1
                    stats.corrupt += 1
                    on_error(bad, f"damaged record ({exc})")
                    yield bad, None
            pos = _next_record_start(f, resync + 1, gz)


DAMAGED = object()  # _read's answer for a record that is reported and skipped


def _read(rec: Any, offset: int, stats: ArchiveStats, on_error: ErrorSink, wanted: frozenset[str]) -> Any:
    """The record, None when it is of a type not wanted, or DAMAGED (reported)."""
    stats.records += 1
    if "Content-Length" not in rec.headers:
        return _damaged(offset, "truncated record (WARC headers cut off)", stats, on_error)
    rtype = str(rec.record_type)
    if rtype not in wanted:
        stats.skipped[rtype] += 1
        return None
    if rec.content_length > MAX_RECORD_BYTES:
        stats.skipped["too_large"] += 1
        return None
    if "WARC-Block-Digest" in rec.headers and not rec.verify_block_digest(consume=False):
        return _damaged(offset, "truncated or damaged record (block digest mismatch)", stats, on_error)
    status = protocol = None
    headers: list[tuple[str, str]] = []
    ctype = rec.headers.get("Content-Type") or ""
    if rec.is_http:
        rec.parse_http()
        http = rec.http_headers
        if http is None or http.status_line is None:
            return _damaged(offset, "truncated record (no HTTP headers)", stats, on_error)
        status, headers = http.status_code, list(http.items())
        protocol = http.status_line.split(" ", 1)[0] if rtype == "response" else None
        ctype = http.get("Content-Type") or ""
    url = (rec.headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    return Record(offset=offset, type=rtype, url=url, record_id=rec.record_id, status=status,
                  content_type=ctype.split(";", 1)[0].strip().lower(), http_headers=headers,
                  http_protocol=protocol, payload=rec.reader.read())


def _damaged(offset: int, reason: str, stats: ArchiveStats, on_error: ErrorSink) -> object:
    stats.corrupt += 1
    on_error(offset, reason)
    return DAMAGED


def _next_record_start(f, start: int, gz: bool) -> int | None:
    """Offset of the first plausible record start at or after `start`: a gzip member header
    (deflate, no reserved flags) or a `WARC/1.0` / `WARC/1.1` version line; None at the end."""
    overlap = 16
    pos = start
    while True:
        f.seek(pos)
        block = f.read(SCAN_BLOCK + overlap)
        i = 0
        while (i := block.find(b"\x1f\x8b\x08" if gz else b"WARC/1.", i)) != -1:
            tail = block[i + 3:i + 4] if gz else block[i + 7:i + 10]
            if (tail[:1] and tail[0] & 0xE0 == 0) if gz else tail in (b"0\r\n", b"1\r\n"):
                return pos + i
            i += 1
        if len(block) <= overlap:
            return None
        pos += len(block) - overlap


def with_lengths(path: str | Path, records: Iterator[tuple[int, Record | None]]) -> Iterator[tuple[int, int, Record]]:
    """(offset, length, record) from iter_records' boundaries: a record ends where the next one
    (or the file) starts."""
    pending: tuple[int, Record] | None = None
    for offset, record in records:
        if pending is not None:
            yield pending[0], offset - pending[0], pending[1]
            pending = None
        if record is not None:
            pending = (offset, record)
    if pending is not None:
        yield pending[0], os.path.getsize(path) - pending[0], pending[1]


def iter_pages(path: str | Path, stats: ArchiveStats, on_error: ErrorSink,
               keep_url: Callable[[str], bool] | None = None) -> Iterator[Page]:
    """The pages of one archive: HTTP 200 HTML responses (and HTML resource records) as "html",
    WET conversion records as "text", in file order. Everything else is counted in
    `stats.skipped` by reason: the record type (request, warcinfo, metadata...), `http_<status>`,
    `not_html` (images, PDFs, scripts), `filtered` (`keep_url` said no)."""
    for _offset, length, record in with_lengths(path, iter_records(path, stats, on_error)):
        page = _page(record, str(path), stats, keep_url)
        if page is not None:
            page.warc["length"] = length
            yield page


def page_at(path: str | Path, offset: int) -> Page | None:
    """The page whose record starts at `offset`, read again (as `iter_pages` gave it, but for its
    `warc` length); None when no page record starts there."""
    stats = ArchiveStats()
    for found, record in iter_records(path, stats, lambda _offset, _reason: None, start=offset):
        return _page(record, str(path), stats, None) if record is not None and found == offset else None
    return None


def _page(record: Record, filename: str, stats: ArchiveStats, keep_url: Callable[[str], bool] | None) -> Page | None:
    if record.url is None:
        stats.skipped["no_url"] += 1
        return None
    if record.status is not None and record.status != 200:
        stats.skipped[f"http_{record.status}"] += 1
        return None
    if record.type == "conversion":
        kind = "text"
    elif record.content_type in HTML_TYPES or (not record.content_type and record.payload.lstrip()[:1] == b"<"):
        kind = "html"
    else:
        stats.skipped["not_html"] += 1
        return None
    if keep_url is not None and not keep_url(record.url):
        stats.skipped["filtered"] += 1
        return None
    content = record.payload
    if record.status is not None:
        try:
            content = decode_body(content, {k.lower(): v for k, v in record.http_headers})
        except ValueError:
            stats.skipped["bad_encoding"] += 1
            return None
    stats.pages += 1
    return Page(record.url, kind, content,
                {"filename": filename, "offset": record.offset, "length": None, "record_id": record.record_id})


def decode_body(body: bytes, headers: dict[str, str]) -> bytes:
    """Undo Content-Encoding and chunked Transfer-Encoding, as a browser would (archives keep the
    bytes as sent; Common Crawl's are already decoded and say so in `X-Crawler-*` headers)."""
    import zlib

    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    for coding in reversed([c.strip().lower() for c in headers.get("content-encoding", "").split(",") if c.strip()]):
        try:
            if coding in ("gzip", "x-gzip"):
                body = zlib.decompressobj(47).decompress(body, MAX_RECORD_BYTES)
            elif coding == "deflate":
                try:
                    body = zlib.decompressobj().decompress(body, MAX_RECORD_BYTES)
                except zlib.error:
                    body = zlib.decompressobj(-15).decompress(body, MAX_RECORD_BYTES)  # raw deflate
            elif coding == "br":
                import brotli  # scrapy's optional decoder; a page in br without it is skipped

                body = brotli.decompress(body)
            elif coding != "identity":
                raise ValueError(f"unknown content encoding {coding!r}")
        except ValueError:
            raise
        except Exception as exc:  # noqa: BLE001 - zlib.error, brotli.error, ImportError: one skipped page
            raise ValueError(f"cannot decode {coding}: {exc}") from None
    return body


def dechunk(body: bytes) -> bytes:
    """HTTP/1.1 chunked body -> its data; a body that is not chunked after all is returned as is."""
    out, pos = [], 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol == -1:
            return body
        try:
            size = int(body[pos:eol].split(b";", 1)[0], 16)
        except ValueError:
            return body
        if size == 0:
            return b"".join(out)
        out.append(body[eol + 2:eol + 2 + size])
        pos = eol + 2 + size + 2
