"""`python -m extractors`: inputs of every kind, one bad file never costs the others."""

from __future__ import annotations

import gzip
import json

from conftest import TEXT_FIXTURES, run_cli


def test_directory_binary_and_missing_files(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_bytes(TEXT_FIXTURES[0].read_bytes())
    (tmp_path / "pages" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    proc = run_cli(str(tmp_path / "pages"), str(tmp_path / "missing.txt"), str(TEXT_FIXTURES[1]), "--keep-duplicates")
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert "image.txt: skipped: binary content" in err
    assert "missing.txt: cannot read" in err
    assert len(proc.stdout.decode().splitlines()) == 8  # both good files still extracted


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "sub" / "out.jsonl"
    proc = run_cli("-", "-o", str(out), stdin=TEXT_FIXTURES[1].read_bytes())
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4 and all(r["page_url"] is None for r in rows)
    assert not list(out.parent.glob("*.part"))


def test_unknown_type_and_bad_gzip_are_clear_errors(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "page.html.gz").write_bytes(b"not gzip at all")
    proc = run_cli(str(tmp_path / "notes.pdf"), str(tmp_path / "page.html.gz"))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "notes.pdf: skipped: unknown file type" in err
    assert "page.html.gz: skipped: not a readable gzip file" in err
    assert "Traceback" not in err


def test_gzip_text_is_not_mistaken(tmp_path):
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(b"\x00\x01\x02 binary inside"))
    proc = run_cli(str(gz))
    assert proc.returncode == 1 and b"binary content" in proc.stderr


def test_cp1252_dump_is_read(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(TEXT_FIXTURES[0].read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    proc = run_cli(str(legacy))
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.decode().splitlines()) == 4


def test_html_htm_and_gzipped_html(tmp_path):
    from conftest import FIXTURES

    page = (FIXTURES / "html" / "seed-000.html").read_bytes()
    (tmp_path / "a.html").write_bytes(page)
    (tmp_path / "b.htm").write_bytes(page)
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(page))
    proc = run_cli(str(tmp_path), "--keep-duplicates")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(rows) == 12  # main post + 3 teasers, from each of the three files
    titles = [r["title"] for r in rows]
    assert titles[:4] == titles[4:8] == titles[8:]
    assert titles[0] == "Strained ties with Russia boost prospects for Central Asian integration"
    assert all(r["page_url"].startswith("file://") and r["url"].startswith("https://") for r in rows)
