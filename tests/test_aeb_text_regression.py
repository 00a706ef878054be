"""A few whole-page text dumps of the benchmark must stay well read: body, and title when the
benchmark gives one. Reads ../shared/benchmarks/aeb-text when present (beside the checkout, as CI
has it); bench/aeb_text.py measures all 181 pages."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, bench_module

from extractors.textdump import extract_text

AEB_TEXT = ROOT.parent / "shared" / "benchmarks" / "aeb-text"
# Kinds of dumps: hundreds of menu lines before the headline, a photo gallery before the body, a
# related-links box inside the body, a results table introduced by a colon (Portuguese), a comment
# thread under the article, a gallery of captions repeated with their toggles, teaser excerpts below.
PAGES = {
    "042bb7b5": 0.95,
    "05844573": 0.95,
    "624fcd90": 0.93,
    "11ea381a": 0.93,
    "08f79376": 0.90,
    "db6b0816": 0.95,
    "87bf6057": 0.95,
}

pytestmark = pytest.mark.skipif(not (AEB_TEXT / "ground-truth.json").is_file(),
                                reason=f"benchmark not found at {AEB_TEXT} (it lives beside the checkout)")


def _benches():
    """bench/aeb.py (the metric) and bench/aeb_text.py (the title rule)."""
    return bench_module("aeb"), bench_module("aeb_text")


@pytest.mark.parametrize(("prefix", "floor"), sorted(PAGES.items()))
def test_dump_body_above_floor_and_title_right(prefix, floor):
    bench, text_bench = _benches()
    truth = json.loads((AEB_TEXT / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k in truth if k.startswith(prefix))
    arts = extract_text((AEB_TEXT / "text" / f"{key}.txt").read_text(encoding="utf-8"), truth[key]["url"])
    score = bench.score_page(truth[key]["articleBody"], arts[0].text if arts else "")
    assert score.f1 >= floor, f"F1 {score.f1:.3f} < {floor} (P {score.precision or 0:.3f}, R {score.recall:.3f})"
    if truth[key]["title"]:
        assert text_bench.norm_title(arts[0].title) == text_bench.norm_title(truth[key]["title"])
