"""Train the HTML path's learned block scorer (extractors/blockscore.py) and score it leave-one-source-out.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python bench/train_blocks.py rows [-j 2]          # read every corpus page once, cache its rows
    .venv/bin/python bench/train_blocks.py cv                   # leave-one-source-out table (from the cache)
    .venv/bin/python bench/train_blocks.py train [--out extractors/models/blockscore.bin]

Rows: every corpus page (bench/corpus.py) is read by `extract_html` with a recorder that keeps each
block's feature row and text, with the page's rules output and trafilatura's first opinion. A block's
label is the share of it that is in the gold body: 1.0 when its words stand in the gold body in
order, else the share of its word trigrams found there. Cached per source under
<corpus cache>/.blocks/<version>/, keyed by a hash of extractors/.

Training weighs every page alike (a page's blocks share one unit of weight by their words: the
sources' figures are means over pages) and every source alike. Deterministic: fixed seed, LightGBM
`deterministic`, pages in sorted order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from extractors import blockscore  # noqa: E402

SEED = 20250101
TOKEN = re.compile(r"\w+")
PARAMS = {
    "objective": "cross_entropy", "learning_rate": 0.08, "num_leaves": 31, "min_data_in_leaf": 40,
    "feature_fraction": 0.8, "bagging_fraction": 1.0, "lambda_l2": 1.0, "max_bin": 255,
    "deterministic": True, "force_row_wise": True, "num_threads": 2, "seed": SEED, "verbose": -1,
}
ROUNDS = 200


def code_version() -> str:
    h = hashlib.sha1()
    for f in sorted((ROOT / "extractors").rglob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def tokens(text: str | None) -> list[str]:
    return TOKEN.findall(text.lower()) if text else []


def label(block: str, gold_flat: str, gold_grams: set[tuple[str, ...]]) -> float:
    """Share of the block that is in the gold body."""
    toks = tokens(block)
    if not toks:
        return 0.0
    if f" {' '.join(toks)} " in gold_flat:
        return 1.0
    if len(toks) < 3:
        return 0.0
    grams = set(zip(toks, toks[1:], toks[2:], strict=False))
    return len(grams & gold_grams) / len(grams)


@dataclass
class PageRows:
    id: str
    source: str
    x: list[list[float]]
    y: list[float]
    words: list[int]
    texts: list[str]
    rules: str
    traf: str
    final: str  # what extract_html returned (the first article's text)


def read_page(rec: dict) -> dict:
    import corpus

    from extractors.html import extract_html

    page = corpus.Page(**rec, cache=corpus.default_cache())
    got: list = []

    def record(cands, rows, evidence):
        got.append(([c.block.text for c in cands], rows, evidence.rules_text, evidence.traf_text))

    blockscore.RECORDERS.append(record)
    try:
        arts = extract_html(page.html, page.url)
    except Exception:  # noqa: BLE001 - a page we refuse has no rows
        arts = []
    finally:
        blockscore.RECORDERS.remove(record)
    final = arts[0].text if arts else ""
    if not got:
        return {"id": page.id, "source": page.source, "x": [], "y": [], "words": [], "texts": [], "rules": final,
                "traf": "", "final": final}
    texts, rows, rules, traf = got[-1]
    gold = tokens(page.gold_body)
    gold_flat = f" {' '.join(gold)} "
    gold_grams = set(zip(gold, gold[1:], gold[2:], strict=False))
    return {"id": page.id, "source": page.source, "x": rows, "y": [label(t, gold_flat, gold_grams) for t in texts],
            "words": [len(tokens(t)) for t in texts], "texts": texts, "rules": rules, "traf": traf, "final": final}


def cache_dir() -> Path:
    import corpus

    return corpus.default_cache() / ".blocks" / code_version()


def build_rows(sources: list[str], jobs: int) -> None:
    import corpus

    out = cache_dir()
    out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        path = out / f"{source}.jsonl"
        if path.is_file():
            continue
        recs = [p.record() for p in corpus.pages(source)]
        start = time.time()
        with mp.get_context("fork").Pool(jobs) as pool:
            results = pool.map(read_page, recs, chunksize=8)
        tmp = path.with_suffix(".part")
        with tmp.open("w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(r) + "\n")
        tmp.rename(path)
        print(f"{source}: {len(recs)} pages in {time.time() - start:.0f} s", flush=True)


def load_rows(source: str) -> list[PageRows]:
    path = cache_dir() / f"{source}.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [PageRows(**json.loads(line)) for line in fh]


def weights(pages: list[PageRows]) -> np.ndarray:
    """Each page one unit, shared by its blocks in proportion to their words (at least one each)."""
    out = []
    for p in pages:
        w = np.maximum(np.array(p.words, dtype=float), 1.0)
        out.append(w / w.sum() if len(w) else w)
    return np.concatenate(out) if out else np.zeros(0)


def train(by_source: dict[str, list[PageRows]], rounds: int = ROUNDS, params: dict | None = None):
    import lightgbm as lgb

    xs, ys, ws = [], [], []
    for pages in by_source.values():
        pages = [p for p in pages if p.x]
        if not pages:
            continue
        w = weights(pages)
        xs.append(np.array([r for p in pages for r in p.x], dtype=float))
        ys.append(np.array([v for p in pages for v in p.y], dtype=float))
        ws.append(w / w.sum())  # every source alike
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    data = lgb.Dataset(x, y, weight=w * len(y), free_raw_data=True)
    return lgb.train({**PARAMS, **(params or {})}, data, num_boost_round=rounds)


def word_f1(pred: str, gold_tokens: list[str]) -> float:
    from collections import Counter

    p = tokens(pred)
    if not gold_tokens:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    overlap = sum((Counter(p) & Counter(gold_tokens)).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / len(p), overlap / len(gold_tokens)
    return 2 * prec * rec / (prec + rec)


def predict(booster, pages: list[PageRows]) -> list[np.ndarray]:
    out = []
    for p in pages:
        out.append(booster.predict(np.array(p.x, dtype=float)) if p.x else np.zeros(0))
    return out


def kept_text(page: PageRows, proba: np.ndarray, threshold: float) -> str:
    if not page.x:
        return page.final
    return "\n\n".join(t for t, q in zip(page.texts, proba, strict=True) if q >= threshold)


def source_score(source: str, pages: list[PageRows], texts: list[str]) -> float:
    import corpus
    from scoring import aggregate, score_body

    golds = {p.id: p for p in corpus.pages(source)}
    return aggregate(source, [score_body(golds[p.id], t) for p, t in zip(pages, texts, strict=True)]).f1


def cv(sources: list[str], threshold: float, rounds: int) -> None:
    """Leave-one-source-out: for each source, a model trained on the others scores it."""
    data = {s: load_rows(s) for s in sources}
    print("| source | model | rules (before finish) | first opinion | extract_html |")
    print("|---|---|---|---|---|")
    means: dict[str, list[float]] = {k: [] for k in ("model", "rules", "traf", "final")}
    for held in sources:
        booster = train({s: v for s, v in data.items() if s != held}, rounds)
        pages = data[held]
        proba = predict(booster, pages)
        row = {
            "model": source_score(held, pages, [kept_text(p, q, threshold) for p, q in zip(pages, proba, strict=True)]),
            "rules": source_score(held, pages, [p.rules for p in pages]),
            "traf": source_score(held, pages, [p.traf for p in pages]),
            "final": source_score(held, pages, [p.final for p in pages]),
        }
        for k, v in row.items():
            means[k].append(v)
        print(f"| {held} | {row['model']:.4f} | {row['rules']:.4f} | {row['traf']:.4f} | {row['final']:.4f} |", flush=True)
    print("| mean | " + " | ".join(f"{statistics.fmean(means[k]):.4f}" for k in ("model", "rules", "traf", "final")) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cmd", choices=("rows", "cv", "train"))
    ap.add_argument("--sources", nargs="+")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--rounds", type=int, default=ROUNDS)
    args = ap.parse_args(argv)
    import corpus

    sources = args.sources or corpus.sources()
    if args.cmd == "rows":
        build_rows(sources, args.j)
    elif args.cmd == "cv":
        cv(sources, args.threshold, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
