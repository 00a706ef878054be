"""`python -m extractors` over WARC and WET files: the same articles as the loose pages, damaged
records skipped with one line, the records that are not pages counted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, TEXT_FIXTURES, run_cli

sys.path.insert(0, str(FIXTURES))
from warcgen import member_offsets, site_pages, write_warc, write_wet  # noqa: E402

BASE = "http://127.0.0.1:8000"
SITE = FIXTURES / "site"


def rows(proc) -> list[dict]:
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def identities(records: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["id"], r["content_hash"], r["title"]) for r in records]


@pytest.fixture(scope="module")
def site_warc(tmp_path_factory) -> Path:
    return write_warc(tmp_path_factory.mktemp("warc") / "site.warc.gz", site_pages(SITE, BASE))


@pytest.fixture(scope="module")
def loose_site() -> list[dict]:
    """The site's HTML pages as loose files, in the order site_pages archives them."""
    pages = [SITE / url.removeprefix(BASE + "/") / "index.html" for url, _ in site_pages(SITE, BASE)]
    proc = run_cli(*map(str, pages))
    assert proc.returncode == 0, proc.stderr
    return rows(proc)


def test_warc_gives_the_articles_of_the_loose_pages(site_warc, loose_site):
    one, two = run_cli(str(site_warc), "-j", "1"), run_cli(str(site_warc), "-j", "2")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout  # same lines, same order, whatever the number of processes
    archived = rows(one)
    assert identities(archived) == identities(loose_site)
    assert len({r["id"] for r in archived}) == len(archived)
    for r in archived:
        assert r["page_url"].startswith(BASE + "/") and r["warc"]["filename"] == str(site_warc)
    err = one.stderr.decode()
    # every page once; the records that are not pages counted by reason
    for skipped in ("request", "1 warcinfo", "1 metadata", "1 not_html", "1 http_404", "1 http_301"):
        assert skipped in err, err


def test_warc_location_leads_back_to_the_raw_page(site_warc, loose_site):
    import gzip

    from warcio.archiveiterator import ArchiveIterator

    first = rows(run_cli(str(site_warc)))[0]
    warc = first["warc"]
    raw = Path(warc["filename"]).read_bytes()[warc["offset"]:warc["offset"] + warc["length"]]
    record = next(iter(ArchiveIterator(__import__("io").BytesIO(gzip.decompress(raw)))))
    assert record.rec_headers.get_header("WARC-Record-ID") == warc["record_id"]
    assert record.rec_headers.get_header("WARC-Target-URI") == first["page_url"]


def test_profile_and_domain_filters_keep_one_site(tmp_path, loose_site):
    other = [("http://other.example/a/", (FIXTURES / "html" / "generic-wordpress.html").read_bytes())]
    mixed = write_warc(tmp_path / "mixed.warc.gz", [*site_pages(SITE, BASE), *other])
    everything = rows(run_cli(str(mixed)))
    assert any(r["page_url"].startswith("http://other.example/") for r in everything)
    by_domain = rows(run_cli(str(mixed), "--domain", "127.0.0.1"))
    assert identities(by_domain) == identities(loose_site)
    by_profile = rows(run_cli(str(mixed), "--profile", "fixture"))
    assert {r["site"] for r in by_profile} == {"fixture"}
    # the profile's article pages only: the 10 posts, as the crawl of the site finds them
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(r["title"] for r in by_profile) == sorted(p["title"] for p in manifest["posts"])


def test_wet_gives_the_seed_posts_of_the_text_dumps(tmp_path):
    docs = [(f"https://republisher.example/post-{i}/", p.read_text(encoding="utf-8")) for i, p in enumerate(TEXT_FIXTURES)]
    wet = write_wet(tmp_path / "seeds.warc.wet.gz", docs)
    for flags, count in (((), 6), (("--keep-duplicates",), 8)):  # 8 posts, 2 of them on both pages
        loose = rows(run_cli(*map(str, TEXT_FIXTURES), *flags))
        archived = rows(run_cli(str(wet), *flags))
        assert len(archived) == count
        assert identities(archived) == identities(loose)
        assert [r["page_url"] for r in archived][:1] == ["https://republisher.example/post-0/"]
        assert all(r["extractor"]["name"] == "cleanwire.textdump" for r in archived)


def test_a_damaged_record_costs_one_line_and_the_rest_is_read(tmp_path, site_warc):
    data = bytearray(site_warc.read_bytes())
    starts = member_offsets(site_warc)
    # a response in the middle: records are warcinfo, then request/response pairs
    victim = starts[2 * (len(starts) // 4)]
    for i in range(victim + 40, victim + 80):
        data[i] ^= 0x5A
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    without = write_warc(tmp_path / "without.warc.gz",
                         [p for i, p in enumerate(site_pages(SITE, BASE)) if i != (len(starts) // 4) - 1])
    proc = run_cli(str(damaged))
    assert proc.returncode == 1  # damaged input is a failure, but nothing else is lost
    lines = [line for line in proc.stderr.decode().splitlines() if "skipped" in line and "offset" in line]
    assert len(lines) == 1 and lines[0].startswith(f"cleanwire: {damaged}: record at offset {victim} skipped: "), lines
    assert identities(rows(proc)) == identities(rows(run_cli(str(without))))


def test_truncated_last_record_is_reported(tmp_path, site_warc):
    data = site_warc.read_bytes()
    starts = member_offsets(site_warc)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: starts[-1] + (len(data) - starts[-1]) // 2])
    proc = run_cli(str(cut))
    assert proc.returncode == 1
    assert f"record at offset {starts[-1]} skipped" in proc.stderr.decode()
    assert len(rows(proc)) > 0
