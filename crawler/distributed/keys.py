"""Who a worker is and where it keeps its state in Redis: one place, so the scheduler and the
seen-store agree on the worker id and on the heartbeat that says a worker is alive."""

from __future__ import annotations

import os
import socket

PREFIX = "cleanwire"


def worker_id(pid: int | None = None) -> str:
    """`host:pid`: the JSONL writer names its part files by pid, so the worker that wrote a part
    file is known on the machine that holds it."""
    return f"{socket.gethostname()}:{os.getpid() if pid is None else pid}"


def heartbeat_key(worker: str) -> str:
    """Exists (with a TTL) while the worker is alive; the scheduler keeps it fresh."""
    return f"{PREFIX}:worker:{worker}"


HEARTBEAT_PREFIX = heartbeat_key("")


def article_key(article_id: str) -> str:
    return f"{PREFIX}:seen:{article_id}"


def lease_key(article_id: str) -> str:
    return f"{PREFIX}:lease:{article_id}"


def job_key(job: str, name: str) -> str:
    """Keys of one crawl job (queue, dupefilter, in-flight): a new job name is a fresh crawl."""
    return f"{PREFIX}:{job}:{name}"
