"""What a re-extraction changed: new, changed and gone articles against the archive's own dataset."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import signals as cw_signals
from crawler.archive.replay import archive_files
from crawler.pipelines.writer import output_path, safe_name

logger = logging.getLogger(__name__)
LISTED = 200  # articles named per category in the report; the counts are always complete


def summary(record: dict[str, Any]) -> dict[str, Any]:
    extractor = record.get("extractor") or {}
    return {"id": record["id"], "url": record.get("url"), "title": record.get("title"),
            "content_hash": record["content_hash"],
            "extractor": f"{extractor.get('name')} {extractor.get('version')}"}


def diff(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """By article id: new (only after), changed (both, another content_hash), gone (only before)."""
    new = [after[i] for i in after if i not in before]
    gone = [before[i] for i in before if i not in after]
    changed = [{**after[i], "content_hash_before": before[i]["content_hash"], "extractor_before": before[i]["extractor"]}
               for i in after if i in before and after[i]["content_hash"] != before[i]["content_hash"]]
    return {
        "counts": {"new": len(new), "changed": len(changed), "gone": len(gone),
                   "unchanged": sum(1 for i in after if i in before) - len(changed),
                   "before": len(before), "after": len(after)},
        "extractors": {"before": dict(Counter(r["extractor"] for r in before.values())),
                       "after": dict(Counter(r["extractor"] for r in after.values()))},
        "new": new[:LISTED], "changed": changed[:LISTED], "gone": gone[:LISTED],
    }


def baseline_files(settings, archives: list[Path]) -> list[Path]:
    """`ARCHIVE_REPLAY_BASELINE`, else the JSONL files beside the archive files."""
    spec = settings.get("ARCHIVE_REPLAY_BASELINE")
    if spec:
        return [Path(p.strip()) for p in spec.split(",") if p.strip()]
    return sorted({p for a in archives for p in a.parent.glob("*.jsonl")})


def read_baseline(paths: list[Path], archives: list[Path], explicit: bool) -> dict[str, dict[str, Any]]:
    """The lines whose page is in one of `archives` (all lines of an explicit baseline)."""
    names = {a.name for a in archives}
    rows: dict[str, dict[str, Any]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                warc = record.get("warc") or {}
                if explicit or Path(warc.get("filename") or "").name in names:
                    rows[record["id"]] = summary(record)
    return rows


class ReextractionReport:
    """Installed by the replay add-on. Collects what this run wrote (`article_written`), and at the
    end compares it with the dataset the archive came from: counts in the stats
    (`cleanwire/reextract/...`) and the log, the full report in `X.reextract.json` beside the
    `X.jsonl` this run wrote."""

    def __init__(self, crawler) -> None:
        spec = crawler.settings.get("ARCHIVE_REPLAY")
        if not spec:
            raise NotConfigured
        self.crawler = crawler
        try:
            self.archives = archive_files(spec)
        except ValueError as exc:  # the replay handler has said so already
            raise NotConfigured(str(exc)) from None
        self.written: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.on_written, signal=cw_signals.article_written)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def on_written(self, item: Any) -> None:
        record = ItemAdapter(item).asdict()
        self.written[record["id"]] = summary(record)

    def spider_closed(self, spider, reason) -> None:
        settings = self.crawler.settings
        explicit = bool(settings.get("ARCHIVE_REPLAY_BASELINE"))
        baseline = baseline_files(settings, self.archives)
        report = {"archive": [str(p) for p in self.archives], "baseline": [str(p) for p in baseline],
                  **diff(read_baseline(baseline, self.archives, explicit), self.written)}
        stats = self.crawler.stats
        for key, value in report["counts"].items():
            stats.set_value(f"cleanwire/reextract/{key}", value)
        path = self.report_path(spider)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        c = report["counts"]
        logger.info("re-extraction: %d new, %d changed, %d gone, %d unchanged (extractors before: %s; now: %s); "
                    "report: %s", c["new"], c["changed"], c["gone"], c["unchanged"],
                    report["extractors"]["before"], report["extractors"]["after"], path)

    def report_path(self, spider) -> Path:
        site = getattr(spider, "site", None) or "unknown"
        written = self.crawler.stats.get_value(f"cleanwire/output/{safe_name(site)}")
        if written:
            jsonl = Path(written)
        else:
            from datetime import UTC, datetime

            jsonl = output_path(self.crawler.settings.get("JSONL_PATH"), site, datetime.now(UTC).strftime("%Y-%m-%d"))
        return jsonl.with_name(jsonl.name.removesuffix(".jsonl") + ".reextract.json")
