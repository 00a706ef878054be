"""The crash-safe JSONL writer: the last pipeline that changes the dataset."""

from __future__ import annotations

import fcntl
import glob
import json
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from crawler import signals as cw_signals
from crawler.pipelines.base import StatsPipeline

logger = logging.getLogger(__name__)

# Test hook, for the tests and bench/crash.py only: seconds to wait between linking a part file
# under its final name and unlinking it, so that a kill can be aimed at that window.
PUBLISH_PAUSE_ENV = "CLEANWIRE_PUBLISH_PAUSE"


class JsonlWriterPipeline(StatsPipeline):
    """Crash-safe JSONL, one file per site and run: `JSONL_PATH` (default
    `output/{site}/{date}.jsonl`; `{date}` is the run's UTC start date).

    Lines go to `<final>.<pid>.part` with one write() each, so a killed crawl leaves only whole
    lines, and never a half file under a final name. At close the part file is renamed to the
    first free final name (`2026-11-22.jsonl`, `2026-11-22-1.jsonl`, ...): a re-run never rewrites
    an earlier file. The next run adopts part files whose writer died (see `recover`).
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        from datetime import UTC, datetime

        settings = crawler.settings
        self.template = settings.get("JSONL_PATH") or "output/{site}/{date}.jsonl"
        self.fsync_every = settings.getint("JSONL_FSYNC_EVERY", 50)
        self.date = datetime.now(UTC).strftime("%Y-%m-%d")
        self.files: dict[str, _PartFile] = {}
        self.pending: list[Any] = []

    def open_spider(self, spider=None) -> None:
        for part in sorted(output_root(self.template).rglob("*.part")):
            self.recover(part)

    def final_path(self, site: str) -> Path:
        return output_path(self.template, site, self.date)

    def recover(self, part: Path) -> None:
        """Adopt the part file of a writer that died: its whole lines become a final file and
        count as written; a torn last line (if any) is dropped, and so is a line the seen-store
        says another worker has written since (with Redis, the dead writer's page was re-fetched).

        A part file that already has its final name (its writer, or an earlier recovery, died
        between linking it and unlinking it) is published: it is only unlinked, after its lines
        are told to the seen-store again (they may not have been), never published a second time."""
        try:
            pf = _PartFile.adopt(part)
        except BlockingIOError:
            return  # a live writer (another worker) holds it
        except OSError as exc:
            logger.warning("cannot recover %s: %s", part, exc)
            return
        if (final := pf.published_as(_final_of(part))) is not None:
            self.written(pf.whole_records())
            pf.retire()
            self.stats.inc_value("cleanwire/recovered_already_published")
            logger.warning("removed %s: an interrupted crawl had already published it as %s", part.name, final)
            return
        records = pf.whole_records()
        kept = [r for r in records if self.keep_recovered(r, _writer_pid(part))]
        if len(kept) < len(records):
            pf = pf.rewrite(kept)
            self.stats.inc_value("cleanwire/recovered_duplicates_dropped", len(records) - len(kept))
        final = pf.publish(_final_of(part), lambda: self.written(kept))
        self.stats.inc_value("cleanwire/recovered", len(kept))
        logger.warning("recovered %d articles of an interrupted crawl into %s (%d left out: written elsewhere)",
                       len(kept), final, len(records) - len(kept))

    def written(self, items: list[Any]) -> None:
        """Tell the seen-store (and any listener) that these lines are durably on disk."""
        for item in items:
            self.crawler.signals.send_catch_log(cw_signals.article_written, item=item)

    def keep_recovered(self, record: dict[str, Any], writer_pid: int | None) -> bool:
        """Any receiver of `article_recovered` may veto a line; an error in one keeps the line
        (a possible duplicate is better than a lost article)."""
        if writer_pid is None:
            return True
        results = self.crawler.signals.send_catch_log(cw_signals.article_recovered, item=record,
                                                      writer_pid=writer_pid)
        return all(result is not False for _, result in results)

    def process_item(self, item: Any, spider=None) -> Any:
        record = ItemAdapter(item).asdict()
        site = record.get("site") or "unknown"
        pf = self.files.get(site)
        if pf is None:
            pf = self.files[site] = _PartFile.create(self.final_path(site))
        pf.write_line(json.dumps(record, ensure_ascii=False))
        self.stats.inc_value("cleanwire/written")
        self.pending.append(item)
        if len(self.pending) >= self.fsync_every:
            self.flush()
        return item

    def flush(self) -> None:
        for pf in self.files.values():
            pf.sync()
        pending, self.pending = self.pending, []
        self.written(pending)

    def close_spider(self, spider=None) -> None:
        self.flush()
        for site, pf in self.files.items():
            final = pf.publish(self.final_path(site))
            logger.info("wrote %s", final)
            self.stats.set_value(f"cleanwire/output/{safe_name(site)}", str(final))


class _PartFile:
    """An O_APPEND file under an exclusive lock, published by hard link under a free final name."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    @classmethod
    def create(cls, final: Path) -> _PartFile:
        final.parent.mkdir(parents=True, exist_ok=True)
        path = final.with_name(f"{final.name}.{os.getpid()}.part")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return cls(path, fd)

    @classmethod
    def adopt(cls, path: Path) -> _PartFile:
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise
        return cls(path, fd)

    def write_line(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        while data:  # a regular file takes it in one call; the loop is for the rare short write
            data = data[os.write(self.fd, data):]

    def sync(self) -> None:
        os.fsync(self.fd)

    def rewrite(self, records: list[dict[str, Any]]) -> _PartFile:
        """The same part file holding only `records`: written beside it, locked, then renamed over
        it, so a crash leaves either the old or the new content, never a mix."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        new = _PartFile(tmp, fd)
        for record in records:
            new.write_line(json.dumps(record, ensure_ascii=False))
        new.sync()
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)
        os.close(self.fd)
        new.path = self.path
        return new

    def whole_records(self) -> list[dict[str, Any]]:
        """Keep the whole lines; cut a torn tail so the file holds only complete JSON."""
        raw = self.path.read_bytes()
        keep = raw[: raw.rfind(b"\n") + 1]
        records = []
        for line in keep.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                break
        if len(keep) != len(raw):
            os.truncate(self.fd, len(keep))
        return records

    def publish(self, final: Path, linked: Callable[[], None] | None = None) -> Path:
        """Link the part file under the first free final name, call `linked`, unlink the part.
        A kill between the link and the unlink leaves a part file that `published_as` recognises."""
        os.fsync(self.fd)
        stem, suffix = final.name.removesuffix(".jsonl"), ".jsonl"
        n = 0
        while True:
            candidate = final.with_name(f"{stem}{'' if n == 0 else f'-{n}'}{suffix}")
            try:
                os.link(self.path, candidate)  # fails if the name exists: never overwrite
                break
            except FileExistsError:
                n += 1
        _fsync_dir(candidate.parent)
        if linked is not None:
            linked()
        if pause := float(os.environ.get(PUBLISH_PAUSE_ENV) or 0):
            time.sleep(pause)
        self.retire()
        return candidate

    def published_as(self, final: Path) -> Path | None:
        """The final file that is this part file (same inode), if it was linked already. Checked by
        inode, not by link count alone: a backup made of hard links raises the count too."""
        info = os.fstat(self.fd)
        if info.st_nlink < 2:
            return None
        stem = final.name.removesuffix(".jsonl")
        for candidate in final.parent.glob(f"{glob.escape(stem)}*.jsonl"):
            try:
                other = candidate.stat()
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return candidate
        return None

    def retire(self) -> None:
        """The part name goes; the lines stay under their final name."""
        os.unlink(self.path)
        _fsync_dir(self.path.parent)
        os.close(self.fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _final_of(part: Path) -> Path:
    """`2026-11-22.jsonl.1234.part` -> `2026-11-22.jsonl`."""
    return part.with_name(part.name.rsplit(".", 2)[0])


def _writer_pid(part: Path) -> int | None:
    """`2026-11-22.jsonl.1234.part` -> 1234."""
    try:
        return int(part.name.rsplit(".", 2)[1])
    except (IndexError, ValueError):
        return None


def output_root(template: str) -> Path:
    head = template.split("{", 1)[0]
    root = Path(head) if head.endswith("/") else Path(head).parent
    return root if str(root) else Path(".")


def output_path(template: str, site: str, date: str) -> Path:
    """Where a run's JSONL for `site` goes, before the `-N` a re-run on the same date adds."""
    return Path(template.format(site=safe_name(site), date=date))


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "unknown"
