"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_FIXTURES = sorted((FIXTURES / "text").glob("*.txt"))


def bench_module(name: str):
    """A benchmark script of bench/ as a module (the tests share its metric and its inputs)."""
    import importlib

    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module(name)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 300,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m extractors ARGS` as a user runs it; `env`: variables set for this run."""
    return subprocess.run([sys.executable, "-m", "extractors", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=timeout, env={**os.environ, **env} if env else None)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert len(TEXT_FIXTURES) == 2, "the two seed dumps must be in fixtures/text/"
    return TEXT_FIXTURES


@pytest.fixture
def site(tmp_path):
    """A copy of fixtures/site (tests may add pages) on a real HTTP server on 127.0.0.1, with the
    fault paths of crawl_helpers.SITE_FAULTS; yields (server, root)."""
    from crawl_helpers import copy_site, serve

    root = copy_site(tmp_path / "site")
    server = serve(root)
    yield server, root
    server.stop()
