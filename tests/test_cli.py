"""`python -m extractors`: inputs of every kind, one bad file never costs the others."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, TEXT_FIXTURES, run_cli


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


def _gzip_variants() -> dict[str, bytes]:
    """A real page gzipped the ways files come: one member (what `gzip` writes), two members, zero
    padding after the member, a name in the header, cut short, a broken CRC, garbage after it."""
    page = (FIXTURES / "html" / "seed-000.html").read_bytes()
    one = gzip.compress(page, mtime=0)
    half = len(page) // 2
    named = bytearray(one)
    named[3] |= 0x08  # FNAME: a file name after the 10-byte header
    named[10:10] = b"seed-000.html\x00"
    broken_crc = bytearray(one)
    broken_crc[-8] ^= 0xFF
    return {"one member": one, "two members": gzip.compress(page[:half]) + gzip.compress(page[half:]),
            "zero padding": one + bytes(64), "file name": bytes(named), "cut short": one[: len(one) // 2],
            "broken crc": bytes(broken_crc), "garbage after": one + b"not gzip"}


@pytest.mark.parametrize("name", list(_gzip_variants()))
def test_gzip_fast_path_reads_what_gzipfile_reads(name):
    """One zlib call reads a single whole member; whatever it cannot vouch for goes to GzipFile: the
    same bytes, or the same refusal, either way."""
    import io

    from batch.inputs import gunzip
    from extractors.errors import ExtractionError

    data = _gzip_variants()[name]
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            expected: bytes | str = gz.read()
    except (OSError, EOFError):
        expected = "refused"
    try:
        got: bytes | str = gunzip(data)
    except ExtractionError as exc:
        assert str(exc).startswith("not a readable gzip file")
        got = "refused"
    assert got == expected
    if name in ("one member", "two members", "zero padding", "file name"):
        assert got == (FIXTURES / "html" / "seed-000.html").read_bytes()


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


# --- paths that are not pages, output targets that cannot be written, locales -----------------------
# One process, no learned chrome, every copy kept: these tests are about inputs and outputs.
PLAIN = ("-j", "1", "--no-learn-chrome", "--keep-duplicates")


def _cli(*args: str, env: dict | None = None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "extractors", *PLAIN, *args], cwd=ROOT,
                          capture_output=True, timeout=120, env={**os.environ, **(env or {})})


def _lines(proc: subprocess.CompletedProcess) -> list[str]:
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err.splitlines()


def test_fifo_socket_device_and_directory_named_like_pages(tmp_path):
    good = tmp_path / "good.html"
    good.write_bytes((FIXTURES / "html" / "seed-000.html").read_bytes())
    os.mkfifo(tmp_path / "fifo.html")  # reading it would wait for a writer forever
    (tmp_path / "zero.html").symlink_to("/dev/zero")  # reading it would never end
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.html"))
    (tmp_path / "dir.html").mkdir()
    (tmp_path / "dir.html" / "inner.html").write_bytes(good.read_bytes())
    names = ["fifo.html", "zero.html", "s.html", "dir.html", "good.html"]
    try:
        proc = _cli(*(str(tmp_path / n) for n in names))
        walked = _cli(str(tmp_path))
    finally:
        sock.close()
    assert proc.returncode == 1
    err = _lines(proc)
    assert [line.split(": ", 2)[2] for line in err[:3]] == [
        "skipped: a FIFO, not a regular file", "skipped: a character device, not a regular file",
        "skipped: a socket, not a regular file"]
    assert err[3].endswith("8 articles from 2 file(s) -> stdout; 3 file(s) failed")  # dir.html is walked
    assert len(proc.stdout.splitlines()) == 8
    assert walked.returncode == 1 and len(walked.stdout.splitlines()) == 8
    assert len(_lines(walked)) == 4  # the same three skips and the summary


@pytest.mark.parametrize(("target", "message"), [
    ("{tmp}", "is a directory, not a regular file"),
    ("{tmp}/file/out.jsonl", "a parent of {tmp}/file/out.jsonl is not a directory"),
    ("{tmp}/file/sub/out.jsonl", "a parent of {tmp}/file/sub/out.jsonl is not a directory"),
    # A FIFO, not /dev/null: a CLI that renamed its output onto a device as root would replace it.
    ("{tmp}/fifo", "is a FIFO, not a regular file (leave out -o to write to stdout)"),
    ("/proc/cleanwire-out.jsonl", "cannot create a file in /proc"),
    ("/sys/cleanwire-out.jsonl", "cannot create a file in /sys"),
])
def test_output_target_problem_is_one_line_and_exit_2_before_any_work(tmp_path, target, message):
    if target.startswith(("/proc", "/sys")) and not Path(target).parent.is_dir():
        pytest.skip(f"no {Path(target).parent} here")
    (tmp_path / "file").write_text("not a directory")
    os.mkfifo(tmp_path / "fifo")
    target = target.format(tmp=tmp_path)
    proc = _cli(str(TEXT_FIXTURES[0]), str(tmp_path / "missing.txt"), "-o", target)
    assert proc.returncode == 2
    lines = _lines(proc)  # only the -o line: the missing input was never looked at
    assert len(lines) == 1 and lines[0].startswith(f"cleanwire: -o {target}: " + message.format(tmp=tmp_path))
    assert proc.stdout == b"" and not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C"}])
def test_output_is_utf8_whatever_the_locale(tmp_path, env):
    page = (FIXTURES / "html" / "generic-wordpress.html").read_text(encoding="utf-8")
    odd = tmp_path / "caf\udce9.html"  # a file name that is not UTF-8 either
    odd.write_bytes(page.replace("since 1998.</p>", "since 1998 (Zürich, 東京 and “quotes”).</p>").encode("utf-8"))
    (tmp_path / "bad\udce9.txt").write_bytes(b"\x00binary")
    proc = _cli(str(tmp_path), env=env)
    err = _lines(proc)
    assert len(err) == 2 and "skipped: binary content" in err[0]
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert rows and "(Zürich, 東京 and “quotes”)." in rows[0]["text"]


def test_unreadable_directory_and_file_are_one_line_each(tmp_path):
    if os.geteuid() == 0:  # root reads everything: drop the capabilities that let it
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv")
        prefix: tuple[str, ...] = ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    else:
        prefix = ()
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_bytes(TEXT_FIXTURES[0].read_bytes())
    (tmp_path / "ok.txt").write_bytes(TEXT_FIXTURES[1].read_bytes())
    locked.chmod(0)
    try:
        inside = _cli(str(locked / "a.txt"), str(tmp_path / "ok.txt"), prefix=prefix)
        walked = _cli(str(tmp_path), prefix=prefix)
        out = _cli(str(tmp_path / "ok.txt"), "-o", str(locked / "out.jsonl"), prefix=prefix)
    finally:
        locked.chmod(0o755)
    if inside.returncode == 0:
        pytest.skip("permissions are not enforced here")
    assert inside.returncode == 1 and _lines(inside)[0].endswith("a.txt: cannot read: Permission denied")
    assert len(inside.stdout.splitlines()) == 4
    assert walked.returncode == 1 and _lines(walked)[0].endswith("locked: skipped: cannot read directory: Permission denied")
    assert len(walked.stdout.splitlines()) == 4
    assert out.returncode == 2 and _lines(out) == [f"cleanwire: -o {locked / 'out.jsonl'}: Permission denied"]


def test_reader_that_stops_early_gets_no_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "extractors", *PLAIN, *[str(TEXT_FIXTURES[0])] * 20], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # like `| head -1`
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_the_batch_keeps_the_written_articles_keys_on_disk_and_drops_the_same_copies(tmp_path, monkeypatch):
    """The batch's duplicate keys live in a temporary database (`batch.spill.DiskKeys`): the same
    verdicts as keys in memory, for copies by URL, by id and by text of the seeds' articles, and no
    file left in the temporary directory."""
    import tempfile

    from batch.spill import DiskKeys
    from extractors import extract_text
    from extractors.dedup import Deduplicator

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where SQLite puts its temporary file
    read = [a.to_dict() for path in TEXT_FIXTURES for a in extract_text(path.read_text(encoding="utf-8"))]
    seen = Deduplicator(1.0)
    records = [{**r, "url": f"https://seeds.example/{i}"}  # read without a URL: none of their own
               for i, r in enumerate(r for r in read if seen.check(r) is None)]  # the seed dumps share two
    assert len(read) > len(records) >= 4
    first = records[0]
    copies = [{**first, "id": "another-id", "content_hash": "another-hash"},  # the same URL
              {**first, "url": "https://elsewhere.example/copy", "content_hash": "another-hash"},  # the same id
              {**first, "url": "https://elsewhere.example/again", "id": "a-third-id"}]  # the same text
    keys = DiskKeys()
    verdicts = [[d.check(r) for r in [*records, *copies, *records]]
                for d in (Deduplicator(1.0), Deduplicator(1.0, keys=keys))]
    keys.close()
    n = len(records)
    assert verdicts[0] == verdicts[1]
    assert verdicts[1][:n] == [None] * n and verdicts[1][n:n + 3] == ["url", "id", "content"]
    assert all(v is not None for v in verdicts[1][n + 3:])
    assert not list(tmp_path.iterdir())
