"""Records kept on disk until a run's end: what the batch has read while it learns chrome, and the
keys of the articles it wrote.

`Spill`: records pickled one after the other into an anonymous temporary file (gone when closed,
or when the process dies), so a run holds one record at a time in memory whatever the size of its
input. `Shelf`: records a worker process writes to a folder the run owns and any process reads
back by their address, so that a page's reading (its articles and posts, tens of kB) goes from the
worker that read it to the one that settles it, or to the writing process once, not through a pipe
and a spill and back.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

T = TypeVar("T")
Address = tuple[str, int, int]  # (file, offset, size) of a record on a shelf


class ShelfError(OSError):
    """A record could not be kept on disk (the temporary directory is full, or not writable)."""

    @classmethod
    def of(cls, exc: OSError, where: str) -> ShelfError:
        """The failure as one that names `where` (errno and reason kept: it crosses from a worker intact)."""
        return cls(exc.errno, f"{where}: {exc.strerror or exc}")


class Spill:
    """Append records, then iterate over them once, in the order they were added."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="cleanwire-spill-")  # noqa: SIM115 - closed by close()
        self.count = 0

    def add(self, record: Any) -> None:
        try:
            pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as exc:
            raise ShelfError.of(exc, tempfile.gettempdir()) from None
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


SHELF_PREFIX = "cleanwire-shelf-"
# This process's open file on each shelf (a worker writes to one file per shelf, appending).
_writers: dict[str, IO[bytes]] = {}


class Shelf:
    """A temporary folder with one append-only file per process that writes to it; removed on
    leaving. A run killed outright (SIGKILL) cannot remove its own: the next run removes every shelf
    whose run is gone (the folder's name carries the run's process id)."""

    def __init__(self) -> None:
        remove_stale_shelves()
        self.folder = tempfile.mkdtemp(prefix=f"{SHELF_PREFIX}{os.getpid()}-")

    def __enter__(self) -> Shelf:
        return self

    def __exit__(self, *exc: object) -> None:
        forget(self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_stale_shelves() -> None:
    """Remove the shelves in the temporary directory whose run's process no longer exists."""
    root = tempfile.gettempdir()
    try:
        names = [name for name in os.listdir(root) if name.startswith(SHELF_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name.removeprefix(SHELF_PREFIX).partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it exists
        return True
    return True


def put(folder: str, record: Any) -> Address:
    """Append `record`, pickled, to this process's file on the shelf at `folder`: where to read it
    again. Raises `ShelfError`."""
    data = pickle.dumps(record, pickle.HIGHEST_PROTOCOL)
    try:
        file = _writers.get(folder)
        if file is None:
            file = _writers[folder] = open(os.path.join(folder, str(os.getpid())), "ab")  # noqa: SIM115 - closed by forget()
        offset = file.tell()
        file.write(data)  # buffered: written whole, however many system calls it takes
        file.flush()  # readable by another process as soon as its address is
    except OSError as exc:
        raise ShelfError.of(exc, os.path.dirname(folder)) from None
    return file.name, offset, len(data)


def get(address: Address) -> Any:
    """A record `put` wrote (by any process of the run)."""
    path, offset, size = address
    with open(path, "rb") as file:
        file.seek(offset)
        return pickle.loads(file.read(size))


def forget(folder: str) -> None:
    """Close this process's file on the shelf at `folder` (a worker's closes when the worker ends)."""
    file = _writers.pop(folder, None)
    if file is not None:
        file.close()


# SQLite's page cache for a run's temporary database, in kB: all the memory its rows take.
TEMPORARY_CACHE_KB = 4096


def temporary_database() -> sqlite3.Connection:
    """SQLite's private temporary database: its page cache in memory, the rest in a file in the
    temporary directory that SQLite unlinks as it opens it (nothing outlives the run, also when
    killed). Nothing to journal or sync: it dies with the run."""
    def connect() -> sqlite3.Connection:
        db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        db.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{TEMPORARY_CACHE_KB};")
        return db
    return guarded(connect)


def guarded(action: Callable[[], T], error: type[ShelfError] = ShelfError, where: str | None = None) -> T:
    """`action()`, with SQLite's and the system's failures (a full disk, a file that is no
    database) as `error`, naming `where` (by default the temporary directory)."""
    try:
        return action()
    except ShelfError:
        raise
    except (sqlite3.Error, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise error(getattr(exc, "errno", None), f"{where or tempfile.gettempdir()}: {reason}") from None


class DiskKeys:
    """The keys of the articles a run wrote (`extractors.dedup.KeySet`), in a temporary database:
    deduplication takes the same memory whatever the size of the input."""

    def __init__(self) -> None:
        self._db = temporary_database()
        guarded(lambda: self._db.execute("CREATE TABLE keys (key TEXT PRIMARY KEY) WITHOUT ROWID"))

    def first(self, keys: Iterable[str]) -> str | None:
        keys = list(keys)
        found = guarded(lambda: {k for (k,) in self._db.execute(
            f"SELECT key FROM keys WHERE key IN ({', '.join('?' * len(keys))})", keys)})
        return next((k for k in keys if k in found), None)

    def update(self, keys: Iterable[str]) -> None:
        guarded(lambda: self._db.executemany("INSERT OR IGNORE INTO keys VALUES (?)", ((k,) for k in keys)))

    def close(self) -> None:
        self._db.close()
