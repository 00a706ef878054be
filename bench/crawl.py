"""End-to-end crawl throughput on a generated Zox-News-structured site served on 127.0.0.1.

    .venv/bin/python bench/crawl.py [--posts 2000] [--modes off,inline,pool2] [--json FILE]

Each mode is one real `scrapy crawl republisher` subprocess over the same site, with all
pipelines on: `off` fetches and follows links only (EXTRACT_ENABLED=0), `inline` extracts on the
reactor thread, `poolN` extracts in N worker processes (EXTRACT_WORKERS=N). Reported: pages/s,
articles/s (extracted, teaser copies included) and written/s (distinct articles), peak RSS of the
crawl's whole process tree, and CPU use (user+sys of the tree over wall time; 200% = both cores).
Wall time includes the crawl process start (imports: about 3 s).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import machine, print_table, run_measured, served_site  # noqa: E402

MODES = {
    "off": {"EXTRACT_ENABLED": "0"},
    "inline": {"EXTRACT_WORKERS": "0"},
    "pool1": {"EXTRACT_WORKERS": "1"},
    "pool2": {"EXTRACT_WORKERS": "2"},
}
# Loopback server, no politeness delay: this measures cleanwire, not AutoThrottle.
COMMON = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "32",
          "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": "1"}


def run_mode(name: str, base: str, work: Path) -> dict:
    settings = {**COMMON, **MODES[name], "SEEN_STORE": str(work / "seen.sqlite3"),
                "JSONL_PATH": str(work / "out" / "{site}" / "{date}.jsonl"),
                "CRAWL_REPORT_PATH": str(work / "report.json")}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", "profile=fixture", "-a", f"base_url={base}"]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    m = run_measured(cmd, interval=0.2)
    wall = m.wall_s
    if m.returncode != 0:
        raise SystemExit(f"{name}: crawl failed:\n{m.stderr[-2000:]}")
    report = json.loads((work / "report.json").read_text())
    cpu = m.cpu_s
    pages = report.get("pages/fetched", 0)
    return {
        "mode": name, "wall_s": round(wall, 2), "pages": pages,
        "articles": report.get("articles/extracted", 0), "written": report.get("written", 0),
        "pages_per_s": round(pages / wall, 1), "articles_per_s": round(report.get("articles/extracted", 0) / wall, 1),
        "written_per_s": round(report.get("written", 0) / wall, 1),
        "peak_rss_mb": round(m.peak_rss_kb / 1024, 1), "cpu_pct": round(100 * cpu / wall),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--modes", default="off,inline,pool2")
    ap.add_argument("--json", help="write the results here too")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="cleanwire-bench-") as tmp, served_site(Path(tmp) / "site", args.posts) as base:
        for name in args.modes.split(","):
            rows.append(run_mode(name, base, Path(tmp) / name))
            print(f"  {name}: {rows[-1]}", file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print_table([("mode", itemgetter("mode")), ("wall s", itemgetter("wall_s")), ("pages", itemgetter("pages")),
                 ("pages/s", itemgetter("pages_per_s")), ("articles/s", itemgetter("articles_per_s")),
                 ("written/s", itemgetter("written_per_s")), ("peak RSS MB", itemgetter("peak_rss_mb")),
                 ("CPU %", itemgetter("cpu_pct"))], rows)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "runs": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
