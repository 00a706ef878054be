"""Batch extraction from a WARC: records/s at -j 1 and -j 2, and peak memory at two archive sizes.

    .venv/bin/python bench/archive.py [--posts 2000,4000] [--jobs 1,2] [--json FILE]

For each size, a generated Zox-News-structured site (fixtures/sitegen.py, as bench/crawl.py) is
written into one WARC (fixtures/warcgen.py: request + response per page, gzip per record, plus an
image, a 404, a redirect and a metadata record). Each `-j` runs the real CLI as a subprocess over it,
the runs of one size back to back in the same process (compare the ratio, not the absolute times).
Peak RSS is the CLI's whole process tree (parent and workers), sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import build_bench_site, machine, print_table, run_measured  # noqa: E402
from warcgen import site_pages, write_warc  # noqa: E402


def run(warc: Path, jobs: int, out: Path, extra: tuple[str, ...] = ()) -> dict:
    cmd = [sys.executable, "-m", "extractors", str(warc), "-j", str(jobs), "-o", str(out), *extra]
    m = run_measured(cmd)
    if m.returncode != 0:
        raise SystemExit(f"-j {jobs} failed:\n{m.stderr[-2000:]}")
    summary = next(line for line in m.stderr.splitlines() if " articles from " in line)
    records = int(summary.split(" archive records")[0].rsplit(" ", 1)[1])
    pages = int(summary.split(" pages")[0].rsplit(" ", 1)[1])
    written = sum(1 for _ in out.open(encoding="utf-8"))
    wall = m.wall_s
    return {"jobs": jobs, "wall_s": round(wall, 1), "records": records, "pages": pages, "written": written,
            "records_per_s": round(records / wall, 1), "pages_per_s": round(pages / wall, 1),
            "peak_rss_mb": round(m.peak_rss_kb / 1024, 1), "summary": summary}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", default="2000,4000", help="archive sizes, in generated post pages")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--json", help="write the results here too")
    ap.add_argument("--no-learn-chrome", action="store_true",
                    help="one pass (the CLI's default over an archive is two: learn each site's chrome, then extract)")
    args = ap.parse_args()
    extra = ("--no-learn-chrome",) if args.no_learn_chrome else ()
    results = []
    with tempfile.TemporaryDirectory(prefix="cleanwire-bench-archive-") as tmp:
        for posts in map(int, args.posts.split(",")):
            site = Path(tmp) / f"site-{posts}"
            build_bench_site(site, n_posts=posts)
            warc = write_warc(Path(tmp) / f"bench-{posts}.warc.gz", site_pages(site, "http://news.example"))
            size_mb = warc.stat().st_size / 2**20
            print(f"{posts} posts: {warc.name} {size_mb:.1f} MB", file=sys.stderr)
            rows = []
            for jobs in map(int, args.jobs.split(",")):
                rows.append({"posts": posts, "warc_mb": round(size_mb, 1),
                             **run(warc, jobs, Path(tmp) / f"out-{posts}-{jobs}.jsonl", extra)})
                print(f"  {rows[-1]}", file=sys.stderr)
            base = rows[0]["records_per_s"]
            for r in rows:
                r["ratio"] = round(r["records_per_s"] / base, 2)
            results += rows
            for r in rows:
                assert r["written"] == rows[0]["written"], "the output must not depend on -j"
    print(f"Machine: {machine()}\n")
    print_table([("pages in WARC", itemgetter("pages")), ("WARC MB", itemgetter("warc_mb")), ("-j", itemgetter("jobs")),
                 ("wall s", itemgetter("wall_s")), ("records", itemgetter("records")),
                 ("records/s", itemgetter("records_per_s")), ("pages/s", itemgetter("pages_per_s")),
                 ("vs -j 1", lambda r: f"{r['ratio']}x"), ("articles", itemgetter("written")),
                 ("peak RSS MB", itemgetter("peak_rss_mb"))], results)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "runs": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
