"""Run the real crawl as a subprocess against a real HTTP server, and read what it wrote."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from crawler.localsite import LocalSite

SITE_FAULTS: dict[str, int | str] = {
    "/2024/06/02/server-error/": 500,
    "/2024/06/03/slow-post/": "slow",
}
# Response headers some paths carry (pages a test adds; a path that does not exist never answers 200).
SITE_HEADERS: dict[str, dict[str, str]] = {
    "/2024/07/02/header-reserved-post/": {"X-Robots-Tag": "noai, noimageai, googlebot: noindex",
                                          "tdm-reservation": "1",
                                          "tdm-policy": "https://publisher.example/tdm-policy.json"},
}
# Test crawls: no politeness delays against our own loopback server, short timeouts.
FAST = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "1",
    "RETRY_BACKOFF_BASE": "0.1",
    "LOG_LEVEL": "INFO",
}


def manifest() -> dict:
    return json.loads((FIXTURES / "site" / "manifest.json").read_text(encoding="utf-8"))


def copy_site(dest: Path) -> Path:
    shutil.copytree(FIXTURES / "site", dest)
    return dest


def serve(root: Path) -> LocalSite:
    return LocalSite(root, faults=SITE_FAULTS, slow_seconds=6, headers=SITE_HEADERS).start()


@dataclass
class Workdir:
    """Where one test's crawls keep their output and seen-store."""

    root: Path

    @property
    def out(self) -> Path:
        return self.root / "output"

    def settings(self, **extra: str) -> dict[str, str]:
        return {**FAST, "SEEN_STORE": str(self.root / "seen.sqlite3"),
                "JSONL_PATH": str(self.out / "{site}" / "{date}.jsonl"),
                "CRAWL_REPORT_PATH": str(self.root / "report.json"), **extra}

    def command(self, *args: str, **settings: str) -> list[str]:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", *args]
        for key, value in self.settings(**settings).items():
            cmd += ["-s", f"{key}={value}"]
        return cmd

    def crawl(self, *args: str, timeout: float = 180, **settings: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(self.command(*args, **settings), cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, env=crawl_env())
        assert proc.returncode == 0, proc.stderr[-3000:]
        return proc

    def report(self) -> dict:
        return json.loads((self.root / "report.json").read_text(encoding="utf-8"))

    def files(self) -> list[Path]:
        return sorted(self.out.rglob("*.jsonl"))

    def parts(self) -> list[Path]:
        return sorted(self.out.rglob("*.part"))

    def records(self) -> list[dict]:
        rows = []
        for path in self.files():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return rows


def crawl_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("REDIS_URL", None)
    return env


def sigkill_when(proc: subprocess.Popen, ready: Callable[[], bool], missing: str, poll: float = 0.02) -> None:
    """SIGKILL a running crawl as soon as `ready()` holds (the test fails, naming what is
    `missing`, when it does not within a minute); returns once the process is gone."""
    try:
        deadline = time.monotonic() + 60
        while not ready():
            if time.monotonic() > deadline:
                pytest.fail(f"the crawl {missing} in 60 s")
            time.sleep(poll)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
