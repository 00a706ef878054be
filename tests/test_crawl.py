"""The crawl end to end: `scrapy crawl republisher` against the fixture site on a real server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from crawl_helpers import Workdir, crawl_env, manifest, sigkill_when

from extractors.patterns import chrome_hits
from extractors.schema import validation_errors

pytestmark = pytest.mark.slow

CHROME = ("Connect with us", "adsbygoogle", "Advertisement", "Continue Reading", "You may like",
          "Leave a Reply", "Read the rest of this article", "is written and produced by",
          "Related Topics", "Trending", "Share this")


def test_fixture_site_articles_each_once_and_clean(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    rows = work.records()
    expected = manifest()
    assert len(rows) == expected["expected_distinct_articles"] == 10
    assert {r["title"] for r in rows} == {p["title"] for p in expected["posts"]}
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert validation_errors(r) == []
        assert chrome_hits(r["text"]) == [], r["title"]
        for chrome in CHROME:
            assert chrome not in r["text"] and chrome not in (r["summary"] or ""), (chrome, r["title"])
        assert r["site"] == "fixture" and r["url"].startswith(server.base)
    assert not work.parts()
    report = work.report()
    assert report["written"] == report["new"] == 10
    assert report["articles/extracted"] > 10  # teasers met again on other pages
    # Every other copy met (teasers on other pages) was dropped as a duplicate or, held back while
    # its own page was fetched, replaced by that page's fuller copy.
    assert (report["dropped/duplicate/url"] + report.get("dropped/duplicate/id", 0)
            + report["articles/teaser_superseded"]) == report["articles/extracted"] - 10
    for r in rows:  # the copy written is the post's own page's: date with time, its own URL
        assert r["url"] == r["page_url"], r["title"]
        assert "T" in r["published"] and r["published"].endswith("+08:00"), r["published"]


def test_bad_pages_are_counted_and_do_not_stop_the_crawl(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    report = work.report()
    assert report["finish_reason"] == "finished"
    assert report["pages/failed/http_404"] >= 1  # /2024/06/01/missing-post/
    assert report["pages/failed/http_500"] == 1  # after its retry
    assert report["pages/failed/timeout"] == 1  # the slow page, past DOWNLOAD_TIMEOUT
    assert report["pages/skipped/not_html"] == 1  # the PDF the sitemap lists
    assert report["pages/without_articles"] >= 1  # the page cut off mid-tag
    assert len(work.records()) == 10


def test_teaser_stands_in_for_a_post_whose_page_fails(site, tmp_path):
    server, root = site
    lost = next(p for p in manifest()["posts"] if p["teaser_on"])
    (root / lost["path"].strip("/") / "index.html").unlink()  # its own page now answers 404
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    rows = work.records()
    assert len(rows) == 10 and len({r["id"] for r in rows}) == 10
    (copy,) = [r for r in rows if r["title"] == lost["title"]]
    assert copy["page_url"] != copy["url"] == server.base + lost["path"]  # written from a teaser
    assert copy["published"] == lost["published"][:10]  # a teaser shows the date only


def test_second_run_writes_nothing_and_a_new_post_is_written_once(site, tmp_path):
    server, root = site
    sys.path.insert(0, str(ROOT / "fixtures"))
    import sitegen

    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    first_files = work.files()
    assert len(work.records()) == 10

    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert work.report()["written"] == 0
    assert work.report()["dropped/seen_before"] == 10
    assert work.files() == first_files  # nothing new, no new file

    post = sitegen.Post(
        slug="port-of-dalian-adds-cold-chain-berths", title="Port of Dalian adds cold-chain berths",
        category="China", author="Harbour Lines", published="2024-05-03T09:00:00+08:00",
        body=["Dalian's port authority opened four refrigerated berths on Friday, adding capacity for "
              "seafood and fruit imports that have grown each year since 2021.",
              "Operators said the berths would cut waiting times for reefer vessels by about a day."],
        tags=["Trade"])
    sitegen.add_post(root, post)
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert work.report()["written"] == 1
    rows = work.records()
    assert len(rows) == 11 and len({r["id"] for r in rows}) == 11
    assert rows[-1]["title"] == "Port of Dalian adds cold-chain berths" or any(
        r["title"] == "Port of Dalian adds cold-chain berths" for r in rows)


def test_killed_crawl_leaves_whole_lines_and_the_next_run_completes_the_set(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    # Slow and serial, fsync after every line, so the kill lands mid-crawl.
    cmd = work.command("-a", "profile=fixture", "-a", f"base_url={server.base}",
                       DOWNLOAD_DELAY="0.4", CONCURRENT_REQUESTS="1", JSONL_FSYNC_EVERY="1")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sigkill_when(proc, lambda: bool(parts := work.parts()) and parts[0].read_bytes().count(b"\n") >= 3,
                 "wrote nothing", poll=0.05)
    assert work.files() == []  # nothing under a final name
    (part,) = work.parts()
    raw = part.read_bytes()
    assert raw.endswith(b"\n")
    killed_rows = [json.loads(line) for line in raw.splitlines()]
    assert 3 <= len(killed_rows) < 10

    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert not work.parts()
    rows = work.records()
    assert len(rows) == 10 and len({r["id"] for r in rows}) == 10
    report = work.report()
    assert report["recovered"] == len(killed_rows)
    assert report["written"] == 10 - len(killed_rows)


def test_default_job_serves_the_bundled_site_itself(tmp_path):
    work = Workdir(tmp_path / "run")
    work.crawl()  # no arguments: the embedded fixture profile, served on 127.0.0.1
    assert len(work.records()) == 10


def test_scrapy_check_contracts(site):
    server, _ = site
    env = {**crawl_env(), "CLEANWIRE_CHECK_BASE_URL": server.base}
    proc = subprocess.run([sys.executable, "-m", "scrapy", "check", "republisher"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "OK" in proc.stderr
