"""How a prediction is scored on each corpus source: per page, then the source's aggregate rule.

    from scoring import score_body, aggregate, score_title
    s = score_body(page, predicted_text)      # BodyScore: precision (None if no output), recall, f1
    agg = aggregate(page.source, [s, ...])    # Aggregate: the source's figure (f1) with its P and R
    ok = score_title(page, predicted_title)   # True / False, None when the page has no gold title

Conventions, per source (each as its benchmark or the papers that use it define it):

- `aeb`: the benchmark's own rule (../shared/benchmarks/aeb/README.md, bench/aeb.py): tokens are
  `\\w+` runs (case kept), each text a multiset of 4-token shingles, per page TP/FP/FN normalised to
  sum 1; P is the mean over pages with output, R the mean over all pages, and the F1 is that of the two
  means (not a mean of per-page F1).
- `wcxb`: WCXB's evaluate.py, reimplemented: tokens are `\\w+` runs of the lower-cased text (Python's
  Unicode `\\w`), bags of words; per page P = overlap / predicted tokens, R = overlap / gold tokens,
  F1 their harmonic mean; an empty prediction scores P = R = F1 = 0, an empty gold 1 if the
  prediction is empty too, else 0 (the corpus keeps no page without gold words). The figure is the mean of the per-page F1 (its leaderboard's
  "F1"; P and R are means of the per-page values). The `with`/`without` snippet rates (share of
  snippets found, case-insensitive substring) are reported beside it; they do not enter the F1.
- `l3s-gn1`, `cleaneval`, `cleanportaleval`, `dragnet`, `readability`: word-level bag-of-words
  P/R/F1 per page, averaged over pages (the mean of per-page F1), with WCXB's tokenisation. This is
  Dragnet's evaluation (token-level precision/recall/F1 on bags of words, Peters & Lecocq 2013); the
  L3S-GN1 paper (Kohlschuetter et al. 2010) and page-signal score words too (page-signal aligns them
  by longest common substring, which differs from the bag mostly when text is repeated); CleanEval's
  own scorer aligned tokens by edit distance, which later work replaced with word-level P/R/F1.
  Keeping one word metric for these five makes their figures comparable with WCXB's; as in WCXB, an
  empty prediction is P = R = F1 = 0 and every mean is over all pages.

Title: right or wrong after NFKC, case folding and collapsing every run of non-word characters
(bench/aeb_text.norm_title), on pages with a gold title only.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from aeb import f1 as harmonic  # noqa: E402
from aeb import score_page as aeb_score_page  # noqa: E402
from aeb_text import norm_title  # noqa: E402

WORD = re.compile(r"\w+")
METRIC = {"aeb": "aeb-shingles", "wcxb": "wcxb-words"}  # every other source: "words"


def metric_of(source: str) -> str:
    return METRIC.get(source, "words")


def tokens(text: str | None) -> list[str]:
    """WCXB's tokenisation: lower-cased `\\w+` runs."""
    return WORD.findall(text.lower()) if text else []


def word_prf(predicted: str | None, reference: str | None) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of one page (WCXB's `word_f1`)."""
    pred, ref = tokens(predicted), tokens(reference)
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(pred) & Counter(ref)).values())
    p, r = overlap / len(pred), overlap / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def snippet_rate(text: str | None, snippets: list[str]) -> float:
    """Share of `snippets` found in `text`, case-insensitive (WCXB's with/without checks)."""
    if not snippets:
        return 1.0
    low = (text or "").lower()
    return sum(s.lower() in low for s in snippets) / len(snippets)


@dataclass(frozen=True)
class BodyScore:
    precision: float | None  # None on AEB when the system gave no text (out of AEB's P mean); 0 elsewhere
    recall: float
    f1: float
    empty: bool = False  # the prediction has no word
    extra: dict = field(default_factory=dict)  # aeb: tp/fp/fn; wcxb: with_rate/without_rate


def score_body(page, predicted: str | None) -> BodyScore:
    """One page's score under its source's convention (`page` needs `.source`, `.gold_body`, `.extra`)."""
    metric = metric_of(page.source)
    if metric == "aeb-shingles":
        s = aeb_score_page(page.gold_body, predicted or "")
        return BodyScore(s.precision, s.recall, s.f1, s.precision is None, {"tp": s.tp, "fp": s.fp, "fn": s.fn})
    p, r, f = word_prf(predicted, page.gold_body)
    extra = {}
    if metric == "wcxb-words":
        extra = {"with_rate": snippet_rate(predicted, page.extra.get("with") or []),
                 "without_rate": snippet_rate(predicted, page.extra.get("without") or [])}
    return BodyScore(p, r, f, not tokens(predicted), extra)


@dataclass(frozen=True)
class Aggregate:
    f1: float
    precision: float
    recall: float
    pages: int
    empty: int
    extra: dict = field(default_factory=dict)


def aggregate(source: str, scores: list[BodyScore]) -> Aggregate:
    """The source's figure from its pages' scores."""
    if not scores:
        return Aggregate(0.0, 0.0, 0.0, 0, 0)
    empty = sum(s.empty for s in scores)
    if metric_of(source) == "aeb-shingles":
        ps = [s.precision for s in scores if s.precision is not None]
        p = statistics.fmean(ps) if ps else 0.0
        r = statistics.fmean(s.recall for s in scores)
        return Aggregate(harmonic(p, r), p, r, len(scores), empty)
    p = statistics.fmean(s.precision or 0.0 for s in scores)
    r = statistics.fmean(s.recall for s in scores)
    f = statistics.fmean(s.f1 for s in scores)
    extra = {}
    if metric_of(source) == "wcxb-words":
        extra = {k: statistics.fmean(s.extra[k] for s in scores) for k in ("with_rate", "without_rate")}
    return Aggregate(f, p, r, len(scores), empty, extra)


def score_authors(page, predicted: list[str] | tuple[str, ...]) -> bool | None:
    """The same set of names as the gold byline, each normalised as a title is; None when the page
    has no gold byline (then a system that names someone names a wrong person)."""
    if not page.gold_authors:
        return None
    return {norm_title(a) for a in predicted} == {norm_title(a) for a in page.gold_authors}


def score_date(page, predicted: str | None) -> bool | None:
    """The same day as the gold date; None when the page has no gold date."""
    if not page.gold_date:
        return None
    return bool(predicted) and predicted[:10] == page.gold_date[:10]


def score_title(page, predicted: str | None) -> bool | None:
    """Right / wrong after normalisation; None when the page has no gold title."""
    if not page.gold_title:
        return None
    return bool(predicted) and norm_title(predicted) == norm_title(page.gold_title)
