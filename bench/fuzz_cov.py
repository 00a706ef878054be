"""Coverage-guided fuzzing (atheris, libFuzzer) of what reads untrusted input, for a fixed budget.

    .venv/bin/pip install atheris   # a wheel for CPython 3.11 on Linux x86-64
    nice -n 10 .venv/bin/python bench/fuzz_cov.py --seconds 1800 [--corpus DIR] [--crashes DIR]

Not a test: a benchmark command, run by hand (not in CI). The first byte of each input picks the
target, the rest is its input:

- `html`, `text`: `extract_html` / `extract_text` (with a URL taken from the input too);
- `cli`: `python -m extractors - --url URL [flags]` on stdin bytes (argument checks, one-line errors;
  nothing is written but to a captured stdout);
- `tdmrep`, `json`, `url`, `robots`: the crawl's remote-data readers (`parse_tdmrep` and its rules,
  `read_json`, `parse_url` / `join` / `absolute`, `robots_directives` / `signal` of a header).

The contract is the library's: any result, or `ExtractionError` (for the CLI: exit 1 or 2 with
one-line messages); anything else is a crash, saved by libFuzzer as crash-<hash> in `--crashes`.
The corpus starts from the fixtures (pages, dumps, the site's robots.txt, sitemap, feed). Only the
project's own modules are instrumented for coverage (trafilatura, lxml, lexbor are not).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGETS = ("html", "text", "cli", "tdmrep", "json", "url", "robots")


def seeds() -> list[bytes]:
    """One seed per (target, fixture): the target byte, then the fixture's bytes."""
    out = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if not path.is_file() or path.stat().st_size > 300_000:
            continue
        data = path.read_bytes()
        name = path.name
        if name.endswith((".html", ".htm")):
            out.append(bytes([TARGETS.index("html")]) + data)
        elif name.endswith(".txt") and "robots" not in name:
            out.append(bytes([TARGETS.index("text")]) + data)
            out.append(bytes([TARGETS.index("cli")]) + b"https://news.example/2024/05/a-post/\n" + data[:4000])
        elif name == "robots.txt":
            out.append(bytes([TARGETS.index("robots")]) + data)
        elif name.endswith((".xml", ".json")):
            out.append(bytes([TARGETS.index("json" if name.endswith(".json") else "url")]) + data[:4000])
    out.append(bytes([TARGETS.index("tdmrep")]) + b'[{"location": "/news/*", "tdm-reservation": 1, '
                                                  b'"tdm-policy": "https://p.example/policy.json"}]')
    out.append(bytes([TARGETS.index("url")]) + b"http://[::1]:8080/a?b#c\nhttps://news.example/x/../y")
    return out


def harness():  # noqa: C901 - one dispatch per target, kept together
    import atheris

    with atheris.instrument_imports(include=["extractors", "batch"]):
        import batch.cli
        from extractors import ExtractionError, extract_html, extract_text
        from extractors.meta import absolute
        from extractors.rights import parse_tdmrep, robots_directives, signal, tdmrep_signal
        from extractors.sanitize import read_json
        from extractors.urls import host, join, parse_url

    def one_input(data: bytes) -> None:
        if not data:
            return
        target = TARGETS[data[0] % len(TARGETS)]
        fdp = atheris.FuzzedDataProvider(data[1:])
        if target in ("html", "text"):
            url = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 80)) or None
            body = fdp.ConsumeBytes(fdp.remaining_bytes())
            try:
                if target == "html":
                    arts = extract_html(body, url)
                else:
                    arts = extract_text(body.decode("utf-8", "surrogateescape"), url)
            except ExtractionError as exc:
                assert "\n" not in str(exc), str(exc)
                return
            for art in arts:
                assert art.word_count >= 1
                art.to_dict()
        elif target == "cli":
            url = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 100))
            flags = [f for f in ("--no-learn-chrome", "--keep-duplicates") if fdp.ConsumeBool()]
            stdin = fdp.ConsumeBytes(fdp.remaining_bytes())
            _run_cli(batch.cli.main, ["-", "--url", url, *flags], stdin)
        elif target == "tdmrep":
            try:
                rules = parse_tdmrep(fdp.ConsumeBytes(fdp.remaining_bytes()))
            except ValueError:
                return
            for path in ("/", "/news/a", "/" + "a" * 300):
                tdmrep_signal(rules, path)
        elif target == "json":
            try:
                read_json(fdp.ConsumeBytes(fdp.remaining_bytes()), 1 << 20)
            except ExtractionError:
                return
        elif target == "url":
            base = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
            href = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
            parse_url(href)
            host(href)
            join(base, href)
            absolute(href, base)
        else:  # robots: a header's directives and TDM signals
            text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
            robots_directives(text, text[::-1])
            signal(text[:4], text, "header")

    return one_input


def _run_cli(main, argv: list[str], stdin: bytes) -> None:
    """The CLI in this process, stdin and stdout swapped for buffers; exit 1/2 and one-line messages."""
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # the CLI reconfigures its stderr
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    fake_out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    old_in, old_out = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = fake_in, fake_out
    try:
        with contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse's own refusals
                code = exc.code
    finally:
        sys.stdin, sys.stdout = old_in, old_out
    err.flush()
    said = err.buffer.getvalue().decode("utf-8", "replace")
    assert code in (0, 1, 2), code
    assert "Traceback" not in said, said


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=1800, help="the budget (libFuzzer's -max_total_time)")
    ap.add_argument("--corpus", type=Path, help="corpus directory (default: a new one seeded from the fixtures)")
    ap.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where crashing inputs go")
    ap.add_argument("--timeout", type=int, default=20, help="seconds one input may take (libFuzzer's -timeout)")
    ap.add_argument("--rss-limit-mb", type=int, default=2048)
    args, rest = ap.parse_known_args(argv)
    import atheris

    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="cleanwire-fuzz-corpus-"))
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for i, seed in enumerate(seeds()):
            (corpus / f"seed-{i:04d}").write_bytes(seed)
    args.crashes.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CLEANWIRE_LOG_LEVEL", "WARNING")
    one_input = harness()
    atheris.Setup([sys.argv[0], f"-max_total_time={args.seconds}", f"-timeout={args.timeout}",
                   f"-rss_limit_mb={args.rss_limit_mb}", f"-artifact_prefix={args.crashes}/",
                   "-max_len=1048576", "-print_final_stats=1", *rest, str(corpus)], one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
