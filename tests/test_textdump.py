"""Text-dump extraction of the seed pages, against hand-reviewed expected output."""

from __future__ import annotations

import json
import re

import pytest
from conftest import TEXT_FIXTURES, read_jsonl, run_cli

from extractors import extract_text
from extractors.patterns import chrome_hits
from extractors.schema import validation_errors

# Strings of site chrome and republication furniture seen on the seed pages; none may reach an
# article's title, summary or text.
CHROME_SUBSTRINGS = (
    "Connect with us", "adsbygoogle", "googlesyndication", "Continue Reading",
    "Read the rest of this article", "This article is republished", "Read the rest of the original",
    "is written and produced by", "was established to counter disinformation", "follow us on Facebook",
    "Translated by", "(Photo:", "(Screenshots /", "Author:", "china@dezshira.com",
)
CHROME_PARAGRAPHS = ("Published", "on", "China")


def articles_of(path):
    return [a.to_dict() for a in extract_text(path.read_text(encoding="utf-8"), path.resolve().as_uri())]


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_seed_matches_hand_reviewed_expected(path):
    expected = read_jsonl(path.with_suffix(".expected.jsonl"))
    got = articles_of(path)
    assert len(got) == len(expected) == 4
    for g, e in zip(got, expected, strict=True):
        assert g["page_url"] == path.resolve().as_uri()
        for key, value in e.items():
            assert g[key] == value, f"{e['title']!r}: field {key!r} differs"


def test_all_posts_and_distinct_ids(seed_paths):
    articles = [a for p in seed_paths for a in articles_of(p)]
    assert len(articles) == 8
    ids = {a["id"] for a in articles}
    assert len(ids) == 6
    by_id: dict[str, list[dict]] = {}
    for a in articles:
        by_id.setdefault(a["id"], []).append(a)
    shared = {v[0]["title"] for v in by_id.values() if len(v) == 2}
    assert shared == {
        "Is journalist Vicky Xu preparing to return to China?",
        "Guide for Foreign Residents: Obtaining a Certificate of No Criminal Record in China",
    }
    for copies in by_id.values():
        assert len({(c["text"], c["summary"], c["content_hash"]) for c in copies}) == 1


def test_no_chrome_in_any_text(seed_paths):
    for a in (a for p in seed_paths for a in articles_of(p)):
        for field in ("title", "summary", "text"):
            value = a[field] or ""
            for chrome in CHROME_SUBSTRINGS:
                assert chrome not in value, f"{chrome!r} leaked into {field} of {a['title']!r}"
            paragraphs = value.split("\n\n")
            assert not set(paragraphs) & set(CHROME_PARAGRAPHS)
        assert chrome_hits(a["text"]) == []
        assert "\n\n\n" not in a["text"] and a["text"] == a["text"].strip()


def test_fields_of_each_kind_of_post(seed_paths):
    by_title = {a["title"]: a for p in seed_paths for a in articles_of(p)}
    eaf = by_title["Strained ties with Russia boost prospects for Central Asian integration"]
    assert eaf["authors"] == [{"name": "Gennady Rudkevich", "affiliation": "Alexandria"}]
    assert eaf["source"] == {"name": "East Asia Forum", "url": None, "truncated": True}
    assert eaf["image_captions"][0].endswith("(Photo: Reuters/Sputnik/Alexander Astafyev)")
    assert eaf["summary"] is None and eaf["published"] is None and eaf["category"] == "China"
    afcl = by_title["Is journalist Vicky Xu preparing to return to China?"]
    assert afcl["credits"] == ["Translated by Shen Ke", "Edited by Shen Ke and Malcolm Foster"]
    assert afcl["source"]["name"] == "Asia Fact Check Lab"  # named by the blurb, not the note
    assert afcl["image_captions"][0].endswith("(Screenshots / X & Weibo)")
    cb = by_title["China Unveils Plan to Upgrade Industrial Equipment"]
    assert cb["summary"].startswith("China unveiled a comprehensive action plan")
    assert cb["summary"] not in cb["text"]
    assert cb["text"].startswith("China announced an ambitious action plan")
    assert cb["source"] == {"name": "China Briefing", "url": None, "truncated": True}


def test_every_line_validates_against_schema(seed_paths):
    for a in (a for p in seed_paths for a in articles_of(p)):
        assert validation_errors(a) == []


def test_cli_output_is_deterministic_and_valid(tmp_path):
    first = run_cli("fixtures/text", "--keep-duplicates")
    second = run_cli("fixtures/text", "--keep-duplicates")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    lines = first.stdout.decode().splitlines()
    assert len(lines) == 8
    assert all(validation_errors(json.loads(line)) == [] for line in lines)


# --- malformed input ------------------------------------------------------------------------

SEED = TEXT_FIXTURES[0].read_text(encoding="utf-8") if TEXT_FIXTURES else ""


def test_empty_and_whitespace_pages_give_no_articles():
    assert extract_text("") == []
    assert extract_text("\n\n  \n\u00a0\n") == []


def test_page_of_only_chrome_gives_no_articles():
    chrome = "Connect with us\n//pagead2.googlesyndication.com/pagead/js/adsbygoogle.js\n\nPublished\n\non\n\nContinue Reading\n"
    assert extract_text(chrome) == []


def test_post_with_no_body_is_skipped_and_the_others_kept():
    empty_post = "China\n\nA headline with nothing under it\n\nPublished\n\non\n\nContinue Reading\n\n"
    got = extract_text(empty_post + SEED)
    assert [a.title for a in got] == [a.title for a in extract_text(SEED)]


def test_windows_line_endings_and_nbsp_change_nothing():
    reference = [a.to_dict() for a in extract_text(SEED)]
    crlf = SEED.replace("\n", "\r\n")
    nbsp = re.sub(r"(?m) $", "\u00a0", SEED.replace(". ", ".\u00a0 "))
    assert [a.to_dict() for a in extract_text(crlf)] == reference
    nb = [a.to_dict() for a in extract_text(nbsp)]
    assert [a["id"] for a in nb] == [a["id"] for a in reference]
    assert [a["text"] for a in nb] == [a["text"] for a in reference]


def test_50mb_dump_gives_a_clean_result(tmp_path):
    big = tmp_path / "big.txt"
    chunk = (SEED.rstrip("\n") + "\n\n").encode("utf-8")
    with big.open("wb") as fh:
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    assert big.stat().st_size >= 50 * 2**20
    proc = run_cli(str(big), "-o", str(tmp_path / "out.jsonl"), "--keep-duplicates")
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 * (50 * 2**20 // len(chunk) + 1)
    assert len({json.loads(line)["id"] for line in lines}) == 4


# --- other republishers' wording of the same chrome -------------------------------------------

OTHER_WORDINGS = """Follow us

Economy

Port of Dalian adds cold-chain berths

Posted on

Dalian's port authority opened four refrigerated berths on Friday, adding capacity for seafood imports.

Operators said the berths would cut waiting times for reefer vessels by about a day.

The post Port of Dalian adds cold-chain berths appeared first on Harbour Lines.

Continue Reading

Economy

Yunnan tea growers bet on livestreaming

Published

on

By Mei Lin and Tao Zhang, Mekong Monitor

Tea growers in Yunnan have turned to livestreamed sales to reach buyers across the border.

A cooperative near Pu'er said online orders doubled in a year. (Photo / Mekong Monitor)

Sales still depend on a handful of hosts with large followings.

Source: Mekong Monitor

Continue Reading

World

Harbin winter crowds revive tourism hopes

Published

on

Visitor numbers to Harbin's ice festival passed last year's record by early January.

Hotel operators said bookings for February were also ahead of forecasts…

Continue reading on Northeast Dispatch

Continue Reading
"""


def test_other_wordings_of_notes_bylines_and_labels():
    got = extract_text(OTHER_WORDINGS)
    assert [a.title for a in got] == ["Port of Dalian adds cold-chain berths",
                                      "Yunnan tea growers bet on livestreaming",
                                      "Harbin winter crowds revive tourism hopes"]
    dalian, tea, harbin = got
    assert (dalian.source.name, dalian.source.truncated, dalian.category) == ("Harbour Lines", False, "Economy")
    assert (tea.source.name, tea.source.truncated) == ("Mekong Monitor", False)
    assert [(a.name, a.affiliation) for a in tea.authors] == [("Mei Lin", "Mekong Monitor"), ("Tao Zhang", "Mekong Monitor")]
    assert tea.image_captions == ["A cooperative near Pu'er said online orders doubled in a year. (Photo / Mekong Monitor)"]
    assert (harbin.source.name, harbin.source.truncated) == ("Northeast Dispatch", True)
    for a in got:
        assert chrome_hits(a.text) == [] and "Follow us" not in a.text and "Posted on" not in a.text
        assert len(a.text.split("\n\n")) == 2


def test_a_body_sentence_that_looks_like_chrome_stays():
    dump = ("China\n\nA headline\n\nPublished\n\non\n\nBy the end of 2024, exports had risen by a third.\n\n"
            "Source: customs data compiled by the ministry shows the rise was led by machinery.\n\n"
            "Officials expect the pace to slow next year.\n")
    (art,) = extract_text(dump)
    assert art.authors == [] and art.source.name is None
    assert art.text.startswith("By the end of 2024") and "Source: customs data" in art.text
