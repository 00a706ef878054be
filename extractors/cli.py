"""`python -m extractors PATH... [-o FILE] [--url URL] [--chrome-store FILE]`: pages on disk to
article JSONL.

One bad file costs one line on stderr and a non-zero exit, never the other files' articles. Several
pages of one site are read twice: first to learn the site's chrome (extractors/chrome.py), then to
extract with it, so the output does not depend on the order of the files.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extractors import extract
from extractors.chrome import CHROME_MIN_PAGES, CHROME_MIN_SHARE, ChromeMemory, owners_of, site_key
from extractors.errors import ExtractionError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
# Larger inputs are not pages; refusing them keeps memory bounded.
MAX_BYTES = 64 * 1024 * 1024
# A page has no NUL bytes; a few in the first block mean an image, a PDF or an archive.
SNIFF_BYTES = 8192


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


def iter_inputs(paths: list[str]) -> Iterator[tuple[str, Path | None, str | None]]:
    """(label, path, kind) for each input; directories are walked in sorted order."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", None, None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if kind_of(child):
                    yield str(child), child, kind_of(child)
        else:
            yield raw, path, kind_of(path)


def read_input(path: Path | None) -> bytes:
    if path is None:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        if path.stat().st_size > MAX_BYTES and not path.name.endswith(".gz"):
            raise ExtractionError(f"larger than {MAX_BYTES // 2**20} MB; not a page")
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            try:
                with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                    data = gz.read(MAX_BYTES + 1)
            except (OSError, EOFError) as exc:
                raise ExtractionError(f"not a readable gzip file ({exc})") from None
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"larger than {MAX_BYTES // 2**20} MB; not a page")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise ExtractionError("binary content (NUL bytes); not a page")
    return data


def sniff_kind(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    return "html" if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<")) else "text"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); legacy Windows-1252 dumps as a fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def page_url_of(path: Path | None) -> str | None:
    return path.resolve().as_uri() if path is not None else None


def load(path: Path | None, kind: str | None, stdin: dict[str, bytes]) -> tuple[str, str | bytes]:
    """(kind, content) of one input; stdin is read once and kept for the second pass."""
    if path is not None and kind is None:
        raise ExtractionError("unknown file type (expected .txt, .html, .htm or .html.gz)")
    data = read_input(path) if path is not None else stdin.setdefault("data", read_input(None))
    kind = kind or sniff_kind(data)
    return kind, decode_text(data) if kind == "text" else data


def chrome_site(path: Path | None, url: str | None) -> str:
    """The site whose chrome a page shares: the URL's host; for files without one, their folder."""
    return site_key(None, url if url and not url.startswith("file:") else None) or \
        (f"dir:{path.resolve().parent}" if path is not None else "stdin")


def learn_chrome(paths: list[str], memory: ChromeMemory, url: str | None, stdin: dict[str, bytes]) -> None:
    """First pass: every readable page is extracted as it is and counted into `memory`. Unreadable
    inputs are left to the second pass, which reports them."""
    for _label, path, kind in iter_inputs(paths):
        try:
            kind, content = load(path, kind, stdin)
            page_url = url or page_url_of(path)
            articles = extract(content, page_url, kind=kind)
        except Exception:  # noqa: BLE001 - reported once, by the extraction pass
            continue
        lines = content.split("\n") if isinstance(content, str) else ()
        key = page_url or "stdin"
        memory.observe(chrome_site(path, page_url), key, owners_of(articles, key, (x.strip() for x in lines)))


def run(paths: list[str], out, *, url: str | None = None, chrome: ChromeMemory | None = None,
        stdin: dict[str, bytes] | None = None) -> tuple[int, int, int]:
    """Extract every input to `out`; returns (files ok, files failed, articles written)."""
    ok = failed = written = 0
    stdin = {} if stdin is None else stdin
    for label, path, kind in iter_inputs(paths):
        try:
            kind, content = load(path, kind, stdin)
            page_url = url or page_url_of(path)
            learned = chrome.learned(chrome_site(path, page_url)) if chrome is not None else None
            articles = extract(content, page_url, kind=kind, chrome=learned)
        except ExtractionError as exc:
            print(f"cleanwire: {label}: skipped: {exc}", file=sys.stderr)
            failed += 1
            continue
        except OSError as exc:
            print(f"cleanwire: {label}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
            print(f"cleanwire: {label}: failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        written += len(articles)
        ok += 1
    return ok, failed, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors",
                                     description="Extract clean articles from page files to JSONL.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, directory (recursive) or - for stdin")
    parser.add_argument("-o", "--output", help="JSONL file to write (default: stdout)")
    parser.add_argument("--url", help="the page's URL, for one input (a file or -): the site, the title's slug")
    parser.add_argument("--chrome-store", metavar="FILE",
                        help="SQLite file keeping the chrome learned per site across runs (default: this run only)")
    parser.add_argument("--no-learn-chrome", action="store_true", help="do not learn chrome across the inputs")
    parser.add_argument("--chrome-min-pages", type=int, default=CHROME_MIN_PAGES, metavar="N",
                        help=f"a paragraph is chrome from N distinct pages of a site on (default {CHROME_MIN_PAGES})")
    parser.add_argument("--chrome-min-share", type=float, default=CHROME_MIN_SHARE, metavar="S",
                        help=f"...that are at least this share of its pages (default {CHROME_MIN_SHARE})")
    args = parser.parse_args(argv)
    if args.url and (len(args.paths) > 1 or Path(args.paths[0]).is_dir()):
        parser.error("--url names the page of one input (a file or -), not of several")

    chrome = None
    stdin: dict[str, bytes] = {}
    # One page alone teaches nothing about its site; a store keeps what it teaches for later runs.
    several = args.chrome_store or sum(1 for _ in zip(iter_inputs(args.paths), range(2), strict=False)) > 1
    if not args.no_learn_chrome and several:
        chrome = ChromeMemory(args.chrome_store, args.chrome_min_pages, args.chrome_min_share)
        learn_chrome(args.paths, chrome, args.url, stdin)
    try:
        return _write(args, chrome, stdin)
    finally:
        if chrome is not None:
            chrome.close()


def _write(args: argparse.Namespace, chrome: ChromeMemory | None, stdin: dict[str, bytes]) -> int:
    def run_into(out) -> tuple[int, int, int]:
        return run(args.paths, out, url=args.url, chrome=chrome, stdin=stdin)

    if args.output is None:
        ok, failed, written = run_into(sys.stdout)
        dest = "stdout"
    else:
        # Written beside the target and renamed into place: an interrupted run leaves no half file.
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                ok, failed, written = run_into(fh)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        dest = str(target)
    print(f"cleanwire: {written} articles from {ok} file(s) -> {dest}"
          + (f"; {failed} file(s) failed" if failed else ""), file=sys.stderr)
    if chrome is not None and (learned := chrome.learned_count()):
        dropped = sum(chrome.learned(site).dropped for site, _ in chrome.sites())
        print(f"cleanwire: learned chrome: {learned} paragraph(s) over {len(chrome.sites())} site(s); "
              f"{dropped} dropped from articles", file=sys.stderr)
    if ok == 0 and failed == 0:
        print("cleanwire: no input files found", file=sys.stderr)
        return 1
    return 1 if failed else 0
