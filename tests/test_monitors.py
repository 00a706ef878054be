"""Spider-close monitors (crawler/monitors.py): real crawls of the fixture site on a real server, and
the report each crawl leaves beside its JSONL."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from crawl_helpers import Workdir
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.pipelines.base import Drop
from crawler.pipelines.validation import SchemaValidationPipeline

MONITORS = {"Articles found", "Unexpected errors", "Failed pages", "Finish Reason Monitor",
            "Field Coverage Monitor", "Chrome leaks"}
# A publisher blurb in the middle of a body: the extractor keeps it (blurbs count only in a post's
# closing paragraphs), while chrome_hits flags it anywhere.
BLURB = "Mekong Monitor is written and produced by a team of regional reporters."


def reports(work: Workdir) -> list[Path]:
    return sorted(work.out.rglob("*.monitors*.json"))


def verdicts(path: Path) -> dict[str, dict]:
    report = json.loads(path.read_text(encoding="utf-8"))
    return {v["monitor"]: v for v in report["monitors"]}


@pytest.mark.slow
def test_fixture_crawl_passes_every_monitor_and_reports_beside_the_jsonl(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    (jsonl,) = work.files()
    (report_path,) = reports(work)
    assert report_path == jsonl.with_name(jsonl.name.replace(".jsonl", ".monitors.json"))
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["passed"] is True and report["finish_reason"] == "finished"
    assert report["outputs"] == {"fixture": str(jsonl)}
    by_name = verdicts(report_path)
    assert set(by_name) == MONITORS
    assert {v["status"] for v in by_name.values()} == {"passed"}, by_name
    figures = work.report()  # the crawl report carries the verdicts too
    assert figures["monitors/passed"] == 6 and figures["monitors/failed"] == 0
    assert figures["chrome_leaks"] == 0
    assert figures["pages/failed/http_500"] == 1 and figures["pages/failed/timeout"] == 1  # tolerated


@pytest.mark.slow
def test_chrome_left_in_a_text_fails_the_chrome_monitor_and_names_the_pattern(site, tmp_path):
    server, root = site
    anchor = "<p>Three evenings a week"  # a body paragraph of one post, on every page that carries it
    pages = [p for p in root.rglob("*.html") if anchor in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        page.write_text(page.read_text(encoding="utf-8").replace(anchor, f"<p>{BLURB}\n{anchor}"), encoding="utf-8")
    work = Workdir(tmp_path / "run")
    work.crawl("-a", "profile=fixture", "-a", f"base_url={server.base}")
    assert any(BLURB in r["text"] for r in work.records())  # it did leak into the dataset
    (report_path,) = reports(work)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["passed"] is False
    by_name = verdicts(report_path)
    assert by_name["Chrome leaks"]["status"] == "failed"
    assert "blurb_produced (1)" in by_name["Chrome leaks"]["message"]
    assert {n for n, v in by_name.items() if v["status"] != "passed"} == {"Chrome leaks"}
    figures = work.report()
    assert figures["chrome_leaks"] == 1 and figures["chrome_leaks/blurb_produced"] == 1
    assert figures["monitors/failed"] == 1


@pytest.mark.slow
def test_min_items_counts_articles_found_not_written(site, tmp_path):
    server, _ = site
    work = Workdir(tmp_path / "run")
    args = ("-a", "profile=fixture", "-a", f"base_url={server.base}")
    work.crawl(*args, CLEANWIRE_MIN_ITEMS="10")
    (first,) = reports(work)
    assert verdicts(first)["Articles found"]["status"] == "passed"

    # A re-crawl writes nothing new: still 10 articles found, still healthy; its report is a new file.
    work.crawl(*args, CLEANWIRE_MIN_ITEMS="10")
    assert work.report()["written"] == 0
    second = next(p for p in reports(work) if p != first)
    assert second.name.endswith(".monitors-1.json") and second.parent == first.parent
    report = json.loads(second.read_text(encoding="utf-8"))
    assert report["outputs"] == {} and report["passed"] is True
    assert verdicts(second)["Field Coverage Monitor"]["status"] == "skipped"  # no written items to cover

    work.crawl(*args, CLEANWIRE_MIN_ITEMS="11")
    third = next(p for p in reports(work) if p not in (first, second))
    verdict = verdicts(third)["Articles found"]
    assert verdict["status"] == "failed"
    assert "10 distinct valid articles found (0 written, 10 seen before)" in verdict["message"]
    assert "CLEANWIRE_MIN_ITEMS=11" in verdict["message"]
    assert work.report()["monitors/status/Articles found"] == "failed"


def pipeline_crawler(**settings):
    """What the validation pipeline reads of a crawler: its settings and its stats."""
    crawler = SimpleNamespace(settings=Settings())
    crawler.settings.setmodule("crawler.settings", priority="project")
    crawler.settings.setdict(settings, priority="cmdline")
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


def test_schema_validation_drops_with_the_reason_in_the_stats():
    crawler = pipeline_crawler()
    pipeline = SchemaValidationPipeline.from_crawler(crawler)
    assert isinstance(pipeline, SchemaValidationPipeline)
    article = {"id": "0" * 24, "url": None, "page_url": "http://x/p", "site": "x", "category": None,
               "title": "", "authors": [], "published": None, "summary": None, "text": "Body.",
               "image_captions": [], "credits": [], "source": {"name": None, "url": None, "truncated": False},
               "language": "en", "word_count": 1, "content_hash": "0" * 64,
               "extractor": {"name": "t", "version": "0"}, "warc": None}
    with pytest.raises(Drop) as dropped:
        pipeline.process_item(article)
    assert dropped.value.reason == "invalid" and "title" in str(dropped.value)
    stats = crawler.stats.get_stats()
    assert stats["cleanwire/dropped/invalid"] == 1 and stats["cleanwire/dropped/invalid/title"] == 1
    assert stats["spidermon/validation/items/dropped"] == 1
    assert pipeline.process_item({**article, "title": "A title"})["title"] == "A title"


def test_spidermon_off_keeps_cleanwire_validation():
    pipeline = SchemaValidationPipeline.from_crawler(pipeline_crawler(SPIDERMON_ENABLED=False))
    assert type(pipeline).__name__ == "ValidationPipeline"
