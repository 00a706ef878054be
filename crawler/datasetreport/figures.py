"""What the report shows, computed from the records, the crawl's stats and the monitor verdicts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = "cleanwire/"
# Text lengths in words, as a reader would bucket them: briefs, news items, reports, features, long reads.
LENGTH_BINS = (0, 100, 250, 500, 1000, 2000, 5000)
# Fields whose coverage a dataset's user asks about first, as (label, how to read it from a record).
COVERAGE = (
    ("title", lambda r: r.get("title")),
    ("url", lambda r: r.get("url")),
    ("category", lambda r: r.get("category")),
    ("authors", lambda r: r.get("authors")),
    ("published", lambda r: r.get("published")),
    ("summary", lambda r: r.get("summary")),
    ("image_captions", lambda r: r.get("image_captions")),
    ("source.name", lambda r: (r.get("source") or {}).get("name")),
    ("source.url", lambda r: (r.get("source") or {}).get("url")),
    ("language", lambda r: r.get("language")),
)
# Sources and languages beyond this many are summed as "other": a chart of 300 bars is not read.
TOP = 15


@dataclass
class Figures:
    title: str
    written: int = 0
    stats_known: bool = False  # the crawl's stats were available (the crawl wrote the report, or left its monitors file)
    dropped: dict[str, int] = field(default_factory=dict)
    near_rate: float | None = None  # near copies dropped / valid articles met, in the crawl
    near_in_file: int | None = None  # records of the file that are near copies of an earlier one
    exact_in_file: int | None = None
    languages: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)
    sites: list[tuple[str, int]] = field(default_factory=list)
    per_day: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0
    lengths: list[tuple[str, int]] = field(default_factory=list)
    median_words: int = 0
    coverage: list[tuple[str, float]] = field(default_factory=list)
    rights: dict[str, int] = field(default_factory=dict)
    verdicts: list[dict[str, str]] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    finish_reason: str | None = None


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The whole JSON lines of a file; a torn or foreign line is skipped."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def _top(counter: Counter[str], n: int = TOP) -> list[tuple[str, int]]:
    items = counter.most_common()
    if len(items) <= n:
        return items
    return [*items[:n - 1], ("other", sum(c for _, c in items[n - 1:]))]


def _length_bin(words: int) -> str:
    for low, high in zip(LENGTH_BINS, LENGTH_BINS[1:], strict=False):
        if words < high:
            return f"{low}–{high - 1}"
    return f"{LENGTH_BINS[-1]}+"


def figures_of(records: Iterable[Mapping[str, Any]], title: str, stats: Mapping[str, Any] | None = None,
               verdicts: list[dict[str, str]] | None = None, check_duplicates: bool = False) -> Figures:
    """`stats` are the crawl's (keys `cleanwire/...`); without them, `check_duplicates` counts the
    exact and near copies inside the file with the crawl's own rules (`extractors.dedup`)."""
    from extractors.dedup import Deduplicator

    dedup = Deduplicator() if check_duplicates else None
    dup_reasons: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    days: Counter[str] = Counter()
    lengths: Counter[str] = Counter()
    present: Counter[str] = Counter()
    robots: Counter[str] = Counter()
    words: list[int] = []
    reserved = 0
    n = 0
    for record in records:
        n += 1
        languages[record.get("language") or "unknown"] += 1
        sources[(record.get("source") or {}).get("name") or "(none named)"] += 1
        sites[record.get("site") or "unknown"] += 1
        published = record.get("published")
        if published:
            days[str(published)[:10]] += 1
        count = int(record.get("word_count") or 0)
        words.append(count)
        lengths[_length_bin(count)] += 1
        for name, read in COVERAGE:
            if read(record):
                present[name] += 1
        rights = record.get("rights") or {}
        robots.update(rights.get("robots") or [])
        reserved += rights.get("tdm_reservation") is True
        if dedup is not None and {"id", "content_hash", "text"} <= record.keys() and (reason := dedup.check(record)):
            dup_reasons[reason] += 1

    fig = Figures(title=title, written=n)
    fig.languages = _top(languages)
    fig.sources = _top(sources)
    fig.sites = _top(sites)
    fig.per_day = sorted(days.items())
    fig.undated = n - sum(days.values())
    order = [_length_bin(low) for low in LENGTH_BINS]
    fig.lengths = [(label, lengths[label]) for label in order]
    fig.median_words = sorted(words)[len(words) // 2] if words else 0
    fig.coverage = [(name, present[name] / n if n else 0.0) for name, _ in COVERAGE]
    fig.rights = {"tdm_reserved": reserved, **{f"robots: {k}": v for k, v in robots.most_common()}}
    fig.verdicts = list(verdicts or [])
    if dedup is not None:
        fig.near_in_file = dup_reasons["near"]
        fig.exact_in_file = sum(dup_reasons.values()) - dup_reasons["near"]
    if stats:
        _crawl_figures(fig, stats)
    return fig


def _crawl_figures(fig: Figures, stats: Mapping[str, Any]) -> None:
    fig.stats_known = True
    fig.finish_reason = stats.get("finish_reason")
    dropped = {k.removeprefix(f"{PREFIX}dropped/"): int(v) for k, v in stats.items()
               if k.startswith(f"{PREFIX}dropped/") and not k.startswith(f"{PREFIX}dropped/invalid/")}
    fig.dropped = dict(sorted(dropped.items(), key=lambda kv: -kv[1]))
    valid_met = int(stats.get(f"{PREFIX}written") or 0) + sum(v for k, v in dropped.items() if k != "invalid")
    fig.near_rate = dropped.get("duplicate/near", 0) / valid_met if valid_met else 0.0
    pages = {"fetched": int(stats.get(f"{PREFIX}pages/fetched") or 0),
             "with articles": int(stats.get(f"{PREFIX}pages/with_articles") or 0),
             "articles extracted": int(stats.get(f"{PREFIX}articles/extracted") or 0)}
    for key, value in sorted(stats.items()):
        for kind in ("failed", "skipped"):
            if key.startswith(f"{PREFIX}pages/{kind}/"):
                pages[f"{kind}: {key.rsplit('/', 1)[-1]}"] = int(value)
    fig.pages = pages
