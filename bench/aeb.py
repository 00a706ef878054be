"""cleanwire against its peers on the article-extraction benchmark (AEB), in one process.

    .venv/bin/pip install -e '.[bench]'     # the peers (each one missing is skipped, with the reason)
    .venv/bin/python bench/aeb.py [PATH] [--json out.json] [--limit N] [--worst K] [--profile]

PATH defaults to ../shared/benchmarks/aeb (beside the checkout). The metric is the benchmark's own
(its README): tokens are runs of \\w+, each text a multiset of 4-token shingles, per page TP/FP/FN
normalised to sum 1; P and R are means over pages, F1 is computed from those two means. A page with
no output has no precision (left out of the P mean) and recall 0.

Every extractor sees every page in the same run; their order alternates page by page (forwards on
even pages, backwards on odd ones) so none profits from warm caches alone. Times are reported as a
ratio to bare `trafilatura.extract` in the same run: wall time, and the CPU time of the calls
(`time.thread_time`, which other processes on a shared machine do not inflate). Only the text of
the page's first article is scored: the ground truth is the article body, without title, dek or
captions. F1 is also given for the even- and odd-indexed halves of the pages (rules were tuned on
the even half, checked on the odd one). `--profile` runs cleanwire once more with its parts timed
(CPU time, one instrumented pass) and prints the share of each.

Then the whole-process figure, what a user pays: `python -m extractors DIR -o out.jsonl` with its
defaults (a pool, chrome learning) against bare trafilatura's whole process over the same pages
(bench/bare_trafilatura.py: `trafilatura.extract` per page), CPU summed over each process tree
(bench/accounted.py reaps every process, the pool's forkserver and workers included), wall beside
it, and the CLI's F1 from its own output (`--rounds N` alternates the order; `--no-whole` skips it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):  # run as a script from anywhere, or imported by the tests
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

DEFAULT_PATH = ROOT.parent / "shared" / "benchmarks" / "aeb"
TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 0)))


def f1(precision: float | None, recall: float | None) -> float:
    """Harmonic mean; a page with no output has no precision and counts as 0."""
    p, r = precision or 0.0, recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def score_page(truth: str, pred: str) -> PageScore:
    """Shared / extra / missing shingles, normalised to sum 1 (the benchmark's per-page figures)."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass
class Result:
    name: str
    f1: float
    precision: float
    recall: float
    ms_per_page: float
    cpu_ms_per_page: float
    pages: int
    empty: int
    per_page: dict[str, dict[str, float | None]] = field(default_factory=dict)


def summarise(name: str, scores: dict[str, PageScore], seconds: list[float], cpu: list[float]) -> Result:
    precisions = [s.precision for s in scores.values() if s.precision is not None]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(s.recall for s in scores.values()) if scores else 0.0
    return Result(
        name=name, f1=f1(p, r), precision=p, recall=r,
        ms_per_page=1000 * statistics.fmean(seconds) if seconds else 0.0,
        cpu_ms_per_page=1000 * statistics.fmean(cpu) if cpu else 0.0,
        pages=len(scores), empty=len(scores) - len(precisions),
        per_page={k: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision, "recall": s.recall}
                  for k, s in scores.items()},
    )


def cleanwire_text(html: str, url: str | None) -> str:
    from extractors.html import extract_html

    articles = extract_html(html, url)
    return articles[0].text if articles else ""


def trafilatura_text(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


def trafilatura_fast(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, fast=True) or ""


def readability_text(html: str, url: str | None) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def newspaper_text(html: str, url: str | None) -> str:
    from newspaper import Article

    article = Article(url or "https://example.invalid/", fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return article.text or ""


def resiliparse_text(html: str, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True) or ""


BASELINE = "trafilatura.extract"
EXTRACTORS: dict[str, Callable[[str, str | None], str]] = {
    "cleanwire": cleanwire_text,
    BASELINE: trafilatura_text,
    "trafilatura favor_precision": trafilatura_precision,
    "trafilatura fast": trafilatura_fast,
    "readability-lxml": readability_text,
    "newspaper4k": newspaper_text,
    "resiliparse main_content": resiliparse_text,
}


def warm_shared_tables() -> None:
    """trafilatura builds jusText's stop lists of all languages (0.3 s) on the first page whose
    fallback runs, whichever extractor meets it first: once per process, not a page's cost."""
    from trafilatura import external

    if external.JT_STOPLIST is None:
        external.jt_stoplist_init()


def available(names: tuple[str, ...], html: str, url: str | None) -> tuple[tuple[str, ...], dict[str, str]]:
    """The extractors that run here (warmed up on one page), and why the others cannot."""
    ok, skipped = [], {}
    warm_shared_tables()
    for name in names:
        try:
            EXTRACTORS[name](html, url)  # warm-up: imports and lazy compiles are not per-page cost
        except ImportError as err:
            skipped[name] = f"not installed ({err.name}): pip install -e '.[bench]'"
            continue
        ok.append(name)
    return tuple(ok), skipped


def load(path: Path, limit: int | None = None) -> list[tuple[str, str, dict[str, str]]]:
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((path / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, truth[key]))
    return pages


def run(path: Path, limit: int | None = None,
        names: tuple[str, ...] = tuple(EXTRACTORS)) -> tuple[list[Result], dict[str, str]]:
    pages = load(path, limit)
    names, skipped = available(names, pages[0][1], pages[0][2].get("url"))
    scores: dict[str, dict[str, PageScore]] = {n: {} for n in names}
    seconds: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for i, (key, html, gt) in enumerate(pages):
        order = names if i % 2 == 0 else tuple(reversed(names))
        for name in order:
            start, start_cpu = time.perf_counter(), time.thread_time()
            try:
                text = EXTRACTORS[name](html, gt.get("url"))
            except Exception:  # a peer failing on one page scores as no output for that page
                text = ""
            cpu[name].append(time.thread_time() - start_cpu)
            seconds[name].append(time.perf_counter() - start)
            scores[name][key] = score_page(gt.get("articleBody", ""), text)
    return [summarise(n, scores[n], seconds[n], cpu[n]) for n in names], skipped


def machine() -> dict[str, str | int | None]:
    import selectolax
    import trafilatura
    from benchlib import cpu_model

    return {"cpu": cpu_model(), "cores": os.cpu_count(),
            "python": platform.python_version(), "trafilatura": trafilatura.__version__,
            "selectolax": selectolax.__version__}


def half(result: Result, parity: int) -> float:
    """F1 over the even- (0) or odd-indexed (1) pages, in key order."""
    keys = sorted(result.per_page)[parity::2]
    precisions = [p for k in keys if (p := result.per_page[k]["precision"]) is not None]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(result.per_page[k]["recall"] or 0.0 for k in keys) if keys else 0.0
    return f1(p, r)


def table(results: list[Result]) -> str:
    base = next((r for r in results if r.name == BASELINE), None)
    lines = ["| extractor | F1 | P | R | F1 even | F1 odd | ms/page | time vs trafilatura | CPU time vs trafilatura "
             "| empty |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ratio = f"{r.ms_per_page / base.ms_per_page:.2f}x" if base else "-"
        cpu_ratio = f"{r.cpu_ms_per_page / base.cpu_ms_per_page:.2f}x" if base and base.cpu_ms_per_page else "-"
        lines.append(f"| {r.name} | {r.f1:.4f} | {r.precision:.4f} | {r.recall:.4f} | {half(r, 0):.4f} "
                     f"| {half(r, 1):.4f} | {r.ms_per_page:.1f} | {ratio} | {cpu_ratio} | {r.empty} |")
    return "\n".join(lines)


# Where cleanwire's time goes: (label, module, function) timed where it is looked up at call time.
# Nested rows ("of which") are part of the row above them; shares are of the whole extract_html.
PROFILE_PARTS = (
    ("whole extract_html", "extractors.html", "extract_html"),
    ("decode", "extractors.html", "decode"),
    ("parse: depth bound + lexbor", "extractors.html", "parse"),
    ("page metadata", "extractors.html", "page_meta"),
    ("page rights", "extractors.html", "page_rights"),
    ("never-content strip, body <noscript>", "extractors.html", "strip"),
    ("main paragraph run", "extractors.html", "main_paragraphs"),
    ("chrome clean (one walk, token table)", "extractors.html", "clean"),
    ("trafilatura, both opinions", "extractors.html", "_trafilatura"),
    ("  of which: lxml parse of the cleaned markup", "extractors.html", "_lxml_tree"),
    ("  of which: first opinion (precision, core steps)", "extractors.html", "_first_opinion"),
    ("    of which: XPath pruning", "trafilatura.main_extractor", "prune_unwanted_nodes"),
    ("  of which: second opinion (balanced + fallback)", "trafilatura", "bare_extraction"),
    ("our walk of the body container", "extractors.html", "blocks_of"),
    ("body repair (dropped blocks taken back)", "extractors.html", "recover"),
    ("related-list cut", "extractors.html", "cut_related"),
    ("shared text rules (finish)", "extractors.html", "finish"),
    ("  of which: language identification", "extractors.rules", "identify"),
    ("  of which: pattern table", "extractors.rules", "match"),
)


def profile(path: Path, limit: int | None = None) -> str:
    """CPU time of each part over one pass of cleanwire (after a warm-up page and the lazy tables
    trafilatura's fallback shares with the baseline), as a share of the whole."""
    import importlib

    import trafilatura

    pages = load(path, limit)
    cleanwire_text(pages[0][1], pages[0][2].get("url"))
    trafilatura.extract(pages[0][1])
    warm_shared_tables()
    spent: dict[tuple[str, str], float] = {}
    saved = []
    for _label, module_name, name in PROFILE_PARTS:
        module = importlib.import_module(module_name)
        func = getattr(module, name)
        saved.append((module, name, func))

        def timed(*args, __f=func, __key=(module_name, name), **kwargs):
            start = time.thread_time()
            try:
                return __f(*args, **kwargs)
            finally:
                spent[__key] = spent.get(__key, 0.0) + time.thread_time() - start

        setattr(module, name, timed)
    try:
        for _key, html, gt in pages:
            cleanwire_text(html, gt.get("url"))
    finally:
        for module, name, func in saved:
            setattr(module, name, func)
    total = spent.get(("extractors.html", "extract_html"), 0.0) or 1.0
    lines = ["| part | share of cleanwire's CPU time |", "|---|---|"]
    lines += [f"| {label} | {100 * spent.get((m, n), 0.0) / total:.0f}% |" for label, m, n in PROFILE_PARTS]
    lines.append(f"\n{1000 * total / len(pages):.1f} ms of CPU per page in the instrumented pass")
    return "\n".join(lines)


def whole_process(path: Path, rounds: int = 1) -> tuple[str, dict]:
    """The CLI with its defaults and bare trafilatura, as whole processes over `path/html` (see the
    module's docstring): a Markdown table and the raw accounts."""
    import tempfile

    from benchlib import whole_runs, whole_table

    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = {"cli": Path(tmp) / "cli.jsonl", "bare": Path(tmp) / "bare.jsonl"}
        runs = {
            "`python -m extractors DIR -o out.jsonl` (defaults)":
                [sys.executable, "-m", "extractors", str(path / "html"), "-o", str(out["cli"])],
            "bare `trafilatura.extract` per page, one process":
                [sys.executable, str(ROOT / "bench" / "bare_trafilatura.py"), str(path / "html"), "-o", str(out["bare"])],
        }
        results = whole_runs(runs, rounds)
        f1s = {name: cli_f1(file, truth) for name, file in zip(runs, out.values(), strict=True)}
    return whole_table(results, f1s, "trafilatura")


def cli_f1(output: Path, truth: dict[str, dict]) -> float:
    """F1 of a JSONL output over the benchmark: each page's first line (its page_url names the
    file), scored as the in-process rows are; a page with no line scores as no output."""
    texts: dict[str, str] = {}
    for line in output.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = Path(row["page_url"] or "").name.removesuffix(".html.gz")
        texts.setdefault(key, row["text"])
    scores = {key: score_page(gt.get("articleBody", ""), texts.get(key, "")) for key, gt in truth.items()}
    return summarise("cli", scores, [], []).f1


def worst(result: Result, k: int) -> str:
    def page_f1(d: dict[str, float | None]) -> float:
        return f1(d["precision"], d["recall"])

    rows = sorted(result.per_page.items(), key=lambda kv: page_f1(kv[1]))[:k]
    return "\n".join(f"{key[:16]}  F1 {page_f1(d):.3f}  FP {d['fp']:.3f}  FN {d['fn']:.3f}" for key, d in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="benchmark directory")
    parser.add_argument("--json", type=Path, help="write results (with per-page scores) here")
    parser.add_argument("--limit", type=int, help="only the first N pages (quick checks)")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages of cleanwire")
    parser.add_argument("--only", nargs="+", choices=tuple(EXTRACTORS), help="run only these extractors")
    parser.add_argument("--profile", action="store_true", help="also profile cleanwire: time share per part")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole-process figure")
    parser.add_argument("--rounds", type=int, default=1, help="whole-process runs of each command (order alternates)")
    args = parser.parse_args(argv)
    if not (args.path / "ground-truth.json").is_file():
        parser.error(f"no benchmark at {args.path} (ground-truth.json missing)")

    results, skipped = run(args.path, args.limit, tuple(args.only or EXTRACTORS))
    info = machine()
    print(f"AEB, {results[0].pages} pages, {args.path}")
    print(f"machine: {info['cpu']}, {info['cores']} cores; Python {info['python']}, "
          f"trafilatura {info['trafilatura']}, selectolax {info['selectolax']}\n")
    print(table(results))
    for name, reason in skipped.items():
        print(f"skipped {name}: {reason}")
    if args.profile:
        print(f"\nwhere cleanwire's time goes:\n{profile(args.path, args.limit)}")
    whole = None
    if not args.no_whole:
        table_text, whole = whole_process(args.path, args.rounds)
        print(f"\nwhole processes, CPU summed over each process tree ({args.rounds} round(s)):\n{table_text}")
    if args.worst:
        print(f"\nworst {args.worst} pages (cleanwire):\n{worst(results[0], args.worst)}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": [asdict(r) for r in results], "whole": whole},
                                        indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
