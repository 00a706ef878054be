"""Text-dump extraction on real pages: the AEB pages as whole-page text dumps (`aeb-text`).

    .venv/bin/python bench/aeb_text.py [PATH] [--no-url] [--json out.json] [--worst K] [--titles]

PATH defaults to ../shared/benchmarks/aeb-text (beside the checkout); the HTML path reads the same
pages' HTML from its sibling `aeb/`. Three rows, all over the same pages in one process:

- `extract_text(dump, url)`: cleanwire's text-dump extractor (first article's `text`);
- whole dump: every line of the dump kept (the floor: what doing nothing scores);
- `extract_html(html, url)`: the HTML path on the page's HTML (the ceiling we compare with).

Body metric: AEB's (see bench/aeb.py). Title: the first article's `title` against the ground-truth
headline (146 pages have one), equal after NFKC, case folding and collapsing every run of non-word
characters to one space. Figures are given for all pages and for the even- and odd-indexed halves
(page ids in sorted order): rules were tuned looking at the even half only.

The URL (from the ground truth: a dump's address is known in a crawl, an archive or a WARC record)
is passed by default; `--no-url` measures dumps whose address is unknown.

Then the whole-process figure (`--no-whole` skips it): `python -m extractors DIR/text -o out.jsonl`
with its defaults (chrome learning on) against the same run with `--no-learn-chrome`, CPU summed
over each process tree (bench/accounted.py), wall beside it, and each output's F1 (`--rounds N`
alternates their order).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import traceback
import unicodedata
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:  # run as a script from anywhere
        sys.path.insert(0, str(p))

from aeb import PageScore, machine, score_page, summarise  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "benchmarks" / "aeb-text"


def norm_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return re.sub(r"\W+", " ", text).strip()


def load(path: Path) -> list[tuple[str, str, str | None, dict]]:
    """(id, dump, html or None, ground truth) in sorted id order."""
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    html_dir = path.parent / "aeb" / "html"
    pages = []
    for key in sorted(truth):
        dump = (path / "text" / f"{key}.txt").read_text(encoding="utf-8")
        html_file = html_dir / f"{key}.html.gz"
        html = gzip.decompress(html_file.read_bytes()).decode("utf-8", "replace") if html_file.is_file() else None
        pages.append((key, dump, html, truth[key]))
    return pages


def text_row(dump: str, html: str | None, url: str | None) -> tuple[str, str | None]:
    from extractors.textdump import extract_text

    arts = extract_text(dump, url)
    return (arts[0].text, arts[0].title) if arts else ("", None)


def whole_row(dump: str, html: str | None, url: str | None) -> tuple[str, str | None]:
    return dump, None


def html_row(dump: str, html: str | None, url: str | None) -> tuple[str, str | None]:
    from extractors.html import extract_html

    if html is None:
        return "", None
    arts = extract_html(html, url)
    return (arts[0].text, arts[0].title) if arts else ("", None)


ROWS = {"cleanwire extract_text": text_row, "whole dump": whole_row, "cleanwire extract_html": html_row}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="aeb-text directory")
    parser.add_argument("--no-url", action="store_true", help="do not pass the page URL to the extractors")
    parser.add_argument("--json", type=Path, help="write results (with per-page scores) here")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages of extract_text")
    parser.add_argument("--titles", action="store_true", help="list the pages whose title is wrong")
    parser.add_argument("--only", choices=["even", "odd"], help="score one half only")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole-process figure")
    parser.add_argument("--rounds", type=int, default=1, help="whole-process runs of each command (order alternates)")
    args = parser.parse_args(argv)
    if not (args.path / "ground-truth.json").is_file():
        parser.error(f"no benchmark at {args.path} (ground-truth.json missing)")

    pages = load(args.path)
    names = tuple(ROWS)
    scores: dict[str, dict[str, PageScore]] = {n: {} for n in names}
    seconds: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    titles: dict[str, dict[str, bool]] = {n: {} for n in names}
    wrong: list[tuple[str, str | None, str]] = []
    tracebacks = 0
    for name in names:  # warm-up: imports, stop-word lists and lazy compiles are not per-page cost
        ROWS[name](pages[0][1], pages[0][2], pages[0][3].get("url"))
    for i, (key, dump, html, gt) in enumerate(pages):
        if args.only and (i % 2 == 1) != (args.only == "odd"):
            continue
        url = None if args.no_url else gt.get("url")
        order = names if i % 2 == 0 else tuple(reversed(names))
        for name in order:
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                text, title = ROWS[name](dump, html, url)
            except Exception:  # noqa: BLE001 - counted and shown, the run goes on
                tracebacks += 1
                print(f"{name}: {key}:\n{traceback.format_exc()}", file=sys.stderr)
                text, title = "", None
            seconds[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - cpu_start)
            scores[name][key] = score_page(gt.get("articleBody", ""), text)
            if gt.get("title"):
                titles[name][key] = norm_title(title) == norm_title(gt["title"])
                if name == names[0] and not titles[name][key]:
                    wrong.append((key, title, gt["title"]))

    info = machine()
    print(f"aeb-text, {len(scores[names[0]])} pages, {args.path}; URL {'not ' if args.no_url else ''}passed")
    print(f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}\n")
    print("| extractor | half | F1 | P | R | titles right | ms/page |")
    print("|---|---|---|---|---|---|---|")
    results = []
    for name in names:
        for half, rem in (("all", None), ("even", 0), ("odd", 1)):
            keys = [k for j, (k, *_rest) in enumerate(pages) if (rem is None or j % 2 == rem)
                    and k in scores[name]]
            if not keys:
                continue
            wanted = set(keys)
            secs = [s for k, s in zip(scores[name], seconds[name], strict=True) if k in wanted]
            cpus = [s for k, s in zip(scores[name], cpu[name], strict=True) if k in wanted]
            res = summarise(name, {k: scores[name][k] for k in keys}, secs, cpus)
            right = [titles[name][k] for k in keys if k in titles[name]]
            shown = f"{sum(right)}/{len(right)}" if name != "whole dump" else "–"
            print(f"| {name} | {half} | {res.f1:.3f} | {res.precision:.3f} | {res.recall:.3f} | {shown} "
                  f"| {res.ms_per_page:.1f} |")
            results.append({"half": half, "titles_right": sum(right), "titles": len(right), **asdict(res)})
    print(f"\ntracebacks: {tracebacks}")
    if args.worst:
        rows = sorted(scores[names[0]].items(), key=lambda kv: kv[1].f1)[:args.worst]
        print(f"\nworst {args.worst} pages (extract_text):")
        for key, s in rows:
            print(f"{key[:16]}  F1 {s.f1:.3f}  P {s.precision or 0:.3f}  R {s.recall:.3f}")
    if args.titles:
        print("\nwrong titles (extract_text):")
        for key, got, want in wrong:
            print(f"{key[:16]}  got {got!r}\n{'':16}  want {want!r}")
    whole = None
    if not args.no_whole:
        table_text, whole = whole_process(args.path, args.rounds)
        print(f"\nwhole processes, CPU summed over each process tree ({args.rounds} round(s)):\n{table_text}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results, "whole": whole}, indent=1))
    return 1 if tracebacks else 0


def whole_process(path: Path, rounds: int = 1) -> tuple[str, dict]:
    """The CLI over the dumps with its defaults and with `--no-learn-chrome`, as whole processes."""
    import tempfile

    from aeb import score_page, summarise
    from benchlib import whole_runs, whole_table

    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = {"learn": Path(tmp) / "learn.jsonl", "plain": Path(tmp) / "plain.jsonl"}
        cli = [sys.executable, "-m", "extractors", str(path / "text"), "-o"]
        runs = {"`python -m extractors DIR -o out.jsonl` (defaults: chrome learned)": [*cli, str(out["learn"])],
                "the same with `--no-learn-chrome`": [*cli, str(out["plain"]), "--no-learn-chrome"]}
        results = whole_runs(runs, rounds)
        f1s = {}
        for name, file in zip(runs, out.values(), strict=True):
            texts: dict[str, str] = {}
            for line in file.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts.setdefault(Path(row["page_url"] or "").name.removesuffix(".txt"), row["text"])
            scores = {key: score_page(gt.get("articleBody", ""), texts.get(key, "")) for key, gt in truth.items()}
            f1s[name] = summarise(name, scores, [], []).f1
    return whole_table(results, f1s, "--no-learn-chrome")


if __name__ == "__main__":
    raise SystemExit(main())
