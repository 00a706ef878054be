"""What else the second-reading gates could learn: variants of bench/train_gate.py scored the way
bench/loso.py scores the shipped one (trained without the source, threshold chosen on the others).

    .venv/bin/python bench/gate_study.py [--path html|text] [-j 2]

Rows are train_gate's cached rows (the page's facts, both readings' F1). Variants:

- shipped: train_gate's own training (`train_rows`), as loso.py trains the gate;
- hyperparameters: shallower and deeper trees, fewer and more rounds, squared loss;
- sees both readings: a chooser asked after both readings are made, shown the facts and what the two
  texts are (their words, lines, prose share, shared words), where the path now takes the second
  reading by a fixed rule (HTML: it is longer; text: `densest_wins`). Its rows need the texts, read
  once per library version and cached beside the rows (<corpus cache>/.gate/<version>/<path>-texts/).

Each column is the mean F1 over the pages the gate is asked about (not the whole source: loso.py's
table has those), with the mean over sources; "better of the two" is the bound of any gate.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import corpus  # noqa: E402
import train_gate as tg  # noqa: E402

from extractors import gate  # noqa: E402

# LightGBM settings tried beside train_gate.PARAMS (name -> changed settings, rounds).
VARIANTS: dict[str, tuple[dict, int]] = {
    "4 leaves, 300 rounds": ({"num_leaves": 4}, 300),
    "16 leaves, 100 rounds": ({"num_leaves": 16}, 100),
    "60 rounds": ({}, 60),
    "squared loss": ({"objective": "regression"}, tg.ROUNDS),
}
CHOOSER_THRESHOLD = 0.02  # the HTML gate's fixed threshold (train_gate.FIXED_THRESHOLDS)


def _texts_of(task: tuple[dict, str]) -> tuple[str, str, str, str] | None:
    rec, kind = task
    page = corpus.Page(**rec, cache=corpus.default_cache())
    found = tg.recorded(page, kind)
    return (page.source, page.id, found[1], found[2]) if found is not None else None


def reading_texts(source: str, kind: str, jobs: int) -> dict[str, tuple[str, str]]:
    """Both readings of every page of `source` the gate is asked about: page id -> (ours, other)."""
    path = corpus.default_cache() / ".gate" / tg.rows_version() / f"{kind}-texts" / f"{source}.jsonl"
    if not path.is_file():
        tasks = [(p.record(), kind) for p in corpus.pages(source)]
        with mp.get_context("fork").Pool(jobs) as pool:
            found = [r for r in pool.imap(_texts_of, tasks, chunksize=4) if r is not None]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r) + "\n" for r in found), encoding="utf-8")
    return {pid: (ours, other) for _src, pid, ours, other in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


# The text gate's facts (`gate.text_facts`) that say what two readings are, whichever path made them: the
# chooser is shown these of both finished texts, and three more.
READING_FACTS = ("our_words", "other_words", "our_vs_other", "ours_in_other", "other_in_ours", "our_prose",
                 "other_prose", "our_lines", "other_lines")


def reading_facts(ours: str, other: str) -> list[float]:
    """READING_FACTS of the two texts, then the other's words per line, its share of short lines, and
    whether it is the longer (the rule the HTML path follows now)."""
    named = gate.text_facts("", ours, other, gate.RunExtras()).named("text")
    other_lines = [x for x in other.split("\n") if x.strip()]
    return [named[k] for k in READING_FACTS] + [
        len(other.split()) / max(len(other_lines), 1),
        sum(len(x.split()) < 6 for x in other_lines) / max(len(other_lines), 1), float(len(other) > len(ours))]


def _held_out(by_source: dict[str, list[tg.Row]], score: Callable[[dict[str, list[tg.Row]], list[tg.Row]], float]
              ) -> dict[str, float]:
    return {held: score({s: rows for s, rows in by_source.items() if s != held}, rows)
            for held, rows in by_source.items()}


def variant(kind: str, params: dict, rounds: int) -> Callable[[dict[str, list[tg.Row]], list[tg.Row]], float]:
    def score(train: dict[str, list[tg.Row]], rows: list[tg.Row]) -> float:
        saved = dict(tg.PARAMS)
        tg.PARAMS.update(params)
        try:
            model = tg.train_rows(train, kind, rounds)
        finally:
            tg.PARAMS.clear()
            tg.PARAMS.update(saved)
        return tg.gated_f1(model, rows)[model.threshold]
    return score


def chooser(kind: str, gates: dict[str, gate.GateModel]) -> Callable[[dict[str, list[tg.Row]], list[tg.Row]], float]:
    """Where the shipped gate (`gates`: trained without each source) asks, a second regressor that sees
    both texts decides; the gain it learns is the second reading's F1 over ours, whatever the fixed rule
    would have said."""
    width = len(gate.FEATURE_NAMES[kind])

    def score(train: dict[str, list[tg.Row]], rows: list[tg.Row]) -> float:
        flat = [tg.Row(r.source, r.id, r.facts, r.ours, r.other) for rs in train.values() for r in rs]
        model = tg.fit(flat, CHOOSER_THRESHOLD, kind=kind)
        gains = model.expected_gains(np.array([r.facts for r in rows], dtype=np.float64))
        shipped_gate = gates[rows[0].source]
        asks = shipped_gate.expected_gains(np.array([r.facts[:width] for r in rows], dtype=np.float64))
        return statistics.fmean(r.other if a > shipped_gate.threshold and g > CHOOSER_THRESHOLD else r.ours
                                for r, a, g in zip(rows, asks, gains, strict=True))
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--path", choices=sorted(gate.MODEL_PATHS), default="html")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    kind = args.path
    by_source = {s: tg.source_rows(s, kind, args.jobs) for s in corpus.sources()}
    gates = {held: tg.train_rows({s: rows for s, rows in by_source.items() if s != held}, kind) for held in by_source}
    columns: dict[str, dict[str, float]] = {
        "ours": {s: statistics.fmean(r.ours for r in rows) for s, rows in by_source.items()},
        "shipped": {s: tg.gated_f1(gates[s], rows)[gates[s].threshold] for s, rows in by_source.items()},
    }
    for name, (params, rounds) in VARIANTS.items():
        columns[name] = _held_out(by_source, variant(kind, params, rounds))

    # the chooser's rows: the facts and the texts' facts, asked where the shipped gate (trained without
    # the source) asks
    texts = {s: reading_texts(s, kind, args.jobs) for s in by_source}
    wide = {s: [tg.Row(r.source, r.id, r.facts + reading_facts(*texts[s][r.id]), r.ours, r.other, r.wins)
                for r in rows if r.id in texts[s]] for s, rows in by_source.items()}
    columns["sees both readings"] = _held_out(wide, chooser(kind, gates))
    columns["better of the two"] = {s: statistics.fmean(max(r.ours, r.other) for r in rows)
                                    for s, rows in by_source.items()}

    names = list(columns)
    print(f"# The {kind} gate's variants, trained without the source (mean F1 over the pages it is asked about)\n")
    print("| source | pages | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for s, rows in by_source.items():
        print(f"| {s} | {len(rows)} | " + " | ".join(f"{columns[n][s]:.4f}" for n in names) + " |")
    print("| **mean** | - | " + " | ".join(f"**{statistics.fmean(columns[n].values()):.4f}**" for n in names) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
