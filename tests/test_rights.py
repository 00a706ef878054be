"""Publishers' opt-out: robots directives and the TDM Reservation Protocol in each record, from the
page's meta tags, its response headers and the site's /.well-known/tdmrep.json; DROP_TDM_RESERVED
drops reserved articles with a stat."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import pytest
from conftest import FIXTURES, ROOT
from crawl_helpers import SITE_HEADERS, Workdir

from extractors import extract_html, extract_text
from extractors.article import Rights
from extractors.rights import TdmSignal, merge, parse_tdmrep, robots_directives, tdmrep_signal

POLICY = "https://publisher.example/tdm-policy.json"
TDMREP = [
    {"location": "/2024/07/05/*", "tdm-reservation": 1, "tdm-policy": POLICY},
    {"location": "/*", "tdm-reservation": 0},
]


def test_robots_directives_for_every_robot_only():
    assert robots_directives("NoIndex, noai", "noimageai,noai") == ["noindex", "noai", "noimageai"]
    assert robots_directives("googlebot: noindex", "max-snippet: 50") == ["max-snippet: 50"]
    assert robots_directives("", None, "<script>alert(1)</script>") == []


def test_tdmrep_rules_first_match_and_broken_files():
    rules = parse_tdmrep(json.dumps([*TDMREP[:1], {"location": 3}, {"location": "/x", "tdm-reservation": "maybe"},
                                     *TDMREP[1:]]).encode())
    assert len(rules) == 2
    assert tdmrep_signal(rules, "/2024/07/05/post/") == TdmSignal(True, POLICY, "tdmrep.json")
    assert tdmrep_signal(rules, "/2024/07/06/post/") == TdmSignal(False, None, "tdmrep.json")
    assert tdmrep_signal(parse_tdmrep(b'[{"location": "/*.pdf$", "tdm-reservation": 1}]'), "/a.pdf?x") is None
    for broken in (b"<html>not found</html>", b'{"location": "/"}', b"\xff\xfe"):
        with pytest.raises(ValueError):
            parse_tdmrep(broken)


def test_a_reservation_from_any_source_wins():
    page = Rights(robots=["noindex"], tdm_reservation=True, tdm_source="meta")
    merged = merge(page, ["noai", "noindex"], [TdmSignal(False, None, "tdmrep.json")])
    assert merged == Rights(robots=["noindex", "noai"], tdm_reservation=True, tdm_source="meta")
    both = merge(Rights(), [], [TdmSignal(True, None, "tdmrep.json"), TdmSignal(True, POLICY, "header")])
    assert (both.tdm_reservation, both.tdm_policy, both.tdm_source) == (True, POLICY, "header")
    assert merge(Rights(), [], []) == Rights()


def test_page_markup_is_read_by_the_html_path():
    html = (FIXTURES / "html" / "seed-000.html").read_text(encoding="utf-8")
    tagged = html.replace("<head>", '<head><meta name="robots" content="index, NoAI">'
                          '<meta name="tdm-reservation" content="1"><meta name="tdm-policy" content="' + POLICY + '">', 1)
    arts = extract_html(tagged, "https://news.example.test/")
    assert arts and all(a.rights == Rights(["index", "noai"], True, POLICY, "meta") for a in arts)
    assert all(a.rights == Rights() for a in extract_html(html, "https://news.example.test/"))
    assert extract_text("Title\n\n" + "A plain paragraph of words. " * 10)[0].rights == Rights()


@pytest.mark.slow
def test_crawl_records_each_signal_fetches_site_files_once_and_drops_on_request(site, tmp_path):
    server, root = site
    sys.path.insert(0, str(ROOT / "fixtures"))
    import sitegen

    def post(day: int, slug: str, topic: str) -> sitegen.Post:
        return sitegen.Post(slug=slug, title=f"{topic.capitalize()} report for July", category="Economy",
                            author="Desk", published=f"2024-07-{day:02d}T09:00:00+08:00",
                            body=[f"The {topic} figures for July came in above forecasts, officials said on {day} July.",
                                  f"Analysts expect {topic} to keep growing through the third quarter of the year.",
                                  f"A survey of {topic} firms found most plan to hire more staff before winter."])

    meta_post = post(1, "meta-reserved-post", "shipping")
    header_post = post(2, "header-reserved-post", "tourism")
    site_post = post(5, "site-reserved-post", "energy")
    assert header_post.path in SITE_HEADERS
    page = sitegen.add_post(root, meta_post)
    page.write_text(page.read_text(encoding="utf-8").replace(
        "<head>", '<head><meta name="robots" content="noindex"><meta name="tdm-reservation" content="1">', 1),
        encoding="utf-8")
    sitegen.add_post(root, header_post)
    sitegen.add_post(root, site_post)
    (root / ".well-known").mkdir()
    (root / ".well-known" / "tdmrep.json").write_text(json.dumps(TDMREP), encoding="utf-8")

    work = Workdir(tmp_path / "keep")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert server.hits["/robots.txt"] == 1 and server.hits["/.well-known/tdmrep.json"] == 1
    rows = {r["title"]: r for r in work.records()}
    assert len(rows) == 13
    assert rows[meta_post.title]["rights"] == asdict(Rights(["noindex"], True, None, "meta"))
    assert rows[header_post.title]["rights"] == asdict(Rights(["noai", "noimageai"], True, POLICY, "header"))
    assert rows[site_post.title]["rights"] == asdict(Rights([], True, POLICY, "tdmrep.json"))
    others = [r["rights"] for t, r in rows.items() if t not in (meta_post.title, header_post.title, site_post.title)]
    assert others and all(r == asdict(Rights([], False, None, "tdmrep.json")) for r in others)
    assert work.report()["rights/tdm_reserved"] == 3

    work = Workdir(tmp_path / "drop")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}", DROP_TDM_RESERVED="1")
    titles = {r["title"] for r in work.records()}
    assert len(titles) == 10 and not titles & {meta_post.title, header_post.title, site_post.title}
    assert work.report()["dropped/tdm_reserved"] == 3
