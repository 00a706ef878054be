"""WARC files written while crawling (warcio), crash-safe by construction.

Each record is its own gzip member (as Common Crawl and Heritrix write them), so a reader can seek
to any record, and a request record and its response record go to disk in one `write()` on an
`O_APPEND` file: a process killed at any moment leaves whole members, and at worst a pair it was
writing when the machine (not the process) died. Files are rotated by size, never overwritten.
"""

from __future__ import annotations

import io
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors import __version__

WARC_VERSION = "WARC/1.1"
# Scrapy hands over the body de-chunked; a reader that saw this header would try to de-chunk it
# again. Common Crawl keeps the value under this name.
HOP_HEADERS = {b"transfer-encoding": "X-Crawler-Transfer-Encoding"}


@dataclass
class Exchange:
    """One fetch as the crawler saw it."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    protocol: str
    response_headers: list[tuple[str, str]]
    body: bytes
    ip_address: str | None = None


class WarcFileWriter:
    """`template` takes {site}, {timestamp} (the run's UTC start), {pid} and {serial} (00000, 00001,
    ... one per rotated file). `info` goes into each file's leading warcinfo record."""

    def __init__(self, template: str, site: str, max_size: int, fsync_every: int,
                 info: dict[str, Any] | None = None) -> None:
        self.template = template
        self.site = site
        self.max_size = max_size
        self.fsync_every = max(1, fsync_every)
        self.info = dict(info or {})
        self.started = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.serial = 0
        self.path: Path | None = None
        self.fd: int | None = None
        self.size = 0
        self.unsynced = 0
        self.records = 0
        self.files: list[Path] = []

    def _name(self) -> Path:
        return Path(self.template.format(site=self.site, timestamp=self.started, pid=os.getpid(),
                                         serial=f"{self.serial:05d}"))

    def _open(self) -> None:
        while True:
            path = self._name()
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                break
            except FileExistsError:  # never overwrite an archive: take the next serial
                self.serial += 1
        self.path, self.size = path, 0
        self.files.append(path)
        writer = WARCWriter(None, gzip=True, warc_version=WARC_VERSION)
        info = {"software": f"cleanwire/{__version__} (Scrapy; warcio)", "format": "WARC File Format 1.1",
                "hostname": socket.gethostname(), "isPartOf": self.site, **self.info}
        self._append([writer.create_warcinfo_record(path.name, info)])

    def write(self, exchange: Exchange) -> dict[str, Any]:
        """Archive one fetch; returns where its response record is (the article's `warc` field)."""
        if self.fd is None:
            self._open()
        builder = WARCWriter(None, gzip=True, warc_version=WARC_VERSION)
        response = builder.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body),
            http_headers=StatusAndHeaders(_status_line(exchange.status), exchange.response_headers,
                                          protocol=exchange.protocol),
            warc_headers_dict={"WARC-IP-Address": exchange.ip_address} if exchange.ip_address else None)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        request = builder.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.request_body),
            http_headers=StatusAndHeaders(f"{exchange.method} {_request_target(exchange.url)} {exchange.protocol}",
                                          exchange.request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": record_id,
                               "WARC-Date": response.rec_headers.get_header("WARC-Date")})
        # Common Crawl's order: the request, then its response.
        offsets = self._append([request, response])
        location = {"filename": str(self.path), "offset": offsets[1][0], "length": offsets[1][1],
                    "record_id": record_id}
        if self.size >= self.max_size:
            self.close()
        return location

    def _append(self, records: list[Any]) -> list[tuple[int, int]]:
        """All `records` in one write(); (offset, length) of each gzip member."""
        members = []
        for record in records:
            buf = io.BytesIO()
            WARCWriter(buf, gzip=True, warc_version=WARC_VERSION).write_record(record)
            members.append(buf.getvalue())
        data = b"".join(members)
        view = memoryview(data)
        while view:  # a regular file takes it in one call; the loop is for the rare short write
            view = view[os.write(self.fd, view):]
        spans, offset = [], self.size
        for member in members:
            spans.append((offset, len(member)))
            offset += len(member)
        self.size = offset
        self.records += len(records)
        self.unsynced += 1
        if self.unsynced >= self.fsync_every:
            self.sync()
        return spans

    def sync(self) -> None:
        if self.fd is not None and self.unsynced:
            os.fsync(self.fd)
            self.unsynced = 0

    def close(self) -> None:
        if self.fd is not None:
            self.unsynced = max(self.unsynced, 1)
            self.sync()
            os.close(self.fd)
            self.fd = None
            self.serial += 1


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _request_target(url: str) -> str:
    from extractors.urls import parse_url

    parts = parse_url(url)
    if parts is None:
        return "/"
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy Headers -> (name, value) pairs as sent, one per value; hop-by-hop ones renamed."""
    pairs = []
    for name, values in headers.items():
        key = HOP_HEADERS.get(name.lower(), name.decode("latin-1"))
        for value in values:
            pairs.append((key, value.decode("latin-1")))
    return pairs
