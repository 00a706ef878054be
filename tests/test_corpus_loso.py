"""The corpus yardstick's parts on synthetic inputs: per-source scoring, gold readers, the
densest-prose baseline, the build from a git mirror and the leave-one-source-out protocol."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import bench_module

scoring = bench_module("scoring")
corpus = bench_module("corpus")
densest = bench_module("densest")
loso = bench_module("loso")


def page(source: str, gold: str, **extra) -> SimpleNamespace:
    return SimpleNamespace(source=source, gold_body=gold, gold_title=extra.pop("title", None), extra=extra)


def test_word_metric_is_wcxb_bag_of_words() -> None:
    # 6 predicted words, 3 gold words, all 3 found: P 1/2, R 1, F1 2/3; case is folded.
    assert scoring.word_prf("The cat sat on the mat", "the CAT sat") == pytest.approx((0.5, 1.0, 2 / 3))
    # A repeated gold word is matched as often as it occurs in both (multiset intersection).
    assert scoring.word_prf("spam spam spam", "spam eggs") == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert scoring.word_prf("", "gold words") == (0.0, 0.0, 0.0)
    assert scoring.word_prf("", "") == (1.0, 1.0, 1.0)
    assert scoring.word_prf("anything", "...") == (0.0, 0.0, 0.0)


def test_word_sources_average_page_f1_and_count_empty_output_as_zero() -> None:
    gold = page("cleaneval", "alpha beta gamma delta")
    full = scoring.score_body(gold, "alpha beta gamma delta")
    none = scoring.score_body(gold, "  -- ")
    assert (full.f1, none.f1, none.precision, none.empty) == (1.0, 0.0, 0.0, True)
    agg = scoring.aggregate("cleaneval", [full, none])
    assert (agg.f1, agg.precision, agg.recall, agg.empty) == (0.5, 0.5, 0.5, 1)


def test_aeb_rule_is_f1_of_mean_precision_and_recall() -> None:
    gold = "one two three four five six seven eight"
    exact = scoring.score_body(page("aeb", gold), gold)
    # 3 of the 5 gold shingles and nothing else: P 1, R 3/5.
    half = scoring.score_body(page("aeb", gold), "one two three four five six")
    empty = scoring.score_body(page("aeb", gold), "")
    assert exact.f1 == 1.0 and empty.precision is None and empty.empty
    agg = scoring.aggregate("aeb", [half, empty])
    # P is averaged over pages with output only (1.0), R over all pages ((3/5 + 0) / 2).
    assert agg.precision == 1.0 and agg.recall == pytest.approx(0.3)
    assert agg.f1 == pytest.approx(2 * 0.3 / 1.3)  # F1 of the means, not the mean of page F1s
    assert agg.f1 != pytest.approx((half.f1 + empty.f1) / 2)


def test_wcxb_snippet_rates_are_reported_beside_f1() -> None:
    p = page("wcxb", "Body words here", **{"with": ["body WORDS"], "without": ["Sign in", "Cookie policy"]})
    s = scoring.score_body(p, "Sign in. Body words here.")
    assert s.extra == {"with_rate": 1.0, "without_rate": 0.5}
    agg = scoring.aggregate("wcxb", [s, scoring.score_body(p, "")])
    assert agg.extra["with_rate"] == 0.5 and agg.f1 == pytest.approx((s.f1 + 0.0) / 2)


def test_title_right_after_normalisation() -> None:
    assert scoring.score_title(page("wcxb", "x", title="Ｃafé — Opens: Today!"), "café opens today")
    assert scoring.score_title(page("wcxb", "x", title="A title"), "A title, longer") is False
    assert scoring.score_title(page("wcxb", "x", title="A title"), None) is False
    assert scoring.score_title(page("cleaneval", "x"), "anything") is None


def test_cleaneval_gold_loses_url_line_and_block_marks() -> None:
    text = "\nURL: http://example.invalid/a\n<h>Heading here\n<p>First para\ncontinues &amp; ends.\n<l>* item\n"
    body, url = corpus.parse_cleaneval_gold(text)
    assert url == "http://example.invalid/a"
    assert body == "Heading here\n\nFirst para\ncontinues & ends.\n\n* item"
    assert corpus.parse_cleaneval_gold("URL: http://example.invalid/b\n<!-- this page contains no article -->\n") == \
        ("", "http://example.invalid/b")
    assert corpus.parse_cleaneval_gold("<p>Use <!-- and --> to hide markup.")[0] == "Use <!-- and --> to hide markup."


def test_l3s_gold_takes_innermost_labels_and_skips_invisible_text() -> None:
    annotated = (b'<html><body><span class="x-nc-sel0"><div><h1><span class="x-nc-sel1">The headline</span></h1>'
                 b'<p><span class="x-nc-sel2">First part of the</span> <a><span class="x-nc-sel2">body</span></a>'
                 b'<span class="x-nc-sel2">, and more.</span><br><span class="x-nc-sel2">Next line.</span></p>'
                 b'<p><span class="x-nc-sel3">A caption</span></p><p class="x-nc-invisible">'
                 b'<span class="x-nc-sel2">hidden</span></p><p><span class="x-nc-sel2">Second para.</span></p>'
                 b'<div>Menu item</div></div></span></body></html>')
    body, title = corpus.parse_l3s_annotated(annotated)
    assert title == "The headline"
    assert body == "First part of the body, and more.\nNext line.\n\nSecond para."


@pytest.mark.parametrize("marker", ["!@#$%^&*()  COMMENTS", "!@#$%^&*() COMMENTS\r", "!@ $%^&*()  COMMENTS",
                                    "!@#$%$%^&*()  COMMENTS", "!@#$%^&*()  \tCOMMENTS", "!@#$%^&*   COMMENTS"])
def test_dragnet_gold_stops_at_the_comments_marker_however_it_was_typed(marker: str) -> None:
    gold = f"Headline\n\nThe article's last line.\n\n{marker}\n\nReader says:\nGreat post!\n"
    assert corpus.dragnet_content(gold) == "Headline\n\nThe article's last line.\n\n"
    # "COMMENTS" as a word or a heading of the article is no marker
    assert corpus.dragnet_content("Body.\nCOMMENTS\nMore body, 100 COMMENTS so far.") == \
        "Body.\nCOMMENTS\nMore body, 100 COMMENTS so far."


def test_gold_text_in_utf16_is_read_after_its_bom() -> None:
    gold = "Forgiving your enemies\r\n\r\nby A. Writer on June 27, 2012"
    for encoding in ("utf-16-le", "utf-16-be"):
        data = gold.encode(encoding)
        assert corpus.decode_text(("\ufeff" + gold).encode(encoding)) == gold, encoding
        assert corpus.decode_text(data) != gold  # no BOM: not taken for UTF-16
    assert corpus.decode_text("caf\u00e9".encode("utf-8-sig")) == "caf\u00e9"
    assert corpus.decode_text(b"caf\xe9 \x93q\x94") == "caf\u00e9 \u201cq\u201d"


def test_decode_html_prefers_utf8_then_the_declaration() -> None:
    assert corpus.decode_html("<p>Zoë’s</p>".encode()) == "<p>Zoë’s</p>"
    latin = b'<meta charset="iso-8859-1"><p>caf\xe9 \x93quoted\x94</p>'  # what a latin-1 page really holds
    assert corpus.decode_html(latin).endswith("café “quoted”</p>")


def test_densest_prose_keeps_the_prose_run_and_crosses_one_caption() -> None:
    prose = [f"Sentence number {i} of the article says something long enough to count as prose." for i in range(4)]
    dump = "\n".join(["Home", "News", "Sport", "Weather", "Some Headline Of The Day", "",
                      prose[0], prose[1], "Photo: Agency", prose[2], prose[3], "",
                      "Share", "Tweet", "Related stories", "Contact us", "Privacy", "Terms"])
    assert densest.densest_prose(dump) == "\n\n".join([prose[0], prose[1], "Photo: Agency", prose[2], prose[3]])
    assert densest.densest_prose("Home\nNews\nAbout us\n\nContact") == ""  # nothing worth keeping


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_build_reads_a_mirror_and_skips_a_missing_one(tmp_path: Path, capsys) -> None:
    work = tmp_path / "work"
    (work / "CleanPortalEval-master" / "input").mkdir(parents=True)
    (work / "CleanPortalEval-master" / "GoldStandard").mkdir()
    words = " ".join(f"word{i}" for i in range(60))
    (work / "CleanPortalEval-master" / "input" / "a.html").write_text(
        f'<text id="http://example.invalid/a">\n<html><body><nav>Menu</nav><p>{words}.</p></body></html>\n</text>')
    (work / "CleanPortalEval-master" / "GoldStandard" / "a.txt").write_text(f"URL: http://example.invalid/a\n<p>{words}.\n")
    (work / "CleanPortalEval-master" / "GoldStandard" / "b.txt").write_text("URL: http://example.invalid/b\n")
    (work / "CleanPortalEval-master" / "input" / "b.html").write_text("<html><body><p>No gold.</p></body></html>")
    _git(work, "init", "-q")
    _git(work, "add", ".")
    _git(work, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "synthetic")
    mirrors = tmp_path / "mirrors"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirrors / "j-szulc+html-cleaning-dataset-merged"
                                                                   / "repo")], check=True)
    cache = tmp_path / "cache"
    rc = corpus.build(cache, mirrors, tmp_path / "no-shared", ["cleanportaleval", "wcxb"], jobs=1)
    assert rc == 1 and "wcxb: skipped: mirror of Murrough-Foley/web-content-extraction-benchmark missing" in \
        capsys.readouterr().err
    [p] = list(corpus.pages("cleanportaleval", cache))
    assert (p.id, p.url, p.gold_body) == ("a", "http://example.invalid/a", f"{words}.")
    assert not p.html.startswith("<text") and "Menu" in p.text and words in p.text
    manifest = json.loads((cache / "cleanportaleval" / "manifest.json").read_text())
    assert manifest["pages"] == 1 and manifest["dropped"]["no gold words"] == 1
    before = {f: f.stat().st_mtime_ns for f in cache.rglob("*") if f.is_file()}
    corpus.build(cache, mirrors, tmp_path / "no-shared", ["cleanportaleval"], jobs=1)
    assert {f: f.stat().st_mtime_ns for f in cache.rglob("*") if f.is_file()} == before  # idempotent


def _tiny_corpus(cache: Path) -> None:
    for source in ("src-a", "src-b", "src-c"):
        (cache / source / "html").mkdir(parents=True)
        (cache / source / "text").mkdir()
        records = []
        for i in range(3):
            pid = f"{source}-{i}"
            (cache / source / "html" / f"{pid}.html").write_text(f"<p>{source} page {i}</p>")
            (cache / source / "text" / f"{pid}.txt").write_text(f"{source} page {i}")
            records.append(json.dumps({"id": pid, "source": source, "url": None, "gold_body": f"{source} page {i}",
                                       "sha1": f"{source}{i}"}))
        (cache / source / "pages.jsonl").write_text("\n".join(records) + "\n")
        (cache / source / "manifest.json").write_text(json.dumps({"source": source}))


def test_loso_trains_without_the_held_out_source_and_caches_outputs(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path)
    trained: list[tuple[str, ...]] = []
    calls: list[str] = []

    def train(sources: list[str]) -> tuple[str, ...]:
        trained.append(tuple(sources))
        return tuple(sources)

    def run(p, model) -> object:
        calls.append(p.id)
        assert p.source not in model  # scored only by the model that never saw its source
        return loso.Prediction(p.text + " " + " ".join(model) + "\u2028")  # a line separator inside a text

    system = loso.System("test-trainable", "1", run, train=train, path="text")
    loso.register(system)
    all_sources = ["src-a", "src-b", "src-c"]
    pages_of = {s: list(loso.corpus.pages(s, tmp_path)) for s in all_sources[:2]}  # score two of three
    outputs = loso.run_all(tmp_path, [system], ["src-a", "src-b"], all_sources, pages_of, jobs=1)
    assert sorted(trained) == [("src-a", "src-c"), ("src-b", "src-c")]  # training never depends on --sources
    assert outputs["test-trainable", "src-a"]["src-a-0"]["text"] == "src-a page 0 src-b src-c\u2028"
    assert len(calls) == 6
    again = loso.run_all(tmp_path, [system], ["src-a", "src-b"], all_sources, pages_of, jobs=1)
    assert again == outputs and len(calls) == 6 and len(trained) == 2  # all from the cache: no call, no training


def test_the_room_for_the_gates_takes_the_better_reading_of_every_page(tmp_path: Path) -> None:
    """What a chooser that always picked the better of a path's two readings would score, under each
    source's own rule (AEB: F1 of the mean precision and recall; elsewhere the mean page F1), in the report
    beside the systems; and the best of every reading of the path the run has."""
    ours = {"a": scoring.BodyScore(1.0, 1.0, 1.0), "b": scoring.BodyScore(0.2, 0.4, 0.267)}
    other = {"a": scoring.BodyScore(0.5, 0.5, 0.5), "b": scoring.BodyScore(0.9, 0.7, 0.7875)}
    assert loso.best_of("cleaneval", ours, other).f1 == pytest.approx((1.0 + 0.7875) / 2)
    aeb = loso.best_of("aeb", ours, other)
    assert (aeb.precision, aeb.recall) == (pytest.approx(0.95), pytest.approx(0.85))

    _tiny_corpus(tmp_path)
    pages_of = {"src-a": list(loso.corpus.pages("src-a", tmp_path))}
    said = {"cw-html": ["src-a page 0", "", ""], "trafilatura": ["", "src-a page 1", "page"],
            "readability": ["", "", "src-a page 2"]}
    systems = [loso.System(name, "1", lambda p, m: None) for name in said]
    outputs = {(name, "src-a"): {f"src-a-{i}": {"text": text, "title": None, "authors": [], "date": None,
                                                 "error": None, "cpu_s": 0.0} for i, text in enumerate(texts)}
               for name, texts in said.items()}
    text = loso.report(tmp_path, systems, ["src-a"], pages_of, outputs, tmp_path / "out", 0, ("cw-html", "trafilatura"), 1.0)
    room = text.split("## Room for the gates")[1].split("##")[0]
    # the pair misses page 2 ("page" for "src-a page 2"); the third reading has it
    assert "| cw-html or trafilatura | best of every html reading (cw-html, trafilatura, readability) |" in room
    assert "| src-a | 0.800 | 1.000 |" in room  # page 2: one word of four, F1 0.4


def test_the_cpu_table_names_the_runs_that_computed_each_systems_outputs(tmp_path: Path) -> None:
    """CPU times from two runs are not comparable (the machine's speed moves from one to the next): an
    output keeps its run's start and the table names the runs behind each system's figure."""
    _tiny_corpus(tmp_path)
    pages_of = {"src-a": list(loso.corpus.pages("src-a", tmp_path))}
    system = loso.register(loso.System("test-stamped", "1", lambda p, m: loso.Prediction(p.text)))
    computed = loso.run_all(tmp_path, [system], ["src-a"], ["src-a", "src-b", "src-c"], pages_of, jobs=1)
    stamps = {rec["run"] for rec in computed["test-stamped", "src-a"].values()}
    assert len(stamps) == 1 and stamps.pop().startswith("20")
    older = {(name, "src-a"): {f"src-a-{i}": {"text": "", "title": None, "authors": [], "date": None, "error": None,
                                              "cpu_s": 0.01, "run": run}
                               for i, run in enumerate(runs)}
             for name, runs in {"a": ["2026-12-01 10:00"] * 3, "b": ["2026-12-01 10:00", None, "2026-12-02 09:00"]}.items()}
    systems = [loso.System(name, "1", lambda p, m: None) for name in ("a", "b")]
    text = loso.report(tmp_path, systems, ["src-a"], pages_of, older, tmp_path / "out", 0, ("a", "b"), 1.0)
    cpu = text.split("## CPU per page and errors")[1]
    assert "| a | 1 | 10.0 | 10.0 | 0 | 2026-12-01 10:00 |" in cpu
    assert "| b | 1 | 10.0 | 10.0 | 0 | 2026-12-01 10:00, 2026-12-02 09:00, an unstamped earlier run |" in cpu
