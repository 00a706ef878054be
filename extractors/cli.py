"""`python -m extractors PATH... [-o FILE]`: pages on disk to article JSONL.

One bad file costs one line on stderr and a non-zero exit, never the other files' articles.
"""

from __future__ import annotations

import argparse
import errno
import gzip
import io
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from extractors import extract
from extractors.errors import ExtractionError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
# Larger inputs are not pages; refusing them keeps memory bounded.
MAX_BYTES = 64 * 1024 * 1024
# A page has no NUL bytes; a few in the first block mean an image, a PDF or an archive.
SNIFF_BYTES = 8192
# What a path is when it is not a regular file, for the one line that skips it.
FILE_TYPES = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
              (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
EXIT_FAILED, EXIT_USAGE = 1, 2


class OutputError(Exception):
    """The -o target cannot be written: the run stops before (or instead of) publishing."""


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


def iter_inputs(paths: list[str]) -> Iterator[tuple[str, Path | None, str | None, str | None]]:
    """(label, path, kind, problem) for each input; directories are walked in sorted order, without
    following symlinked directories (no loops). `problem` is set for what cannot be read at all."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", None, None, None
            continue
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError:
            is_dir = False  # reading it says why (missing, permission, loop)
        if not is_dir:
            yield raw, path, kind_of(path), None
            continue
        problems: list[OSError] = []
        for top, dirs, files in os.walk(path, onerror=problems.append):
            dirs.sort()
            for err in problems:
                yield err.filename or top, None, None, f"cannot read directory: {err.strerror or err}"
            problems.clear()
            for name in sorted(files):
                child = Path(top, name)
                if kind := kind_of(child):
                    yield str(child), child, kind, None
        for err in problems:
            yield err.filename or raw, None, None, f"cannot read directory: {err.strerror or err}"


def read_input(path: Path | None) -> bytes:
    if path is None:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        data = _read_regular(path)
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


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO, socket or device named like a page is refused, not
    read forever; it is checked again on the descriptor (opened without blocking) in case the path
    changed in between."""
    _check_regular(os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        _check_regular(info.st_mode)
        if info.st_size > MAX_BYTES and not path.name.endswith(".gz"):
            raise ExtractionError(f"larger than {MAX_BYTES // 2**20} MB; not a page")
        return fh.read(MAX_BYTES + 1)


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = next((name for test, name in FILE_TYPES if test(mode)), "a special file")
        raise ExtractionError(f"{what}, not a regular file")


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


def run(paths: list[str], out: BinaryIO) -> tuple[int, int, int]:
    """Extract every input to `out` (UTF-8 JSONL whatever the locale); returns (files ok, files
    failed, articles written). Raises OutputError when `out` cannot be written."""
    ok = failed = written = 0
    for label, path, kind, problem in iter_inputs(paths):
        try:
            if problem:
                raise ExtractionError(problem)
            if path is not None and kind is None:
                raise ExtractionError("unknown file type (expected .txt, .html, .htm or .html.gz)")
            data = read_input(path)
            kind = kind or sniff_kind(data)
            content: str | bytes = decode_text(data) if kind == "text" else data
            articles = extract(content, page_url_of(path), kind=kind)
        except ExtractionError as exc:
            _say(f"{label}: skipped: {exc}")
            failed += 1
            continue
        except OSError as exc:
            _say(f"{label}: cannot read: {exc.strerror or exc}")
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
            _say(f"{label}: failed: {type(exc).__name__}: {exc}")
            failed += 1
            continue
        lines = b"".join(json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n" for a in articles)
        try:
            out.write(lines)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc)) from None
        written += len(articles)
        ok += 1
    return ok, failed, written


def _say(message: str) -> None:
    """One line on stderr; a name or text the terminal's encoding lacks is escaped, never fatal."""
    sys.stderr.write(f"cleanwire: {message}\n".encode(sys.stderr.encoding or "utf-8", "backslashreplace")
                     .decode(sys.stderr.encoding or "utf-8"))
    sys.stderr.flush()


def open_output(target: Path) -> tuple[BinaryIO, str]:
    """The temporary file beside `target` that is renamed onto it at the end; every reason it
    cannot be written is found here, before any input is read."""
    try:
        info = target.stat()
    except FileNotFoundError:
        pass
    except NotADirectoryError:
        raise OutputError(f"a parent of {target} is not a directory") from None
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None
    else:
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in FILE_TYPES if test(info.st_mode)), "a special file")
            raise OutputError(f"is {what}, not a regular file (leave out -o to write to stdout)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except FileExistsError:
        raise OutputError(f"{target.parent} is not a directory") from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise OutputError(f"a parent of {target} is not a directory") from None
        raise OutputError(f"cannot create a file in {target.parent}: {exc.strerror or exc}") from None
    return os.fdopen(fd, "wb"), tmp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors",
                                     description="Extract clean articles from page files to JSONL.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, directory (recursive) or - for stdin")
    parser.add_argument("-o", "--output", help="JSONL file to write (default: stdout)")
    args = parser.parse_args(argv)

    if args.output is None:
        if sys.stdout is None:
            _say("stdout is closed; give -o FILE")
            return EXIT_USAGE
        try:
            ok, failed, written = run(args.paths, sys.stdout.buffer)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_FAILED
        except OutputError as exc:
            _say(f"stdout: cannot write: {exc}")
            return EXIT_USAGE
        dest = "stdout"
    else:
        # Written beside the target and renamed into place: an interrupted run leaves no half file.
        target = Path(args.output)
        try:
            fh, tmp = open_output(target)
        except OutputError as exc:
            _say(f"-o {args.output}: {exc}")
            return EXIT_USAGE
        try:
            with fh:
                ok, failed, written = run(args.paths, fh)
            os.replace(tmp, target)
        except (OutputError, OSError) as exc:
            _say(f"-o {args.output}: cannot write: {getattr(exc, 'strerror', None) or exc}")
            return EXIT_USAGE
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        dest = str(target)
    _say(f"{written} articles from {ok} file(s) -> {dest}" + (f"; {failed} file(s) failed" if failed else ""))
    if ok == 0 and failed == 0:
        _say("no input files found")
        return EXIT_FAILED
    return EXIT_FAILED if failed else 0
