"""The learned line tagger of the text path: every line of one post gets a label (chrome, title,
body...) from gradient-boosted trees over features a person can name, smoothed by a Viterbi pass
so that a body is a run of lines, not scattered ones.

Why learned: hand weights chosen on one benchmark did not transfer to sources nobody tuned them on
(issue 16). The features are the ones the rules read (`extractors.textlines`, the pattern table,
the title evidence of `extractors.textdump`); the trees weigh them, trained leave-one-source-out by
`bench/train_tagger.py`.

Runtime: numpy only. The model (`models/linetagger.bin`, zlib-compressed arrays) is loaded once per
process, on first use; the trees are evaluated together, one vectorised step per tree level.
"""

from __future__ import annotations

import json
import math
import re
import struct
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from extractors.patterns import Role
from extractors.textlines import (
    BULLET_START,
    LOWER_START,
    PHOTO_CREDIT,
    URL_INSIDE,
    URL_LINE,
    Line,
    find_date,
)

MODEL_PATH = Path(__file__).resolve().parent / "models" / "linetagger.bin"
MAGIC = b"CWLT1\n"

# Labels a line can get. Chrome is everything that is neither the post's text nor its header.
LABELS = ("chrome", "title", "body", "byline", "date", "category", "caption")
CHROME, TITLE, BODY = 0, 1, 2

# Sequence states of the smoothing pass: chrome before, inside and after the body are three states
# with one emission, so a post reads "header chrome -> title -> header -> body (with gaps) -> footer"
# and the footer never turns back into body.
STATES = ("pre", "title", "body", "gap", "post", "byline", "date", "category", "caption")
STATE_LABEL = tuple(LABELS.index(s) if s in LABELS else CHROME for s in STATES)

FEATURES_REVISION = 1  # bump when what a feature computes changes (bench/train_tagger.py's cache key)
RAW_BLOCK = 1024  # lines scored by the trees in one vectorised pass
WINDOW = (-3, -2, -1, 1, 2, 3)  # neighbours whose own features each line sees
DENSE_LINES = 20  # the window of the page's densest prose (the "densest run of prose" reading)
LINK_MARKS = re.compile(r"[|»›>/•·]")
DIGIT = re.compile(r"\d")
CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")


@dataclass(frozen=True)
class Feature:
    name: str
    reason: str


def _f(name: str, reason: str) -> Feature:
    return Feature(name, reason)


# The line's own features (each also seen, for the neighbours in WINDOW, where marked `window`).
OWN: tuple[Feature, ...] = (
    _f("log_words", "paragraphs are long, menus and labels short"),
    _f("log_chars", "length in characters, for scripts whose words are not spaced"),
    _f("function_share", "running text is made of function words (jusText's lists, the page language); -1: no list"),
    _f("capital_share", "headlines and names are Title Case, sentences are not"),
    _f("sentence_end", "sentences close with a full stop"),
    _f("clause_end", "a paragraph introducing a list ends in a colon"),
    _f("prose", "textlines' prose: long, closed like a sentence, made of sentences"),
    _f("headline", "headline shape: a few words, no closing stop, not a date or a button"),
    _f("label", "label shape: at most four words, a section or a name"),
    _f("date_line", "a line that is a date and nothing more"),
    _f("has_date", "a date written inside the line (bylines, teasers)"),
    _f("digit_share", "scores, prices, times and counters are digits"),
    _f("link_marks", "menus and breadcrumbs are joined by |, », ›, /"),
    _f("url", "a URL in the line: a link, a share button, a source"),
    _f("caps_words", "all-capital words: labels and buttons"),
    _f("lower_start", "a line starting in lower case continues something or is a button"),
    _f("bullet", "a list item"),
    _f("question", "a question closes a forum title or an FAQ"),
    _f("mean_word_len", "code, URLs and names have long tokens"),
    _f("gap_before", "blank lines before the line (a summary is set apart by two)"),
    _f("repeats", "times the same text stands on the page: menus repeat"),
    _f("learned_chrome", "the site repeats this paragraph on its other pages"),
    _f("role_drop", "pattern table: page chrome"),
    _f("role_separator", "pattern table: the boundary between posts"),
    _f("role_note", "pattern table: a republication note"),
    _f("role_blurb", "pattern table: a publisher blurb"),
    _f("role_byline", "pattern table: an author line"),
    _f("role_credit", "pattern table: translation / editing credits"),
    _f("role_caption", "pattern table: a photo caption"),
    _f("photo_credit", "a photo credit inside the line"),
    _f("box_heading", "a heading of a box of links, share or newsletter"),
    _f("end_signal", "comments, copyright, 'Source link': the article has ended"),
    _f("listed", "an item of a list a paragraph introduces"),
    _f("boxed", "a link under a box heading"),
    _f("teaser", "the excerpt of a teaser in a list of other articles"),
    _f("interface", "words of buttons and menus"),
    _f("name_line", "shaped like a bare name line ('Jane Doe', 'Jane Doe | Outlet')"),
    _f("byline", "a byline ('By X', 'Posted by X on <date>')"),
    _f("header_marker", "a date label, a date, a share label: what stands under a title"),
    _f("heads_next", "a header line stands under this one: it reads as a title"),
    _f("title_echo", "the headline part of the <title>-shaped first line, found again (0.5: as a prefix)"),
    _f("title_quoted", "a footer quotes it ('The post X appeared first on Y', 'Read more: X')"),
    _f("slug_agreement", "share of the URL slug's words it holds"),
    _f("title_similar", "share of the <title>'s (or slug's) words it repeats"),
    _f("first_line", "the dump's first line is the page's <title>"),
    _f("breadcrumb", "a breadcrumb trail (Home > Section)"),
)
WINDOWED = ("log_words", "function_share", "prose", "headline", "date_line", "role_drop", "link_marks",
            "sentence_end", "heads_next", "title_echo")
CONTEXT: tuple[Feature, ...] = (
    _f("rel_pos", "relative position in the post: headers open it, footers close it"),
    _f("log_from_start", "lines from the post's start"),
    _f("log_to_end", "lines to the post's end"),
    _f("prose_before", "share of the post's prose words above the line"),
    _f("prose_near5", "prose words within five lines: text comes in runs"),
    _f("prose_near15", "prose words within fifteen lines"),
    _f("in_dense", "inside the post's densest 20-line window of prose"),
    _f("dense_dist", "signed distance (lines) to that window, clipped"),
    _f("after_end", "an end signal stands above, after prose began"),
    _f("before_first_prose", "no prose line above it yet"),
    _f("after_last_prose", "no prose line below it"),
    _f("log_post_lines", "the post's length in lines"),
    _f("post_prose_share", "share of the post's lines that are prose (a listing has few)"),
    _f("post_index", "posts after the first on a page (a dump of several posts)"),
    _f("title_rank", "rank of its title evidence among the post's lines (0: best)"),
    _f("log_dist_best_title", "lines from the line with the best title evidence"),
)
FEATURES: tuple[Feature, ...] = (*OWN, *(Feature(f"{n}@{d:+d}", f"neighbour {d:+d}: {n}") for d in WINDOW for n in WINDOWED),
                                 *CONTEXT)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
_OWN_INDEX = {f.name: i for i, f in enumerate(OWN)}
_WINDOW_COLS = [_OWN_INDEX[n] for n in WINDOWED]

_ROLE_COLUMN = {Role.DROP: "role_drop", Role.SEPARATOR: "role_separator", Role.NOTE: "role_note",
                Role.BLURB: "role_blurb", Role.BYLINE: "role_byline", Role.CREDIT: "role_credit",
                Role.CAPTION: "role_caption"}


@dataclass
class LineHints:
    """What the text-dump reader already knows of a line (its predicates live there)."""

    box_heading: bool
    end_signal: bool
    interface: bool
    name_line: bool
    byline: bool
    header_marker: bool
    heads_next: bool
    title_echo: float
    title_quoted: bool
    slug_agreement: float
    title_similar: float
    breadcrumb: bool


# Columns of OWN that vary from one occurrence of a text to another (the rest is a function of the text).
_PER_LINE = ("gap_before", "listed", "boxed", "teaser", "first_line", "end_signal", "byline", "heads_next",
             "title_echo", "title_quoted", "slug_agreement")


def _text_features(line: Line, hints: LineHints, repeats: int) -> list[float]:
    text = line.text
    tokens = text.split()
    row = [0.0] * len(OWN)
    values = {
        "log_words": math.log1p(line.words), "log_chars": math.log1p(len(text)),
        "function_share": line.function_share, "capital_share": line.capital_share,
        "sentence_end": line.sentence_end, "clause_end": line.clause_end, "prose": line.prose,
        "headline": line.headline, "label": line.label, "date_line": line.date is not None,
        "has_date": line.date is not None or (len(text) < 300 and find_date(text) is not None),
        "digit_share": len(DIGIT.findall(text)) / len(text) if text else 0.0,
        "link_marks": min(len(LINK_MARKS.findall(text)), 10), "url": bool(URL_INSIDE.search(text) or URL_LINE.match(text)),
        "caps_words": min(len(CAPS_WORD.findall(text)), 10) / max(len(tokens), 1),
        "lower_start": bool(LOWER_START.match(text)), "bullet": bool(BULLET_START.match(text)),
        "question": text.endswith("?"), "mean_word_len": len(text) / max(len(tokens), 1),
        "repeats": math.log(max(repeats, 1)), "learned_chrome": line.chrome == "learned",
        "photo_credit": bool(PHOTO_CREDIT.search(text)), "box_heading": hints.box_heading,
        "interface": hints.interface, "name_line": hints.name_line, "header_marker": hints.header_marker,
        "title_similar": hints.title_similar, "breadcrumb": hints.breadcrumb,
    }
    if line.role is not None and line.chrome != "learned":
        values[_ROLE_COLUMN[line.role]] = 1.0
    for name, value in values.items():
        row[_OWN_INDEX[name]] = float(value)
    return row


def own_features(line: Line, hints: LineHints, repeats: int, first_line: bool,
                 cache: dict[str, list[float]] | None = None) -> list[float]:
    """The line's own feature row; `cache` keeps the part that depends on its text alone."""
    base = cache.get(line.text) if cache is not None else None
    if base is None:
        base = _text_features(line, hints, repeats)
        if cache is not None:
            cache[line.text] = base
    row = base.copy()
    for name, value in (("gap_before", min(line.block.gap_before, 3)), ("listed", line.listed), ("boxed", line.boxed),
                        ("teaser", line.teaser), ("first_line", first_line), ("end_signal", hints.end_signal),
                        ("byline", hints.byline), ("heads_next", hints.heads_next), ("title_echo", hints.title_echo),
                        ("title_quoted", hints.title_quoted), ("slug_agreement", hints.slug_agreement)):
        row[_OWN_INDEX[name]] = float(value)
    return row


def post_matrix(lines: Sequence[Line], hints: Sequence[LineHints], first_index: int | None,
                post_index: int = 0) -> np.ndarray:
    """The feature matrix (lines x FEATURES) of one post's lines."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    counts = Counter(x.text for x in lines)
    cache: dict[str, list[float]] = {}
    own = np.array([own_features(x, h, counts[x.text], x.index == first_index, cache)
                    for x, h in zip(lines, hints, strict=True)], dtype=np.float64)
    # neighbours: padded with a row of -1 (no line there)
    pad = np.full((3, len(_WINDOW_COLS)), -1.0)
    sub = np.vstack([pad, own[:, _WINDOW_COLS], pad])
    neigh = [sub[3 + d:3 + d + n] for d in WINDOW]
    prose_words = np.array([x.words if x.prose else 0 for x in lines], dtype=np.float64)
    total = prose_words.sum()
    cum = np.cumsum(prose_words) - prose_words
    csum = np.concatenate([[0.0], np.cumsum(prose_words)])
    idx = np.arange(n)

    def near(k: int) -> np.ndarray:
        return csum[np.minimum(idx + k + 1, n)] - csum[np.maximum(idx - k, 0)] - prose_words

    win = min(DENSE_LINES, n)
    sums = csum[win:] - csum[:-win] if n >= win else np.array([total])
    start = int(np.argmax(sums))
    end = start + win
    dist = np.where(idx < start, idx - start, np.where(idx >= end, idx - end + 1, 0))
    prose_flags = prose_words > 0
    first_prose = int(np.argmax(prose_flags)) if prose_flags.any() else n
    last_prose = n - 1 - int(np.argmax(prose_flags[::-1])) if prose_flags.any() else -1
    end_col = own[:, _OWN_INDEX["end_signal"]] > 0
    after_end = np.zeros(n)
    seen = False
    for i in range(n):
        after_end[i] = seen
        if end_col[i] and i > first_prose:
            seen = True
    evidence = (own[:, _OWN_INDEX["title_echo"]] + own[:, _OWN_INDEX["title_quoted"]]
                + own[:, _OWN_INDEX["slug_agreement"]] + own[:, _OWN_INDEX["title_similar"]])
    order = np.argsort(-evidence, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    rank[evidence <= 0] = n
    best = int(order[0]) if evidence[order[0]] > 0 else -1
    context = np.column_stack([
        idx / max(n - 1, 1), np.log1p(idx), np.log1p(n - 1 - idx),
        cum / total if total else np.zeros(n), near(5), near(15),
        (dist == 0).astype(float), np.clip(dist, -50, 50), after_end,
        idx < first_prose, idx > last_prose, np.full(n, math.log1p(n)),
        np.full(n, prose_flags.mean()), np.full(n, min(post_index, 3)),
        np.minimum(rank, 10), np.log1p(np.abs(idx - best)) if best >= 0 else np.full(n, -1.0),
    ])
    return np.hstack([own, *neigh, context])


# --- the model ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trees:
    """Gradient-boosted trees, each laid out as a complete binary tree of `depth` levels (node i's
    children are 2i+1 and 2i+2; a leaf above the last level passes every line to the left), so a
    level of every tree is one vectorised step and no child index is looked up. Trees are grouped
    by the label they score (`klass`, ascending)."""

    feature: np.ndarray  # int16, trees x (2^depth - 1)
    threshold: np.ndarray  # float64, trees x (2^depth - 1): go right when x > threshold
    value: np.ndarray  # float64, trees x 2^depth
    klass: np.ndarray  # int32 per tree
    depth: int

    def raw(self, x: np.ndarray, n_classes: int) -> np.ndarray:
        """Summed leaf values (lines x classes), a block of lines at a time (memory stays bounded)."""
        out = np.zeros((x.shape[0], n_classes))
        if not len(self.klass):
            return out
        for lo in range(0, x.shape[0], RAW_BLOCK):
            out[lo:lo + RAW_BLOCK] = self._raw(x[lo:lo + RAW_BLOCK], n_classes)
        return out

    def _raw(self, x: np.ndarray, n_classes: int) -> np.ndarray:
        n, n_trees = x.shape[0], len(self.klass)
        inner = (1 << self.depth) - 1
        feature = self.feature.ravel()
        threshold = self.threshold.ravel()
        tree_base = (np.arange(n_trees, dtype=np.int32) * inner)[None, :]
        row_base = (np.arange(n, dtype=np.int32) * x.shape[1])[:, None]
        flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        node = np.zeros((n, n_trees), dtype=np.int32)
        for _ in range(self.depth):
            at = tree_base + node
            node = 2 * node + 1 + (flat[row_base + feature[at]] > threshold[at])
        leaf = self.value.ravel()[(np.arange(n_trees, dtype=np.int32) << self.depth)[None, :] + node - inner]
        starts = np.concatenate([[0], np.flatnonzero(np.diff(self.klass)) + 1])
        out = np.zeros((n, n_classes))
        out[:, self.klass[starts]] = np.add.reduceat(leaf, starts, axis=1)
        return out


@dataclass(frozen=True)
class TaggerModel:
    labels: tuple[str, ...]
    features: tuple[str, ...]
    trees: Trees
    log_transition: np.ndarray  # states x states
    log_start: np.ndarray  # states
    log_prior: np.ndarray  # labels: emissions are posteriors divided by the prior
    bias: np.ndarray  # labels: added to the raw scores (a label never seen in training: very low)
    meta: dict

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(label | line) for each line (lines x labels)."""
        raw = self.trees.raw(x, len(self.labels)) + self.bias
        raw -= raw.max(axis=1, keepdims=True)
        e = np.exp(raw)
        return e / e.sum(axis=1, keepdims=True)

    def states(self, proba: np.ndarray) -> list[int]:
        """The most likely state sequence (Viterbi) given per-line label posteriors."""
        return viterbi(proba, self.log_transition, self.log_start, self.log_prior)


def viterbi(proba: np.ndarray, log_transition: np.ndarray, log_start: np.ndarray, log_prior: np.ndarray) -> list[int]:
    n = proba.shape[0]
    if n == 0:
        return []
    state_label = np.array(STATE_LABEL)
    emit = np.log(np.clip(proba, 1e-9, 1.0)) - log_prior  # scaled likelihoods (hybrid HMM)
    emit = emit[:, state_label]
    score = log_start + emit[0]
    back = np.zeros((n, len(STATES)), dtype=np.int32)
    for i in range(1, n):
        cand = score[:, None] + log_transition
        back[i] = np.argmax(cand, axis=0)
        score = cand[back[i], np.arange(len(STATES))] + emit[i]
    path = [int(np.argmax(score))]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return path[::-1]


def dumps(model: TaggerModel) -> bytes:
    """The model as bytes: the same model always gives the same bytes."""
    t = model.trees
    arrays = {
        "feature": t.feature.astype("<i2"), "threshold": t.threshold.astype("<f8"), "value": t.value.astype("<f8"),
        "klass": t.klass.astype("<i4"), "log_transition": model.log_transition.astype("<f8"),
        "log_start": model.log_start.astype("<f8"), "log_prior": model.log_prior.astype("<f8"),
        "bias": model.bias.astype("<f8"),
    }
    header = {"labels": list(model.labels), "features": list(model.features), "depth": t.depth, "meta": model.meta,
              "arrays": [[k, v.dtype.str, list(v.shape)] for k, v in arrays.items()]}
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = b"".join(v.tobytes() for v in arrays.values())
    return MAGIC + zlib.compress(struct.pack("<I", len(head)) + head + body, 9)


def loads(data: bytes) -> TaggerModel:
    if not data.startswith(MAGIC):
        raise ValueError("not a line-tagger model")
    raw = zlib.decompress(data[len(MAGIC):])
    (size,) = struct.unpack("<I", raw[:4])
    header = json.loads(raw[4:4 + size])
    offset = 4 + size
    arrays = {}
    for name, dtype, shape in header["arrays"]:
        count = int(np.prod(shape)) if shape else 1
        arr = np.frombuffer(raw, dtype=np.dtype(dtype), count=count, offset=offset).reshape(shape)
        offset += arr.nbytes
        arrays[name] = arr.astype(arr.dtype.newbyteorder("="))
    trees = Trees(arrays["feature"], arrays["threshold"], arrays["value"], arrays["klass"], int(header["depth"]))
    return TaggerModel(tuple(header["labels"]), tuple(header["features"]), trees, arrays["log_transition"],
                       arrays["log_start"], arrays["log_prior"], arrays["bias"], header["meta"])


@lru_cache(maxsize=1)
def shipped_model() -> TaggerModel:
    """The model in the package, loaded once per process on first use."""
    model = loads(MODEL_PATH.read_bytes())
    if model.features != FEATURE_NAMES:
        raise ValueError("the shipped line-tagger model was trained on other features: retrain it")
    return model


# A model to use instead of the shipped one (training and leave-one-source-out scoring set it).
_override: list[TaggerModel | None] = [None]


def current_model() -> TaggerModel:
    return _override[0] or shipped_model()


def active_model() -> TaggerModel | None:
    """The model set by `use_model`, if any (the text path reads with the tagger then)."""
    return _override[0]


def use_model(model: TaggerModel | None) -> Callable[[], None]:
    """Tag with `model` until the returned function is called (None: the shipped model)."""
    previous = _override[0]
    _override[0] = model

    def restore() -> None:
        _override[0] = previous
    return restore
