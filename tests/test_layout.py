"""The package layout the reader relies on: `extractors` is the library and imports neither the
batch nor the crawl; `batch` and `crawler` import it; no import circle anywhere in the tree."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from conftest import ROOT

PACKAGES = ("extractors", "batch", "crawler")
# What a library user never pays for: the batch, archive readers, datatrove, the report, Scrapy.
NOT_FOR_THE_LIBRARY = ("batch", "crawler", "fastwarc", "warcio", "datatrove", "jinja2", "pygal", "scrapy",
                       "twisted", "tqdm", "datasketch")
# `python -m extractors` is the batch CLI under the library's old name: run as a program, imported
# by nothing, so it cannot close a circle; it is the one module of the library that names `batch`.
CLI_ALIAS = "extractors.__main__"


def modules() -> dict[str, ast.Module]:
    """Every module of the three packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, tree: ast.Module, known: set[str], is_package: bool) -> set[str]:
    """The project modules `name` imports, at module level or inside functions (a deferred import is
    still a dependency); `if TYPE_CHECKING:` blocks never run and are left out."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    trees = modules()
    known = set(trees)
    packages = {n for n in trees if (ROOT / n.replace(".", "/") / "__init__.py").is_file()}
    return {name: imports_of(name, tree, known, name in packages) for name, tree in trees.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def test_the_graph_sees_the_imports_it_must():
    """The parser finds real edges of every kind (else the checks below would pass on an empty graph)."""
    graph = import_graph()
    assert "extractors.rules" in graph["extractors.textdump"]  # from x import (a, b)
    assert "extractors.html" in graph["extractors"]  # deferred import inside a function
    assert "batch.runner" in graph["batch.cli"] and "extractors" in graph["batch.work"]
    assert "batch.chrome" in graph["crawler.extraction"]
    assert "batch.cli" in graph[CLI_ALIAS]


def test_no_import_circle_among_the_projects_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_imports_neither_the_batch_nor_the_crawl():
    graph = import_graph()
    wrong = {name: sorted(m for m in deps if m.split(".")[0] in ("batch", "crawler"))
             for name, deps in graph.items() if name.split(".")[0] == "extractors" and name != CLI_ALIAS}
    assert {k: v for k, v in wrong.items() if v} == {}
    assert not any(m.split(".")[0] == "crawler" for name, deps in graph.items()
                   if name.split(".")[0] == "batch" for m in deps)


def test_using_the_library_loads_no_batch_archive_datatrove_report_or_scrapy_module():
    """A fresh interpreter that imports `extractors` and extracts an HTML page and a text dump."""
    code = (
        "import json, sys\n"
        "import extractors\n"
        "from extractors import ExtractionError, extract, extract_text\n"
        "body = 'The harbour board approved a new slipway on Tuesday after a long meeting. ' * 4\n"
        "html = f'<html><head><title>Slipway</title></head><body><article><h1>Slipway</h1><p>{body}</p></article></body></html>'\n"
        "n = len(extract(html, 'https://quay.example/a/')) + len(extract_text(f'Slipway\\n\\n{body}\\n', 'https://quay.example/b/'))\n"
        "print(json.dumps([n, issubclass(ExtractionError, ValueError), sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    articles, is_value_error, loaded = json.loads(proc.stdout)
    assert articles == 2 and is_value_error
    assert "extractors.html" in loaded and "extractors.textdump" in loaded  # the run did extract
    assert [m for m in loaded if m.split(".")[0] in NOT_FOR_THE_LIBRARY] == []


def test_a_plain_batch_run_loads_no_archive_datatrove_report_or_scrapy_module(tmp_path):
    """`python -m extractors` over HTML and text files, in this process (two files start no pool),
    then what a pool's forkserver loads before its workers: neither needs the archive readers,
    datatrove, the report or Scrapy."""
    body = "The harbour board approved a new slipway on Tuesday after a long meeting with the fleet. " * 3
    (tmp_path / "a.html").write_text(f"<html><body><article><h1>Slipway</h1><p>{body}</p></article></body></html>")
    (tmp_path / "b.txt").write_text(f"Slipway\n\n{body.replace('Tuesday', 'Friday')}\n")  # not a duplicate
    code = (
        "import json, sys\n"
        "from batch import runner\n"
        "from batch.cli import main\n"
        f"code = main([{str(tmp_path)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}])\n"
        "loaded = sorted(sys.modules)\n"
        "import batch.warm_html, batch.warm_text\n"
        "print(json.dumps([code, loaded, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    code, after_run, after_warm = json.loads(proc.stdout.splitlines()[-1])
    assert code == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 2
    assert "extractors.html" in after_run and "extractors.textdump" in after_run
    unused = ("fastwarc", "warcio", "datatrove", "jinja2", "pygal", "scrapy", "twisted", "tqdm", "crawler")
    assert [m for m in after_run if m.split(".")[0] in unused] == []
    assert [m for m in after_warm if m.split(".")[0] in unused] == []


def test_a_pool_runs_extraction_in_its_workers_only(tmp_path):
    """With a pool, the process that reads the inputs and writes the lines loads none of the
    extraction modules: its workers send each article as a line to write (batch/work.py), learning
    included, so it pays neither their import nor their work."""
    body = "The harbour board approved a new slipway on Tuesday after a long meeting with the fleet. " * 3
    for n in range(4):
        (tmp_path / f"{n}.html").write_text(f"<html><body><article><h1>Slipway {n}</h1><p>{n} {body}</p></article></body></html>")
        (tmp_path / f"{n}.txt").write_text(f"Quay {n}\n\n{n} {body.replace('Tuesday', 'Friday')}\n")
    code = (
        "import json, sys\n"
        "from batch.cli import main\n"
        f"code = main([{str(tmp_path)!r}, '-j', '2', '-o', {str(tmp_path / 'out.jsonl')!r}])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    code, loaded = json.loads(proc.stdout.splitlines()[-1])
    assert code == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 8
    extraction = ("extractors.html", "extractors.textdump", "extractors.rules", "extractors.patterns",
                  "extractors.deferred", "extractors.language", "extractors.schema", "trafilatura", "selectolax")
    assert [m for m in loaded if m in extraction or m.split(".")[0] in extraction] == []


def test_a_few_small_files_start_no_pool_and_many_files_or_a_large_archive_do(tmp_path):
    from batch.runner import POOL_MIN_BYTES, POOL_MIN_FILES, default_jobs
    from batch.workers import cores

    (tmp_path / "a.html").write_bytes(b"<p>x</p>" * 5000)
    one = [("a.html", tmp_path / "a.html", "html")]
    assert default_jobs(one) == 1
    many = [(f"{n}.html", tmp_path / "a.html", "html") for n in range(POOL_MIN_FILES)]
    assert default_jobs(many) == cores()
    (tmp_path / "small.warc.gz").write_bytes(b"\0" * 50_000)
    assert default_jobs([("small.warc.gz", tmp_path / "small.warc.gz", "archive")]) == 1
    (tmp_path / "large.warc.gz").write_bytes(b"\0" * (POOL_MIN_BYTES // 4))  # four times that once unpacked
    assert default_jobs([("large.warc.gz", tmp_path / "large.warc.gz", "archive")]) == cores()


def test_the_old_chrome_listing_command_says_where_it_went():
    proc = subprocess.run([sys.executable, "-m", "extractors.chrome", "--store", "x.sqlite3", "sites"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "python -m batch.chrome" in proc.stderr
