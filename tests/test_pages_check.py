"""bench/pages_check.py: the committed gold keeps its rules, the split is leave-site-out, the scoring
counts what its docstring says, and the training hook never sees the fold it is scored on."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

import pytest
from conftest import ROOT, bench_module

pages_check = bench_module("pages_check")

BODY = ("The harbour authority in Kestrel Bay will run its new battery-electric ferry on the winter timetable, "
        "replacing the diesel vessel that has crossed the estuary since 1998 on every crossing of the day.")
BODY2 = ("The 32-metre boat charges for eight minutes at each end of the route while passengers board, and "
         "engineers say the short top-ups keep the batteries between 40 and 80 per cent of their capacity.")


def test_committed_gold_keeps_its_rules():
    rows = pages_check.load_gold(ROOT / "bench" / "pages_gold.jsonl")  # raises GoldError on any broken line
    sites = Counter(r["site"] for r in rows)
    assert len(rows) >= 300 and len(sites) >= 90
    finals = {s for s in sites if pages_check.is_final(s)}
    assert 0.1 < len(finals) / len(sites) < 0.3  # about a fifth of the sites
    for r in rows:
        assert r["title"] != "" and r["category"] != "" and all(a.strip() for a in r["authors"])
        assert all(line and line == line.strip() for line in r["chrome"]), r["url"]
    # every fold holds every page of its sites, and pages of one site never straddle folds
    assert all(len({r["fold"] for r in rows if r["site"] == s}) == 1 for s in sites)


def _write(tmp_path, pages):
    """A cache and a gold file for synthetic pages: (url, text, gold fields)."""
    cache, gold = tmp_path / "pages.jsonl", tmp_path / "gold.jsonl"
    with cache.open("w", encoding="utf-8") as c, gold.open("w", encoding="utf-8") as g:
        for url, text, fields in pages:
            site = pages_check.site_of(url)
            c.write(json.dumps({"url": url, "site": site, "text": text}) + "\n")
            row = {"url": url, "site": site, "fold": pages_check.fold_of(site), "final": pages_check.is_final(site),
                   "title": None, "category": None, "authors": [], "date": None, "chrome": [], **fields}
            g.write(json.dumps(row) + "\n")
    return cache, gold


def test_scoring_counts_right_invented_and_chrome_left(tmp_path):
    titled = ("Kestrel Bay ferry switches to battery power\n\nBy Marta Ellison\n\nJanuary 9, 2024\n\n"
              f"{BODY}\n\nShare this article\n\n{BODY2}\n")
    untitled = f"{BODY}\n\n{BODY2}\n"
    cache, gold = _write(tmp_path, [
        ("https://a.example/ferry", titled, {"title": "Kestrel Bay ferry switches to battery power",
                                             "authors": ["Marta Ellison"], "date": "2024-01-09",
                                             "category": "Transport", "chrome": ["Share this article", "Never shown"]}),
        ("https://b.example/ferry", untitled, {}),
    ])
    pages, missing = pages_check.load_pages(cache, gold)
    assert missing == [] and len(pages) == 2
    tallies = pages_check.evaluate(pages, dict.fromkeys(range(5), pages_check.rules_reader), with_url=False,
                                   show=False)
    total = pages_check.Tally()
    for t in tallies.values():
        total.add(t)
    assert total.score("title") == (2, 2)  # the untitled page is right only because no title was invented
    assert total.score("authors") == (1, 1) and total.score("date") == (1, 1)
    assert total.score("category") == (0, 1)  # the text shows no "Transport": the reader cannot find it
    assert total.invented == dict.fromkeys(pages_check.FIELDS, 0)
    assert (total.chrome_lines, total.chrome_left) == (2, 0)  # "Share this article" is dropped by the rules
    assert total.titled_no_article == 0


def test_a_headline_with_no_body_is_a_title_miss_counted_apart(tmp_path):
    headline = "Kestrel Bay ferry switches to battery power"
    cache, gold = _write(tmp_path, [
        ("https://a.example/alone", f"{headline}\n\n{headline}\n", {"title": headline}),
        ("https://b.example/ferry", f"{headline}\n\n{BODY}\n\n{BODY2}\n", {"title": headline}),
        ("https://c.example/label", "Kestrel Bay news\n", {}),
    ])
    pages, _ = pages_check.load_pages(cache, gold)
    tallies = pages_check.evaluate(pages, dict.fromkeys(range(5), pages_check.rules_reader), with_url=False,
                                   show=False)
    total = pages_check.Tally()
    for t in tallies.values():
        total.add(t)
    # the headline printed twice is no article: one title miss, and it is the one counted apart
    assert total.score("title") == (2, 3) and total.titled_no_article == 1


def test_a_gold_line_that_breaks_the_split_is_one_clear_error(tmp_path):
    cache, gold = _write(tmp_path, [("https://a.example/x", BODY, {})])
    row = json.loads(gold.read_text())
    row["fold"] = (row["fold"] + 1) % 5
    gold.write_text(json.dumps(row) + "\n")
    with pytest.raises(pages_check.GoldError, match="line 1: site/fold/final"):
        pages_check.load_gold(gold)
    assert pages_check.main(["--cache", str(tmp_path / "none.jsonl"), "--gold", str(gold)]) == 2


def test_train_per_fold_never_trains_on_the_scored_fold_or_the_final_sites(tmp_path, monkeypatch, capsys):
    """A tagger plugged in through --tagger gets, for each fold, exactly the non-final pages of the
    other folds; the reader it returns reads that fold."""
    urls = [f"https://site{i}.example/post-{i}" for i in range(15)]
    cache, gold = _write(tmp_path, [(u, f"Post {i} headline here\n\n{BODY}\n\n{BODY2}\n", {}) for i, u in enumerate(urls)])
    (tmp_path / "recordingtagger.py").write_text(
        "import json\n"
        "from extractors.textdump import extract_text\n"
        "CALLS = []\n"
        "def train(pages):\n"
        "    CALLS.append(sorted({(p.fold, p.final) for p in pages}))\n"
        "    def read(text, url):\n"
        "        return extract_text(text, url)\n"
        "    return read\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert pages_check.main(["--cache", str(cache), "--gold", str(gold), "--train-per-fold",
                             "--tagger", "recordingtagger:train", "--no-url"]) == 0
    calls = sys.modules["recordingtagger"].CALLS
    dev_folds = sorted({pages_check.fold_of(pages_check.site_of(u)) for u in urls
                        if not pages_check.is_final(pages_check.site_of(u))})
    assert len(calls) == len(dev_folds)
    for fold, seen in zip(dev_folds, calls, strict=True):
        assert all(f != fold and not final for f, final in seen)
    assert "trained per fold" in capsys.readouterr().out


def test_a_missing_tagger_is_one_line_not_a_traceback(tmp_path):
    cache, gold = _write(tmp_path, [("https://a.example/x", BODY, {})])
    with pytest.raises(SystemExit, match="no tagger to train"):
        pages_check.main(["--cache", str(cache), "--gold", str(gold), "--train-per-fold", "--tagger", "nosuchtagger:train"])


def test_title_chooser_reads_as_the_rules_without_a_model_and_restores_them():
    """bench/title_chooser.py: with no model its reading is the rules' title on a seed, every candidate
    row has one value per named feature, and the rules' chooser is back in place afterwards."""
    chooser = bench_module("title_chooser")
    from extractors import textdump

    seed = sorted((ROOT / "fixtures" / "text").glob("*.txt"))[0].read_text(encoding="utf-8")
    rules = textdump.extract_text(seed)[0].title
    assert chooser.CHOOSER.read(seed, None) == rules
    rows, titles = chooser.CHOOSER.posts[0]
    assert rows and len(rows) == len(titles) and all(len(r) == len(chooser.FEATURES) for r in rows)
    assert rules in titles
    assert textdump._choose_title is chooser.RULES_CHOICE


def test_a_cached_copy_that_does_not_show_its_gold_is_skipped(tmp_path, capsys):
    shown = f"Kestrel Bay ferry switches to battery power\n\n{BODY}\n\n{BODY2}\n"
    cache, gold = _write(tmp_path, [
        ("https://a.example/ferry", shown, {"title": "Kestrel Bay ferry switches to battery power"}),
        ("https://b.example/other", shown, {"title": "Harbour fees rise for the summer season"}),
    ])
    pages, _ = pages_check.load_pages(cache, gold)
    assert [pages_check.unshown(p) for p in pages] == [[], ["Harbour fees rise for the summer season"]]
    assert not any(p.final for p in pages)  # both development sites: both would be scored
    assert pages_check.main(["--cache", str(cache), "--gold", str(gold), "--no-url"]) == 0
    out, err = capsys.readouterr()
    assert "1 cached texts do not show their gold" in err and "https://b.example/other" in err
    assert "1 pages from 1 sites" in out and re.search(r"title +1/1 \(100%\)", out)
