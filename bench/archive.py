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
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "fixtures"), str(ROOT / "bench")]

from crawl import machine, sample_tree  # noqa: E402
from sitegen import build_bench_site  # noqa: E402
from warcgen import site_pages, write_warc  # noqa: E402


def run(warc: Path, jobs: int, out: Path, extra: tuple[str, ...] = ()) -> dict:
    cmd = [sys.executable, "-m", "extractors", str(warc), "-j", str(jobs), "-o", str(out), *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sample_tree(proc.pid)[0])
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"-j {jobs} failed:\n{err.decode()[-2000:]}")
    summary = next(line for line in err.decode().splitlines() if " articles from " in line)
    records = int(summary.split(" archive records")[0].rsplit(" ", 1)[1])
    pages = int(summary.split(" pages")[0].rsplit(" ", 1)[1])
    written = sum(1 for _ in out.open(encoding="utf-8"))
    return {"jobs": jobs, "wall_s": round(wall, 1), "records": records, "pages": pages, "written": written,
            "records_per_s": round(records / wall, 1), "pages_per_s": round(pages / wall, 1),
            "peak_rss_mb": round(peak / 1024, 1), "summary": summary}


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
    print("| pages in WARC | WARC MB | -j | wall s | records | records/s | pages/s | vs -j 1 | articles | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['pages']} | {r['warc_mb']} | {r['jobs']} | {r['wall_s']} | {r['records']} | {r['records_per_s']} | "
              f"{r['pages_per_s']} | {r['ratio']}x | {r['written']} | {r['peak_rss_mb']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "runs": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
