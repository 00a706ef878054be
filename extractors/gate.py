"""Whether a second reading of the page replaces ours: small learned regressors of the F1 it gains,
from facts about the page and both readings that cost a millisecond or two. One gate per path:

- "html": trafilatura's reading of the untouched page. The hand rule it replaces
  (`html._found_little`, now one of its facts) was chosen on AEB and asked too rarely on listings,
  forums, service pages and older layouts, where our cuts treat content as chrome (issue 16).
- "text": the densest run of prose lines (extractors/densest.py), where the rules found one post
  or none. The rules read a republisher's posts; on pages of other shapes (CleanEval's, WCXB's)
  their header and body cuts keep less than the plainest reading does.

Each is trained leave-one-source-out by `bench/train_gate.py` on the corpus sources, its threshold
chosen on the training sources too. A page is read again when the expected gain passes it.

Runtime: the trees of `extractors.linetagger.Trees` (numpy), loaded once per process.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser

from extractors.densest import is_prose, prose_share
from extractors.dom import start_tags
from extractors.linetagger import Feature, Trees

MODELS = Path(__file__).resolve().parent / "models"
MODEL_PATHS = {"html": MODELS / "gate.json", "text": MODELS / "textgate.json"}

# What the regressors read; logs of counts, so one tree split serves pages of every size.
HTML_FEATURES = (
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
TEXT_FEATURES = (
    Feature("dump_words", "what there was to read"),
    Feature("our_words", "the rules' reading: short when their cuts took the content for chrome"),
    Feature("other_words", "the densest run's length"),
    Feature("our_share", "log of our words over the dump's"),
    Feature("other_share", "log of the run's words over the dump's"),
    Feature("our_vs_other", "log of our words over the run's"),
    Feature("ours_in_other", "share of our words the run holds: the same body read two ways"),
    Feature("other_in_ours", "share of the run's words we hold: low when we read another block"),
    Feature("our_prose", "share of our text in prose-length lines"),
    Feature("other_prose", "share of the run's text in prose-length lines"),
    Feature("dump_lines", "page size in lines"),
    Feature("words_per_line", "short lines: menus, listings, forum chrome; long ones: prose"),
    Feature("prose_lines", "share of the dump's lines that read as sentences"),
    Feature("found_nothing", "the rules found no post"),
    Feature("our_lines", "paragraphs in our reading"),
    Feature("other_lines", "lines in the run"),
    Feature("extra_above", "the run's words above the rules' post: a lead or header their cut left out"),
    Feature("extra_below", "the run's words below it: the rest of a long article, or its comments"),
    Feature("extra_furniture", "share of those extra lines that are furniture (footer signals, box headings, "
            "dates, teasers): comments and related lists have many, an article's sections none"),
    Feature("title_echoed", "the rules' headline is the page's <title> (the dump's first line) printed again: "
            "they found the article the page is about, and a denser run elsewhere is a sidebar"),
)
FEATURES = {"html": HTML_FEATURES, "text": TEXT_FEATURES}
FEATURE_NAMES = {kind: tuple(f.name for f in features) for kind, features in FEATURES.items()}
POST_NODES = "[class*=comment], [id*=comment], [class*=reply], [class*=post]"


@dataclass(frozen=True)
class RunExtras:
    """What the text path's densest run holds beyond the rules' post (`textdump.densest_beyond`)."""

    above: float = 0.0  # words of the run above the post
    below: float = 0.0  # words of the run below it
    furniture: float = 0.0  # share of those extra lines that are furniture


@dataclass(frozen=True)
class Facts:
    """What the gate is shown about one page and our reading of it."""

    values: tuple[float, ...]

    def named(self, kind: str) -> dict[str, float]:
        return dict(zip(FEATURE_NAMES[kind], self.values, strict=True))


def _log(x: float) -> float:
    return math.log1p(max(x, 0.0))


def page_facts(tree: LexborHTMLParser, types: tuple[str, ...], page: str, text: str, anchor_words: int,
               cover: float, found_little: bool, prose: float) -> Facts:
    """The facts of HTML_FEATURES, in order, for our reading `text` of the cleaned `tree`."""
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
        _log(start_tags(page)), float(found_little),
        float(any(t.startswith("article") for t in types)),
        float(any(t.startswith("newsarticle") for t in types)),
        float(any(t.startswith("website") for t in types)),
    )
    return Facts(values)


def text_facts(dump: str, ours: str, other: str, extras: RunExtras, echoed: bool = False) -> Facts:
    """The facts of TEXT_FEATURES, in order, for the rules' reading `ours` (`echoed`: under the headline
    the page's <title> names) and the densest run `other`."""
    lines = dump_words = prose_lines = 0
    for line in dump.split("\n"):  # line by line: a 16 MB dump's words are never one list
        if words := len(line.split()):
            lines += 1
            dump_words += words
            prose_lines += is_prose(line, words)
    our_words, other_words = len(ours.split()), len(other.split())
    ours_bag, other_bag = Counter(ours.casefold().split()), Counter(other.casefold().split())
    shared = sum((ours_bag & other_bag).values())
    values = (
        _log(dump_words), _log(our_words), _log(other_words), _log(our_words) - _log(dump_words),
        _log(other_words) - _log(dump_words), _log(our_words) - _log(other_words),
        shared / max(our_words, 1), shared / max(other_words, 1), prose_share(ours), prose_share(other),
        _log(lines), dump_words / max(lines, 1), prose_lines / max(lines, 1),
        float(not ours), _log(ours.count("\n\n") + 1 if ours else 0), _log(other.count("\n\n") + 1 if other else 0),
        _log(extras.above), _log(extras.below), extras.furniture, float(echoed),
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


@lru_cache(maxsize=2)
def shipped_gate(kind: str = "html") -> GateModel:
    model = loads(MODEL_PATHS[kind].read_bytes())
    if model.features != FEATURE_NAMES[kind]:
        raise ValueError(f"the shipped {kind} gate was trained on other facts: retrain it (bench/train_gate.py)")
    return model


# Per path, a gate to use instead of the shipped one (bench/loso.py sets the one trained without the
# held-out source), and a recorder: when set, every page is read both ways, ours is kept, and the
# recorder gets (facts, our text, the second reading's text) (bench/train_gate.py collects rows so).
Recorder = Callable[[Facts, str, str], None]
_override: dict[str, GateModel | None] = {"html": None, "text": None}
_recorder: dict[str, Recorder | None] = {"html": None, "text": None}


def current_gate(kind: str) -> GateModel:
    return _override[kind] or shipped_gate(kind)


def recorder(kind: str) -> Recorder | None:
    return _recorder[kind]


def use_gate(model: GateModel | None = None, record: Recorder | None = None, kind: str = "html") -> Callable[[], None]:
    """Decide the `kind` path's second readings with `model` (None: the shipped gate) and send both
    readings to `record`, until the returned function is called."""
    previous = _override[kind], _recorder[kind]
    _override[kind], _recorder[kind] = model, record

    def restore() -> None:
        _override[kind], _recorder[kind] = previous
    return restore
