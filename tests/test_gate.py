"""The second-reading gates: training repeats byte for byte, the exported trees score as LightGBM
does; the HTML gate reads again where our cuts shortened a page (a forum thread) and not where our
reading holds the article; the text gate gives the densest run of prose where the rules found no
post, keeps the rules' cut where the run only adds what surrounds it, and leaves a page of several
posts to the rules."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, bench_module
from test_html import SENTENCES, paragraphs

from extractors import extract_html, extract_text, gate
from extractors.linetagger import Trees


@pytest.fixture(scope="module")
def tg():
    pytest.importorskip("lightgbm")
    return bench_module("train_gate")


def synthetic_rows(tg, sources=("a", "b", "c"), per_source=120):
    """Rows whose gain follows two facts (short readings gain, long ones lose), with noise."""
    rng = np.random.default_rng(7)
    rows = {}
    for s in sources:
        facts = rng.normal(size=(per_source, len(gate.FEATURE_NAMES["html"])))
        gain = np.where(facts[:, 0] < -0.5, 0.3, -0.05) + 0.02 * rng.normal(size=per_source)
        rows[s] = [tg.Row(s, f"{s}{i}", list(map(float, f)), 0.5, 0.5 + float(g))
                   for i, (f, g) in enumerate(zip(facts, gain, strict=True))]
    return rows


def test_a_retrain_gives_the_same_model_bytes(tg):
    first = gate.dumps(tg.train_rows(synthetic_rows(tg)))
    second = gate.dumps(tg.train_rows(synthetic_rows(tg)))
    assert first == second
    model = gate.loads(first)
    assert model.threshold == tg.FIXED_THRESHOLDS["html"] and len(model.trees.klass) == tg.ROUNDS
    assert tg.choose_threshold(synthetic_rows(tg)) in tg.THRESHOLDS  # the text gate's choice, same rows
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


@pytest.mark.parametrize("kind", sorted(gate.MODEL_PATHS))
def test_the_shipped_gates_round_trip_and_are_small(kind):
    model = gate.shipped_gate(kind)
    assert model.features == gate.FEATURE_NAMES[kind]
    again = gate.loads(gate.dumps(model))
    x = np.random.default_rng(0).normal(size=(30, len(model.features)))
    assert np.array_equal(model.expected_gains(x), again.expected_gains(x))
    assert gate.MODEL_PATHS[kind].stat().st_size < 2**20


def readings(page: str, url: str, kind: str = "html") -> list[tuple[gate.Facts, str, str]]:
    """Both readings of a page, as bench/train_gate.py collects them."""
    seen: list[tuple[gate.Facts, str, str]] = []
    restore = gate.use_gate(record=lambda facts, ours, other: seen.append((facts, ours, other)), kind=kind)
    try:
        (extract_html if kind == "html" else extract_text)(page, url)
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


def constant(kind: str, gain: float) -> gate.GateModel:
    """A gate that expects `gain` on every page: one tree, every page to a leaf worth it."""
    trees = Trees(np.zeros((1, 1), dtype=np.int16), np.full((1, 1), np.inf), np.full((1, 2), gain),
                  np.zeros(1, dtype=np.int32), 1)
    return gate.GateModel(gate.FEATURE_NAMES[kind], trees, 0.0, {})


def always(kind: str) -> gate.GateModel:
    return constant(kind, 1.0)


MENU = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Subscribe"])
PROSE = "\n\n".join(f"{s} {s}" for s in SENTENCES)
URL = "https://www.quaygazette.example/news/dredging"


def test_a_page_of_several_posts_is_left_to_the_rules():
    dump = (ROOT / "fixtures" / "text" / "000_9ede4c6966f39e8a.txt").read_text(encoding="utf-8")
    assert readings(dump, "https://republisher.example/", "text") == []  # the gate is not asked
    assert len(extract_text(dump, "https://republisher.example/")) > 1


def test_the_densest_run_stops_at_the_comments_under_the_post():
    comments = "\n\n".join(f"sailor{i} wrote: I have sailed the northern channel for twenty years and never"
                           " seen it this shallow, it is about time." for i in range(12))
    dump = (f"{MENU}\n\nHarbour council approves dredging budget\n\nBy Ann Lee | 3 December 2026\n\n{PROSE}"
            f"\n\n12 comments\n\n{comments}\n\nCopyright 2026 The Quay Gazette")
    [(facts, ours, other)] = readings(dump, URL, "text")
    assert all(s in ours for s in SENTENCES) and "sailor" not in ours
    assert other == ours and "sailor" not in other  # the run is cut at "12 comments", as the rules cut it
    assert facts.named("text")["extra_below"] == 0.0


def test_the_densest_run_is_cut_at_comments_not_at_a_copyright_notice_inside_the_page():
    notice = "Copyright notice: reader-contributed material on this site is the property of its author"
    half = len(SENTENCES) // 2
    first, second = ("\n\n".join(f"{s} {s}" for s in part) for part in (SENTENCES[:half], SENTENCES[half:]))
    comments = "\n\n".join(f"sailor{i} wrote: the northern channel has never been this shallow, it is about time"
                           " the council did something." for i in range(3))
    dump = f"{MENU}\n\nDredging: questions and answers\n\n{first}\n\n{notice}\n\n{second}\n\n3 comments\n\n{comments}"
    [(facts, ours, other)] = readings(dump, URL, "text")
    assert SENTENCES[0] in ours and SENTENCES[-1] not in ours  # the rules end the body at the notice
    assert SENTENCES[0] in other and other.split("\n\n")[-1].startswith(SENTENCES[-1])  # the run goes on, not into the comments
    assert facts.named("text")["extra_below"] > 0


# A listicle: under the photo that ends its lead, headings and one-paragraph sections read as a
# teaser list and the rules' run stops; the densest run holds all of it.
SECTIONS = (
    ("Check the tide tables first", "Low water in the northern channel now leaves less than two metres over the bar,"
     " so every skipper should read the tables before leaving the quay."),
    ("Mind the new buoys", "The council moved three marker buoys last month while the survey boats measured the silt,"
     " and the charts printed before then are wrong."),
    ("Call the harbour master", "The harbour office answers on channel twelve from six in the morning and will tell"
     " you where the dredger is working that day."),
    ("Expect delays at the lock", "While the dredger works, the lock opens once an hour instead of every twenty"
     " minutes, and the queue can be long on weekends."),
)
LISTICLE = (f"{MENU}\n\nFour things sailors should know about the dredging\n\nBy Ann Lee | 3 December 2026\n\n"
            "The harbour council approved the dredging budget on Tuesday, and the work starts next week. Here is"
            " what it means for anyone who sails from the quay this winter.\n\nThe work will take most of the"
            " season, and the council expects the channel to be open again by the spring regatta, when the"
            " visiting boats arrive in numbers.\n\nPhoto: Harbour Council\n\n" + "\n\n".join(f"{h}\n\n{p}" for h, p in SECTIONS)
            + "\n\nCopyright 2026 The Quay Gazette")


@pytest.mark.parametrize(("expected_gain", "whole"), [(1.0, True), (-1.0, False)])
def test_a_run_holding_the_post_and_more_is_the_gates_to_take(expected_gain, whole):
    [(facts, ours, other)] = readings(LISTICLE, URL, "text")
    assert SECTIONS[0][1] not in ours and ours.split("\n\n")[0] in other and all(p in other for _, p in SECTIONS)
    assert facts.named("text")["ours_in_other"] == 1.0 and facts.named("text")["extra_below"] > 0
    restore = gate.use_gate(constant("text", expected_gain), kind="text")
    try:
        [article] = extract_text(LISTICLE, URL)
    finally:
        restore()
    assert (article.text == other) is whole and (article.text == ours) is not whole


def test_the_text_gate_is_told_whether_the_rules_headline_is_the_pages_title():
    """The dump's first line is the page's <title>; a post under that headline printed again is the article
    the page is about (a denser run elsewhere is a sidebar), one under another headline may not be."""
    titled = "Four things sailors should know about the dredging | The Quay Gazette\n\n" + LISTICLE
    [(facts, _, _)] = readings(titled, URL, "text")
    assert facts.named("text")["title_echoed"] == 1.0
    [(facts, _, _)] = readings(titled.replace("Four things sailors", "Three things skippers", 1), URL, "text")
    assert facts.named("text")["title_echoed"] == 0.0


@pytest.mark.parametrize(("dump", "wanted"), [
    (f"{MENU}\n\n{PROSE}\n\nCopyright 2026 The Quay Gazette", True),
    # a list of headlines reads as no article, whichever reading found it
    (f"{MENU}\n\n" + "\n".join(f"Dredging update {i}: council meets" for i in range(20)), False),
])
def test_where_the_rules_found_no_post_the_densest_prose_run_is_the_article(dump, wanted):
    from extractors.textdump import _second_reading, read_page

    restore = gate.use_gate(always("text"), kind="text")
    try:
        got = _second_reading(read_page(dump, URL), URL, None, [], None)
    finally:
        restore()
    if wanted:
        assert [a.text for a in got] == [PROSE]
    else:
        assert got == []


def test_the_text_gate_leaves_the_synthetic_sample_of_articles_to_the_rules():
    """fixtures/tagger/sample.jsonl (synthetic article dumps with their gold body, no third-party
    text): the rules read these whole, and the shipped gate should not trade them for the densest run."""
    import json
    import statistics

    word_prf = bench_module("scoring").word_prf
    pages = [json.loads(x) for x in (ROOT / "fixtures" / "tagger" / "sample.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    never = constant("text", -1.0)

    def mean_f1(model: gate.GateModel | None) -> float:
        restore = gate.use_gate(model, kind="text")
        try:
            arts = [extract_text(p["text"], p["url"]) for p in pages]
        finally:
            restore()
        return statistics.fmean(word_prf(a[0].text if a else "", p["body"])[2] for a, p in zip(arts, pages, strict=True))

    asked = sum(gate.shipped_gate("text").asks(facts) for p in pages for facts, _, _ in readings(p["text"], p["url"], "text"))
    assert asked <= len(pages) // 20
    assert mean_f1(None) >= mean_f1(never) - 0.005


def test_the_gate_study_scores_each_variant_trained_without_the_held_out_source(tg):
    """bench/gate_study.py: a variant's LightGBM settings apply to its own training only, and both a
    variant and the chooser that also sees the readings' facts find the pages where the second reading
    gains (a third of them, +0.3 each) on sources they were not trained on."""
    study = bench_module("gate_study")
    rows = synthetic_rows(tg)
    settings = dict(tg.PARAMS)
    variant = study._held_out(rows, study.variant("html", {"num_leaves": 4}, 60))
    assert settings == tg.PARAMS
    gates = {held: tg.train_rows({s: r for s, r in rows.items() if s != held}) for held in rows}
    wide = {s: [tg.Row(r.source, r.id, r.facts + study.reading_facts("a b", "a b c"), r.ours, r.other) for r in rs]
            for s, rs in rows.items()}
    chooser = study._held_out(wide, study.chooser("html", gates))
    for s, rs in rows.items():
        best = float(np.mean([max(r.ours, r.other) for r in rs]))
        assert best - 0.01 <= variant[s] <= best + 1e-9 and best - 0.01 <= chooser[s] <= best + 1e-9
        assert best > 0.58  # the gain is there to find: the readings alone score 0.5


def test_the_readings_facts_say_which_is_longer_and_what_they_share():
    study = bench_module("gate_study")
    facts = study.reading_facts("The cat sat\nOn the mat", "the cat sat on the mat and more words here")
    named = dict(zip(study.READING_FACTS, facts, strict=False))
    assert named["ours_in_other"] == 1.0  # every word of ours is in the other reading
    assert named["other_in_ours"] == pytest.approx(6 / 10)  # six of its ten words are ours
    assert facts[-1] == 1.0  # the other reading is the longer
