"""Requests answered from WARC files instead of the network: a Scrapy download handler.

Installed for http and https by the replay add-on, so the spider, its middlewares (robots.txt,
redirects, offsite, compression) and the pipelines run as in the crawl that made the archive, and
no request leaves the machine. A URL the archive does not hold is refused (IgnoreRequest), as a page
the crawl never got.
"""

from __future__ import annotations

import glob
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from batch.archives import ARCHIVE_SUFFIXES, ArchiveStats, Record, iter_records, with_lengths
from crawler.archive.middleware import META_KEY

logger = logging.getLogger(__name__)
STAT = "cleanwire/archive/replay"


class NotInArchive(IgnoreRequest):
    """The archive holds no response for this URL (the crawl never got it, or it timed out)."""


def archive_files(spec: str) -> list[Path]:
    """A file, a directory (its WARC files, recursively), a glob, or several of them separated by
    commas -> the WARC files, sorted."""
    files: set[Path] = set()
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        matches = [Path(m) for m in glob.glob(part)] or [Path(part)]
        for path in matches:
            if path.is_dir():
                files.update(p for p in path.rglob("*") if p.name.lower().endswith(ARCHIVE_SUFFIXES))
            elif path.is_file():
                files.add(path)
            else:
                raise ValueError(f"ARCHIVE_REPLAY: no such file or directory: {path}")
    if not files:
        raise ValueError(f"ARCHIVE_REPLAY: no WARC files in {spec!r}")
    return sorted(files)


RESPONSE = frozenset({"response"})


@dataclass(frozen=True)
class Entry:
    path: Path
    offset: int
    length: int | None
    status: int


class ArchiveIndex:
    """URL -> the response to replay: the last one with a status below 500 (a retried page's
    answer), else the last one. Built by reading every file once; holds offsets, not bodies."""

    def __init__(self, files: list[Path]) -> None:
        self.files = files
        self.entries: dict[str, Entry] = {}
        self.info: dict[str, str] = {}  # the first warcinfo record's fields
        self.stats = ArchiveStats()
        for path in files:
            records = iter_records(path, self.stats, self._damaged(path), frozenset({"response", "warcinfo"}))
            for offset, length, record in with_lengths(path, records):
                self._add(path, offset, length, record)

    def _damaged(self, path: Path):
        def report(offset: int, reason: str) -> None:
            logger.warning("archive %s: record at offset %d skipped: %s", path, offset, reason)
        return report

    def _add(self, path: Path, offset: int, length: int, record: Record) -> None:
        if record.type == "warcinfo":
            if not self.info:
                self.info = _warcinfo_fields(record.payload)
            return
        if record.url is None or record.status is None:
            return
        old = self.entries.get(record.url)
        if old is None or record.status < 500 or old.status >= 500:
            self.entries[record.url] = Entry(path, offset, length, record.status)

    def record(self, entry: Entry) -> Record:
        for _, record in iter_records(entry.path, ArchiveStats(), _damaged_record, RESPONSE, start=entry.offset):
            if record is not None:
                return record
            break
        raise IgnoreRequest(f"archived record {entry.path}:{entry.offset} cannot be read")

    def base_url(self) -> str | None:
        return self.info.get("cleanwire-base-url")


def _damaged_record(offset: int, reason: str) -> None:
    raise IgnoreRequest(f"archived record at offset {offset} is damaged: {reason}")


def _warcinfo_fields(payload: bytes) -> dict[str, str]:
    fields = {}
    for line in payload.decode("utf-8", errors="replace").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


@lru_cache(maxsize=2)
def load_index(spec: str) -> ArchiveIndex:
    """One index per crawl, whichever scheme's handler asks first (http and https get one each)."""
    index = ArchiveIndex(archive_files(spec))
    logger.info("replaying %d responses from %d archive file(s)", len(index.entries), len(index.files))
    return index


_REPORTED: set[str] = set()


class ArchiveReplayHandler(BaseDownloadHandler):
    """The http/https download handler of a replay (`ARCHIVE_REPLAY`)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        try:
            self.index = load_index(crawler.settings.get("ARCHIVE_REPLAY"))
        except ValueError as exc:  # no archive: every http(s) request fails ("unsupported scheme"), none goes out
            if str(exc) not in _REPORTED:  # one line, not one per scheme
                _REPORTED.add(str(exc))
                logger.error("%s", exc)
            raise NotConfigured(str(exc)) from None
        self.stats = crawler.stats
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider) -> None:
        """A profile with relative URLs (the bundled site, served on a random port) starts where the
        archived crawl started, unless `-a base_url=` says otherwise."""
        if getattr(spider, "base_url", "") is None and self.index.base_url():
            spider.base_url = self.index.base_url()
            logger.info("replay: base URL %s (from the archive)", spider.base_url)

    async def download_request(self, request) -> Any:
        entry = self.index.entries.get(request.url)
        if entry is None or request.method != "GET":
            self.stats.inc_value(f"{STAT}/missing")
            raise NotInArchive(f"not in the archive: {request.method} {request.url}")
        record = self.index.record(entry)
        self.stats.inc_value(f"{STAT}/responses")
        request.meta[META_KEY] = {"filename": str(entry.path), "offset": entry.offset,
                                  "length": entry.length, "record_id": record.record_id}
        headers = Headers(record.http_headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=record.payload)
        return cls(url=request.url, status=record.status, headers=headers, body=record.payload,
                   flags=["archive"], request=request, protocol=record.http_protocol)
