"""The HTML path's re-reading gate: training repeats byte for byte, the exported trees score as
LightGBM does, and the shipped gate reads again where our cuts shortened a page (a forum thread) and
not where our reading holds the article."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import bench_module
from test_html import SENTENCES, paragraphs

from extractors import extract_html, gate


@pytest.fixture(scope="module")
def tg():
    pytest.importorskip("lightgbm")
    return bench_module("train_gate")


def synthetic_rows(tg, sources=("a", "b", "c"), per_source=120):
    """Rows whose gain follows two facts (short readings gain, long ones lose), with noise."""
    rng = np.random.default_rng(7)
    rows = {}
    for s in sources:
        facts = rng.normal(size=(per_source, len(gate.FEATURE_NAMES)))
        gain = np.where(facts[:, 0] < -0.5, 0.3, -0.05) + 0.02 * rng.normal(size=per_source)
        rows[s] = [tg.Row(s, f"{s}{i}", list(map(float, f)), 0.5, 0.5 + float(g))
                   for i, (f, g) in enumerate(zip(facts, gain, strict=True))]
    return rows


def test_a_retrain_gives_the_same_model_bytes(tg):
    first = gate.dumps(tg.train_rows(synthetic_rows(tg)))
    second = gate.dumps(tg.train_rows(synthetic_rows(tg)))
    assert first == second
    model = gate.loads(first)
    assert model.threshold in tg.THRESHOLDS and len(model.trees.klass) == tg.ROUNDS
    x = np.array([r.facts for rows in synthetic_rows(tg).values() for r in rows])
    asks = model.expected_gains(x) > model.threshold
    assert np.array_equal(asks, x[:, 0] < -0.5)  # it learned where the gain is


def test_exported_trees_score_as_lightgbm_does(tg):
    import lightgbm as lgb

    rows = [r for rows in synthetic_rows(tg).values() for r in rows]
    x, y = np.array([r.facts for r in rows]), np.array([r.gain for r in rows])
    booster = lgb.train(tg.PARAMS, lgb.Dataset(x, y), num_boost_round=20)
    trees = bench_module("train_tagger").export_trees(booster, [0])
    model = gate.GateModel(gate.FEATURE_NAMES, trees, 0.0, {"base": 0.25})
    assert np.allclose(model.expected_gains(x), booster.predict(x) + 0.25, atol=1e-9)


def test_the_shipped_gate_round_trips_and_is_small():
    model = gate.shipped_gate()
    assert model.features == gate.FEATURE_NAMES
    again = gate.loads(gate.dumps(model))
    x = np.random.default_rng(0).normal(size=(30, len(gate.FEATURE_NAMES)))
    assert np.array_equal(model.expected_gains(x), again.expected_gains(x))
    assert gate.MODEL_PATH.stat().st_size < 2**20


def readings(html: str, url: str) -> list[tuple[gate.Facts, str, str]]:
    """Both readings of a page, as bench/train_gate.py collects them."""
    seen: list[tuple[gate.Facts, str, str]] = []
    restore = gate.use_gate(record=lambda facts, ours, other: seen.append((facts, ours, other)))
    try:
        extract_html(html, url)
    finally:
        restore()
    return seen


NAV = "<nav>" + "".join(f"<a href='/s/{i}'>Section {i}</a>" for i in range(10)) + "</nav>"


def test_a_news_article_we_read_whole_is_not_read_again():
    html = ("<html><head><title>Dredging budget approved</title><meta property='og:type' content='article'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head><body>"
            f"{NAV}<article><h1>Dredging budget approved</h1>{paragraphs(SENTENCES)}</article>"
            "<footer>Copyright 2026 The Quay Gazette</footer></body></html>")
    [(facts, ours, _)] = readings(html, "https://www.quaygazette.example/news/dredging")
    assert not gate.shipped_gate().asks(facts)
    assert extract_html(html)[0].text == ours


def test_a_forum_thread_our_cuts_shorten_is_read_again_whole():
    posts = "".join(f"<div class='post'><div class='author'><a href='/u/{i}'>sailor{i}</a></div>"
                    f"<div class='post-body'>{s}</div><div class='reply'><a href='#'>Reply</a></div></div>"
                    for i, s in enumerate(SENTENCES))
    html = ("<html><head><title>Dredging the northern channel - Harbour Forum</title></head><body>"
            f"{NAV}<h1>Dredging the northern channel</h1>{posts}</body></html>")
    [(facts, ours, other)] = readings(html, "https://forum.harbour.example/t/dredging")
    assert len(ours) < len(other)
    assert gate.shipped_gate().asks(facts)
    text = extract_html(html, "https://forum.harbour.example/t/dredging")[0].text
    assert all(s in text for s in SENTENCES)
