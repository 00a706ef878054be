"""Records kept on disk until a run's end, in order: what the batch has read while it learns.

Pickled one after the other into an anonymous temporary file (gone when closed, or when the process
dies), so a run holds one record at a time in memory whatever the size of its input.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Any


class Spill:
    """Append records, then iterate over them once, in the order they were added."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="cleanwire-spill-")  # noqa: SIM115 - closed by close()
        self.count = 0

    def add(self, record: Any) -> None:
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)
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
