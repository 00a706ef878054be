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
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "fixtures")]

from sitegen import build_bench_site  # noqa: E402

MODES = {
    "off": {"EXTRACT_ENABLED": "0"},
    "inline": {"EXTRACT_WORKERS": "0"},
    "pool1": {"EXTRACT_WORKERS": "1"},
    "pool2": {"EXTRACT_WORKERS": "2"},
}
# Loopback server, no politeness delay: this measures cleanwire, not AutoThrottle.
COMMON = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS": "32",
          "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": "1"}


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (the extraction pool and its forkserver included)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += children.get(p, [])
    return tree


def sample_tree(pid: int) -> tuple[int, dict[int, float]]:
    """(RSS kB of the whole tree, CPU seconds so far per process)."""
    rss, cpu = 0, {}
    tick = os.sysconf("SC_CLK_TCK")
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[p] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime of this process alone
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return rss, cpu


def run_mode(name: str, base: str, work: Path) -> dict:
    settings = {**COMMON, **MODES[name], "SEEN_STORE": str(work / "seen.sqlite3"),
                "JSONL_PATH": str(work / "out" / "{site}" / "{date}.jsonl"),
                "CRAWL_REPORT_PATH": str(work / "report.json")}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", "profile=fixture", "-a", f"base_url={base}"]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu_by_pid: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            rss, cpu = sample_tree(proc.pid)
            peak = max(peak, rss)
            for p, seconds in cpu.items():
                cpu_by_pid[p] = max(cpu_by_pid.get(p, 0.0), seconds)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{name}: crawl failed:\n{err.decode()[-2000:]}")
    report = json.loads((work / "report.json").read_text())
    cpu = sum(cpu_by_pid.values())  # sampled every 0.2 s: the last fifth of a second is missed
    pages = report.get("pages/fetched", 0)
    return {
        "mode": name, "wall_s": round(wall, 2), "pages": pages,
        "articles": report.get("articles/extracted", 0), "written": report.get("written", 0),
        "pages_per_s": round(pages / wall, 1), "articles_per_s": round(report.get("articles/extracted", 0) / wall, 1),
        "written_per_s": round(report.get("written", 0) / wall, 1),
        "peak_rss_mb": round(peak / 1024, 1), "cpu_pct": round(100 * cpu / wall),
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--modes", default="off,inline,pool2")
    ap.add_argument("--json", help="write the results here too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleanwire-bench-") as tmp:
        site = Path(tmp) / "site"
        t = time.perf_counter()
        info = build_bench_site(site, n_posts=args.posts)
        print(f"site: {info['posts']} posts, {info['listing_pages']} listing pages, built in "
              f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
        rows = []
        # The site is served by its own process, so the server never shares a GIL with the bench.
        server = subprocess.Popen([sys.executable, "-m", "crawler.localsite", str(site)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            base = server.stdout.readline().strip()
            for name in args.modes.split(","):
                rows.append(run_mode(name, base, Path(tmp) / name))
                print(f"  {name}: {rows[-1]}", file=sys.stderr)
        finally:
            server.terminate()
            server.wait()
    print(f"Machine: {machine()}\n")
    print("| mode | wall s | pages | pages/s | articles/s | written/s | peak RSS MB | CPU % |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['wall_s']} | {r['pages']} | {r['pages_per_s']} | {r['articles_per_s']} | "
              f"{r['written_per_s']} | {r['peak_rss_mb']} | {r['cpu_pct']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "runs": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
