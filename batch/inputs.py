"""The batch's inputs: paths to (label, path, kind), and one file's bytes, kind and articles.

One bad file costs one line, never the other files: whatever is wrong with a path (missing,
unreadable, a FIFO, binary, too large) becomes an `ExtractionError` or `OSError` here and a line in
`extract_file`.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from batch.archives import is_archive
from extractors import extract
from extractors.chrome import LearnedChrome
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


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if is_archive(name):
        return "archive"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


# Characters that would break a message line in two (or hide in it): a file name may hold any.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def printable(name: str) -> str:
    """A file name as one line of a message: line breaks and controls escaped ("a\\nb.html")."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], name)


def iter_inputs(paths: list[str], problems: list[str] | None = None) -> Iterator[tuple[str, Path | None, str | None]]:
    """(label, path, kind) for each input; directories are walked in sorted order, without
    following symlinked directories (no loops). A directory that cannot be listed adds its line to
    `problems`. Whatever else is wrong with a path (missing, unreadable, a FIFO) is found when it
    is read, by `read_input`."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", None, None
            continue
        path = Path(raw)
        if not is_dir(path):
            yield printable(raw), path, kind_of(path)
            continue
        for top, dirs, files in os.walk(path, onerror=lambda exc: problems is not None and problems.append(
                f"cleanwire: {printable(str(exc.filename))}: skipped: cannot read directory: {exc.strerror or exc}")):
            dirs.sort()
            for name in sorted(files):
                child = Path(top, name)
                if kind := kind_of(child):
                    yield printable(str(child)), child, kind


def is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False  # reading it says why (missing, permission, loop)


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
        raise ExtractionError(f"{file_type(mode)}, not a regular file")


def file_type(mode: int) -> str:
    return next((name for test, name in FILE_TYPES if test(mode)), "a special file")


def sniff_kind(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    return "html" if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml", b"<")) else "text"


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); legacy Windows-1252 dumps as a fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def real_path(path: Path) -> Path:
    """Where a file really is; where it seems to be when that cannot be resolved (a symlink loop:
    Python 3.11 raises RuntimeError or ELOOP; reading it says why, in one line)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def page_url_of(path: Path | None) -> str | None:
    return real_path(path).as_uri() if path is not None else None


def load_file(path: Path | None, kind: str | None, data: bytes | None = None) -> tuple[str, str | bytes]:
    """(kind, content) of one input file (`data` when already read: stdin)."""
    if path is not None and kind is None:
        raise ExtractionError("unknown file type (expected .txt, .html, .htm, .html.gz, .warc, .warc.gz "
                              "or .warc.wet.gz)")
    data = read_input(path) if data is None else data
    kind = kind or sniff_kind(data)
    return kind, decode_text(data) if kind == "text" else data


def extract_file(label: str, path: Path | None, kind: str | None, data: bytes | None = None,
                 url: str | None = None, chrome: LearnedChrome | None = None) -> tuple[list[dict], str | None]:
    """One input file's articles, or the line saying why not."""
    try:
        kind, content = load_file(path, kind, data)
        articles = extract(content, url or page_url_of(path), kind=kind, chrome=chrome)
    except ExtractionError as exc:
        return [], f"cleanwire: {label}: skipped: {exc}"
    except OSError as exc:
        return [], f"cleanwire: {label}: cannot read: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one bad page must not end the run
        return [], f"cleanwire: {label}: failed: {type(exc).__name__}: {exc}"
    return [article.to_dict() for article in articles], None
