"""Whether to read the page again with trafilatura alone: a small learned regressor of the F1 that
trafilatura's reading of the untouched page gains over ours, from facts about the page and our
reading that cost a few milliseconds.

Why learned: the hand rule it replaces (`html._found_little`, now one of its facts) was chosen on
AEB and asked too rarely on listings, forums, service pages and older layouts, where our cuts treat
content as chrome (issue 16). The regressor is trained leave-one-source-out by `bench/train_gate.py`
on the corpus sources, the threshold chosen on the training sources too. A page is read again when
the expected gain passes the threshold, and that reading replaces ours when it has text.

Runtime: the trees of `extractors.linetagger.Trees` (numpy), loaded once per process.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from extractors.linetagger import Feature, Trees

MODEL_PATH = Path(__file__).resolve().parent / "models" / "gate.json"

# What the regressor reads; logs of counts, so one tree split serves pages of every size.
FEATURES = (
    Feature("our_words", "a short reading is the first sign that we read the wrong block"),
    Feature("words_per_line", "listings and forums read as many short lines, articles as paragraphs"),
    Feature("our_prose", "share of our text in prose-length lines: a menu we kept has none"),
    Feature("anchor_words", "the page's main paragraph run: the body we expected to find"),
    Feature("cover", "share of that run's words our reading holds (-1: no run): low when we read a box"),
    Feature("page_words", "words left on the cleaned page: what there was to read"),
    Feature("our_share", "log of our words over the page's: a small share on a page of prose is a miss"),
    Feature("link_share", "link words over page words: listings and collections are mostly links"),
    Feature("paragraphs", "<p> elements: articles have them, older pages and listings do not"),
    Feature("list_items", "<li> elements: listings, product grids, navigation"),
    Feature("links", "<a> elements"),
    Feature("headings", "<h2>-<h4>: sections of a service or documentation page, or teaser titles"),
    Feature("cells", "<td> elements: layout tables of older pages, forum posts"),
    Feature("post_nodes", "elements named comment, reply or post: forums and threads"),
    Feature("start_tags", "page size in tags"),
    Feature("found_little", "the hand rule this gate replaces (short, or missing the main run)"),
    Feature("typed_article", "og:type or JSON-LD says article"),
    Feature("typed_news", "JSON-LD says NewsArticle"),
    Feature("typed_website", "og:type or JSON-LD says website (home and section pages)"),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
POST_NODES = "[class*=comment], [id*=comment], [class*=reply], [class*=post]"


@dataclass(frozen=True)
class Facts:
    """What the gate is shown about one page and our reading of it."""

    values: tuple[float, ...]

    def named(self) -> dict[str, float]:
        return dict(zip(FEATURE_NAMES, self.values, strict=True))


def _log(x: float) -> float:
    return math.log1p(max(x, 0.0))


def page_facts(tree: LexborHTMLParser, types: tuple[str, ...], page: str, text: str, anchor_words: int,
               cover: float, found_little: bool, prose: float) -> Facts:
    """The facts of FEATURES, in order, for our reading `text` of the cleaned `tree`."""
    words = len(text.split())  # whitespace words: a quarter of the regex's cost, the same signal
    lines = sum(1 for line in text.split("\n") if line.strip())
    body = tree.body
    anchors = tree.css("a")
    page_words = len(body.text(deep=True).split()) if body is not None else 0
    link_words = sum(len(a.text(deep=True).split()) for a in anchors)
    values = (
        _log(words), _log(words / lines) if lines else 0.0, prose, _log(anchor_words), cover,
        _log(page_words), _log(words) - _log(page_words), link_words / max(page_words, 1),
        _log(len(tree.css("p"))), _log(len(tree.css("li"))), _log(len(anchors)),
        _log(len(tree.css("h2, h3, h4"))), _log(len(tree.css("td"))), _log(len(tree.css(POST_NODES))),
        _log(page.count("<") - page.count("</")), float(found_little),
        float(any(t.startswith("article") for t in types)),
        float(any(t.startswith("newsarticle") for t in types)),
        float(any(t.startswith("website") for t in types)),
    )
    return Facts(values)


@dataclass(frozen=True)
class GateModel:
    features: tuple[str, ...]
    trees: Trees
    threshold: float  # read again when the expected F1 gain is above this
    meta: dict

    def expected_gains(self, x: np.ndarray) -> np.ndarray:
        """The expected F1 gain of each row of facts (pages x FEATURES)."""
        return self.trees.raw(x, 1)[:, 0] + float(self.meta.get("base", 0.0))

    def asks(self, facts: Facts) -> bool:
        return float(self.expected_gains(np.array([facts.values], dtype=np.float64))[0]) > self.threshold


def dumps(model: GateModel) -> bytes:
    """The model as JSON bytes: the same model always gives the same bytes."""
    t = model.trees
    doc = {"features": list(model.features), "threshold": model.threshold, "meta": model.meta, "depth": t.depth,
           "feature": t.feature.tolist(), "split": [[_num(v) for v in row] for row in t.threshold.tolist()],
           "value": t.value.tolist()}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"


def _num(v: float) -> float | str:
    return "inf" if math.isinf(v) else v


def loads(data: bytes) -> GateModel:
    doc = json.loads(data)
    n = len(doc["feature"])
    trees = Trees(np.array(doc["feature"], dtype=np.int16).reshape(n, -1),
                  np.array([[float(v) for v in row] for row in doc["split"]], dtype=np.float64).reshape(n, -1),
                  np.array(doc["value"], dtype=np.float64).reshape(n, -1),
                  np.zeros(n, dtype=np.int32), int(doc["depth"]))
    return GateModel(tuple(doc["features"]), trees, float(doc["threshold"]), doc["meta"])


@lru_cache(maxsize=1)
def shipped_gate() -> GateModel:
    model = loads(MODEL_PATH.read_bytes())
    if model.features != FEATURE_NAMES:
        raise ValueError("the shipped gate model was trained on other facts: retrain it (bench/train_gate.py)")
    return model


# A gate to use instead of the shipped one (bench/loso.py sets the one trained without the held-out
# source), and a recorder: when set, every page is read both ways, ours is kept, and the recorder
# gets (facts, our text, trafilatura's text) (bench/train_gate.py collects its rows so).
_override: list[GateModel | None] = [None]
Recorder = Callable[[Facts, str, str], None]
_recorder: list[Recorder | None] = [None]


def current_gate() -> GateModel:
    return _override[0] or shipped_gate()


def recorder() -> Recorder | None:
    return _recorder[0]


def use_gate(model: GateModel | None = None, record: Recorder | None = None) -> Callable[[], None]:
    """Decide with `model` (None: the shipped one) and send both readings to `record`, until the
    returned function is called."""
    previous = _override[0], _recorder[0]
    _override[0], _recorder[0] = model, record

    def restore() -> None:
        _override[0], _recorder[0] = previous
    return restore
