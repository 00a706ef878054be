"""Choose, leave-one-source-out, which pages the HTML path reads with its own walk alone (no trafilatura):
the rule of extractors.html.READ_ALONE_MIN_SHARE, re-derived from the corpus.

    .venv/bin/python bench/read_alone.py [--sources NAME...] [-j 2]

Every corpus page is read twice by `extract_html`: as if no page were read alone, and with the walk
forced on every page that could be (an anchor, no article region, no thread), recording the main
run's share of the page's paragraph text and whether the page has HTML5 sectioning elements. A rule
(sectioning elements allowed or not, a minimum share) takes the second reading where it applies and
the first elsewhere; each source's figure is its own metric (bench/scoring.py) over its pages. For a
held-out source the rule is the one with the best mean gain over the other sources: the table gives
its choice, its figure and the shipped rule's, and the CPU per page of both readings. (The second-
reading gate is the shipped one in both readings; bench/loso.py trains it per fold.)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import corpus  # noqa: E402
from scoring import BodyScore, aggregate, score_body  # noqa: E402

from extractors import ExtractionError  # noqa: E402
from extractors import html as H  # noqa: E402

SHARES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Rule:
    sectioned_too: bool  # pages with HTML5 sectioning elements may be read alone
    min_share: float

    def applies(self, seen: tuple[float, bool] | None) -> bool:
        return seen is not None and (self.sectioned_too or not seen[1]) and seen[0] >= self.min_share

    def __str__(self) -> str:
        return f"share >= {self.min_share}{', sectioned pages too' if self.sectioned_too else ''}"


SHIPPED = Rule(False, H.READ_ALONE_MIN_SHARE)
RULES = [Rule(s, t) for s in (False, True) for t in SHARES]
_seen: list[tuple[float, bool]] = []


def _recording_share(tree, anchor_chars: int, page_chars: int) -> float:
    """Records what the rule reads and forces the walk."""
    _seen.append((anchor_chars / page_chars if page_chars else 1.0, tree.css_first(H.SECTIONING) is not None))
    return 1.0


def _read(page: corpus.Page) -> tuple[str, float]:
    start = time.process_time()
    try:
        articles = H.extract_html(page.html, page.url)
    except ExtractionError:
        articles = []
    return (articles[0].text if articles else ""), (time.process_time() - start) * 1000


def _work(key: tuple[str, str]) -> tuple[tuple[str, str], str, float, str, float, tuple[float, bool] | None]:
    page = PAGES[key]
    shipped = H.old_layout_share, H.READ_ALONE_MIN_SHARE
    H.READ_ALONE_MIN_SHARE = float("inf")
    never, never_ms = _read(page)
    H.old_layout_share, H.READ_ALONE_MIN_SHARE = _recording_share, 0.0
    _seen.clear()
    alone, alone_ms = _read(page)
    H.old_layout_share, H.READ_ALONE_MIN_SHARE = shipped
    return key, never, never_ms, alone, alone_ms, (_seen[0] if _seen else None)


PAGES: dict[tuple[str, str], corpus.Page] = {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", nargs="+", help="report these sources (rules are chosen on all the others)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    names = corpus.sources()
    PAGES.update({(s, p.id): p for s in names for p in corpus.pages(s)})
    with mp.get_context("fork").Pool(args.jobs) as pool:
        rows = pool.map(_work, sorted(PAGES), chunksize=8)
    scored: dict[str, list[tuple[BodyScore, BodyScore, tuple[float, bool] | None, float, float]]] = {s: [] for s in names}
    for key, never, never_ms, alone, alone_ms, seen in rows:
        page = PAGES[key]
        scored[key[0]].append((score_body(page, never), score_body(page, alone), seen, never_ms, alone_ms))

    def figure(source: str, rule: Rule | None) -> float:
        picks = [b if rule is not None and rule.applies(seen) else a for a, b, seen, _, _ in scored[source]]
        return aggregate(source, picks).f1

    base = {s: figure(s, None) for s in names}
    gain = {(s, r): figure(s, r) - base[s] for s in names for r in RULES}
    print("| source | rule chosen on the other sources | F1, none read alone | F1, chosen rule | "
          f"F1, shipped rule ({SHIPPED}) | pages the shipped rule takes | ms/page: trafilatura / shipped |")
    print("|---|---|---|---|---|---|---|")
    held = []
    for s in args.sources or names:
        best = max(RULES, key=lambda r: statistics.fmean(gain[(o, r)] for o in names if o != s))
        held.append(base[s] + gain[(s, best)])
        rows_s = scored[s]
        alone = sum(1 for *_, seen, _, _ in rows_s if SHIPPED.applies(seen))
        shipped_ms = statistics.fmean(b_ms if SHIPPED.applies(seen) else a_ms for _, _, seen, a_ms, b_ms in rows_s)
        print(f"| {s} | {best} | {base[s]:.4f} | {base[s] + gain[(s, best)]:.4f} | {base[s] + gain[(s, SHIPPED)]:.4f} | "
              f"{alone} of {len(rows_s)} | {statistics.fmean(r[3] for r in rows_s):.1f} / {shipped_ms:.1f} |")
    wanted = args.sources or names
    print(f"\nmean over sources: none read alone {statistics.fmean(base[s] for s in wanted):.4f}, "
          f"leave-one-source-out {statistics.fmean(held):.4f}, "
          f"shipped rule {statistics.fmean(base[s] + gain[(s, SHIPPED)] for s in wanted):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
