"""What learning a site's chrome does to its pages' fields: the corpus's sites of several pages, read as
a user reads an archive of text dumps, with the CLI's defaults and with `--no-learn-chrome`.

    .venv/bin/python bench/site_learning.py [--min-pages 3] [--show]

Each source's pages whose site (the URL's host) has at least `--min-pages` pages in the corpus are
written as text dumps, one folder per site (the CLI's site for a file without a URL), and the CLI
reads the whole tree twice in whole processes (`--keep-duplicates`, so that every page keeps its
record): learning (the default) and not. Per source: titles, authors and dates right against the
gold where the source has it, categories given (no source has category gold), and the mean body
F1 under the source's metric. Learned chrome should take furniture out of the text and leave the
header as the page prints it: a site's tenth page reads at least as well as its first (issue 18).
`--show` lists every field that learning changed. Data: bench/corpus.py's cache.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import corpus
import scoring

MODES = {"alone": ["--no-learn-chrome"], "learned": []}
FIELDS = ("title", "authors", "published", "category")


def site_pages(min_pages: int) -> dict[str, list[corpus.Page]]:
    """Per source, its pages whose host has at least `min_pages` pages in it."""
    chosen = {}
    for source in corpus.sources():
        by_site = defaultdict(list)
        for page in corpus.pages(source):
            if page.url and (host := urlsplit(page.url).hostname):
                by_site[host].append(page)
        chosen[source] = [p for pages in by_site.values() if len(pages) >= min_pages for p in pages]
    return chosen


def read_tree(root: Path, flags: list[str]) -> dict[str, dict]:
    """The first record of each page (by its file URL), from one CLI run over the tree."""
    proc = subprocess.run([sys.executable, "-m", "extractors", "--keep-duplicates", *flags, str(root)],
                          capture_output=True, text=True, check=True)
    first: dict[str, dict] = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        first.setdefault(record["page_url"], record)
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-pages", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="list the fields learning changed")
    args = parser.parse_args(argv)
    chosen = site_pages(args.min_pages)
    with tempfile.TemporaryDirectory(prefix="site-learning-") as tmp:
        root = Path(tmp)
        files = {}
        for source, pages in chosen.items():
            for page in pages:
                path = root / source / urlsplit(page.url).hostname / f"{page.id.replace('/', '_')}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page.text, encoding="utf-8")
                files[page.source, page.id] = path.as_uri()
        reads = {mode: read_tree(root, flags) for mode, flags in MODES.items()}
    print(f"{'source':16} {'pages':>5} {'titles':>11} {'authors':>9} {'dates':>9} {'categories':>11} {'body F1':>15}"
          "   (without learning -> with)")
    for source, pages in chosen.items():
        if not pages:
            continue
        tally: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for page in pages:
            for k, mode in enumerate(MODES):
                record = reads[mode].get(files[page.source, page.id]) or {"text": "", "authors": []}
                tally["titles"][k] += bool(scoring.score_title(page, record.get("title")))
                tally["authors"][k] += bool(scoring.score_authors(page, [a["name"] for a in record["authors"]]))
                tally["dates"][k] += bool(scoring.score_date(page, record.get("published")))
                tally["categories"][k] += record.get("category") is not None
                tally["f1"][k] += scoring.score_body(page, record["text"]).f1
            if args.show:
                alone, learned = (reads[m].get(files[page.source, page.id]) or {} for m in MODES)
                for f in FIELDS:
                    if alone.get(f) != learned.get(f):
                        print(f"  {source}/{page.id} {f}: {alone.get(f)!r:.70} -> {learned.get(f)!r:.70}")
        n = len(pages)
        cells = [f"{int(tally[k][0])} -> {int(tally[k][1])}" for k in ("titles", "authors", "dates", "categories")]
        print(f"{source:16} {n:5} {cells[0]:>11} {cells[1]:>9} {cells[2]:>9} {cells[3]:>11} "
              f"{tally['f1'][0] / n:.4f} -> {tally['f1'][1] / n:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
