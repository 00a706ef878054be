"""A large WARC through `python -m extractors`: memory over the run, and what learning chrome costs.

    .venv/bin/python bench/archive_big.py [--gb 1.0] [--posts 3000] [--modes learn,no-learn] [--pairs N] [--keep DIR]

A generated Zox-News-structured site (fixtures/sitegen.py) with a publisher blurb no pattern row
knows at the head of every post body (chrome to learn and drop), written as one uncompressed WARC
(fixtures/warcgen.py) of about `--gb` GB: the site's pages again and again, each copy under its own
host (`news-<k>.example`), so every copy is a site of its own to learn. Kept out of the repository
(a temporary directory, or `--keep DIR`). Each mode runs the CLI with its defaults (`learn`) or with
`--no-learn-chrome`, under bench/accounted.py: CPU summed over the process tree, wall, and the
tree's RSS sampled every second (shown at each tenth of the run: flat memory is flat there).

What learning costs is reported two ways: its extra over the `--no-learn-chrome` run, and that extra
as a share of the learning run's CPU. On a shared 2-core machine one run of a mode moves by several
percent, so `--pairs N` runs the two modes N times, alternating, and reports each pair and the mean
(compare means, not single runs).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from itertools import count
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "fixtures")]

from benchlib import machine  # noqa: E402
from sitegen import build_bench_site  # noqa: E402
from warcgen import site_pages, write_warc  # noqa: E402

BLURB = ("Harbour Ledger is an independent newsroom owned by its readers; it is edited each evening "
         "in a converted net loft on the north pier and answers to no shareholder.")
BODY = 'id="mvp-content-main" class="left relative">'


def pages(site: Path, target_bytes: int):
    """(URL, HTML) of the site's pages, copy after copy under new hosts, until `target_bytes`."""
    base = [(url.removeprefix("http://news.example"), html.replace(BODY.encode(), f"{BODY}<p>{BLURB}</p>".encode()))
            for url, html in site_pages(site, "http://news.example")]
    written = 0
    for k in count(1):
        for path, html in base:
            yield f"http://news-{k}.example{path}", html
            written += len(html) + 1200  # the request and response records' headers
            if written >= target_bytes:
                return


def run(warc: Path, out: Path, mode: str, tmp: Path) -> dict:
    extra = ["--no-learn-chrome"] if mode == "no-learn" else []
    report, err = tmp / f"{mode}.json", tmp / f"{mode}.err"
    with err.open("wb") as stderr:
        subprocess.run([sys.executable, str(ROOT / "bench" / "accounted.py"), "--rss-every", "1", "--json", str(report),
                        "--", sys.executable, "-m", "extractors", str(warc), "-o", str(out), *extra],
                       cwd=ROOT, check=True, stderr=stderr)
    account = json.loads(report.read_text())
    lines = err.read_text(errors="replace").splitlines()
    rss = account.pop("rss_mb")
    tenths = [next((mb for t, mb in reversed(rss) if t <= account["wall_s"] * k / 10), 0.0) for k in range(1, 11)]
    return {"mode": mode, **account, "rss_by_tenth_mb": tenths,
            "summary": [line for line in lines if " articles from " in line or "learned chrome" in line]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gb", type=float, default=1.0, help="WARC size in GB (uncompressed records)")
    parser.add_argument("--posts", type=int, default=3000, help="post pages of the generated site")
    parser.add_argument("--modes", default="learn,no-learn")
    parser.add_argument("--keep", type=Path, help="write the site, WARC and outputs here (default: a temporary dir)")
    parser.add_argument("--pairs", type=int, default=1, help="run the modes this many times, alternating")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cleanwire-bench-big-") as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        warc = tmp / "big.warc"
        if not warc.is_file():
            build_bench_site(tmp / "site", n_posts=args.posts)
            write_warc(warc, pages(tmp / "site", int(args.gb * 2**30)))
        print(f"{warc}: {warc.stat().st_size / 2**30:.2f} GB", file=sys.stderr)
        results = []
        for _ in range(args.pairs):
            for mode in args.modes.split(","):
                results.append(run(warc, tmp / f"out-{mode}.jsonl", mode, tmp))
                print(json.dumps(results[-1]), file=sys.stderr)
    print(f"machine: {machine()}\n")
    print("| run | CPU s (process tree) | wall s | peak RSS MB | RSS MB at each tenth of the run | summary |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['mode']} | {r['cpu_s']:.0f} | {r['wall_s']:.0f} | {r['peak_rss_mb']:.0f} | "
              f"{' '.join(f'{mb:.0f}' for mb in r['rss_by_tenth_mb'])} | {'; '.join(r['summary'])} |")
    learn = [r["cpu_s"] for r in results if r["mode"] == "learn"]
    plain = [r["cpu_s"] for r in results if r["mode"] == "no-learn"]
    if learn and len(learn) == len(plain):
        print()
        for n, (a, b) in enumerate(zip(learn, plain, strict=True), 1):
            print(f"pair {n}: learning costs {a / b - 1:+.1%} of the --no-learn-chrome run's CPU, {1 - b / a:.1%} of its own run's")
        a, b = sum(learn) / len(learn), sum(plain) / len(plain)
        print(f"mean of {len(learn)}: {a:.1f} s against {b:.1f} s: {a / b - 1:+.1%} of the --no-learn-chrome run's CPU, "
              f"{1 - b / a:.1%} of the learning run's")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
