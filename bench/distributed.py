"""One worker against two, sharing a real redis-server, over a generated site on 127.0.0.1.

    .venv/bin/python bench/distributed.py [--posts 1000] [--workers 1,2] [--json FILE]

Each row is a fresh Redis (redis-server from PATH, on a free port) and fresh outputs; N
`scrapy crawl republisher -s REDIS_URL=...` processes start together. Reported: wall time until the
last worker stops, pages fetched and articles written per worker, and whether the union of all
workers' JSONL holds every article exactly once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from operator import itemgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, print_table, served_site  # noqa: E402

COMMON = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "WARNING"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def run(n_workers: int, base: str, work: Path, expected: int) -> dict:
    work.mkdir(parents=True)
    redis_proc, url = start_redis(work)
    try:
        procs = []
        start = time.perf_counter()
        for i in range(n_workers):
            settings = {**COMMON, "REDIS_URL": url, "CRAWL_REPORT_PATH": str(work / f"w{i}.json"),
                        "JSONL_PATH": str(work / f"w{i}" / "{site}" / "{date}.jsonl")}
            cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", "profile=fixture",
                   "-a", f"base_url={base}"]
            for k, v in settings.items():
                cmd += ["-s", f"{k}={v}"]
            procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        codes = [p.wait() for p in procs]
        wall = time.perf_counter() - start
    finally:
        redis_proc.terminate()
        redis_proc.wait()
    reports = [json.loads((work / f"w{i}.json").read_text()) for i in range(n_workers)]
    ids = [json.loads(line)["id"] for f in sorted(work.rglob("*.jsonl")) for line in f.read_text().splitlines()]
    pages = sum(r.get("pages/fetched", 0) for r in reports)
    return {"workers": n_workers, "exit_codes": codes, "wall_s": round(wall, 1), "pages": pages,
            "pages_per_s": round(pages / wall, 1), "written_per_s": round(len(ids) / wall, 1),
            "written_by_worker": [r.get("written", 0) for r in reports],
            "pages_by_worker": [r.get("pages/fetched", 0) for r in reports],
            "written": len(ids), "distinct": len(set(ids)), "expected": expected,
            "exactly_once": len(ids) == len(set(ids)) == expected}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1000)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="cleanwire-dist-") as tmp, served_site(Path(tmp) / "site", args.posts) as base:
        for n in map(int, args.workers.split(",")):
            rows.append(run(n, base, Path(tmp) / f"run{n}", args.posts))
            print(f"  {rows[-1]}", file=sys.stderr)
    print_table([("workers", itemgetter("workers")), ("wall s", itemgetter("wall_s")), ("pages", itemgetter("pages")),
                 ("pages/s", itemgetter("pages_per_s")), ("written/s", itemgetter("written_per_s")),
                 ("written by worker", lambda r: " + ".join(map(str, r["written_by_worker"]))),
                 ("every article once", lambda r: f"{'yes' if r['exactly_once'] else 'NO'} ({r['distinct']}/{r['expected']})")],
                rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0 if all(r["exactly_once"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
