"""The crawl's raw archive (ARCHIVE_ENABLED) and its re-extraction (ARCHIVE_REPLAY), end to end on
the fixture site served on 127.0.0.1."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from crawl_helpers import Workdir, copy_site, crawl_env, serve, sigkill_when
from warcio.archiveiterator import ArchiveIterator

from batch.archives import ArchiveStats, iter_records

pytestmark = pytest.mark.slow


def archive_settings(work: Workdir, **extra: str) -> dict[str, str]:
    return {"ARCHIVE_ENABLED": "1", "ARCHIVE_PATH": str(work.out / "{site}" / "{site}-{timestamp}-{pid}-{serial}.warc.gz"),
            "LOG_LEVEL": "DEBUG", **extra}


def warc_files(work: Workdir) -> list[Path]:
    return sorted(work.out.rglob("*.warc.gz"))


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """One crawl with the archive on; the server is stopped once it is done (replays must not need it)."""
    tmp = tmp_path_factory.mktemp("archived")
    server = serve(copy_site(tmp / "site"))
    work = Workdir(tmp / "run")
    try:
        proc = work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}", **archive_settings(work))
    finally:
        server.stop()
    return work, proc.stderr


def test_every_fetched_page_is_one_response_record(archived):
    work, log = archived
    fetched = re.findall(r"Crawled \((\d+)\) <GET (\S+)>", log)
    # each attempt of a retried page is a fetch too (the engine logs only the last one)
    fetched += [(status, url) for url, status in re.findall(r"Retrying <GET (\S+)> \(failed \d+ times\): (\d{3})", log)]
    (warc,) = warc_files(work)
    responses, requests = [], 0
    with warc.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                responses.append((record.http_headers.get_statuscode(), record.rec_headers.get_header("WARC-Target-URI")))
                record.content_stream().read()
            requests += record.rec_type == "request"
    assert sorted(responses) == sorted(fetched) and len(fetched) > 20
    assert requests == len(responses)
    stats = ArchiveStats()
    assert sum(1 for _, r in iter_records(warc, stats, pytest.fail, frozenset({"response"})) if r) == len(fetched)
    assert stats.corrupt == 0  # fastwarc reads it too, every block digest checks out


def test_each_article_points_at_its_raw_page(archived):
    work, _ = archived
    rows = work.records()
    assert len(rows) == 10
    for row in rows:
        warc = row["warc"]
        raw = Path(warc["filename"]).read_bytes()[warc["offset"]:warc["offset"] + warc["length"]]
        record = next(iter(ArchiveIterator(io.BytesIO(gzip.decompress(raw)))))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == warc["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == row["page_url"]
        assert row["title"].encode() in record.content_stream().read().replace(b"&#8217;", "’".encode())


def test_replay_re_extracts_offline_and_reports_changes(archived, tmp_path):
    work, _ = archived
    crawled = {r["id"]: r for r in work.records()}
    # The archive and the dataset it came from, moved elsewhere: replay finds both by file name.
    moved = tmp_path / "moved"
    shutil.copytree(work.out / "fixture", moved)
    (jsonl,) = moved.glob("*.jsonl")
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    # An older extractor's dataset: one text differed (chrome left in), one article was missed,
    # and one article it wrote is no longer found.
    old = lines[0]
    old["text"] += "\n\nContinue Reading"
    old["content_hash"] = "0" * 64
    old["extractor"] = {**old["extractor"], "version": "0.0.9"}
    missed = lines.pop(1)
    lines.append({**lines[2], "id": "f" * 24, "title": "Withdrawn post", "content_hash": "1" * 64})
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")

    replay = Workdir(tmp_path / "replay")
    proc = replay.crawl("-a", "profile=fixture", ARCHIVE_REPLAY=str(moved), SEEN_STORE=":memory:",
                        LOG_LEVEL="INFO")  # no server runs: every page comes from the archive
    rows = replay.records()
    assert {r["id"]: r["content_hash"] for r in rows} == {i: r["content_hash"] for i, r in crawled.items()}
    assert all(r["warc"]["filename"].startswith(str(moved)) for r in rows)
    assert "replay: base URL http://127.0.0.1:" in proc.stderr
    report = replay.report()
    assert report["archive/replay/missing"] == 1  # the slow page: the crawl timed out, nothing was archived
    assert report["pages/failed/http_500"] == 1 and report["pages/failed/http_404"] >= 1  # replayed as answered
    (path,) = replay.out.rglob("*.reextract.json")
    diff = json.loads(path.read_text(encoding="utf-8"))
    assert diff["counts"] == {"new": 1, "changed": 1, "gone": 1, "unchanged": 8, "before": 10, "after": 10}
    assert [r["id"] for r in diff["new"]] == [missed["id"]]
    assert [(r["id"], r["extractor_before"]) for r in diff["changed"]] == [(old["id"], "cleanwire.html 0.0.9")]
    assert [r["title"] for r in diff["gone"]] == ["Withdrawn post"]
    assert diff["extractors"] == {"before": {"cleanwire.html 0.1.0": 9, "cleanwire.html 0.0.9": 1},
                                  "after": {"cleanwire.html 0.1.0": 10}}


def test_replay_of_a_missing_archive_stops_at_once_with_one_line(tmp_path):
    replay = Workdir(tmp_path / "replay")
    proc = replay.crawl("-a", "profile=fixture", ARCHIVE_REPLAY=str(tmp_path / "nowhere.warc.gz"),
                        SEEN_STORE=":memory:", LOG_LEVEL="INFO")
    errors = [line for line in proc.stderr.splitlines() if "ERROR" in line and "Spidermon" not in line]
    assert errors == [line for line in errors if "ARCHIVE_REPLAY: no such file or directory" in line]
    assert len(errors) == 1
    report = replay.report()
    assert report["finish_reason"] == "archive_unreadable"
    assert report["pages/fetched"] == 0 and not report.get("pages/failed/NotSupported")
    assert "Error downloading" not in proc.stderr


def test_sigkill_leaves_an_archive_whose_records_all_read_back(tmp_path, site):
    server, _ = site
    work = Workdir(tmp_path / "run")
    cmd = work.command("-a", "profile=fixture", "-a", f"base_url={server.base}",
                       **archive_settings(work, LOG_LEVEL="INFO", DOWNLOAD_DELAY="0.3", CONCURRENT_REQUESTS="1"))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # a dozen pages in
    sigkill_when(proc, lambda: bool(files := warc_files(work)) and files[0].stat().st_size > 60_000, "archived nothing")
    (warc,) = warc_files(work)
    with warc.open("rb") as fh:  # warcio reads to the end without an error
        records = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(fh)]
    assert records[0][0] == "warcinfo" and len(records) >= 9
    # The last record is a whole response: a request/response pair is one write().
    assert records[-1][0] == "response" and records[-2][0] == "request"
    stats = ArchiveStats()
    damaged: list[tuple[int, str]] = []
    assert sum(1 for _ in iter_records(warc, stats, lambda o, r: damaged.append((o, r)))) == len(records)
    assert damaged == [] and stats.corrupt == 0
