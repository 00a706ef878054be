"""Crash safety measured: SIGKILL a crawl at random moments and inside the writer's publish and
recovery steps, restart the same command each time, let the last run finish, then count what was
lost, duplicated across files, torn or schema-invalid.

    .venv/bin/python bench/crash.py [--posts 500] [--kills 20] [--window-kills 5] [--publish-kills 3]
                                    [--seed 1] [--json FILE]

A generated Zox-News-structured site (fixtures/sitegen.py) is served by its own process on
127.0.0.1. A reference crawl into a fresh directory gives the set of articles and the length of a
whole crawl, T. Then, in another directory, the same `scrapy crawl republisher` command is started
again and again. `--kills` times it is killed at a random moment: one kill in four after a random
delay in [0.5 s, T] (start-up, recovery, fetching, closing), the others a random [0, 2 s] after the
run has begun writing lines of its own (every run fetches the site in the same order and skips what
earlier runs wrote, so only a kill while it writes can cost a line). `--window-kills` times (spread
among them) it runs with the writer's test hook `CLEANWIRE_PUBLISH_PAUSE` (seconds the writer waits
between linking a part file under its final name and unlinking it) and is killed as soon as a part
file has a second name: inside the recovery of the part file the previous kill left. A last run
without a kill finishes. A run's own publish step comes once, at the end of a whole crawl, so
`--publish-kills` more crawls, each in a fresh directory, are killed inside it and then finished by
one more run. Every JSONL file written is read: each line must parse and match the schema, each
reference article must be in exactly one line of its directory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, served_site  # noqa: E402

from extractors.schema import validation_errors  # noqa: E402

# Loopback server, no politeness delay; the writer's defaults (fsync every 50 lines) as shipped.
SETTINGS = {"AUTOTHROTTLE_ENABLED": "0", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO", "CLEANWIRE_MIN_ITEMS": "0"}
PAUSE_S = 3.0  # the hook's pause: long enough to be seen and killed in


def command(base: str, work: Path) -> list[str]:
    settings = {**SETTINGS, "SEEN_STORE": str(work / "seen.sqlite3"),
                "JSONL_PATH": str(work / "out" / "{site}" / "{date}.jsonl"),
                "CRAWL_REPORT_PATH": str(work / "report.json")}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", "profile=fixture", "-a", f"base_url={base}"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd


RUNNING: list[subprocess.Popen] = []  # crawls to stop if the bench itself is stopped


def start(base: str, work: Path, pause: float | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("CLEANWIRE_PUBLISH_PAUSE", None)
    if pause is not None:
        env["CLEANWIRE_PUBLISH_PAUSE"] = str(pause)
    with open(work / "crawl.log", "ab") as log:
        proc = subprocess.Popen(command(base, work), cwd=ROOT, stdout=log, stderr=log, env=env)
    RUNNING[:] = [p for p in RUNNING if p.poll() is None] + [proc]
    return proc


def lines_on_disk(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in out.rglob("*") if p.suffix in (".jsonl", ".part"))


def published_part(out: Path, pid: int) -> str | None:
    """'publish' or 'recovery' when a part file has a second name (linked, not yet unlinked):
    its own part at the end of a run, an earlier run's part during recovery at its start."""
    for part in out.rglob("*.part"):
        try:
            if part.stat().st_nlink > 1:
                return "publish" if part.name.endswith(f".{pid}.part") else "recovery"
        except FileNotFoundError:
            continue
    return None


def kill_at_random(base: str, work: Path, delay: float, while_writing: bool) -> dict:
    """SIGKILL after `delay` s, counted from the start or (`while_writing`) from the moment this
    run's own part file appears."""
    proc = start(base, work)
    began = time.monotonic()
    if while_writing:
        while proc.poll() is None and not list((work / "out").rglob(f"*.{proc.pid}.part")):
            time.sleep(0.01)
    try:
        proc.wait(delay)
        killed = False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed = True
    return {"kind": "while-writing" if while_writing else "random", "at_s": round(time.monotonic() - began, 2),
            "killed": killed}


def kill_in_window(base: str, work: Path, limit: float, step: str) -> dict:
    """Run with the hook; SIGKILL the moment a part file has a second name: an earlier run's part
    during recovery at the start (`step` "recovery"), or this run's own at the end ("publish")."""
    proc = start(base, work, PAUSE_S)
    began = time.monotonic()
    while proc.poll() is None and time.monotonic() - began < limit:
        if published_part(work / "out", proc.pid) == step:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return {"kind": step, "at_s": round(time.monotonic() - began, 2), "killed": True}
        time.sleep(0.01)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    return {"kind": f"{step}-missed", "at_s": round(time.monotonic() - began, 2), "killed": False}


def read_output(out: Path) -> dict:
    ids: Counter[str] = Counter()
    files_of: dict[str, set[str]] = {}
    torn = invalid = lines = 0
    for path in sorted(out.rglob("*.jsonl")):
        for raw in path.read_bytes().splitlines():
            lines += 1
            try:
                record = json.loads(raw)
            except ValueError:
                torn += 1
                continue
            if validation_errors(record):
                invalid += 1
            ids[record["id"]] += 1
            files_of.setdefault(record["id"], set()).add(path.name)
    return {"files": len(list(out.rglob("*.jsonl"))), "lines": lines, "ids": ids, "torn": torn,
            "invalid": invalid, "across_files": sum(1 for f in files_of.values() if len(f) > 1),
            "parts_left": len(list(out.rglob("*.part")))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=500)
    ap.add_argument("--kills", type=int, default=20, help="kills at random moments")
    ap.add_argument("--window-kills", type=int, default=5, help="kills inside the recovery step")
    ap.add_argument("--publish-kills", type=int, default=3, help="kills inside the publish step")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="cleanwire-crash-") as tmp, served_site(Path(tmp) / "site", args.posts) as base:
        try:
            ref = Path(tmp) / "reference"
            ref.mkdir()
            began = time.monotonic()
            if start(base, ref).wait() != 0:
                raise SystemExit(f"reference crawl failed: see {ref / 'crawl.log'}")
            whole = time.monotonic() - began
            expected = set(read_output(ref / "out")["ids"])
            print(f"reference crawl: {len(expected)} articles in {whole:.1f} s", file=sys.stderr)

            work = Path(tmp) / "killed"
            work.mkdir()
            window_after = {round((i + 1) * args.kills / (args.window_kills + 1)) for i in range(args.window_kills)}
            events = []

            def note(event: dict, out: Path) -> None:
                event["lines_on_disk"] = lines_on_disk(out)
                events.append(event)
                print(f"  {event}", file=sys.stderr)

            for k in range(1, args.kills + 1):
                if k % 4 == 0:
                    note(kill_at_random(base, work, rng.uniform(0.5, whole), while_writing=False), work / "out")
                else:
                    note(kill_at_random(base, work, rng.uniform(0.0, 2.0), while_writing=True), work / "out")
                if k in window_after:
                    note(kill_in_window(base, work, whole + 30, "recovery"), work / "out")
            runs = [(work, start(base, work).wait())]
            # A run's own publish step comes once, at the end of a crawl: each of these kills gets a
            # fresh directory, a crawl killed in that step, then a run that finishes.
            for n in range(args.publish_kills):
                trial = Path(tmp) / f"publish-{n}"
                trial.mkdir()
                note(kill_in_window(base, trial, whole + 30, "publish"), trial / "out")
                runs.append((trial, start(base, trial).wait()))
            outputs = [read_output(d / "out") for d, _ in runs]
        finally:
            for proc in RUNNING:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
    missing = sum(len(expected - set(o["ids"])) for o in outputs)
    result = {
        "posts": args.posts, "reference_articles": len(expected), "whole_crawl_s": round(whole, 1),
        "kills": sum(e["killed"] for e in events),
        "kills_by_step": dict(Counter(e["kind"] for e in events if e["killed"])),
        "crawls_checked": len(runs), "final_runs_exit": [rc for _, rc in runs],
        "files": sum(o["files"] for o in outputs), "lines": sum(o["lines"] for o in outputs),
        "lost": missing, "unexpected": sum(len(set(o["ids"]) - expected) for o in outputs),
        "duplicated_lines": sum(n - 1 for o in outputs for n in o["ids"].values() if n > 1),
        "duplicated_across_files": sum(o["across_files"] for o in outputs),
        "torn": sum(o["torn"] for o in outputs), "schema_invalid": sum(o["invalid"] for o in outputs),
        "parts_left": sum(o["parts_left"] for o in outputs), "events": events,
    }
    print(json.dumps({k: v for k, v in result.items() if k != "events"}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    ok = (missing == result["duplicated_lines"] == result["torn"] == result["schema_invalid"]
          == result["parts_left"] == 0 and not any(rc for _, rc in runs))
    return 0 if ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the site's server on the way out
    raise SystemExit(main())
