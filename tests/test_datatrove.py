"""The batch on datatrove: its WARC reader in, cleanwire's articles out, every article once across
tasks (datatrove's own exact dedup, keyed on the article id), on its local executor."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from conftest import FIXTURES

sys.path.insert(0, str(FIXTURES))
from warcgen import site_pages, write_warc  # noqa: E402


def read_folder(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl.gz"))
            for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]


def test_two_local_tasks_write_every_article_once(tmp_path):
    from batch.datatrove_steps import ARTICLES, run_local
    from extractors.schema import validation_errors

    pages = list(site_pages(FIXTURES / "site", "http://127.0.0.1:8000"))
    archives = tmp_path / "warc"
    archives.mkdir()
    # two files, so each task reads one; teasers of a post sit in both halves
    write_warc(archives / "a.warc.gz", pages[::2])
    write_warc(archives / "b.warc.gz", pages[1::2], others=False)
    manifest = json.loads((FIXTURES / "site" / "manifest.json").read_text(encoding="utf-8"))

    run_local(str(archives), str(tmp_path / "out"), str(tmp_path / "work"), tasks=2, workers=1, profile="fixture")

    per_task = [read_folder(tmp_path / "work" / ARTICLES)]
    assert len(list((tmp_path / "work" / ARTICLES).glob("*.jsonl.gz"))) == 2  # both tasks found articles
    assert len(per_task[0]) > 10  # copies of the same posts, across the two tasks
    rows = read_folder(tmp_path / "out")
    assert len(rows) == 10 == manifest["expected_distinct_articles"]
    assert {r["title"] for r in rows} == {p["title"] for p in manifest["posts"]}
    for r in rows:
        assert validation_errors(r) == []
        assert r["url"] == r["page_url"]  # each post's own page's copy won over its teasers
        assert r["warc"]["filename"].startswith(str(archives)) and r["site"] == "fixture"
