"""What the crawl, archive, crash and distributed benchmarks share: the machine line, the process
tree's memory and CPU, the generated site served by its own process, and the Markdown table."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "fixtures")]

from sitegen import build_bench_site  # noqa: E402


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
                platform.processor() or "?")


def machine() -> str:
    return f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (the extraction pool and its forkserver included)."""
    from accounted import descendants

    return [pid, *descendants(pid)]


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


@contextmanager
def served_site(directory: Path, posts: int) -> Iterator[str]:
    """A generated site of `posts` post pages, served on 127.0.0.1 by its own process (the server
    never shares a GIL with the bench or the crawl); yields its base URL."""
    info = build_bench_site(directory, n_posts=posts)
    print(f"site: {info['posts']} posts, {info['listing_pages']} listing pages", file=sys.stderr)
    server = subprocess.Popen([sys.executable, "-m", "crawler.localsite", str(directory)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        yield server.stdout.readline().strip()
    finally:
        server.terminate()
        server.wait()


def print_table(columns: Sequence[tuple[str, Callable[[dict], object]]], rows: Sequence[dict]) -> None:
    """One Markdown table: a (heading, cell of a row) pair per column."""
    print("| " + " | ".join(heading for heading, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(cell(row)) for _, cell in columns) + " |")


@dataclass
class Measured:
    returncode: int
    stderr: str
    wall_s: float
    peak_rss_kb: int
    cpu_s: float  # user + sys of the whole tree (sampled: the last interval is missed)


def run_measured(cmd: Sequence[str], interval: float = 0.1) -> Measured:
    """Run `cmd` from the project root, sampling its process tree's memory and CPU meanwhile."""
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
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    return Measured(proc.returncode, err.decode(errors="replace"), wall, peak, sum(cpu_by_pid.values()))


def accounted(cmd: Sequence[str], stdout: Path | None = None) -> dict:
    """Run `cmd` from the project root under bench/accounted.py: CPU summed over its whole process
    tree (forkserver and pool workers included, each counted once), wall time, peak tree RSS."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "account.json"
        extra = ["--stdout", str(stdout)] if stdout is not None else []
        subprocess.run([sys.executable, str(ROOT / "bench" / "accounted.py"), "--json", str(report), *extra, "--", *cmd],
                       cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
        return json.loads(report.read_text())


def whole_runs(runs: dict[str, Sequence[str]], rounds: int = 1) -> dict[str, list[dict]]:
    """Each named command `rounds` times, their order alternating round by round (forwards, then
    backwards), so none profits alone from a quiet moment of a shared machine."""
    # pip compiles an installed package's modules; an editable checkout run with
    # PYTHONDONTWRITEBYTECODE set (as on this machine) would recompile ours in every process
    import compileall

    for package in ("extractors", "batch", "crawler"):
        compileall.compile_dir(ROOT / package, quiet=1)
    names = list(runs)
    results: dict[str, list[dict]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            results[name].append(accounted(runs[name]))
    return results


def whole_table(results: dict[str, list[dict]], f1s: dict[str, float], against: str) -> tuple[str, dict]:
    """`whole_runs`' accounts as a Markdown table, each run's mean CPU against the second run's
    (`against` names it in the header), and the raw accounts without their memory samples."""
    import statistics

    base = statistics.fmean(r["cpu_s"] for r in results[list(results)[1]])
    lines = [f"| run | CPU s (process tree) | wall s | processes | peak RSS MB | CPU vs {against} | F1 |",
             "|---|---|---|---|---|---|---|"]
    for name, accounts in results.items():
        cpu = statistics.fmean(r["cpu_s"] for r in accounts)
        wall = statistics.fmean(r["wall_s"] for r in accounts)
        lines.append(f"| {name} | {cpu:.2f} | {wall:.2f} | {accounts[0]['processes']} | "
                     f"{max(r['peak_rss_mb'] for r in accounts):.0f} | {cpu / base:.2f}x | {f1s[name]:.4f} |")
    return "\n".join(lines), {name: [{k: v for k, v in r.items() if k != "rss_mb"} for r in accounts]
                              for name, accounts in results.items()}
