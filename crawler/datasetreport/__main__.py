"""`python -m crawler.datasetreport FILE.jsonl... [-o OUT.html]` (also `cleanwire-report`): the HTML
dataset report of any JSONL, `X.report.html` beside `X.jsonl` unless -o says otherwise. When the
crawl that wrote the file left `X.monitors.json` beside it, its stats and verdicts are shown too."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="cleanwire-report", description=__doc__.splitlines()[0])
    ap.add_argument("jsonl", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, help="the report's path (one input file only)")
    args = ap.parse_args(argv)
    if args.output and len(args.jsonl) > 1:
        ap.error("-o takes one input file")
    from crawler.datasetreport import write_report
    from crawler.monitors import beside

    failed = 0
    for jsonl in args.jsonl:
        if not jsonl.is_file():
            print(f"cleanwire-report: {jsonl}: no such file", file=sys.stderr)
            failed += 1
            continue
        stats = verdicts = None
        monitors = beside(jsonl, ".monitors.json")
        if monitors.is_file():
            try:
                kept = json.loads(monitors.read_text(encoding="utf-8"))
                stats, verdicts = kept.get("stats"), kept.get("monitors")
            except (OSError, ValueError) as exc:
                print(f"cleanwire-report: {monitors}: unreadable, left out ({exc})", file=sys.stderr)
        out = write_report(jsonl, args.output or beside(jsonl, ".report.html"), stats, verdicts)
        print(out)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
