"""`python -m extractors PATH... [-o FILE]` (also `python -m batch`, `cleanwire-extract`): pages
on disk to article JSONL.

One bad file costs one line on stderr and a non-zero exit, never the other files' articles.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from batch import runner
from batch.archives import is_archive
from batch.chrome import ChromeMemory, StoreError
from batch.inputs import file_type, is_dir, iter_inputs, printable
from batch.spill import ShelfError
from extractors.chrome import CHROME_MIN_PAGES, CHROME_MIN_SHARE
from extractors.urls import parse_url

EXIT_FAILED, EXIT_USAGE = 1, 2


class OutputError(Exception):
    """The -o target cannot be written: the run stops before (or instead of) publishing."""


def run(paths: list[str], out: IO[str], options=None):
    """Extract every input to `out` (batch/runner.py: processes, learned chrome, validation, dedup)."""
    problems: list[str] = []
    inputs = list(iter_inputs(paths, problems))
    for line in problems:
        _say(line)
    total = sum(_size(path) for _, path, _ in inputs if path is not None)
    outcome = runner.run(inputs, out, options or runner.Options(), total)
    outcome.files_failed += len(problems)
    return outcome


def _size(path: Path) -> int:
    try:
        info = path.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors",
                                     description="Extract clean articles from page files to JSONL.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="file, directory (recursive) or - for stdin")
    parser.add_argument("-o", "--output", help="JSONL file to write (default: stdout)")
    options = add_batch_arguments(parser)
    args = parser.parse_args(argv)
    # Lines on stderr never fail on the terminal's encoding (a file name that is not UTF-8, an
    # ASCII locale): what it lacks is escaped.
    sys.stderr.reconfigure(errors="backslashreplace")
    if args.url is not None and (len(args.paths) > 1 or is_dir(Path(args.paths[0]))):
        parser.error("--url names the page of one input (a file or -), not of several")
    if args.url is not None and (parse_url(args.url) is None or not parse_url(args.url).scheme):
        _say(f"cleanwire: --url {printable(args.url)}: not a URL any parser takes (give the page's address: https://...)")
        return EXIT_USAGE
    if args.output == "":
        _say("cleanwire: -o: an empty file name (leave out -o to write to stdout)")
        return EXIT_USAGE
    # Every reason the output cannot be written is found before any input is read.
    try:
        out, tmp = open_output(args.output)
    except OutputError as exc:
        _say(f"cleanwire: {'-o ' + printable(args.output) if args.output else 'stdout'}: {exc}")
        return EXIT_USAGE
    opts = options(args)
    restore = _exit_cleanly_on_sigterm()
    try:
        return _write(args, opts, out, tmp)
    finally:
        restore()
        if opts.chrome is not None:
            opts.chrome.close()


def _exit_cleanly_on_sigterm() -> Callable[[], object]:
    """A run stopped by SIGTERM (a scheduler's stop, `timeout`) unwinds as an interrupted one does:
    it leaves no output file (-o), stops its workers and removes what it kept on disk (a learning
    run's shelf can be as large as its input). Returns what restores the previous handler."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        return lambda: None

    def stop(signum: int, frame: object) -> None:
        _say("cleanwire: terminated (SIGTERM)")
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


def open_output(output: str | None) -> tuple[IO[str], str | None]:
    """The stream the JSONL goes to, always UTF-8 whatever the locale: stdout, or a temporary file
    beside `output` that is renamed onto it at the end (an interrupted run leaves no half file);
    returns (stream, temporary path or None)."""
    if output is None:
        if sys.stdout is None:
            raise OutputError("closed; give -o FILE")
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=True), None
    target = Path(output)
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
            raise OutputError(f"is {file_type(info.st_mode)}, not a regular file (leave out -o to write to stdout)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide the dataset from other users
    except FileExistsError:
        raise OutputError(f"{target.parent} is not a directory") from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise OutputError(f"a parent of {target} is not a directory") from None
        raise OutputError(f"cannot create a file in {target.parent}: {exc.strerror or exc}") from None
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), tmp


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(args: argparse.Namespace, opts, out: IO[str], tmp: str | None) -> int:
    dest = "stdout" if tmp is None else args.output
    try:
        try:
            outcome = run(args.paths, out, opts)
        finally:
            if tmp is None:
                out.detach()  # stdout itself stays open
            else:
                out.close()
        if tmp is not None:
            os.replace(tmp, args.output)
    except BrokenPipeError:  # `| head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except StoreError as exc:
        _say(f"cleanwire: cannot keep the learned chrome in --chrome-store {exc.strerror} "
             "(give it a SQLite file in a place with room, or run with --no-learn-chrome)")
        return EXIT_USAGE
    except ShelfError as exc:  # a learning run's readings and counts, the written keys: in the temporary directory
        _say(f"cleanwire: cannot keep the run's records on disk (pages read while learning chrome, "
             f"written articles' keys): {exc.strerror} "
             "(set TMPDIR to a place with room, or run with --no-learn-chrome)")
        return EXIT_USAGE
    except OSError as exc:  # the disk filled up, the target became a directory...
        _say(f"cleanwire: {'-o ' + dest if tmp else dest}: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    print(runner.summary(outcome, dest), file=sys.stderr)
    if opts.chrome is not None and (learned := opts.chrome.learned_count()):
        print(f"cleanwire: learned chrome: {learned} paragraph(s) over {len(opts.chrome.sites())} site(s); "
              f"{outcome.chrome_dropped} dropped from articles"
              + (f"; {outcome.chrome_reread} page(s) read twice" if outcome.chrome_reread else ""), file=sys.stderr)
    if outcome.files_ok == 0 and outcome.files_failed == 0:
        print("cleanwire: no input files found", file=sys.stderr)
        return 1
    return 1 if outcome.files_failed else 0


def add_batch_arguments(parser: argparse.ArgumentParser):
    """-j, the archive filters and the dedup switches; returns args -> runner.Options."""
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                        help="worker processes (default: every core; none for a few small files, where a pool costs more than it saves)")
    parser.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                        help="archives: keep only pages of this domain and its subdomains (repeatable, or comma-separated)")
    parser.add_argument("--profile", metavar="NAME|FILE",
                        help="archives: keep only the article pages of a crawler site profile's domains; "
                             "its name becomes the articles' site")
    parser.add_argument("--near", type=float, default=1.0, metavar="J",
                        help="also drop near-duplicates above this Jaccard similarity (the crawl uses 0.9; default: exact only)")
    parser.add_argument("--keep-duplicates", action="store_true", help="write every copy of an article")
    parser.add_argument("--url", help="the page's URL, for one input (a file or -): the site, the title's slug")
    parser.add_argument("--chrome-store", metavar="FILE",
                        help="SQLite file keeping the chrome learned per site across runs (default: this run only)")
    parser.add_argument("--no-learn-chrome", action="store_true", help="do not learn chrome across the inputs")
    parser.add_argument("--chrome-min-pages", type=int, default=CHROME_MIN_PAGES, metavar="N",
                        help=f"a paragraph is chrome from N distinct pages of a site on (default {CHROME_MIN_PAGES})")
    parser.add_argument("--chrome-min-share", type=float, default=CHROME_MIN_SHARE, metavar="S",
                        help=f"...that are at least this share of its pages (default {CHROME_MIN_SHARE})")

    def options(args: argparse.Namespace) -> runner.Options:
        try:
            profile = runner.SiteFilter.load(args.profile) if args.profile else None
        except ValueError as exc:
            parser.error(str(exc))
        domains = tuple(d.strip() for value in args.domain for d in value.split(",") if d.strip())
        # One page alone teaches nothing about its site; a store keeps what it teaches for later runs.
        several = args.chrome_store or any(is_archive(p) for p in args.paths) or \
            sum(1 for _ in zip(iter_inputs(args.paths), range(2), strict=False)) > 1
        chrome = None if args.no_learn_chrome or not several else \
            ChromeMemory(args.chrome_store, args.chrome_min_pages, args.chrome_min_share)
        return runner.Options(jobs=max(0, args.jobs), domains=domains, profile=profile,
                             near_threshold=args.near, keep_duplicates=args.keep_duplicates,
                             url=args.url, chrome=chrome)
    return options
