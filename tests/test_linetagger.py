"""The text path's line tagger: training repeats byte for byte, the exported trees score as LightGBM
does, and the shipped model reads a committed synthetic sample (fixtures/tagger/sample.jsonl, made by
bench/make_tagger_sample.py: no third-party text) as well as README says it reads real pages."""

from __future__ import annotations

import json
import statistics
import time

import numpy as np
import pytest
from conftest import ROOT, bench_module

from extractors import linetagger as lt
from extractors.textdump import extract_text

SAMPLE = ROOT / "fixtures" / "tagger" / "sample.jsonl"
# Floors for the shipped model on the synthetic sample (README: the model and its figures).
SAMPLE_MIN_F1 = 0.9
SAMPLE_MIN_TITLES = 0.9


def sample_examples(tt):
    pages = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [tt.Example("sample", p["id"], p["id"], p["text"], p["url"], [tt.Gold(p["body"], p["title"])]) for p in pages]


@pytest.fixture(scope="module")
def tt():
    pytest.importorskip("lightgbm")
    return bench_module("train_tagger")


def test_a_retrain_gives_the_same_model_bytes(tt):
    rows = tt.featurise(tt.load_seeds() + sample_examples(tt)[:12])
    first = lt.dumps(tt.train(rows, rounds=8))
    second = lt.dumps(tt.train(tt.featurise(tt.load_seeds() + sample_examples(tt)[:12]), rounds=8))
    assert first == second
    counts = lt.loads(first).meta["label_counts"]
    assert len(lt.loads(first).trees.klass) == 8 * sum(1 for c in counts.values() if c)  # one tree a round a label


def test_exported_trees_score_as_lightgbm_does(tt):
    import lightgbm as lgb

    rows = tt.featurise(tt.load_seeds() + sample_examples(tt)[:8], augment=False)
    x, y = np.vstack(rows.x), np.concatenate(rows.y)
    present = sorted(set(y.tolist()))
    yy = np.array([present.index(v) for v in y])
    booster = lgb.train({**tt.PARAMS, "num_class": len(present)}, lgb.Dataset(x, yy), num_boost_round=5)
    trees = tt.export_trees(booster, present)
    ours = trees.raw(x, len(lt.LABELS))[:, present]
    assert np.allclose(ours, booster.predict(x, raw_score=True), atol=1e-9)


def test_the_model_file_round_trips():
    model = lt.shipped_model()
    again = lt.loads(lt.dumps(model))
    x = np.random.default_rng(0).normal(size=(30, len(lt.FEATURE_NAMES)))
    assert np.array_equal(model.proba(x), again.proba(x))
    assert lt.MODEL_PATH.stat().st_size < 4 * 2**20  # a few MB at most: it ships in the package


def test_the_shipped_model_reads_the_synthetic_sample():
    tokens = bench_module("scoring").word_prf
    norm = bench_module("aeb_text").norm_title
    pages = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines() if x.strip()]
    f1s, titles = [], []
    for page in pages:
        arts = extract_text(page["text"], page["url"], model=lt.shipped_model())
        f1s.append(tokens(arts[0].text if arts else "", page["body"])[2])
        titles.append(bool(arts) and norm(arts[0].title) == norm(page["title"]))
    assert statistics.fmean(f1s) >= SAMPLE_MIN_F1, sorted(zip(f1s, (p["id"] for p in pages), strict=True))[:5]
    assert statistics.fmean(titles) >= SAMPLE_MIN_TITLES


def test_the_model_is_loaded_once_and_tags_a_page_quickly():
    lt.shipped_model.cache_clear()
    start = time.process_time()
    lt.shipped_model()
    assert time.process_time() - start < 2.0  # a few MB of arrays, decompressed once
    assert lt.shipped_model() is lt.shipped_model()


def test_viterbi_keeps_a_body_one_run():
    """A line the trees half doubt inside a run of body lines stays body: the smoothing's job."""
    model = lt.shipped_model()
    proba = np.zeros((7, len(lt.LABELS)))
    proba[:, lt.BODY] = [0.05, 0.9, 0.9, 0.45, 0.9, 0.9, 0.05]
    proba[:, lt.CHROME] = 1 - proba[:, lt.BODY]
    states = [lt.STATES[s] for s in model.states(proba)]
    assert states[1:6] == ["body"] * 5 and states[0] != "body" and states[6] != "body"
