"""`python -m extractors PATH... [-o FILE]`: pages on disk to article JSONL.

One bad file costs one line on stderr and a non-zero exit, never the other files' articles.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from extractors import extract
from extractors.archives import is_archive
from extractors.errors import ExtractionError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
# Larger inputs are not pages; refusing them keeps memory bounded.
MAX_BYTES = 64 * 1024 * 1024
# A page has no NUL bytes; a few in the first block mean an image, a PDF or an archive.
SNIFF_BYTES = 8192


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if is_archive(name):
        return "archive"
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


def extract_file(label: str, path: Path | None, kind: str | None,
                 data: bytes | None = None) -> tuple[list[dict], str | None]:
    """One input file's articles (`data` when already read: stdin), or the line saying why not."""
    try:
        if path is not None and kind is None:
            raise ExtractionError("unknown file type (expected .txt, .html, .htm, .html.gz, .warc, .warc.gz "
                                  "or .warc.wet.gz)")
        data = read_input(path) if data is None else data
        kind = kind or sniff_kind(data)
        content: str | bytes = decode_text(data) if kind == "text" else data
        articles = extract(content, page_url_of(path), kind=kind)
    except ExtractionError as exc:
        return [], f"cleanwire: {label}: skipped: {exc}"
    except OSError as exc:
        return [], f"cleanwire: {label}: cannot read: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
        return [], f"cleanwire: {label}: failed: {type(exc).__name__}: {exc}"
    return [article.to_dict() for article in articles], None


def run(paths: list[str], out, options=None):
    """Extract every input to `out` (extractors/batch.py: processes, validation, dedup)."""
    from extractors import batch

    inputs = list(iter_inputs(paths))
    total = sum(path.stat().st_size for _, path, _ in inputs if path is not None and path.is_file())
    return batch.run(inputs, out, options or batch.Options(), total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors",
                                     description="Extract clean articles from page files to JSONL.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, directory (recursive) or - for stdin")
    parser.add_argument("-o", "--output", help="JSONL file to write (default: stdout)")
    options = add_batch_arguments(parser)
    args = parser.parse_args(argv)

    if args.output is None:
        outcome = run(args.paths, sys.stdout, options(args))
        dest = "stdout"
    else:
        # Written beside the target and renamed into place: an interrupted run leaves no half file.
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                outcome = run(args.paths, fh, options(args))
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        dest = str(target)
    from extractors.batch import summary

    print(summary(outcome, dest), file=sys.stderr)
    if outcome.files_ok == 0 and outcome.files_failed == 0:
        print("cleanwire: no input files found", file=sys.stderr)
        return 1
    return 1 if outcome.files_failed else 0


def add_batch_arguments(parser: argparse.ArgumentParser):
    """-j, the archive filters and the dedup switches; returns args -> batch.Options."""
    from extractors import batch

    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: all cores)")
    parser.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                        help="archives: keep only pages of this domain and its subdomains (repeatable, or comma-separated)")
    parser.add_argument("--profile", metavar="NAME|FILE",
                        help="archives: keep only the article pages of a crawler site profile's domains; "
                             "its name becomes the articles' site")
    parser.add_argument("--near", type=float, default=1.0, metavar="J",
                        help="also drop near-duplicates above this Jaccard similarity (the crawl uses 0.9; default: exact only)")
    parser.add_argument("--keep-duplicates", action="store_true", help="write every copy of an article")

    def options(args: argparse.Namespace) -> batch.Options:
        try:
            profile = batch.SiteFilter.load(args.profile) if args.profile else None
        except ValueError as exc:
            parser.error(str(exc))
        domains = tuple(d.strip() for value in args.domain for d in value.split(",") if d.strip())
        return batch.Options(jobs=max(0, args.jobs), domains=domains, profile=profile,
                             near_threshold=args.near, keep_duplicates=args.keep_duplicates)
    return options
