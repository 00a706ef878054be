"""A learned title chooser for the text path, measured against the rules (issue 18, item 2). Not shipped.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python bench/title_chooser.py [--corpus]     # leave-site-out on bench/pages_gold.jsonl
    .venv/bin/python bench/title_chooser.py --transfer     # trained on the page texts, run on the corpus
    .venv/bin/python bench/title_chooser.py --loso         # ...and on the other corpus sources, leave-one-source-out

Each post the rules read has candidate title lines: the lines from TITLE_WINDOW above its body run
to TITLE_INSIDE_WINDOW into it (textdump's own window), and the rules' choice. A line is a positive
when its headline text (`_headline_of`) is the gold title. A LightGBM classifier reads the rules'
features of each candidate and its post (FEATURES); the reader takes the best candidate, or none
below a threshold chosen on the training pages. Only the first post of a page is trained on (the
page's gold is its first article's).

Leave-site-out: for each fold of `pages_check`, the chooser is trained on the other folds (and, with
`--corpus`, on the corpus pages' titles too, their dumps read without URL as the pages are) and
scores the fold as the CLI reads it (no URL). The
rules are scored on the same pages. `--transfer` trains on every development page and reads the
corpus's whole-page dumps with their URLs: what the shipped chooser would do there. `--loso` adds
the other corpus sources (read with their URLs) to the training, as `bench/loso.py` retrains its
gates, and reads each held-out source.

The chooser runs by replacing `textdump._choose_title` for the length of a reading: a measuring
hook, not a way to ship it.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import corpus  # noqa: E402
import pages_check  # noqa: E402
from aeb_text import norm_title  # noqa: E402

from extractors import textdump as T  # noqa: E402

FEATURES = (
    "words", "chars", "headline", "prose", "label", "ends_stop", "ends_question", "capital_share",
    "function_share", "chrome", "role", "date", "first_line", "post_start", "from_run", "from_post",
    "rules_choice", "rules_none", "rules_points", "evidence", "heads_next", "next_prose", "next_words",
    "prev_chrome", "interface", "box_heading", "name_line", "trail", "repeated", "similar",
    "headlines_above", "gap_before", "upper", "lower_start", "digit_share", "pipe", "colon",
    "page_lines", "post_lines", "post_headlines", "post_prose", "twice", "next_date", "prev_date",
    "dump_start", "next_ratio", "run_lines",
)
PARAMS = {"objective": "binary", "num_leaves": 15, "learning_rate": 0.05, "min_data_in_leaf": 10,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "seed": 1,
          "deterministic": True, "force_row_wise": True, "num_threads": 2, "verbose": -1}
ROUNDS = 200
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
RULES_CHOICE = T._choose_title


def _post_context(lines: list, lo: int, hi: int) -> tuple[float, float]:
    span = max(hi - lo, 1)
    heads = sum(1 for x in lines[lo:hi] if x.headline and x.words >= 4)
    return heads, sum(1 for x in lines[lo:hi] if x.prose) / span


def candidate_rows(lines: list, lo: int, hi: int, run: tuple[int, int], clues, rules: int | None
                   ) -> tuple[list[int], list[list[float]]]:
    """The candidate lines of one post and their FEATURES."""
    start = run[0]
    cands = [i for i in range(max(lo, start - T.TITLE_WINDOW), min(hi, start + T.TITLE_INSIDE_WINDOW))
             if 1 <= lines[i].words <= T.TITLE_MAX_WORDS]
    if rules is not None and rules not in cands:
        cands.append(rules)
    heads, prose = _post_context(lines, lo, hi)
    counts = Counter(x.folded for x in lines[lo:hi])
    rows = []
    for i in cands:
        x, text = lines[i], lines[i].text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prv = lines[i - 1] if i - 1 >= lo else None
        rows.append([
            x.words, math.log1p(len(text)), x.headline, x.prose, x.label, text.endswith("."), text.endswith("?"),
            x.capital_share, x.function_share, bool(x.chrome), x.role is not None, bool(x.date),
            i == clues.first_line, i == lo, i - start, i - lo, i == rules, rules is None,
            max(-10.0, min(20.0, T._title_points(lines, i, clues, start))), T._evidence(x, clues),
            T._heads_next(lines, i), bool(nxt and nxt.prose), math.log1p(nxt.words) if nxt else 0.0,
            bool(prv and prv.chrome), T._is_interface(x), bool(T._box_heading(text)), bool(T._bare_byline(x)),
            T._own_trail(text) is not None, x.folded in clues.repeated, T._similarity(x, clues),
            sum(1 for k in range(lo, i) if lines[k].headline and lines[k].words >= 4), x.block.gap_before,
            text.isupper(), text[:1].islower(), sum(c.isdigit() for c in text) / max(len(text), 1),
            "|" in text, ":" in text, len(lines), hi - lo, heads, prose, counts[x.folded] > 1,
            bool(nxt and nxt.date), bool(prv and prv.date), i == 0, (nxt.words / max(x.words, 1)) if nxt else 0.0,
            run[1] - run[0],
        ])
    return cands, rows


class Chooser:
    """`textdump._choose_title` replaced: records each post's candidates, and picks with `model`."""

    def __init__(self) -> None:
        self.posts: list[tuple[list[list[float]], list[str]]] = []
        self.model = None
        self.threshold = 0.5
        self.rules_titles: dict[tuple[str, str | None], str | None] = {}  # each dump read by the rules once

    def __call__(self, lines, lo, hi, run, clues):
        rules = RULES_CHOICE(lines, lo, hi, run, clues)
        cands, rows = candidate_rows(lines, lo, hi, run, clues, rules)
        self.posts.append((rows, [T._headline_of(lines[i], clues) for i in cands]))
        if self.model is None or not cands:
            return rules
        p = self.model.predict(np.array(rows, dtype=np.float64))
        best = int(np.argmax(p))
        return cands[best] if p[best] >= self.threshold else None

    def read(self, text: str, url: str | None, model=None, threshold: float = 0.5) -> str | None:
        """The first article's title as the CLI reads `text` (with `model`, or the rules)."""
        self.posts, self.model, self.threshold = [], model, threshold
        T._choose_title = self
        try:
            articles = T.extract_text(text, url)
        finally:
            T._choose_title = RULES_CHOICE
        title = articles[0].title if articles else None
        if model is None:
            self.rules_titles[text, url] = title
        return title

    def rules_title(self, text: str, url: str | None) -> str | None:
        key = (text, url)
        return self.rules_titles[key] if key in self.rules_titles else self.read(text, url)


CHOOSER = Chooser()


def labelled(items: Iterable[tuple[str, str | None, str | None]]) -> list[tuple[list[list[float]], list[int], bool]]:
    """(rows, labels, has title) of the first post of each (text, url, gold title); no rows when the
    rules read no post."""
    out = []
    for text, url, gold in items:
        CHOOSER.read(text, url)
        rows, titles = CHOOSER.posts[0] if CHOOSER.posts else ([], [])
        want = norm_title(gold) if gold else None
        out.append((rows, [int(want is not None and norm_title(t) == want) for t in titles], gold is not None))
    return out


def train(data: list, extra: list | None = None) -> tuple[object, float]:
    """The classifier on `data` and `extra` rows; its threshold chosen on `data` (the pages it will read)."""
    import lightgbm as lgb

    rows = data + (extra or [])
    x = np.array([r for rs, _, _ in rows for r in rs], dtype=np.float64)
    y = np.array([v for _, labels, _ in rows for v in labels])
    model = lgb.train(PARAMS, lgb.Dataset(x, y), num_boost_round=ROUNDS)
    return model, _threshold(model, data)


def _threshold(model, data: list) -> float:
    """The threshold that reads the most training pages right (a page with no title: none chosen)."""
    def right(t: float) -> int:
        n = 0
        for rows, labels, titled in data:
            if not rows:
                n += not titled
                continue
            p = model.predict(np.array(rows, dtype=np.float64))
            best = int(np.argmax(p))
            n += labels[best] == 1 if p[best] >= t else not titled
        return n
    return max(THRESHOLDS, key=lambda t: (right(t), -t))


def corpus_items(sources: Iterable[str] | None = None, with_url: bool = True) -> list[tuple[str, str | None, str]]:
    """(dump, URL, gold title) of the corpus pages with a title; `with_url` False reads them as the
    pages check reads its texts, without a slug to agree with."""
    return [(p.text, p.url if with_url else None, p.gold_title) for s in (sources or corpus.sources())
            for p in corpus.pages(s) if p.gold_title and p.text]


def compare(pages: list, model, threshold: float) -> Counter:
    """Rules against the chooser on `pages` (objects with text, url, gold title), each read with its url."""
    tally: Counter = Counter()
    for page in pages:
        rules = norm_title(CHOOSER.rules_title(page.text, page.url)) == norm_title(page.title)
        chosen = norm_title(CHOOSER.read(page.text, page.url, model, threshold)) == norm_title(page.title)
        tally["pages"] += 1
        tally["rules"] += rules
        tally["chooser"] += chosen
        tally["gained"] += chosen and not rules
        tally["lost"] += rules and not chosen
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="store_true", help="train on the corpus pages' titles too")
    ap.add_argument("--transfer", action="store_true", help="train on the page texts, read the corpus")
    ap.add_argument("--loso", action="store_true",
                    help="train on the page texts and the other corpus sources, read each source with its URLs")
    args = ap.parse_args(argv)
    pages, _ = pages_check.load_pages(pages_check.DEFAULT_CACHE, pages_check.DEFAULT_GOLD)
    dev = [SimpleNamespace(text=p.text, url=None, title=p.gold.title, fold=p.fold) for p in pages if not p.final]
    data = labelled((p.text, p.url, p.title) for p in dev)
    if args.transfer:
        model, threshold = train(data)
        for source in corpus.sources():
            got = [SimpleNamespace(text=t, url=u, title=g) for t, u, g in corpus_items([source])]
            if got:
                tally = compare(got, model, threshold)
                print(source, dict(tally))
        return 0
    if args.loso:
        by_source = {s: corpus_items([s]) for s in corpus.sources()}
        rows = {s: labelled(items) for s, items in by_source.items()}
        total = Counter()
        for held, items in by_source.items():
            if not items:
                continue
            # the threshold is chosen on the other sources' dumps: the reading it is for
            model, threshold = train([r for s, rs in rows.items() if s != held for r in rs], data)
            tally = compare([SimpleNamespace(text=t, url=u, title=g) for t, u, g in items], model, threshold)
            print(held, dict(tally), "threshold", threshold)
            total.update(tally)
        print("leave-one-source-out", dict(total))
        return 0
    extra = labelled(corpus_items(with_url=False)) if args.corpus else []
    total: Counter = Counter()
    for fold in range(pages_check.FOLDS):
        model, threshold = train([d for d, p in zip(data, dev, strict=True) if p.fold != fold], extra)
        tally = compare([p for p in dev if p.fold == fold], model, threshold)
        print(f"fold {fold}: {dict(tally)} threshold {threshold}")
        total.update(tally)
    print("leave-site-out", "(pages + corpus titles)" if args.corpus else "(pages only)", dict(total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
