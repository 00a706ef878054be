"""Train the text path's line tagger (extractors/linetagger.py) and write the model the package ships.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python bench/train_tagger.py [--out extractors/models/linetagger.bin] [--sources aeb-text,seeds,...]
    .venv/bin/python bench/train_tagger.py --cv          # leave-one-source-out (and grouped folds inside aeb-text)

Training data: every page of each source as a whole-page text dump with its gold (body, title, and
where a source has them authors, date, category, captions). Each dump line gets a label by aligning
it with the gold: body when most of its word trigrams are in the gold body (a short line: when its
words stand in the gold body, between body lines), title when it is the gold headline (the
occurrence nearest above the body; other occurrences are left out of training), and so on.

Deterministic: fixed seeds, one thread order (LightGBM `deterministic`), pages in sorted order; the
same data gives the same model bytes. Chrome lines far from any post (menus at the top of long
pages) are many: they all count, there is no sampling.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from extractors import linetagger as lt  # noqa: E402
from extractors.textdump import post_features, read_page  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = Path.home() / ".cache" / "cleanwire" / "corpus"
MODEL_OUT = ROOT / "extractors" / "models" / "linetagger.bin"
SEED = 20240611

# Label alignment: a line is body when at least this share of its word trigrams are in the gold
# body; between AMBIGUOUS and this it is left out of training (a line half quoted by the gold).
BODY_SHARE = 0.5
AMBIGUOUS_SHARE = 0.2
TOKEN = re.compile(r"\w+")

PARAMS = {
    "objective": "multiclass", "learning_rate": 0.1, "num_leaves": 31, "max_depth": 7, "min_data_in_leaf": 20,
    "feature_fraction": 0.8, "bagging_fraction": 1.0, "lambda_l2": 1.0, "max_bin": 255,
    "deterministic": True, "force_row_wise": True, "num_threads": 2, "seed": SEED, "verbose": -1,
}
ROUNDS = 100
TRANSITION_PRIOR = 0.5  # add-k smoothing of the transition counts


@dataclass
class Gold:
    body: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    category: str | None = None
    captions: list[str] = field(default_factory=list)


@dataclass
class Example:
    source: str
    key: str
    group: str  # the site: folds never split one
    text: str
    url: str | None
    golds: list[Gold]  # one per post when the page's posts are known, else one for the page


def norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def tokens(text: str) -> list[str]:
    return TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


# --- sources ---------------------------------------------------------------------------------------
def host(url: str | None) -> str:
    m = re.match(r"^[a-z]+://([^/]+)", url or "")
    return (m.group(1) if m else "").removeprefix("www.")


def load_aeb_text(path: Path = SHARED / "benchmarks" / "aeb-text") -> list[Example]:
    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(truth):
        gt = truth[key]
        text = (path / "text" / f"{key}.txt").read_text(encoding="utf-8")
        out.append(Example("aeb-text", key, host(gt.get("url")) or key, text, gt.get("url"),
                           [Gold(gt.get("articleBody", ""), gt.get("title"))]))
    return out


def load_seeds(path: Path = ROOT / "fixtures" / "text") -> list[Example]:
    out = []
    for txt in sorted(path.glob("*.txt")):
        expected = [json.loads(x) for x in txt.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        golds = [Gold("\n\n".join(x for x in (e.get("summary"), e["text"]) if x), e.get("title"),
                      [a["name"] for a in e.get("authors", [])], e.get("published"), e.get("category"),
                      e.get("image_captions", [])) for e in expected]
        out.append(Example("seeds", txt.stem, "seeds", txt.read_text(encoding="utf-8"), None, golds))
    return out


def load_corpus(source: str, root: Path = CORPUS) -> list[Example]:
    """A source of bench/corpus.py's cache: pages.jsonl with gold, text/<id>.txt the page's dump."""
    base = root / source
    out = []
    for line in (base / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        page = json.loads(line)
        key = str(page.get("id"))
        txt = base / "text" / f"{key}.txt"
        if not txt.is_file():
            continue
        gold = Gold(page.get("body") or "", page.get("title"), [a if isinstance(a, str) else a.get("name", "")
                    for a in page.get("authors") or []], page.get("date"), page.get("category"))
        url = page.get("url")
        out.append(Example(source, key, page.get("site") or host(url) or key, txt.read_text(encoding="utf-8"), url, [gold]))
    out.sort(key=lambda e: e.key)
    return out


def load_sources(names: Iterable[str]) -> dict[str, list[Example]]:
    loaded = {}
    for name in names:
        if name == "aeb-text":
            loaded[name] = load_aeb_text()
        elif name == "seeds":
            loaded[name] = load_seeds()
        else:
            loaded[name] = load_corpus(name)
    return loaded


def corpus_sources() -> list[str]:
    return sorted(p.parent.name for p in CORPUS.glob("*/pages.jsonl"))


# --- labels ----------------------------------------------------------------------------------------
def label_post(lines: list, gold: Gold) -> tuple[list[int], list[float]]:
    """(label, weight) per line of one post, from its gold."""
    gtoks = tokens(gold.body)
    tri = Counter(zip(gtoks, gtoks[1:], gtoks[2:], strict=False))
    joined = f" {' '.join(gtoks)} "
    n = len(lines)
    labels = [lt.CHROME] * n
    weights = [1.0] * n
    short = []
    for k, line in enumerate(lines):
        toks = tokens(line.text)
        if len(toks) >= 3:
            grams = list(zip(toks, toks[1:], toks[2:], strict=False))
            share = sum(g in tri for g in grams) / len(grams)
            if share >= BODY_SHARE:
                labels[k] = lt.BODY
            elif share > AMBIGUOUS_SHARE:
                weights[k] = 0.0
        elif toks and f" {' '.join(toks)} " in joined:
            short.append(k)
    body_at = [k for k in range(n) if labels[k] == lt.BODY]
    if body_at:
        for k in short:  # a subheading of the body: its words stand in the gold, between body lines
            if body_at[0] < k < body_at[-1]:
                labels[k] = lt.BODY
    if gold.title:
        want = norm(gold.title)
        hits = [k for k, line in enumerate(lines) if norm(line.text) == want and labels[k] != lt.BODY]
        if hits:
            first_body = body_at[0] if body_at else n
            above = [k for k in hits if k < first_body]
            chosen = above[-1] if above else hits[0]
            for k in hits:
                weights[k] = 0.0
            labels[chosen], weights[chosen] = lt.TITLE, 1.0
    captions = {norm(c) for c in gold.captions}
    names = [norm(a) for a in gold.authors if norm(a)]
    first_body = body_at[0] if body_at else n
    for k, line in enumerate(lines):
        if labels[k] != lt.CHROME:
            continue
        t = norm(line.text)
        if captions and t in captions:
            labels[k] = lt.LABELS.index("caption")
        elif names and line.words <= 25 and any(nm in t for nm in names) and k < first_body + 3:
            labels[k] = lt.LABELS.index("byline")
        elif gold.date and line.date and line.date[:10] == gold.date[:10] and k < first_body + 3:
            labels[k] = lt.LABELS.index("date")
        elif gold.category and t == norm(gold.category) and k < first_body:
            labels[k] = lt.LABELS.index("category")
    return labels, weights


def label_states(labels: list[int]) -> list[int]:
    """The state sequence of a labelled post: chrome before, between and after the body lines."""
    body = [k for k, lab in enumerate(labels) if lab == lt.BODY]
    first, last = (body[0], body[-1]) if body else (len(labels), -1)
    out = []
    for k, lab in enumerate(labels):
        name = ("pre" if k < first else "post" if k > last else "gap") if lab == lt.CHROME else lt.LABELS[lab]
        out.append(lt.STATES.index(name))
    return out


@dataclass
class Rows:
    x: list[np.ndarray] = field(default_factory=list)
    y: list[np.ndarray] = field(default_factory=list)
    w: list[np.ndarray] = field(default_factory=list)
    states: list[list[int]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


def page_rows(ex: Example) -> Rows:
    rows = Rows()
    page = read_page(ex.text, ex.url)
    posts = page.posts
    for k, (lo, hi, clues) in enumerate(posts):
        gold = ex.golds[k] if len(ex.golds) == len(posts) else ex.golds[0]
        x = post_features(page.lines, lo, hi, clues, k)
        labels, weights = label_post(page.lines[lo:hi], gold)
        rows.x.append(x)
        rows.y.append(np.array(labels))
        rows.w.append(np.array(weights))
        rows.states.append(label_states(labels))
        rows.groups.append(ex.group)
    return rows


def cropped(ex: Example) -> Example | None:
    """The same page cut close around its article: a few lines of header above, the first few
    paragraphs, a few lines of footer. Dumps come that short too (a reader view, a feed item, a
    republisher's post between separators); without such pages the trees learn that a body is
    always deep inside hundreds of lines of chrome."""
    if len(ex.golds) != 1:
        return None
    page = read_page(ex.text, ex.url)
    if len(page.posts) != 1:
        return None
    labels, _ = label_post(page.lines, ex.golds[0])
    body = [k for k, lab in enumerate(labels) if lab == lt.BODY]
    if len(body) < 3:
        return None
    rng = random.Random(zlib.crc32(f"{SEED}:{ex.source}:{ex.key}".encode()))
    title = [k for k, lab in enumerate(labels) if lab == lt.TITLE]
    top = title[0] if title and title[0] < body[0] else body[0]
    a = max(0, top - rng.choice((0, 0, 1, 2, 3, 5)))
    last = body[min(len(body) - 1, rng.choice((2, 3, 5, 8, len(body))) - 1)]
    b = min(len(page.lines), last + 1 + rng.choice((0, 0, 1, 2, 4, 8)))
    text = "\n\n".join(x.text for x in page.lines[a:b])
    return Example(ex.source, f"{ex.key}~crop", ex.group, text, ex.url if rng.random() < 0.5 else None, ex.golds)


def featurise(examples: list[Example], augment: bool = True) -> Rows:
    out = Rows()
    extra = [c for ex in examples if augment and ex.source != "seeds" and (c := cropped(ex)) is not None]
    for ex in [*examples, *extra]:
        r = page_rows(ex)
        out.x += r.x
        out.y += r.y
        out.w += r.w
        out.states += r.states
        out.groups += r.groups
    return out


# --- training --------------------------------------------------------------------------------------
def transitions(state_seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    s = len(lt.STATES)
    trans = np.full((s, s), TRANSITION_PRIOR)
    start = np.full(s, TRANSITION_PRIOR)
    for seq in state_seqs:
        if not seq:
            continue
        start[seq[0]] += 1
        for a, b in zip(seq, seq[1:], strict=False):
            trans[a, b] += 1
    return np.log(trans / trans.sum(axis=1, keepdims=True)), np.log(start / start.sum())


def export_trees(booster, present: list[int]) -> lt.Trees:
    dump = booster.dump_model()
    n_cls = dump["num_class"]
    feature, threshold, left, right, value, root, klass = [], [], [], [], [], [], []
    depth = 0

    def walk(node: dict, d: int) -> int:
        nonlocal depth
        me = len(feature)
        feature.append(0)
        threshold.append(0.0)
        left.append(me)
        right.append(me)
        value.append(0.0)
        if "leaf_value" in node or "split_index" not in node:
            value[me] = float(node.get("leaf_value", 0.0))
            depth = max(depth, d)
            return me
        if node["decision_type"] != "<=" or node.get("missing_type", "None") not in ("None", "NaN"):
            raise ValueError(f"unsupported split {node['decision_type']} / {node.get('missing_type')}")
        feature[me] = int(node["split_feature"])
        threshold[me] = float(node["threshold"])
        left[me] = walk(node["left_child"], d + 1)
        right[me] = walk(node["right_child"], d + 1)
        return me

    for i, tree in enumerate(dump["tree_info"]):
        root.append(walk(tree["tree_structure"], 0))
        klass.append(present[i % n_cls])
    return lt.Trees(np.array(feature, dtype=np.int32), np.array(threshold), np.array(left, dtype=np.int32),
                    np.array(right, dtype=np.int32), np.array(value), np.array(root, dtype=np.int32),
                    np.array(klass, dtype=np.int32), depth)


def train(rows: Rows, rounds: int = ROUNDS, params: dict | None = None) -> lt.TaggerModel:
    import lightgbm as lgb

    x = np.vstack(rows.x)
    y = np.concatenate(rows.y)
    w = np.concatenate(rows.w)
    keep = w > 0
    x, y, w = x[keep], y[keep], w[keep]
    present = sorted(set(y.tolist()))
    remap = {lab: i for i, lab in enumerate(present)}
    yy = np.array([remap[v] for v in y])
    p = {**PARAMS, **(params or {}), "num_class": len(present)}
    data = lgb.Dataset(x, yy, weight=w, feature_name=[f"f{i}" for i in range(x.shape[1])], free_raw_data=True)
    booster = lgb.train(p, data, num_boost_round=rounds)
    trees = export_trees(booster, present)
    counts = np.bincount(y, minlength=len(lt.LABELS)).astype(float)
    prior = np.log((counts + 1) / (counts.sum() + len(lt.LABELS)))
    bias = np.array([0.0 if k in present else -30.0 for k in range(len(lt.LABELS))])
    log_t, log_s = transitions(rows.states)
    meta = {"rounds": rounds, "params": {k: v for k, v in sorted(p.items())}, "lines": int(len(y)),
            "label_counts": {lt.LABELS[k]: int(c) for k, c in enumerate(counts)}}
    return lt.TaggerModel(lt.LABELS, lt.FEATURE_NAMES, trees, log_t, log_s, prior, bias, meta)


# --- scoring ---------------------------------------------------------------------------------------
def score_examples(examples: list[Example], model: lt.TaggerModel | None) -> dict[str, float]:
    """End to end: extract_text with `model`, the first article against the page's first gold."""
    from aeb import score_page

    from extractors.textdump import extract_text
    restore = lt.use_model(model)
    try:
        f1s, titles, titled = [], 0, 0
        for ex in examples:
            arts = extract_text(ex.text, ex.url)
            gold = ex.golds[0]
            text = arts[0].text if arts else ""
            f1s.append(score_page(gold.body, text).f1)
            if gold.title:
                titled += 1
                titles += bool(arts) and norm(arts[0].title) == norm(gold.title)
    finally:
        restore()
    return {"pages": len(examples), "f1": float(np.mean(f1s)) if f1s else math.nan, "titles": titles, "titled": titled}


def folds_by_group(examples: list[Example], k: int) -> list[list[Example]]:
    groups = sorted({e.group for e in examples})
    out: list[list[Example]] = [[] for _ in range(k)]
    for e in examples:
        out[groups.index(e.group) % k].append(e)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_OUT)
    parser.add_argument("--sources", help="comma-separated (default: aeb-text, seeds and every corpus source cached)")
    parser.add_argument("--cv", action="store_true", help="leave-one-source-out scores (and 5 grouped folds of aeb-text)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    names = args.sources.split(",") if args.sources else ["aeb-text", "seeds", *corpus_sources()]
    t0 = time.process_time()
    data = load_sources(names)
    rows = {name: featurise(exs) for name, exs in data.items()}
    print(f"featurised {sum(len(v) for v in data.values())} pages in {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    if args.cv:
        for held in names:
            if held == "seeds":
                continue
            if len(names) > 2:
                train_rows = merge([rows[n] for n in names if n != held])
                model = train(train_rows, args.rounds)
                print(held, "LOSO", score_examples(data[held], model))
            if held == "aeb-text":
                folds = folds_by_group(data[held], 5)
                scores = []
                for i, fold in enumerate(folds):
                    keys = {e.key for e in fold}
                    train_rows = merge([rows[n] for n in names if n != held]
                                       + [featurise([e for e in data[held] if e.key not in keys])])
                    model = train(train_rows, args.rounds)
                    scores.append(score_examples(fold, model))
                    print(held, f"fold {i}", scores[-1], file=sys.stderr)
                f1 = sum(s["f1"] * s["pages"] for s in scores) / sum(s["pages"] for s in scores)
                print(held, "5-fold by site", {"f1": round(f1, 4), "titles": sum(s["titles"] for s in scores),
                                                "titled": sum(s["titled"] for s in scores)})
        return 0
    model = train(merge(list(rows.values())), args.rounds)
    data_bytes = lt.dumps(model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data_bytes)
    print(f"wrote {args.out} ({len(data_bytes)} bytes, {len(model.trees.root)} trees) in "
          f"{time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    return 0


def merge(parts: list[Rows]) -> Rows:
    out = Rows()
    for r in parts:
        out.x += r.x
        out.y += r.y
        out.w += r.w
        out.states += r.states
        out.groups += r.groups
    return out


if __name__ == "__main__":
    raise SystemExit(main())
