"""Distributed crawl (REDIS_URL) against a real redis-server: several `scrapy crawl` workers share
one queue and one seen-store, and every article is written exactly once, even when a worker is
killed mid-crawl and started again."""

from __future__ import annotations

import functools
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from conftest import FIXTURES, ROOT
from crawl_helpers import Workdir, crawl_env

from crawler.distributed.addon import RedisAddon
from crawler.distributed.keys import heartbeat_key, lease_key, worker_id
from crawler.distributed.scheduler import AckAfterItemsMiddleware
from crawler.distributed.seenstore import RedisSeenStorage
from crawler.localsite import LocalSite
from crawler.seenstore import Seen

pytestmark = pytest.mark.slow

N_POSTS = 1000
SEED = 7
WORKER_TIMEOUT = "3"  # seconds: a killed worker's requests are re-queued quickly in tests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server for one test: no persistence, gone afterwards."""
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail("redis-server is not installed; install the Debian package redis-server "
                    "(scripts/test.sh does it with apt-get)")
    port = _free_port()
    workdir = tmp_path / "redis"
    workdir.mkdir()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"redis-server did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.05)
    yield url
    client.close()
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def bench_site(tmp_path_factory):
    """A generated Zox site of N_POSTS posts on 127.0.0.1, and the titles a crawl must find."""
    sys.path.insert(0, str(FIXTURES))
    import sitegen

    root = tmp_path_factory.mktemp("bench") / "site"
    sitegen.build_bench_site(root, N_POSTS, SEED)
    rng = random.Random(SEED)  # build_bench_site draws the posts first, in this order
    titles = {sitegen.bench_post(i, rng).title for i in range(N_POSTS)}
    assert len(titles) == N_POSTS
    server = LocalSite(root).start()
    yield server, titles
    server.stop()


class Worker:
    """One `scrapy crawl republisher` process of the distributed crawl, with its own output dir."""

    def __init__(self, root: Path, redis_url: str, base_url: str, worker_timeout: str = WORKER_TIMEOUT) -> None:
        self.work = Workdir(root)
        self.args = ("-a", "profile=fixture", "-a", f"base_url={base_url}")
        self.settings = {"REDIS_URL": redis_url, "SEEN_STORE": redis_url, "REDIS_WORKER_TIMEOUT": worker_timeout,
                         "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS": "8", "DOWNLOAD_TIMEOUT": "30",
                         "RETRY_TIMES": "2", "LOG_LEVEL": "INFO"}
        self.proc: subprocess.Popen | None = None
        self.runs = 0

    def start(self) -> Worker:
        self.runs += 1
        log = (self.work.root / f"crawl-{self.runs}.log").open("w")
        self.work.root.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(self.work.command(*self.args, **self.settings), cwd=ROOT, env=crawl_env(),
                                     stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait(self, timeout: float = 240) -> None:
        assert self.proc is not None
        rc = self.proc.wait(timeout=timeout)
        assert rc == 0, self.log()[-3000:]

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def log(self) -> str:
        return (self.work.root / f"crawl-{self.runs}.log").read_text(encoding="utf-8", errors="replace")

    def part_lines(self) -> int:
        return sum(p.read_bytes().count(b"\n") for p in self.work.parts())

    def ids(self) -> list[str]:
        return [r["id"] for r in self.work.records()]


def _workers(tmp_path: Path, redis_url: str, base_url: str, n: int = 2, **kw: str) -> list[Worker]:
    for i in range(n):
        (tmp_path / f"w{i}").mkdir()
    return [Worker(tmp_path / f"w{i}", redis_url, base_url, **kw) for i in range(n)]


def _assert_each_article_once(workers: list[Worker], titles: set[str], redis_url: str) -> None:
    rows = [r for w in workers for r in w.work.records()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} articles written twice"
    assert {r["title"] for r in rows} == titles
    assert len(rows) == N_POSTS
    for w in workers:
        assert not w.work.parts()
    db = redis.Redis.from_url(redis_url)
    assert not db.keys("cleanwire:*:inflight:*"), "requests left in flight"
    assert not db.keys("cleanwire:*:requests"), "requests left in the queue"
    assert len(db.keys("cleanwire:seen:*")) == N_POSTS


def test_two_workers_write_every_article_exactly_once(bench_site, redis_url, tmp_path):
    server, titles = bench_site
    # Nobody dies here: a reactor stalled for a few seconds on a loaded machine must not look like a
    # dead worker whose pages are re-queued (that would be correct, but fetch pages twice).
    workers = [w.start() for w in _workers(tmp_path, redis_url, server.base, worker_timeout="30")]
    for w in workers:
        w.wait()
    _assert_each_article_once(workers, titles, redis_url)
    reports = [w.work.report() for w in workers]
    assert all(r["written"] > 0 for r in reports), [r["written"] for r in reports]  # both did work
    assert sum(r["pages/fetched"] for r in reports) <= N_POSTS + 60  # each page fetched once


def test_a_killed_worker_restarted_loses_and_duplicates_nothing(bench_site, redis_url, tmp_path):
    server, titles = bench_site
    survivor, victim = (w.start() for w in _workers(tmp_path, redis_url, server.base))
    deadline = time.monotonic() + 180
    while victim.part_lines() < N_POSTS // 8:
        assert time.monotonic() < deadline, "the victim wrote too little in 180 s"
        assert victim.proc.poll() is None, victim.log()[-3000:]
        time.sleep(0.05)
    victim.kill()
    killed_lines = victim.part_lines()
    assert killed_lines >= N_POSTS // 8 and victim.work.files() == []

    victim.start()  # same output dir: adopts the part file of its killed run
    survivor.wait()
    victim.wait()
    _assert_each_article_once([survivor, victim], titles, redis_url)
    reports = [survivor.work.report(), victim.work.report()]
    assert reports[1]["recovered"] + reports[1].get("recovered_duplicates_dropped", 0) == killed_lines
    # the killed run's in-flight requests went back on the queue (by the survivor or the restart)
    assert sum(r.get("redis/requeued", 0) for r in reports) >= 1


def test_seen_store_claims_records_and_leases_across_two_clients(redis_url):
    a = RedisSeenStorage(redis_url, lease_seconds=60, worker="host-a:1")
    b = RedisSeenStorage(redis_url, lease_seconds=60, worker="host-b:2")
    db = a.db
    for w in (a, b):
        db.set(heartbeat_key(w.worker), "1", ex=60)  # both alive

    assert a.claim("x", "h1") is Seen.NEW
    assert 0 < db.ttl(lease_key("x")) <= 60
    assert b.claim("x", "h1") is Seen.CLAIMED  # a live worker holds it
    assert a.claim("x", "h1") is Seen.NEW  # the holder may meet it again
    a.record("x", "h1", "https://example.org/x")
    assert not db.exists(lease_key("x"))  # recorded: the lease is dropped
    assert b.claim("x", "h1") is Seen.SEEN
    assert a.claim("x", "h1") is Seen.SEEN
    assert b.claim("x", "h2") is Seen.CHANGED  # a new text is written again, once
    assert a.claim("x", "h2") is Seen.CLAIMED
    b.record("x", "h2", None)
    assert a.claim("x", "h2") is Seen.SEEN

    # a worker that dies after claiming: its lease lapses with its heartbeat
    assert a.claim("y", "h") is Seen.NEW
    assert b.claim("y", "h") is Seen.CLAIMED
    db.delete(heartbeat_key(a.worker))
    assert b.claim("y", "h") is Seen.NEW
    b.record("y", "h", None)
    assert a.claim("y", "h") is Seen.SEEN

    # and a lease expires by itself (the backstop when a heartbeat key outlives its worker)
    short = RedisSeenStorage(redis_url, lease_seconds=1, worker="host-c:3")
    db.set(heartbeat_key(short.worker), "1", ex=60)
    assert short.claim("z", "h") is Seen.NEW
    assert b.claim("z", "h") is Seen.CLAIMED
    time.sleep(1.2)
    assert b.claim("z", "h") is Seen.NEW
    for s in (a, b, short):
        s.close()


def _in_two_threads(claim, n: int) -> list[list[int]]:
    """Two workers (threads) claim items 0..n-1 in the same order at once; which items each won."""
    wins: list[list[int]] = [[], []]

    def run(k: int) -> None:
        wins[k].extend(i for i in range(n) if claim(k, i))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return wins


def test_claims_are_atomic_under_concurrency(redis_url):
    stores = [RedisSeenStorage(redis_url, worker=f"host:{i}") for i in range(2)]
    for s in stores:
        s.db.set(heartbeat_key(s.worker), "1", ex=60)
    ids = [f"id{i}" for i in range(300)]
    wins = _in_two_threads(lambda k, i: stores[k].claim(ids[i], "h") is Seen.NEW, len(ids))
    assert sorted(wins[0] + wins[1]) == list(range(len(ids)))  # each article reserved by exactly one worker


def test_recovery_keeps_only_lines_no_other_worker_has(redis_url):
    dead_pid = 424242
    me = RedisSeenStorage(redis_url, worker="host:me")
    other = RedisSeenStorage(redis_url, worker="host:other")
    dead = RedisSeenStorage(redis_url, worker=worker_id(dead_pid))  # the writer of the part file
    for w in (me, other):
        me.db.set(heartbeat_key(w.worker), "1", ex=60)
    dead.claim("written", "h")
    dead.record("written", "h", None)  # its own line, recorded before it died: keep
    other.claim("rewritten", "h")
    other.record("rewritten", "h", None)  # its page was re-fetched and written elsewhere: drop
    other.claim("busy", "h")  # another live worker is writing it right now: drop
    dead.claim("unrecorded", "h")  # died between writing the line and recording it: keep
    assert me.reclaim("written", "h", dead_pid) is True
    assert me.reclaim("rewritten", "h", dead_pid) is False
    assert me.reclaim("busy", "h", dead_pid) is False
    assert me.reclaim("unrecorded", "h", dead_pid) is True
    assert other.claim("unrecorded", "h") is Seen.CLAIMED  # reserved for the recovering worker


def test_addon_switches_to_redis_only_when_redis_url_is_set():
    from scrapy.settings import Settings

    from crawler import settings as project

    def applied(**cmdline: str) -> Settings:
        settings = Settings()
        settings.setmodule(project, priority="project")
        settings.setdict(cmdline, priority="cmdline")
        RedisAddon().update_settings(settings)
        return settings

    plain = applied()
    assert "redis" not in str(plain.get("SCHEDULER")) and plain.get("SEEN_STORE") == project.SEEN_STORE
    assert plain.getint("JSONL_FSYNC_EVERY") == project.JSONL_FSYNC_EVERY

    url = "redis://127.0.0.1:6399/0"
    on = applied(REDIS_URL=url, REDIS_JOB="nightly", SEEN_STORE="/tmp/seen.sqlite3")
    assert on.get("SCHEDULER") == "crawler.distributed.scheduler.LeasedScheduler"
    assert on.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert on.getbool("SCHEDULER_PERSIST")
    assert on.get("SCHEDULER_QUEUE_KEY") == "cleanwire:nightly:%(spider)s:requests"
    assert on.get("SEEN_STORE") == url  # a local SQLite file cannot be shared by workers
    assert on.getint("JSONL_FSYNC_EVERY") == 1
    assert AckAfterItemsMiddleware in on.getdict("SPIDER_MIDDLEWARES")
    assert on.get("DEDUP_NEAR_INDEX") == "crawler.distributed.nearindex.RedisNearIndex"
    assert plain.get("DEDUP_NEAR_INDEX") is None


# --- near-duplicates across workers ---------------------------------------------------------------
NEAR_GROUPS = 8
NEAR_COPIES = 3


def _near_copies(sitegen, group: int):
    """One article posted NEAR_COPIES times under its own URLs, each copy with a retouched title and
    one word of its body changed: different ids and texts, one article (Jaccard ~0.95)."""
    import dataclasses

    rng = random.Random(1000 + group)
    base = sitegen.bench_post(group, rng)
    base = dataclasses.replace(base, body=base.body + sitegen.bench_post(group + 100, rng).body)
    copies = []
    for k in range(NEAR_COPIES):
        body = list(base.body)
        words = body[k + 1].split()
        words[len(words) // 2] = f"edit{k}"
        body[k + 1] = " ".join(words)
        copies.append(dataclasses.replace(base, slug=f"{base.slug}-copy-{k}", body=body,
                                          title=[base.title, f"{base.title} (updated)", f"Update: {base.title}"][k]))
    return copies


def _found_as_near_copies(texts: list[str]) -> bool:
    """Whether LSH finds every copy of the group near every other, whichever comes first (MinHash
    LSH misses some pairs even at Jaccard 0.94; whether it does is fixed by the texts)."""
    from datasketch import MinHashLSH

    from extractors.dedup import minhash

    lsh = MinHashLSH(num_perm=128, params=_bands())
    hashes = [minhash(t, 128) for t in texts]
    for i, m in enumerate(hashes):
        lsh.insert(i, m)
    return all(sorted(lsh.query(m)) == list(range(len(hashes))) for m in hashes)


@functools.cache
def _bands() -> tuple[int, int]:
    """The LSH bands the crawl's index uses (datasketch takes 0.1 s to choose them)."""
    from extractors.dedup import NearIndex

    lsh = NearIndex(0.9, 128).lsh
    return lsh.b, lsh.r


def test_near_index_claims_are_atomic_under_concurrency(redis_url):
    from crawler.distributed.nearindex import RedisNearIndex
    from extractors.dedup import minhash

    sys.path.insert(0, str(FIXTURES))
    import sitegen

    texts = [["\n\n".join(c.body) for c in _near_copies(sitegen, g)] for g in range(60)]
    groups = [[minhash(t, 128) for t in group] for group in texts if _found_as_near_copies(group)][:40]
    assert len(groups) == 40
    indexes = [RedisNearIndex(redis_url, "atomic", 0.9, 128) for _ in range(2)]
    wins = _in_two_threads(lambda k, g: indexes[k].claim(f"g{g}-c{k}", groups[g][k]), len(groups))
    assert sorted(wins[0] + wins[1]) == list(range(len(groups)))  # each group claimed exactly once
    assert indexes[0].claim("g0-c0" if 0 in wins[0] else "g0-c1", groups[0][0])  # meeting itself again


def test_two_workers_write_each_near_duplicate_group_once(redis_url, tmp_path):
    from crawl_helpers import copy_site, manifest

    sys.path.insert(0, str(FIXTURES))
    import sitegen

    root = copy_site(tmp_path / "site")
    groups = [_near_copies(sitegen, g) for g in range(NEAR_GROUPS)]
    assert all(_found_as_near_copies(["\n\n".join(c.body) for c in copies]) for copies in groups)
    for copies in groups:
        for post in copies:
            sitegen.add_post(root, post)
    with LocalSite(root) as server:
        workers = _workers(tmp_path, redis_url, server.base)
        # Paced, so that both workers take part in a site this small: an idle worker asks the shared
        # queue again only at the engine's 5 s heartbeat, and at 0.1 s a page one worker alone
        # fetched all 43 pages within 5 s on a fast machine (CI, 2026-12-03).
        for w in workers:
            w.settings["DOWNLOAD_DELAY"] = "0.25"
            w.start()
        for w in workers:
            w.wait()
    rows = [r for w in workers for r in w.work.records()]
    titles = [r["title"] for r in rows]
    assert len(titles) == len(set(titles)) == manifest()["expected_distinct_articles"] + NEAR_GROUPS
    for copies in groups:
        written = [c.title for c in copies if c.title in titles]
        assert len(written) == 1, written  # one copy per group, across both workers
    reports = [w.work.report() for w in workers]
    assert sum(r.get("dropped/duplicate/near", 0) for r in reports) >= NEAR_GROUPS * (NEAR_COPIES - 1)
    assert all(r["pages/fetched"] > 0 for r in reports), [r["pages/fetched"] for r in reports]
