"""The writer's publish and recovery windows: a crawl killed after a part file was linked under its
final name and before the part name was removed must not have its lines published a second time.

The writer's test hook `CLEANWIRE_PUBLISH_PAUSE` holds that window open; the crawl is killed the
moment a part file has two names. bench/crash.py measures the same at random moments as well.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from conftest import ROOT
from crawl_helpers import Workdir, crawl_env

pytestmark = pytest.mark.slow


def _start(work: Workdir, base: str, pause: float | None = None, **settings: str) -> subprocess.Popen:
    env = crawl_env()
    if pause is not None:
        env["CLEANWIRE_PUBLISH_PAUSE"] = str(pause)
    cmd = work.command("-a", "profile=fixture", "-a", f"base_url={base}", **settings)
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when(proc: subprocess.Popen, ready, what: str) -> None:
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if ready():
                os.kill(proc.pid, signal.SIGKILL)
                return
            time.sleep(0.01)
        pytest.fail(f"never saw {what} (exit {proc.poll()})")
    finally:
        proc.wait(timeout=30)


def _linked_parts(work: Workdir) -> list[str]:
    """Part files that also have a final name (linked, not yet unlinked)."""
    linked = []
    for part in work.parts():
        try:
            if part.stat().st_nlink > 1:
                linked.append(part.name)
        except FileNotFoundError:
            continue
    return linked


def test_kills_inside_recovery_and_publish_leave_each_article_once(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    # 1. Killed mid-crawl: a part file with a few whole lines (slow and serial, fsync per line).
    _kill_when(_start(work, server.base, DOWNLOAD_DELAY="0.4", CONCURRENT_REQUESTS="1", JSONL_FSYNC_EVERY="1"),
               lambda: any(p.read_bytes().count(b"\n") >= 3 for p in work.parts()), "three lines written")
    (first_part,) = work.parts()
    # 2. Killed inside the recovery of that part: linked as a final file, not yet unlinked.
    _kill_when(_start(work, server.base, pause=30), lambda: _linked_parts(work), "the recovery's link")
    (recovered,) = work.files()
    assert first_part.exists() and first_part.stat().st_ino == recovered.stat().st_ino
    # 3. The next run removes that part instead of recovering it again, writes the rest, and is
    #    killed inside its own publish step.
    _kill_when(_start(work, server.base, pause=30),
               lambda: [name for name in _linked_parts(work) if name != first_part.name], "the publish link")
    assert not first_part.exists()
    assert len(work.files()) == 2
    # 4. A last run finds its predecessor's part published too: removed, nothing written twice.
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert not work.parts()
    rows = work.records()
    assert len(rows) == 10 and len({r["id"] for r in rows}) == 10, [r["title"] for r in rows]
    report = work.report()
    assert report["recovered_already_published"] == 1 and report.get("recovered", 0) == 0
    assert report.get("written", 0) == 0
