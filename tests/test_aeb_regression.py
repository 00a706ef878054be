"""A few benchmark pages must stay well extracted. Reads ../shared/benchmarks/aeb when present
(beside the checkout, as CI has it); the rest of the suite never depends on it."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import ROOT, bench_module

from extractors.html import extract_html

AEB = ROOT.parent / "shared" / "benchmarks" / "aeb"
# Pages of different kinds: a long English feature, a page with a results table, a press release
# closing with a company boilerplate, a non-Latin script, a listicle of deals; then kinds phase 2
# fixed: FAQ questions precision mode drops, a list of related links closing the body, a related
# list under a Portuguese heading, a body precision mode misses beside a reprint notice.
PAGES = {
    "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856": 0.95,
    "11ea381ad92b5448": 0.90,
    "5ae11e580afc12d3": 0.80,
    "0ec95c7261d122f3": 0.95,
    "287e4d9f4af31733": 0.80,
    "b6906ca016bb": 0.98,
    "686bb170effe": 0.98,
    "b3c19dd5f061": 0.97,
    "f8ff621a0b9b": 0.93,
}

pytestmark = pytest.mark.skipif(not (AEB / "ground-truth.json").is_file(),
                                reason=f"benchmark not found at {AEB} (it lives beside the checkout)")


def _bench():
    return bench_module("aeb")


@pytest.mark.parametrize(("prefix", "floor"), sorted(PAGES.items()))
def test_benchmark_page_above_floor(prefix, floor):
    bench = _bench()
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k in truth if k.startswith(prefix))
    html = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
    arts = extract_html(html, truth[key]["url"])
    score = bench.score_page(truth[key]["articleBody"], arts[0].text if arts else "")
    assert score.f1 >= floor, f"F1 {score.f1:.3f} < {floor} (P {score.precision or 0:.3f}, R {score.recall:.3f})"


def test_metric_matches_the_readme():
    bench = _bench()
    assert bench.score_page("a b c d e", "a b c d e").precision == 1.0
    empty = bench.score_page("a b c d e", "")
    assert empty.precision is None and empty.recall == 0.0
    half = bench.score_page("a b c d e f g h", "a b c d e")  # 2 of 5 true shingles found
    assert (half.tp, half.fp, half.fn) == (0.4, 0.0, 0.6)
