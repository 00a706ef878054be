"""Scheduling with scrapyd: deploy the project as an egg with scrapyd-deploy (scrapy.cfg [deploy]),
schedule the spider through the authenticated HTTP API, and find the JSONL where the job was told
to write it. Everything runs for real on 127.0.0.1."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests
from conftest import ROOT
from crawl_helpers import FAST, Workdir, copy_site, serve

pytestmark = pytest.mark.slow

USER = "cleanwire"
PROJECT_FILES = ("crawler", "extractors", "batch", "scrapy.cfg", "pyproject.toml", "README.md")
SECRET_ENV = ("SCRAPYD_USERNAME", "SCRAPYD_PASSWORD")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """No repository on PYTHONPATH (the job must run from the egg), no stray credentials."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "REDIS_URL", "SCRAPY_SETTINGS_MODULE", *SECRET_ENV)}
    return {**env, **extra}


class Scrapyd:
    """A scrapyd with basic auth, its config and directories in one tmp dir."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.password = secrets.token_urlsafe(12)
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(parents=True)
        (root / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            f"username = {USER}\npassword = {self.password}\n"
            "eggs_dir = eggs\nlogs_dir = logs\nitems_dir = items\ndbs_dir = dbs\n"
            "poll_interval = 0.5\n", encoding="utf-8")
        self.log = (root / "scrapyd.out").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=root, env=clean_env(),
                                     stdout=self.log, stderr=subprocess.STDOUT)

    @property
    def auth(self) -> tuple[str, str]:
        return (USER, self.password)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.root / "scrapyd.out").read_text()
            try:
                if requests.get(self.url + "daemonstatus.json", auth=self.auth, timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        pytest.fail(f"scrapyd not up in {timeout} s")

    def wait_finished(self, job: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = requests.get(self.url + "listjobs.json", params={"project": "cleanwire"},
                                auth=self.auth, timeout=5).json()
            if any(j["id"] == job for j in jobs["finished"]):
                return
            time.sleep(0.5)
        pytest.fail(f"job {job} not finished in {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.log.close()


@pytest.fixture
def scrapyd(tmp_path):
    server = Scrapyd(tmp_path / "scrapyd")
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def site(tmp_path):
    server = serve(copy_site(tmp_path / "site"))
    yield server
    server.stop()


def project_copy(dest: Path, url: str) -> Path:
    """The project as a deployer checks it out, with [deploy] url pointing at the test's scrapyd.
    (scrapyd-deploy writes a setup.py into the project; it must not land in the repository.)"""
    dest.mkdir()
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    cfg = (dest / "scrapy.cfg").read_text(encoding="utf-8")
    assert "url = http://127.0.0.1:6800/" in cfg and "${SCRAPYD_PASSWORD}" in cfg
    (dest / "scrapy.cfg").write_text(cfg.replace("http://127.0.0.1:6800/", url), encoding="utf-8")
    return dest


def deploy(project: Path, scrapyd: Scrapyd) -> None:
    """scrapyd-deploy, credentials from the environment as scrapy.cfg says."""
    env = clean_env(SCRAPYD_USERNAME=USER, SCRAPYD_PASSWORD=scrapyd.password)
    deploy_cmd = [sys.executable, "-m", "scrapyd_client.deploy"]
    egg = project / "cleanwire.egg"
    build = subprocess.run([*deploy_cmd, "--build-egg", str(egg)], cwd=project, env=env,
                           capture_output=True, text=True, timeout=180)
    assert build.returncode == 0, build.stderr[-3000:]
    with zipfile.ZipFile(egg) as z:
        names = set(z.namelist())
        entry_points = z.read("EGG-INFO/entry_points.txt").decode()
    assert {"extractors/schema/article.schema.json", "crawler/profiles/fixture.json"} <= names
    assert "[scrapy]" in entry_points and "crawler.settings" in entry_points, (
        "the egg has no scrapy settings entry point; pyproject.toml needs\n"
        '[project.entry-points.scrapy]\nsettings = "crawler.settings"\n'
        f"(entry_points.txt: {entry_points!r})")
    proc = subprocess.run([*deploy_cmd, "--egg", str(egg), "--version", "r1"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["status"] == "ok" and answer["project"] == "cleanwire" and answer["spiders"] == 1, answer


def test_deploy_schedule_and_collect_the_jsonl(scrapyd, site, tmp_path):
    deploy(project_copy(tmp_path / "project", scrapyd.url), scrapyd)
    spiders = requests.get(scrapyd.url + "listspiders.json", params={"project": "cleanwire"},
                           auth=scrapyd.auth, timeout=30).json()
    assert spiders["spiders"] == ["republisher"]

    work = Workdir(tmp_path / "run")
    settings = {**work.settings(), "LOG_LEVEL": "INFO"}
    assert set(FAST) <= set(settings)
    data = [("project", "cleanwire"), ("spider", "republisher"), ("base_url", site.base),
            *(("setting", f"{k}={v}") for k, v in settings.items())]

    refused = requests.post(scrapyd.url + "schedule.json", data=data, timeout=10)
    assert refused.status_code == 401
    wrong = requests.post(scrapyd.url + "schedule.json", data=data, auth=(USER, "wrong"), timeout=10)
    assert wrong.status_code == 401
    assert requests.get(scrapyd.url + "listjobs.json", params={"project": "cleanwire"}, auth=scrapyd.auth,
                        timeout=10).json()["pending"] == []  # the refused calls scheduled nothing

    answer = requests.post(scrapyd.url + "schedule.json", data=data, auth=scrapyd.auth, timeout=10).json()
    assert answer["status"] == "ok", answer
    scrapyd.wait_finished(answer["jobid"])

    log = scrapyd.root / "logs" / "cleanwire" / "republisher" / f"{answer['jobid']}.log"
    rows = work.records()
    assert len(rows) == 10 and len({r["id"] for r in rows}) == 10, log.read_text()[-3000:]
    assert {r["site"] for r in rows} == {"fixture"}
    assert all(r["url"].startswith(site.base) for r in rows)
    report = work.report()
    assert report["finish_reason"] == "finished" and report["written"] == 10
    assert report["monitors/failed"] == 0, log.read_text()[-3000:]
    assert (tmp_path / "run" / "seen.sqlite3").exists()
