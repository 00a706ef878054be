"""Run one command and account for every process it starts: CPU summed over the whole process tree,
wall time, and the tree's memory over time.

    python bench/accounted.py [--json FILE] [--rss-every S] -- CMD ARGS...

Why not RUSAGE_CHILDREN or sampling: a process's CPU reaches its parent's RUSAGE_CHILDREN only when
the parent waits for it. A multiprocessing forkserver forks the pool's workers and reaps them, but is
itself never waited for by the program (it exits with it), so its CPU and its workers' are in no
one's account; sampling /proc misses a process's last interval and every process shorter than one.
This process makes itself the *child subreaper* of the command (Linux `prctl(PR_SET_CHILD_SUBREAPER)`),
so every orphan of the tree (the forkserver when the program exits) is re-parented to it, and it
reaps the command and every orphan with `wait4`: each process's CPU is counted exactly once, in the
account of whoever reaped it. Only the command's tree is this process's children, so the sum is
the tree's. Linux only.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


@dataclass
class Accounted:
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of every process of the tree, each counted once
    processes: int  # how many processes were reaped (the command, its pool, its forkserver...)
    peak_rss_mb: float  # highest sum of the tree's resident memory seen by the sampler
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, tree RSS MB)
    by_process: list[tuple[str, float]] = field(default_factory=list)  # (command line, CPU s with what it reaped)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def tree_rss_kb(root: int, names: dict[int, str] | None = None) -> int:
    total = 0
    for p in descendants(root):
        try:
            if names is not None and p not in names:
                names[p] = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total


def account(cmd: list[str], rss_every: float = 0.2, cwd: str | None = None,
            stdout=None, stderr=None) -> Accounted:
    """Run `cmd` as this process's child and reap its whole tree (call from a process with no other
    children: bench scripts run it through `python bench/accounted.py`)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    me = os.getpid()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=stderr)
    samples: list[tuple[float, float]] = []
    names: dict[int, str] = {proc.pid: " ".join(cmd)[:120]}
    by_process: list[tuple[str, float]] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append((round(time.perf_counter() - start, 2), round(tree_rss_kb(me, names) / 1024, 1)))
            stop.wait(rss_every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu, reaped, returncode, wall = 0.0, 0, None, None
    while True:
        try:
            pid, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += usage.ru_utime + usage.ru_stime
        by_process.append((names.get(pid, str(pid)), round(usage.ru_utime + usage.ru_stime, 3)))
        reaped += 1
        if pid == proc.pid:
            returncode = os.waitstatus_to_exitcode(status)
            wall = time.perf_counter() - start
            proc.returncode = returncode  # reaped here, not by Popen
    stop.set()
    sampler.join()
    return Accounted(returncode if returncode is not None else -1, wall or time.perf_counter() - start, cpu,
                     reaped, max((mb for _, mb in samples), default=0.0), samples, by_process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the account here (else print it)")
    parser.add_argument("--rss-every", type=float, default=0.2, help="seconds between memory samples")
    parser.add_argument("--stdout", type=Path, help="the command's stdout goes here (default: /dev/null)")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command")
    with open(args.stdout or os.devnull, "wb") as out:
        result = account(cmd, args.rss_every, stdout=out)
    text = json.dumps(asdict(result))
    if args.json:
        args.json.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
