"""Choose, leave-one-source-out, which pages the HTML path reads with its own walk alone (no trafilatura):
the bounds of extractors.html.reads_alone (READ_ALONE_MIN_SHARE, READ_ALONE_MIN_PROSE), re-derived from
the corpus.

    .venv/bin/python bench/read_alone.py [--sources NAME...] [-j 2]

Every corpus page is read twice by `extract_html`: as if no page were read alone, and with the walk
forced on every page that could be (an anchor, no article region, no thread), recording the walk's
facts (`html.WalkFacts`: HTML5 sectioning elements or not, the main run's share of the page's
paragraph text, the walk's characters and prose share). A rule (sectioned pages allowed or not, a
minimum share, a minimum prose share; READ_ALONE_MIN_CHARS as shipped) takes the second reading where
it applies and
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
PROSE = (0.0, 0.2, 0.4, 0.6, 0.8)


@dataclass(frozen=True)
class Rule:
    sectioned_too: bool  # pages with HTML5 sectioning elements may be read alone
    min_share: float
    min_prose: float

    def applies(self, facts: H.WalkFacts | None) -> bool:
        return (facts is not None and (self.sectioned_too or not facts.sectioned) and facts.share >= self.min_share
                and facts.prose >= self.min_prose and facts.chars >= H.READ_ALONE_MIN_CHARS)

    def __str__(self) -> str:
        return (f"share >= {self.min_share}, prose >= {self.min_prose}"
                f"{', sectioned pages too' if self.sectioned_too else ''}")


SHIPPED = Rule(False, H.READ_ALONE_MIN_SHARE, H.READ_ALONE_MIN_PROSE)
RULES = [Rule(s, t, p) for s in (False, True) for t in SHARES for p in PROSE]
_seen: list[H.WalkFacts] = []


def _recording(facts: H.WalkFacts) -> bool:
    """Records the walk's facts and takes the walk."""
    _seen.append(facts)
    return True


def _read(page: corpus.Page) -> tuple[str, float]:
    start = time.process_time()
    try:
        articles = H.extract_html(page.html, page.url)
    except ExtractionError:
        articles = []
    return (articles[0].text if articles else ""), (time.process_time() - start) * 1000


def _work(key: tuple[str, str]) -> tuple[tuple[str, str], str, float, str, float, H.WalkFacts | None]:
    page = PAGES[key]
    shipped = H.reads_alone
    H.reads_alone = lambda facts: False
    never, never_ms = _read(page)
    H.reads_alone = _recording
    _seen.clear()
    alone, alone_ms = _read(page)
    H.reads_alone = shipped
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
    scored: dict[str, list[tuple[BodyScore, BodyScore, H.WalkFacts | None, float, float]]] = {s: [] for s in names}
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
    overall = max(RULES, key=lambda r: statistics.fmean(gain[(o, r)] for o in names))
    print(f"\nchosen on every source: {overall} (shipped: {SHIPPED})")
    print(f"\nmean over sources: none read alone {statistics.fmean(base[s] for s in wanted):.4f}, "
          f"leave-one-source-out {statistics.fmean(held):.4f}, "
          f"shipped rule {statistics.fmean(base[s] + gain[(s, SHIPPED)] for s in wanted):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
