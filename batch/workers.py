"""The batch's worker processes: started warm, fed in order, read ahead only a few tasks.

Extraction needs about 1.5 s of CPU before its first page (imports, the language model, stop-word
lists, compiled tables). Workers are forked from a multiprocessing *forkserver* that has already
paid it (`preload`: the `batch.warm_*` modules for the kinds of input the run has), so a run pays
it once, not once per worker; the forkserver, not this process, holds the extraction modules, and
workers start clean of this process's threads and open files. One process (`jobs` 1) starts no
pool: everything runs here, loaded as it is first used.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Tasks in flight per worker: keeps every worker busy while bounding memory to a few chunks,
# whatever the size of the archive (Pool.imap would read the whole input ahead).
WINDOW_PER_JOB = 4
# What the forkserver imports and warms before it forks a worker, by kind of input.
WARM_MODULES = {"html": "batch.warm_html", "text": "batch.warm_text"}


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Workers:
    """`jobs` processes forked from a forkserver warmed for `kinds` ("html", "text"), or this
    process alone when `jobs` is 1. A context manager: the pool is shut down on leaving."""

    def __init__(self, jobs: int, kinds: Iterable[str] = ("html", "text")) -> None:
        self.jobs = max(1, jobs)
        self.pool: ProcessPoolExecutor | None = None
        if self.jobs > 1:
            context = multiprocessing.get_context("forkserver")
            # Read by the forkserver when it starts (once per process: a second pool reuses it).
            context.set_forkserver_preload(["batch.work", *sorted({WARM_MODULES[k] for k in kinds if k in WARM_MODULES})])
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def ordered(self, fn: Callable[[list[T]], R], chunks: Iterable[list[T]]) -> Iterator[R]:
        """fn over each chunk, results in input order, at most jobs * WINDOW_PER_JOB chunks ahead."""
        if self.pool is None:
            yield from map(fn, chunks)
            return
        window: deque[Future] = deque()
        for chunk in chunks:
            window.append(self.pool.submit(fn, chunk))
            if len(window) >= self.jobs * WINDOW_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def ordered_some(self, fn: Callable[[list[T]], list[R]], items: Iterable[tuple[bool, T | R]],
                     chunk_size: int) -> Iterator[R]:
        """Results in input order for a stream of (needs work, item): an item that needs none is its
        own result; the others go to `fn` in chunks of `chunk_size`. At most a window's worth of
        items is held."""
        window: deque[list[Any]] = deque()  # [result] when known, [chunk index, position] when not
        chunks: dict[int, Future | list[R]] = {}
        todo: list[T] = []
        next_chunk = 0
        limit = self.jobs * WINDOW_PER_JOB * chunk_size

        def submit() -> None:
            nonlocal todo, next_chunk
            if todo:
                chunks[next_chunk] = self.pool.submit(fn, todo) if self.pool is not None else fn(todo)
                next_chunk += 1
                todo = []

        def head() -> R:
            slot = window.popleft()
            if len(slot) == 1:
                return slot[0]
            index, position = slot
            if index == next_chunk:
                submit()  # the head waits on the chunk being gathered: send it now
            done = chunks[index]
            if isinstance(done, Future):
                done = chunks[index] = done.result()
            if position == len(done) - 1:
                del chunks[index]
            return done[position]

        for needs, item in items:
            if needs:
                window.append([next_chunk, len(todo)])
                todo.append(item)
                if len(todo) >= chunk_size:
                    submit()
            else:
                window.append([item])
            while len(window) > limit:
                yield head()
        submit()
        while window:
            yield head()
