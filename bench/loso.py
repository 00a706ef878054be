"""Leave-one-source-out: every system on every corpus source, each source scored by its own rule.

    .venv/bin/python bench/loso.py [--sources NAME...] [--systems NAME...] [-j 2] [--worst N]
                                   [--versus A B] [--plugin MODULE] [--cache DIR] [--out DIR]

Prints, and writes to bench/results/loso.md (git-ignored): body F1 per source x system with the
mean over sources, P/R per cell, titles right on the sources with a gold title, WCXB per page type
(WCXB's metric), CPU time per page, the machine line. Per-page results go to
bench/results/loso-pages.jsonl for error analysis; `--worst N` lists the N pages where `A` loses
most against `B` (default: cleanwire HTML against trafilatura) and sorts the losses by kind.

The protocol: a `System` may be trainable. For each held-out source S, the harness calls
`train([every corpus source but S])` once and scores S only with that model; a rules-only system
(`train=None`) is the same model everywhere. Training always sees every built source but the held-out
one, whatever `--sources` selects, so a figure does not depend on which sources one asked to print.

Outputs are cached under <corpus cache>/.runs/<system>/<version>/<source>.jsonl, one line a page
keyed by page id and the page's hash: a rerun recomputes only what changed (a new system version,
a changed page, a new source). The version of the cleanwire systems is a hash of extractors/, so
editing the library invalidates them and nothing else; a trainable system's key adds a hash of the
training sources' manifests. CPU time is measured per call in the worker (`time.process_time`) and
kept with the cached output: figures from different runs on a shared machine are provisional.

Plug a system in: write a module in bench/ that calls `loso.register(System(...))` and pass
`--plugin module` (or add it to `default_systems()`):

    def train(sources: list[str]) -> Model: ...   # reads corpus.pages(s) for s in sources
    def run(page: corpus.Page, model: Model) -> Prediction: ...
    register(System("my-tagger", "3", run, train=train, path="text"))
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import multiprocessing as mp
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import corpus  # noqa: E402
from scoring import Aggregate, BodyScore, aggregate, metric_of, score_authors, score_body, score_date, score_title  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PAGE_TIMEOUT_S = 120  # one call past this is an error (empty output), not a stuck run


@dataclass(frozen=True)
class Prediction:
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    cpu_s: float | None = None  # the extraction's own CPU time, when run() also calls something for the report


@dataclass(frozen=True)
class System:
    """One column of the table. `run(page, model)` reads `page.html` or `page.text` (never the gold);
    `train(sources)` learns from the named sources (None: a rules-only system, its model is None)."""

    name: str
    version: str
    run: Callable[[corpus.Page, Any], Prediction]
    train: Callable[[list[str]], Any] | None = None
    path: str = "html"  # which input it reads: "html" or "text"
    label: str = ""  # the column heading (default: name)

    @property
    def heading(self) -> str:
        return self.label or self.name


SYSTEMS: dict[str, System] = {}


def register(system: System) -> System:
    SYSTEMS[system.name] = system
    return system


def code_version(*paths: Path) -> str:
    """A hash of the files under `paths` (.py and data files): the version of code we edit."""
    h = hashlib.sha1()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()
                                                     and "__pycache__" not in p.parts)
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


# ------------------------------------------------------------------------------- the default systems

def _first(articles) -> Prediction:
    if not articles:
        return Prediction("")
    a = articles[0]
    return Prediction(a.text or "", a.title, tuple(x.name for x in a.authors), a.published)


def gated(kind: str) -> Callable[[corpus.Page, Any], Prediction]:
    """A cleanwire path ("html" or "text") that reads with its second-reading gate trained without
    the page's source."""
    def run(page: corpus.Page, model: Any) -> Prediction:
        from extractors import extract, gate

        restore = gate.use_gate(model, kind=kind)
        try:
            return _first(extract(page.html if kind == "html" else page.text, page.url, kind=kind))
        finally:
            restore()
    return run


def gate_trainer(kind: str) -> Callable[[list[str]], Any]:
    """The path's gate trained on the given sources: bench/train_gate.py."""
    def train(sources: list[str]) -> Any:
        from train_gate import train_sources

        return train_sources(sources, kind)
    return train


def run_text_tagger(page: corpus.Page, model: Any) -> Prediction:
    """The text path read by the line tagger trained without this page's source."""
    from extractors.textdump import extract_text

    return _first(extract_text(page.text, page.url, model=model))


def train_text_tagger(sources: list[str]) -> Any:
    """The text path's line tagger trained on `sources` (and the seeds): bench/train_tagger.py."""
    from train_tagger import train_sources

    return train_sources(sources)


def run_trafilatura(page: corpus.Page, model: Any) -> Prediction:
    """Bare `trafilatura.extract(html)`, its defaults; the title from its metadata extractor (a
    second call, left out of the CPU time)."""
    import trafilatura

    start = time.process_time()
    text = trafilatura.extract(page.html) or ""
    cpu = time.process_time() - start
    meta = trafilatura.extract_metadata(page.html)
    return Prediction(text, meta.title if meta else None, tuple(meta.author.split("; ")) if meta and meta.author
                      else (), meta.date if meta else None, cpu)


def run_trafilatura_recall(page: corpus.Page, model: Any) -> Prediction:
    """`trafilatura.extract(html, favor_recall=True)`: a third reading of the page, for the room
    section's bound (no title: the metadata are the same as bare trafilatura's)."""
    import trafilatura

    start = time.process_time()
    text = trafilatura.extract(page.html, favor_recall=True) or ""
    return Prediction(text, cpu_s=time.process_time() - start)


def run_readability(page: corpus.Page, model: Any) -> Prediction:
    """readability-lxml's summary as text (as bench/aeb.py reads it); its `short_title()` (a second
    parse, left out of the CPU time)."""
    from aeb import readability_text
    from readability import Document

    start = time.process_time()
    text = readability_text(page.html, page.url)
    cpu = time.process_time() - start
    return Prediction(text, Document(page.html).short_title() or None, cpu_s=cpu)


def run_densest(page: corpus.Page, model: Any) -> Prediction:
    from densest import densest_prose

    return Prediction(densest_prose(page.text))


def run_keep_all(page: corpus.Page, model: Any) -> Prediction:
    return Prediction(page.text)


def default_systems() -> None:
    from importlib.metadata import version

    gated_version = code_version(ROOT / "extractors", ROOT / "bench" / "train_gate.py")
    register(System("cw-html", gated_version, gated("html"), train=gate_trainer("html"),
                    label="cleanwire HTML"))
    # "+a2": the adapter's revision (2: the CPU time is the extraction call's alone).
    register(System("trafilatura", version("trafilatura") + "+a2", run_trafilatura, label="trafilatura"))
    register(System("readability", version("readability-lxml") + "+a2", run_readability, label="readability-lxml"))
    register(System("trafilatura-recall", version("trafilatura") + "+a1", run_trafilatura_recall,
                    label="trafilatura, favor_recall"))
    register(System("cw-text", gated_version, gated("text"), train=gate_trainer("text"), path="text",
                    label="cleanwire text"))
    register(System("cw-text-tagger", code_version(ROOT / "extractors", ROOT / "bench" / "train_tagger.py"),
                    run_text_tagger, train=train_text_tagger, path="text", label="cleanwire text, line tagger"))
    register(System("densest", code_version(ROOT / "bench" / "densest.py", ROOT / "extractors" / "densest.py"), run_densest, path="text",
                    label="densest-prose"))
    register(System("keep-all", "1", run_keep_all, path="text", label="keep-all"))


# -------------------------------------------------------------------------------------- the runner

@dataclass
class Output:
    id: str
    sha1: str
    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    cpu_s: float = 0.0
    error: str | None = None
    run: str | None = None  # when the run that computed it started (UTC): CPU times of two runs differ


_MODELS: dict[tuple[str, str], Any] = {}  # (system, held-out source) -> model; set before the workers fork
_CACHE: Path | None = None
_RUN: str | None = None  # this run's start, stamped on every output it computes


def _alarm(signum, frame):
    raise TimeoutError(f"over {PAGE_TIMEOUT_S} s")


def _work(task: tuple[str, str, dict]) -> tuple[str, str, dict]:
    name, source, rec = task
    page = corpus.Page(**rec, cache=_CACHE)
    system = SYSTEMS[name]
    signal.signal(signal.SIGALRM, _alarm)
    start = time.process_time()
    signal.alarm(PAGE_TIMEOUT_S)
    try:
        pred, error = system.run(page, _MODELS.get((name, source))), None
    except Exception as exc:  # noqa: BLE001 - scored as no output, counted in the table
        pred, error = Prediction(""), f"{type(exc).__name__}: {str(exc)[:160]}"
    finally:
        signal.alarm(0)
    cpu = pred.cpu_s if pred.cpu_s is not None else time.process_time() - start
    out = Output(page.id, page.sha1, pred.text or "", pred.title, list(pred.authors), pred.date, round(cpu, 4), error,
                 _RUN)
    return name, source, out.__dict__


def run_key(system: System, source: str, all_sources: list[str], cache: Path) -> str:
    if system.train is None:
        return system.version
    h = hashlib.sha1()
    for s in all_sources:
        if s != source:
            h.update(s.encode() + (cache / s / "manifest.json").read_bytes())
    return f"{system.version}-train{h.hexdigest()[:8]}"


def run_file(cache: Path, system: System, source: str, all_sources: list[str]) -> Path:
    return cache / ".runs" / system.name / run_key(system, source, all_sources, cache) / f"{source}.jsonl"


def load_outputs(path: Path, pages_by_id: dict[str, corpus.Page]) -> dict[str, dict]:
    done = {}
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            lines = list(fh)  # by "\n" only: str.splitlines() would also cut at a U+2028 inside a text
        for line in lines:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by an interrupted run
            page = pages_by_id.get(rec.get("id"))
            if page is not None and rec.get("sha1") == page.sha1:
                done[rec["id"]] = rec
    return done


def run_all(cache: Path, systems: list[System], wanted: list[str], all_sources: list[str],
            pages_of: dict[str, list[corpus.Page]], jobs: int) -> dict[tuple[str, str], dict[str, dict]]:
    """Every system's output on every page of the wanted sources, from the cache or computed."""
    global _CACHE, _RUN
    _CACHE, _RUN = cache, time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    outputs: dict[tuple[str, str], dict[str, dict]] = {}
    tasks = []
    for source in wanted:
        by_id = {p.id: p for p in pages_of[source]}
        for system in systems:
            outputs[system.name, source] = load_outputs(run_file(cache, system, source, all_sources), by_id)
    for system in systems:  # train in the parent, before the workers fork: they inherit the models
        if system.train is None:
            continue
        for source in wanted:
            if len(outputs[system.name, source]) < len(pages_of[source]):
                start = time.process_time()
                _MODELS[system.name, source] = system.train([s for s in all_sources if s != source])
                print(f"{system.name}: trained without {source} in {time.process_time() - start:.1f} s CPU",
                      file=sys.stderr)
    longest = max((len(pages_of[s]) for s in wanted), default=0)
    for i in range(longest):  # page by page across sources, every system on a page together
        for source in wanted:
            if i < len(pages_of[source]):
                page = pages_of[source][i]
                for system in systems:
                    if page.id not in outputs[system.name, source]:
                        tasks.append((system.name, source, page.record()))
    if not tasks:
        return outputs
    files: dict[tuple[str, str], Any] = {}
    start, last = time.perf_counter(), 0.0
    try:
        if jobs > 1:
            pool = mp.get_context("fork").Pool(jobs)
            results = pool.imap_unordered(_work, tasks, chunksize=2)
        else:
            pool, results = None, map(_work, tasks)
        for n, (name, source, rec) in enumerate(results, 1):
            if (name, source) not in files:
                path = run_file(cache, SYSTEMS[name], source, all_sources)
                path.parent.mkdir(parents=True, exist_ok=True)
                files[name, source] = path.open("a", encoding="utf-8")
            files[name, source].write(json.dumps(rec, ensure_ascii=False) + "\n")
            outputs[name, source][rec["id"]] = rec
            now = time.perf_counter()
            if now - last > 2 or n == len(tasks):
                last = now
                print(f"\r{n}/{len(tasks)} outputs computed, {now - start:.0f} s", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        for fh in files.values():
            fh.close()
    return outputs


# ------------------------------------------------------------------------------------- the report

def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(headings: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def machine_line() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from benchlib import machine

    def installed(package: str) -> str:
        """The package's version; a report of systems that do not need it names none (the test venv)."""
        try:
            return f"{package} {version(package)}"
        except PackageNotFoundError:
            return f"{package} not installed"

    packages = ", ".join(installed(p) for p in ("trafilatura", "readability-lxml", "selectolax", "html-text"))
    return f"machine: {machine()}; {packages}"


# Each path's gate chooses between two readings of a page (extractors/gate.py): ours and trafilatura's
# on HTML, ours and the densest prose run on text. The better of the two columns on every page shows the
# room a better gate has; the best of every reading of the path in the run (trafilatura's recall mode,
# readability-lxml, keep-all...) shows what a chooser among more readings could reach at most. Both are
# floors of what a perfect gate would score, not ceilings: where the shipped gate already took the second
# reading, the rules' own reading is not in the table.
GATE_PAIRS = (("cw-html", "trafilatura"), ("cw-text", "densest"))


# Readings of the body alone: no title, byline or date columns for them.
BODY_ONLY = frozenset(("densest", "keep-all", "trafilatura-recall"))


def best_of(source: str, *readings: dict[str, BodyScore]) -> Aggregate:
    """The source's figure where every page takes the best-scored of the readings."""
    return aggregate(source, [max((r[i] for r in readings), key=lambda s: s.f1) for i in readings[0]])


def report(cache: Path, systems: list[System], wanted: list[str], pages_of: dict[str, list[corpus.Page]],
           outputs: dict[tuple[str, str], dict[str, dict]], out_dir: Path, worst: int,
           versus: tuple[str, str], seconds: float) -> str:
    scores: dict[tuple[str, str], dict[str, BodyScore]] = {}
    titles: dict[tuple[str, str], dict[str, bool]] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "loso-pages.jsonl").open("w", encoding="utf-8") as fh:
        for source in wanted:
            for system in systems:
                sc, ti = {}, {}
                for page in pages_of[source]:
                    rec = outputs[system.name, source][page.id]
                    s = score_body(page, rec["text"])
                    sc[page.id] = s
                    t = score_title(page, rec["title"])
                    if t is not None and system.name not in BODY_ONLY:
                        ti[page.id] = t
                    fh.write(json.dumps({"source": source, "id": page.id, "url": page.url, "page_type": page.page_type,
                                         "system": system.name, "precision": s.precision, "recall": s.recall,
                                         "f1": s.f1, "empty": s.empty, "title_ok": t, "error": rec["error"],
                                         "cpu_s": rec["cpu_s"], **s.extra}, ensure_ascii=False) + "\n")
                scores[system.name, source], titles[system.name, source] = sc, ti
    aggs = {k: aggregate(k[1], list(v.values())) for k, v in scores.items()}

    parts = [f"# Leave-one-source-out, {sum(len(pages_of[s]) for s in wanted)} pages, {len(wanted)} sources",
             machine_line(), f"corpus: {cache}; {seconds:.0f} s wall for this run (cached outputs are not "
             "recomputed; CPU times below are from the run that computed each output)"]

    heads = [s.heading for s in systems]
    rows = []
    for source in wanted:
        rows.append([source, str(len(pages_of[source])), metric_of(source)]
                    + [fmt(aggs[s.name, source].f1) for s in systems])
    rows.append(["**mean over sources**", str(sum(len(pages_of[s]) for s in wanted)), "-"]
                + [f"**{statistics.fmean(aggs[s.name, src].f1 for src in wanted):.3f}**" for s in systems])
    parts += ["## Body F1 per source", table(["source", "pages", "metric"] + heads, rows)]

    by_name = {s.name: s for s in systems}
    pairs = [(a, b) for a, b in GATE_PAIRS if a in by_name and b in by_name]
    # every reading of a path, where the run has more of them than the gate's two
    readings = {a: names for a, _ in pairs
                if len(names := [s.name for s in systems if s.path == by_name[a].path]) > 2}
    columns = [(f"{by_name[a].heading} or {by_name[b].heading}", [a, b]) for a, b in pairs]
    columns += [(f"best of every {by_name[a].path} reading ({', '.join(by_name[n].heading for n in names)})", names)
                for a, names in readings.items()]
    if columns:
        cells = {(k, source): best_of(source, *(scores[n, source] for n in names)).f1
                 for k, (_, names) in enumerate(columns) for source in wanted}
        rows = [[source] + [fmt(cells[k, source]) for k in range(len(columns))] for source in wanted]
        rows.append(["**mean over sources**"] + [f"**{statistics.fmean(cells[k, src] for src in wanted):.3f}**"
                                                 for k in range(len(columns))])
        parts += ["## Room for the gates: the better of a path's two readings on every page, and the best of all",
                  table(["source"] + [head for head, _ in columns], rows)]

    rows = [[source] + [f"{fmt(aggs[s.name, source].precision)} / {fmt(aggs[s.name, source].recall)}"
                        f" ({aggs[s.name, source].empty} empty)" for s in systems] for source in wanted]
    parts += ["## Precision / recall (pages with no output)", table(["source"] + heads, rows)]

    titled = [s for s in systems if any(titles[s.name, src] for src in wanted)]
    rows = []
    for source in wanted:
        n = sum(1 for p in pages_of[source] if p.gold_title)
        if n:
            rows.append([source, str(n)] + [f"{sum(titles[s.name, source].values())} "
                                            f"({sum(titles[s.name, source].values()) / n:.0%})" for s in titled])
    if rows:
        total = sum(int(r[1]) for r in rows)
        rows.append(["**all**", str(total)] + [
            f"**{sum(sum(titles[s.name, src].values()) for src in wanted)} "
            f"({sum(sum(titles[s.name, src].values()) for src in wanted) / total:.0%})**" for s in titled])
        parts += ["## Titles right (NFKC, casefold, non-word runs collapsed)",
                  table(["source", "with gold title"] + [s.heading for s in titled], rows)]

    # bylines and dates: right where the gold gives one, and given where a source's gold has none
    named = [s for s in systems if s.name not in BODY_ONLY]
    for key, gold_of, right, heading in (
            ("authors", lambda p: p.gold_authors, score_authors,
             "## Authors: right where the gold names a byline / names given where it names none"),
            ("date", lambda p: p.gold_date, score_date,
             "## Dates (the day): right where the gold shows one / a date given where it shows none")):
        rows = []
        for source in wanted:
            with_gold = [p for p in pages_of[source] if gold_of(p)]
            if with_gold:
                without = [p for p in pages_of[source] if not gold_of(p)]
                rows.append([source, str(len(with_gold)), str(len(without))] + [
                    f"{sum(bool(right(p, outputs[s.name, source][p.id][key])) for p in with_gold)} / "
                    f"{sum(bool(outputs[s.name, source][p.id][key]) for p in without)}" for s in named])
        if rows:
            parts += [heading, table(["source", "with", "without"] + [s.heading for s in named], rows)]

    if "wcxb" in wanted:
        types = sorted({p.page_type for p in pages_of["wcxb"]},
                       key=lambda t: -sum(p.page_type == t for p in pages_of["wcxb"]))
        rows = []
        for t in [*types, None]:
            ids = [p.id for p in pages_of["wcxb"] if t is None or p.page_type == t]
            cells = [fmt(statistics.fmean(scores[s.name, "wcxb"][i].f1 for i in ids)) for s in systems]
            cells += [fmt(best_of("wcxb", *({i: scores[n, "wcxb"][i] for i in ids} for n in names)).f1)
                      for _, names in columns]
            rows.append([t or "**all**", str(len(ids))] + cells)
        snippet = [f"with {aggs[s.name, 'wcxb'].extra['with_rate']:.1%} / without "
                   f"{aggs[s.name, 'wcxb'].extra['without_rate']:.1%}" for s in systems]
        rows.append(["snippets found", "-"] + snippet + ["-"] * len(columns))
        parts += ["## WCXB dev per page type (WCXB's word F1, mean over pages)",
                  table(["page type", "pages"] + heads + [head for head, _ in columns], rows)]

    rows = []
    for s in systems:
        recs = [outputs[s.name, src][p.id] for src in wanted for p in pages_of[src]]
        cpu = [rec["cpu_s"] for rec in recs]
        errors = sum(1 for rec in recs if rec["error"])
        runs = sorted({rec.get("run") or "an unstamped earlier run" for rec in recs})
        rows.append([s.heading, s.version, f"{1000 * statistics.fmean(cpu):.1f}" if cpu else "-",
                     f"{1000 * statistics.median(cpu):.1f}" if cpu else "-", str(errors), ", ".join(runs)])
    parts += ["## CPU per page and errors",
              "CPU times are comparable between systems computed in the same run only (UTC start of each run "
              "that computed a system's outputs; a cached output keeps its run's time): for what a user pays, "
              "see bench/aeb.py's whole-process table.",
              table(["system", "version", "mean CPU ms/page", "median", "errors", "computed in the runs of"], rows)]

    a, b = versus
    if worst and a in {s.name for s in systems} and b in {s.name for s in systems}:
        losses = []
        for source in wanted:
            for p in pages_of[source]:
                sa, sb = scores[a, source][p.id], scores[b, source][p.id]
                losses.append((sb.f1 - sa.f1, source, p, sa, sb))
        losses.sort(key=lambda x: (-x[0], x[1], x[2].id))
        lost = [x for x in losses if x[0] > 0.1]
        kinds = {"no output": 0, "recall": 0, "precision": 0, "both": 0}
        for _d, _src, _p, sa, sb in lost:
            if sa.empty:
                kinds["no output"] += 1
            elif sa.recall < sb.recall - 0.05 and (sa.precision or 0) >= (sb.precision or 0) - 0.05:
                kinds["recall"] += 1
            elif (sa.precision or 0) < (sb.precision or 0) - 0.05 and sa.recall >= sb.recall - 0.05:
                kinds["precision"] += 1
            else:
                kinds["both"] += 1
        by_source = {src: sum(1 for x in lost if x[1] == src) for src in wanted}
        rows = [[src, p.id, p.page_type or "-", fmt(sa.f1), fmt(sb.f1), f"{fmt(sa.precision)} / {fmt(sa.recall)}",
                 f"{fmt(sb.precision)} / {fmt(sb.recall)}", (p.url or "-")[:90]]
                for _d, src, p, sa, sb in losses[:worst]]
        parts += [f"## Worst {worst}: {a} against {b}",
                  f"pages where {a} is more than 0.1 F1 below {b}: {len(lost)} "
                  f"({', '.join(f'{k} {v}' for k, v in by_source.items())}); by kind: "
                  + ", ".join(f"{k} {v}" for k, v in kinds.items()),
                  table(["source", "id", "type", f"F1 {a}", f"F1 {b}", f"P / R {a}", f"P / R {b}", "url"], rows)]
    text = "\n\n".join(parts) + "\n"
    (out_dir / "loso.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="corpus cache (default as bench/corpus.py)")
    parser.add_argument("--sources", nargs="+", help="sources to score (default: every built one)")
    parser.add_argument("--systems", nargs="+", help="systems to run (default: all registered)")
    parser.add_argument("--plugin", nargs="+", default=[], help="modules (in bench/) that register systems")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where A loses most against B")
    parser.add_argument("--versus", nargs=2, default=("cw-html", "trafilatura"), metavar=("A", "B"))
    parser.add_argument("--limit", type=int, help="only the first N pages of each source (quick checks)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where loso.md and loso-pages.jsonl go")
    args = parser.parse_args(argv)
    cache = args.cache or corpus.default_cache()
    all_sources = corpus.sources(cache)
    if not all_sources:
        parser.error(f"no corpus in {cache}: run `python bench/corpus.py build` first")
    wanted = args.sources or all_sources
    missing = [s for s in wanted if s not in all_sources]
    if missing:
        parser.error(f"not built in {cache}: {', '.join(missing)}")
    default_systems()
    for module in args.plugin:
        importlib.import_module(module)
    names = args.systems or list(SYSTEMS)
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        parser.error(f"unknown systems: {', '.join(unknown)} (known: {', '.join(SYSTEMS)})")
    systems = [SYSTEMS[n] for n in names]
    if any(s.name == "trafilatura" for s in systems):
        from aeb import warm_shared_tables

        warm_shared_tables()  # jusText's stop lists, once, before the workers fork
    pages_of = {s: list(corpus.pages(s, cache))[:args.limit] for s in wanted}
    start = time.perf_counter()
    outputs = run_all(cache, systems, wanted, all_sources, pages_of, args.jobs)
    print(report(cache, systems, wanted, pages_of, outputs, args.out, args.worst, tuple(args.versus),
                 time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
