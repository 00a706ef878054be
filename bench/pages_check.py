"""Header fields (title, category, authors) of the text-dump extractor on real page texts.

    .venv/bin/python bench/pages_check.py CACHE.jsonl [CACHE2.jsonl ...] [--show]

Each line of a cache file is one page, kept outside the repository (page texts from the web are
for measuring, never committed): `{"url", "text", "expect": {"title", "category", "authors"}}`.
`expect` is the reader's judgement of what the page shows: the headline when the text holds one
(else null: the extractor must not invent one), the category label when one is shown, the names of
the authors when a byline is shown. A page the extractor returns no article for counts as null
title, category and authors.

Titles are compared after NFKC, case folding and collapsing non-word characters (as
bench/aeb_text.py does); categories case-insensitively; authors as sets of names.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from aeb_text import norm_title  # noqa: E402

from extractors.textdump import extract_text  # noqa: E402

FIELDS = ("title", "category", "authors")


def got_fields(text: str, url: str | None) -> dict[str, object]:
    articles = extract_text(text, url)
    if not articles:
        return {"title": None, "category": None, "authors": []}
    first = articles[0]
    return {"title": first.title, "category": first.category, "authors": [a.name for a in first.authors]}


def same(field: str, got: object, want: object) -> bool:
    if field == "title":
        return norm_title(got) == norm_title(want)  # type: ignore[arg-type]
    if field == "category":
        return (got or "").casefold() == (want or "").casefold()
    return {n.casefold() for n in got} == {n.casefold() for n in want}  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("caches", nargs="+", type=Path, help="JSONL files of pages (kept out of the repository)")
    parser.add_argument("--show", action="store_true", help="print every page whose fields differ")
    args = parser.parse_args(argv)

    pages = [json.loads(line) for path in args.caches for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    right = dict.fromkeys(FIELDS, 0)
    shown = dict.fromkeys(FIELDS, 0)  # pages whose text shows the field at all
    sites = set()
    for page in pages:
        sites.add(page.get("site") or page["url"].split("/")[2])
        got = got_fields(page["text"], page["url"])
        want = page["expect"]
        wrong = []
        for field in FIELDS:
            want_value = want.get(field) or ([] if field == "authors" else None)
            shown[field] += bool(want_value)
            if same(field, got[field], want_value):
                right[field] += 1
            else:
                wrong.append(f"{field}: got {got[field]!r}, want {want_value!r}")
        if wrong and args.show:
            print(page["url"])
            for w in wrong:
                print("   ", w)
    n = len(pages)
    print(f"{n} pages from {len(sites)} sites")
    for field in FIELDS:
        print(f"{field:9} right on {right[field]}/{n} pages ({shown[field]} pages show one)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
