"""Spider-close monitors: did this crawl produce a healthy dataset?

Wired by SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.monitors.CrawlHealthSuite"]. Each monitor is
one question with its threshold in a setting; the verdicts go to the stats (`cleanwire/monitors/...`)
and to a JSON report beside the JSONL the run wrote (MonitorReportAction).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spidermon import MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import FieldCoverageMonitor, FinishReasonMonitor
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor
from spidermon.core.actions import Action

from crawler.pipelines.writer import output_path

PREFIX = "cleanwire/"
FAILED = f"{PREFIX}pages/failed/"
LEAKS = f"{PREFIX}chrome_leaks"


def _count(stats: Any, key: str) -> int:
    return int(stats.get(key) or 0)


@monitors.name("Articles found")
class ArticlesFoundMonitor(BaseScrapyMonitor):
    """At least CLEANWIRE_MIN_ITEMS distinct valid articles on the site: written by this run, or
    already written by an earlier run or another worker (`dropped/seen_before`,
    `dropped/claimed_elsewhere`). A re-crawl that finds only known articles writes nothing and is
    healthy; a site whose layout broke the extractor finds nothing."""

    @monitors.name("Found at least CLEANWIRE_MIN_ITEMS distinct valid articles")
    def test_found_enough_articles(self):
        minimum = self.crawler.settings.getint("CLEANWIRE_MIN_ITEMS", 1)
        written = _count(self.stats, f"{PREFIX}written")
        seen = _count(self.stats, f"{PREFIX}dropped/seen_before") + _count(
            self.stats, f"{PREFIX}dropped/claimed_elsewhere")
        found = written + seen
        self.assertGreaterEqual(found, minimum, msg=(
            f"{found} distinct valid articles found ({written} written, {seen} seen before), "
            f"fewer than CLEANWIRE_MIN_ITEMS={minimum}; {_count(self.stats, f'{PREFIX}articles/extracted')} "
            f"extracted, {_count(self.stats, f'{PREFIX}dropped/invalid')} invalid"))


@monitors.name("Unexpected errors")
class UnexpectedErrorsMonitor(BaseScrapyMonitor):
    """ERROR log lines beyond the retry middleware's "gave up retrying" (those are failed pages,
    judged by FailedPagesMonitor): exceptions in callbacks, pipelines, robots.txt, ..."""

    @monitors.name("At most CLEANWIRE_MAX_ERRORS unexpected ERROR log lines")
    def test_unexpected_errors(self):
        maximum = self.crawler.settings.getint("CLEANWIRE_MAX_ERRORS", 0)
        errors = _count(self.stats, "log_count/ERROR")
        # Scrapy logs each give-up at RETRY_GIVE_UP_LOG_LEVEL: only at ERROR are they in `errors`.
        level = self.crawler.settings.get("RETRY_GIVE_UP_LOG_LEVEL", "ERROR")
        level = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        gave_up = _count(self.stats, "retry/max_reached") if level >= logging.ERROR else 0
        unexpected = max(errors - gave_up, 0)
        self.assertLessEqual(unexpected, maximum, msg=(
            f"{unexpected} unexpected ERROR log lines ({errors} in all, {gave_up} retry give-ups), "
            f"more than CLEANWIRE_MAX_ERRORS={maximum}"))


@monitors.name("Failed pages")
class FailedPagesMonitor(BaseScrapyMonitor):
    """Share of page fetches that failed (5xx, timeouts, refused, ...) at most
    CLEANWIRE_MAX_FAILED_SHARE. Reasons in CLEANWIRE_FAILED_NOT_COUNTED (a 404 link, a robots.txt
    refusal) are the site's content or our own politeness, not a failing crawl."""

    @monitors.name("At most CLEANWIRE_MAX_FAILED_SHARE of page fetches failed")
    def test_failed_share(self):
        settings = self.crawler.settings
        maximum = settings.getfloat("CLEANWIRE_MAX_FAILED_SHARE", 0.2)
        not_counted = set(settings.getlist("CLEANWIRE_FAILED_NOT_COUNTED", ["ignored", "http_404", "http_410"]))
        failed = {k.removeprefix(FAILED): int(v) for k, v in self.stats.items()
                  if k.startswith(FAILED) and k.removeprefix(FAILED) not in not_counted}
        total = _count(self.stats, f"{PREFIX}pages/fetched") + sum(failed.values())
        share = sum(failed.values()) / total if total else 0.0
        detail = ", ".join(f"{k} {v}" for k, v in sorted(failed.items())) or "none"
        self.assertLessEqual(share, maximum, msg=(
            f"{share:.0%} of {total} page fetches failed ({detail}), more than "
            f"CLEANWIRE_MAX_FAILED_SHARE={maximum:.0%}"))


@monitors.name("Chrome leaks")
class ChromeLeakMonitor(BaseScrapyMonitor):
    """No written article's text holds a paragraph the extractors' chrome table recognises
    (counted by crawler.pipelines.quality.ChromeLeakPipeline with `extractors.patterns.chrome_hits`)."""

    @monitors.name("No chrome in written article texts")
    def test_no_chrome_in_written_texts(self):
        leaks = _count(self.stats, LEAKS)
        by_pattern = {k.removeprefix(LEAKS + "/"): int(v) for k, v in self.stats.items()
                      if k.startswith(LEAKS + "/")}
        detail = ", ".join(f"{name} ({n})" for name, n in sorted(by_pattern.items()))
        self.assertEqual(leaks, 0, msg=f"chrome in {leaks} written article(s): {detail}")


STATUS = {"OK": "passed", "FAIL": "failed", "ERROR": "error", "SKIPPED": "skipped"}


def verdict(result) -> dict[str, str]:
    """One monitor check's result as {monitor, check, status, message}."""
    monitor = result.item
    status = STATUS.get(result.status, result.status)
    if status == "passed":
        message = "ok"
    elif status == "error":
        message = (result.error or "").strip().splitlines()[-1:] or [""]
        message = message[0]
    else:
        message = result.reason or ""
    return {"monitor": monitor.monitor_name, "check": monitor.method_name, "status": status,
            "message": str(message).strip()}


def crawl_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The cleanwire figures of a crawl (and its finish reason), as kept beside its JSONL."""
    kept = {k: v for k, v in stats.items() if k.startswith(PREFIX) and not k.startswith(f"{PREFIX}monitors/")}
    return {**kept, "finish_reason": stats.get("finish_reason")}


class MonitorReportAction(Action):
    """Every monitor's verdict, in the stats and in a JSON file beside the JSONL the run wrote, so a
    dataset file carries its own health check (see `report_paths` for the names); the file also
    keeps the crawl's cleanwire stats, for the HTML report of the JSONL made later."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        verdicts = [verdict(r) for r in self.result.monitor_results]
        failed = [v for v in verdicts if v["status"] in ("failed", "error")]
        stats = crawler.stats
        stats.set_value(f"{PREFIX}monitors/passed", len(verdicts) - len(failed))
        stats.set_value(f"{PREFIX}monitors/failed", len(failed))
        for v in verdicts:
            stats.set_value(f"{PREFIX}monitors/status/{v['monitor']}", v["status"])
        outputs = {k.removeprefix(f"{PREFIX}output/"): v for k, v in self.data.stats.items()
                   if k.startswith(f"{PREFIX}output/")}
        report = {
            "spider": self.data.spider.name,
            "site": getattr(self.data.spider, "site", None),
            "finish_reason": self.data.stats.get("finish_reason"),
            "passed": not failed,
            "outputs": outputs,
            "monitors": verdicts,
            "stats": crawl_stats(self.data.stats),
        }
        written = [_write_new(path, json.dumps(report, indent=2, default=str) + "\n")
                   for path in report_paths(crawler.settings, outputs, report["site"], self.data.stats.get("start_time"))]
        stats.set_value(f"{PREFIX}monitors/report", ", ".join(map(str, written)))


def report_paths(settings, outputs: dict[str, str], site: str | None, start_time: Any,
                 suffix: str = ".monitors.json") -> list[Path]:
    """`X.jsonl` -> `X.monitors.json` (or X + `suffix`) for each file the run wrote. A run that wrote nothing (a
    re-crawl that found only known articles) still reports, under the name its JSONL would have had
    (`JSONL_PATH` with the run's UTC start date). `_write_new` never overwrites an earlier report."""
    if outputs:
        return [beside(Path(p), suffix) for p in outputs.values()]
    template = settings.get("JSONL_PATH") or "output/{site}/{date}.jsonl"
    start = start_time if isinstance(start_time, datetime) else datetime.now(UTC)
    final = output_path(template, site or "unknown", start.astimezone(UTC).strftime("%Y-%m-%d"))
    return [beside(final, suffix)]


def beside(jsonl: Path, suffix: str) -> Path:
    """`X.jsonl` -> `X<suffix>`."""
    return jsonl.with_name(jsonl.name.removesuffix(".jsonl") + suffix)


def _write_new(path: Path, text: str) -> Path:
    """Write under the first free name: `X.monitors.json`, `X.monitors-1.json`, ..."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stem, ext = path.name.removesuffix(path.suffix), path.suffix
    n = 0
    while True:
        candidate = path.with_name(f"{stem}{'' if n == 0 else f'-{n}'}{ext}")
        try:
            with candidate.open("x", encoding="utf-8") as fh:
                fh.write(text)
            return candidate
        except FileExistsError:
            n += 1


class DatasetReportAction(Action):
    """The HTML dataset report (crawler.datasetreport) beside each JSONL the run wrote, `X.report.html`
    (a run that wrote nothing reports under the name its file would have had): the records, the
    crawl's stats and the monitors' verdicts. `CLEANWIRE_HTML_REPORT=0` switches it off."""

    def run_action(self) -> None:
        from crawler.datasetreport import write_report

        crawler = self.data.crawler
        if not crawler.settings.getbool("CLEANWIRE_HTML_REPORT", True):
            return
        stats = crawl_stats(self.data.stats)
        verdicts = [verdict(r) for r in self.result.monitor_results]
        outputs = {k.removeprefix(f"{PREFIX}output/"): v for k, v in self.data.stats.items()
                   if k.startswith(f"{PREFIX}output/")}
        site = getattr(self.data.spider, "site", None)
        written = []
        for jsonl in [Path(p) for p in outputs.values()] or [None]:
            target = beside(jsonl, ".report.html") if jsonl is not None else report_paths(
                crawler.settings, {}, site, self.data.stats.get("start_time"), ".report.html")[0]
            path = _write_new(target, "")  # claims a free name; never overwrites an earlier report
            write_report(jsonl, path, stats, verdicts, title=(jsonl or path).name)
            written.append(str(path))
        crawler.stats.set_value(f"{PREFIX}report", ", ".join(written))


class CrawlHealthSuite(MonitorSuite):
    """The monitors run when the spider closes, then the report action."""

    monitors = [
        ArticlesFoundMonitor,
        UnexpectedErrorsMonitor,
        FailedPagesMonitor,
        FinishReasonMonitor,
        FieldCoverageMonitor,
        ChromeLeakMonitor,
    ]
    monitors_finished_actions = [MonitorReportAction, DatasetReportAction]
