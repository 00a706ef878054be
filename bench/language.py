"""Language identification on real pages: accuracy and cost per article, in one process.

    .venv/bin/python bench/language.py [--aeb PATH] [--rounds N]

The 181 AEB pages (HTML in `../shared/benchmarks/aeb`, whole-page text dumps in `.../aeb-text`), with
hand-reviewed labels: `bench/aeb_languages.json` lists the pages not in English (read from each
page's text and URL); every other page is English. Accuracy is counted on the ground-truth bodies,
on the first article of the HTML path and of the text path, and for the page's declared
`<html lang>` (the old fallback). Cost: `identify` on each HTML article's text against
`extract_html` on its page, alternated page by page; the ratio is what language costs the crawl.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors import extract_html, extract_text  # noqa: E402
from extractors.dom import parse  # noqa: E402
from extractors.language import identify  # noqa: E402
from extractors.meta import page_meta  # noqa: E402

DEFAULT_AEB = ROOT.parent / "shared" / "benchmarks" / "aeb"
LABELS = ROOT / "bench" / "aeb_languages.json"


def labels(ids: list[str]) -> dict[str, str]:
    other = json.loads(LABELS.read_text(encoding="utf-8"))
    return {i: other.get(i, "en") for i in ids}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aeb", type=Path, default=DEFAULT_AEB)
    ap.add_argument("--rounds", type=int, default=3, help="timing rounds over all pages")
    args = ap.parse_args(argv)
    text_dir = args.aeb.parent / "aeb-text"
    truth = json.loads((text_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    want = labels(ids)
    identify("warm up the model")  # loading it (about 1 s, once per process) is not per-article cost

    right = {"ground-truth body": 0, "HTML path": 0, "text path": 0, "declared <html lang>": 0}
    pages: list[tuple[bytes, str, str]] = []
    for i in ids:
        html = gzip.decompress((args.aeb / "html" / f"{i}.html.gz").read_bytes())
        url = truth[i]["url"]
        h = extract_html(html, url)
        t = extract_text((text_dir / "text" / f"{i}.txt").read_text(encoding="utf-8"), url)
        right["ground-truth body"] += identify(truth[i]["articleBody"])[0] == want[i]
        right["HTML path"] += bool(h) and h[0].language == want[i]
        right["text path"] += bool(t) and t[0].language == want[i]
        right["declared <html lang>"] += page_meta(parse(html.decode("utf-8", "replace")), url).language == want[i]
        if h:
            pages.append((html, url, h[0].text))

    lang_ms: list[float] = []
    extract_ms: list[float] = []
    for r in range(args.rounds):
        for n, (html, url, text) in enumerate(pages):
            order = (0, 1) if (n + r) % 2 == 0 else (1, 0)
            for which in order:
                start = time.perf_counter()
                if which == 0:
                    identify(text)
                else:
                    extract_html(html, url)
                (lang_ms if which == 0 else extract_ms).append((time.perf_counter() - start) * 1000)

    other = sum(1 for v in want.values() if v != "en")
    print(f"# {len(ids)} AEB pages ({other} not in English: {', '.join(sorted(set(want.values()) - {'en'}))}); "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("| source of the language | right | accuracy |")
    print("|---|---|---|")
    for name, n in right.items():
        print(f"| {name} | {n}/{len(ids)} | {n / len(ids):.1%} |")
    lang, ext = statistics.mean(lang_ms), statistics.mean(extract_ms)
    print(f"\nidentify per article: mean {lang:.2f} ms, median {statistics.median(lang_ms):.2f} ms, "
          f"p95 {sorted(lang_ms)[int(len(lang_ms) * 0.95)]:.2f} ms; extract_html per page: mean {ext:.1f} ms; "
          f"language adds {lang / ext:.1%} to extraction ({len(pages)} pages x {args.rounds} rounds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
