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
import hashlib
import inspect
import json
import multiprocessing as mp
import os
import pickle
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

MODEL_OUT = ROOT / "extractors" / "models" / "linetagger.bin"
SEED = 20240611

# Label alignment: a line is body when at least this share of its word trigrams are in the gold
# body; between AMBIGUOUS and this it is left out of training (a line half quoted by the gold).
BODY_SHARE = 0.5
AMBIGUOUS_SHARE = 0.2
TOKEN = re.compile(r"\w+")

PARAMS = {
    "objective": "multiclass", "learning_rate": 0.1, "num_leaves": 24, "max_depth": 5, "min_data_in_leaf": 20,
    "feature_fraction": 0.8, "bagging_fraction": 0.5, "bagging_freq": 1, "lambda_l2": 1.0, "max_bin": 63,
    "deterministic": True, "force_row_wise": True, "num_threads": 2, "seed": SEED, "verbose": -1,
}
ROUNDS = 60
FAR_LINES = 30  # chrome lines further than this from any labelled line are thinned...
FAR_KEEP = 4  # ...to one in this many (weighted up to match)
TRANSITION_PRIOR = 0.5  # add-k smoothing of the transition counts
TRANSITION_FLOOR = 1e-4  # no move between states is impossible: one early mistake must not shut the body out
TRANSITION_SCALE = 0.25  # weight of the transitions against the trees' evidence (LOSO: 1.0 -> 0.25, aeb +0.010 F1)


@dataclass
class Gold:
    body: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    category: str | None = None
    captions: list[str] = field(default_factory=list)
    header_only: bool = False  # a page judged for its header only (bench/pages_gold.jsonl): no body gold
    chrome: list[str] = field(default_factory=list)  # lines judged chrome


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


def load_seeds(path: Path = ROOT / "fixtures" / "text") -> list[Example]:
    """The seed dumps with their hand-reviewed output: the product's own pages, always trained on."""
    out = []
    for txt in sorted(path.glob("*.txt")):
        expected = [json.loads(x) for x in txt.with_suffix(".expected.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        golds = [Gold("\n\n".join(x for x in (e.get("summary"), e["text"]) if x), e.get("title"),
                      [a["name"] for a in e.get("authors", [])], e.get("published"), e.get("category"),
                      e.get("image_captions", [])) for e in expected]
        out.append(Example("seeds", txt.stem, "seeds", txt.read_text(encoding="utf-8"), None, golds))
    return out


def load_corpus(source: str) -> list[Example]:
    """A source of bench/corpus.py's cache, as training examples."""
    import corpus

    return [Example(source, page.id, host(page.url) or page.id, page.text, page.url,
                    [Gold(page.gold_body or "", page.gold_title, list(page.gold_authors or []), page.gold_date)])
            for page in sorted(corpus.pages(source), key=lambda p: p.id)]


PAGES_GOLD = Path(os.environ.get("CLEANWIRE_PAGES_GOLD", ROOT / "bench" / "pages_gold.jsonl"))
PAGES_TEXTS = Path.home() / ".cache" / "cleanwire" / "pages" / "pages.jsonl"


def load_pages(folds: Iterable[int] | None = None, gold_path: Path = PAGES_GOLD,
               texts_path: Path = PAGES_TEXTS) -> list[Example]:
    """Republisher page texts judged for their header (bench/pages_gold.jsonl, texts kept outside the
    repository); the pages marked `final` are never trained on. `folds`: only those folds."""
    if not gold_path.is_file() or not texts_path.is_file():
        return []
    texts = {}
    for line in texts_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            texts[rec["url"]] = rec["text"]
    wanted = None if folds is None else set(folds)
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if g.get("final") or g["url"] not in texts or (wanted is not None and g.get("fold") not in wanted):
            continue
        out.append(Example("pages", g["url"], g.get("site") or host(g["url"]), texts[g["url"]], g["url"],
                           [Gold("", g.get("title"), list(g.get("authors") or []), g.get("date"), g.get("category"),
                                 header_only=True, chrome=list(g.get("chrome") or []))]))
    out.sort(key=lambda e: e.key)
    return out


def load_source(name: str) -> list[Example]:
    if name == "seeds":
        return load_seeds()
    if name.startswith("pages"):  # "pages" or "pages-no0" (every fold but 0)
        held = {int(c) for c in name.partition("-no")[2]}
        return load_pages(f for f in range(5) if f not in held)
    return load_corpus(name)


def corpus_sources() -> list[str]:
    import corpus

    return corpus.sources()


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


HEADER_WINDOW = 12  # lines under the title where a page's byline, date and category labels are looked for


def label_header(lines: list, gold: Gold) -> tuple[list[int], list[float]]:
    """(label, weight) of a page judged for its header only: its title, byline, date and category
    lines and the lines judged chrome count; every other line is left out of training (its body is
    not known)."""
    n = len(lines)
    labels, weights = [lt.CHROME] * n, [0.0] * n
    want = norm(gold.title)
    hits = [k for k, line in enumerate(lines) if want and norm(line.text) == want]
    title = next((k for k in hits if k > 0), hits[0] if hits else None)
    if title is not None:
        labels[title], weights[title] = lt.TITLE, 1.0
    lo, hi = (max(0, title - 4), min(n, title + HEADER_WINDOW)) if title is not None else (0, min(n, 40))
    names = [norm(a) for a in gold.authors if norm(a)]
    chrome = {norm(c) for c in gold.chrome}
    for k in range(lo, hi):
        if k == title:
            continue
        line, t = lines[k], norm(lines[k].text)
        if names and line.words <= 25 and any(nm in t for nm in names) and (title is None or k > title):
            labels[k], weights[k] = lt.LABELS.index("byline"), 1.0
        elif gold.date and line.date and line.date[:10] == gold.date[:10]:
            labels[k], weights[k] = lt.LABELS.index("date"), 1.0
        elif gold.category and t == norm(gold.category) and (title is None or k < title):
            labels[k], weights[k] = lt.LABELS.index("category"), 1.0
    for k, line in enumerate(lines):
        if weights[k] == 0 and norm(line.text) in chrome:
            weights[k] = 1.0
    return labels, weights


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
        if gold.header_only:
            labels, weights = label_header(page.lines[lo:hi], gold)
        else:
            labels, weights = label_post(page.lines[lo:hi], gold)
        rows.x.append(x)
        rows.y.append(np.array(labels))
        rows.w.append(np.array(weights))
        rows.states.append([] if gold.header_only else label_states(labels))
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
    extra = [c for ex in examples if augment and ex.source != "seeds" and (c := cropped(ex)) is not None]
    return merge([page_rows(ex) for ex in [*examples, *extra]])


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
    log_t = np.log(np.maximum(trans / trans.sum(axis=1, keepdims=True), TRANSITION_FLOOR))
    return TRANSITION_SCALE * log_t, TRANSITION_SCALE * np.log(start / start.sum())


def export_trees(booster, present: list[int]) -> lt.Trees:
    """LightGBM's trees as complete binary trees of one depth (extractors.linetagger.Trees), grouped
    by the label each scores."""
    dump = booster.dump_model()
    n_cls = dump["num_class"]

    def height(node: dict) -> int:
        return 0 if "split_index" not in node else 1 + max(height(node["left_child"]), height(node["right_child"]))

    infos = dump["tree_info"]
    depth = max(1, max((height(t["tree_structure"]) for t in infos), default=1))
    inner = (1 << depth) - 1
    order = sorted(range(len(infos)), key=lambda i: (present[i % n_cls], i))  # grouped by label, stable
    feature = np.zeros((len(infos), inner), dtype=np.int16)
    threshold = np.full((len(infos), inner), np.inf)
    value = np.zeros((len(infos), 1 << depth))

    def place(t: int, node: dict, at: int, level: int) -> None:
        if "split_index" not in node:
            if level == depth:
                value[t, at - inner] = float(node.get("leaf_value", 0.0))
                return
            place(t, node, 2 * at + 1, level + 1)  # threshold +inf: every line goes left, down to the leaf
            place(t, node, 2 * at + 2, level + 1)
            return
        if node["decision_type"] != "<=" or node.get("missing_type", "None") not in ("None", "NaN"):
            raise ValueError(f"unsupported split {node['decision_type']} / {node.get('missing_type')}")
        feature[t, at] = int(node["split_feature"])
        threshold[t, at] = float(node["threshold"])
        place(t, node["left_child"], 2 * at + 1, level + 1)
        place(t, node["right_child"], 2 * at + 2, level + 1)

    for t, i in enumerate(order):
        place(t, infos[i]["tree_structure"], 0, 0)
    klass = np.array([present[i % n_cls] for i in order], dtype=np.int32)
    return lt.Trees(feature, threshold, value, klass, depth)


def thinned(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weights with chrome lines far from any labelled line (menus and footers of long pages: most of
    the rows, and the easiest) kept one in FAR_KEEP, at FAR_KEEP times the weight: training time
    halves, what the trees learn does not move."""
    n = len(y)
    marked = np.flatnonzero(y != lt.CHROME)
    if not len(marked):
        return w
    pos = np.arange(n)
    nearest = np.minimum(np.abs(pos - marked[np.clip(np.searchsorted(marked, pos), 0, len(marked) - 1)]),
                         np.abs(pos - marked[np.clip(np.searchsorted(marked, pos) - 1, 0, len(marked) - 1)]))
    far = (y == lt.CHROME) & (nearest > FAR_LINES)
    out = w.copy()
    out[far] = np.where(pos[far] % FAR_KEEP == 0, w[far] * FAR_KEEP, 0.0)
    return out


def train(rows: Rows, rounds: int = ROUNDS, params: dict | None = None) -> lt.TaggerModel:
    import lightgbm as lgb

    x = np.vstack(rows.x)
    y = np.concatenate(rows.y)
    w = np.concatenate([thinned(yy, ww) for yy, ww in zip(rows.y, rows.w, strict=True)])
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


# --- featurising, cached ---------------------------------------------------------------------------
ROWS_CACHE = Path.home() / ".cache" / "cleanwire" / "tagger"


def feature_version() -> str:
    """The cache key of featurised rows: the feature list, its revision (bumped by hand when what a
    feature computes changes) and the labelling code."""
    h = hashlib.sha1(json.dumps([lt.FEATURE_NAMES, lt.FEATURES_REVISION]).encode())
    for fn in (label_post, label_states, cropped):
        h.update(inspect.getsource(fn).encode())
    return h.hexdigest()[:12]


def _rows_of(ex: Example) -> Rows:
    return featurise([ex])


def source_rows(name: str, jobs: int = 2) -> Rows:
    """The labelled feature rows of one source (cached per feature version)."""
    path = ROWS_CACHE / feature_version() / f"{name}.pkl"
    if path.is_file():
        return Rows(**pickle.loads(path.read_bytes()))
    examples = load_source(name)
    if jobs > 1:
        with mp.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_rows_of, examples, chunksize=8)
    else:
        parts = [_rows_of(ex) for ex in examples]
    rows = merge(parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows.__dict__, protocol=5))
    return rows


BALANCE = os.environ.get("TAGGER_BALANCE", "1") == "1"  # every source weighs the same in training, whatever its size


def balanced(rows: Rows, total: float) -> Rows:
    """The source's rows with weights scaled so that the source sums to `total`."""
    have = sum(float(w.sum()) for w in rows.w) or 1.0
    return Rows(rows.x, rows.y, [w * (total / have) for w in rows.w], rows.states, rows.groups)


def train_sources(sources: list[str], rounds: int = ROUNDS) -> lt.TaggerModel:
    """The model trained on these corpus sources and the seeds (bench/loso.py's `train` hook)."""
    names = [*sorted(set(sources) - {"seeds"}), "seeds"]
    parts = [source_rows(n) for n in names]
    if BALANCE:
        mean = float(np.mean([sum(float(w.sum()) for w in r.w) for r in parts[:-1]])) if len(parts) > 1 else 1.0
        parts = [balanced(r, mean) for r in parts[:-1]] + [parts[-1]]
    return train(merge(parts), rounds)


def pages_reader(pages: list) -> object:
    """bench/pages_check.py's `--train-per-fold` hook: the tagger trained on every corpus source,
    the seeds and these judged pages (header labels only); returns a reader (text, url) -> articles."""
    from extractors.textdump import extract_text

    examples = [Example("pages", p.url, p.site, p.text, p.url,
                        [Gold("", p.gold.title, list(p.gold.authors), p.gold.date, p.gold.category, header_only=True,
                              chrome=list(p.gold.chrome))]) for p in sorted(pages, key=lambda p: p.url)]
    names = [*corpus_sources(), "seeds"]
    model = train(merge([*(source_rows(n) for n in names), featurise(examples, augment=False)]))

    def read(text: str, url: str | None) -> list:
        restore = lt.use_model(model)
        try:
            return extract_text(text, url)
        finally:
            restore()
    return read


# --- scoring ---------------------------------------------------------------------------------------
_MODEL: list[lt.TaggerModel | None] = [None]


def _predict(ex: Example) -> tuple[str, str | None]:
    from extractors.textdump import extract_text

    restore = lt.use_model(_MODEL[0])
    try:
        arts = extract_text(ex.text, ex.url)
    finally:
        restore()
    return (arts[0].text, arts[0].title) if arts else ("", None)


def score_source(name: str, model: lt.TaggerModel | None, jobs: int = 2) -> dict[str, float]:
    """End to end on one corpus source: extract_text with `model`, scored by the source's own rule."""
    import corpus
    from scoring import aggregate, score_body, score_title

    pages = sorted(corpus.pages(name), key=lambda p: p.id)
    examples = load_corpus(name)
    _MODEL[0] = model
    with mp.get_context("fork").Pool(jobs) as pool:
        preds = pool.map(_predict, examples, chunksize=4)
    scores = [score_body(p, text) for p, (text, _) in zip(pages, preds, strict=True)]
    titles = [score_title(p, title) for p, (_, title) in zip(pages, preds, strict=True)]
    agg = aggregate(name, scores)
    titled = [t for t in titles if t is not None]
    return {"pages": len(pages), "f1": round(agg.f1, 4), "titles": sum(titled), "titled": len(titled)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_OUT)
    parser.add_argument("--sources", help="comma-separated corpus sources (default: every one built); the seeds always")
    parser.add_argument("--cv", action="store_true", help="leave-one-source-out scores instead of writing the model")
    parser.add_argument("--held", help="with --cv: only these held-out sources (comma-separated)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    names = args.sources.split(",") if args.sources else corpus_sources()
    t0 = time.process_time()
    for name in [*names, "seeds"]:
        source_rows(name)
    print(f"features ready in {time.process_time() - t0:.1f} s CPU", file=sys.stderr)
    if args.cv:
        for held in (args.held.split(",") if args.held else names):
            t1 = time.process_time()
            model = train_sources([n for n in names if n != held], args.rounds)
            (Path("/tmp") / f"linetagger-no-{held}.bin").write_bytes(lt.dumps(model))
            print(held, score_source(held, model), f"(trained in {time.process_time() - t1:.0f} s CPU)", flush=True)
        return 0
    model = train_sources(names, args.rounds)
    data_bytes = lt.dumps(model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data_bytes)
    print(f"wrote {args.out} ({len(data_bytes)} bytes, {len(model.trees.klass)} trees) in "
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
