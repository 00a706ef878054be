"""A crawl of a hostile site on 127.0.0.1 finishes by itself: every trap costs one log line and one
stat, memory stays bounded, and no traceback reaches the log.

The server below answers the way broken and hostile servers do: redirect loops, an endless
chunked body, a gzip bomb, a response that stalls, HTML served as an image and binary served as
HTML, a page with 20,000 links, a page nested 100,000 levels deep, links no URL parser accepts,
and a huge, malformed robots.txt. The crawl's limits are short (DOWNLOAD_TIMEOUT, DOWNLOAD_MAXSIZE)
so the test takes seconds.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from crawl_helpers import FAST, crawl_env

pytestmark = pytest.mark.slow

GOOD = (FIXTURES / "html" / "generic-wordpress.html").read_bytes()
STALL_S = 30  # longer than the crawl's DOWNLOAD_TIMEOUT: the timeout must cut it
MAXSIZE = 2 * 1024 * 1024
LINKS = 20_000
FOLLOW_MAX = 100  # links followed per page in this test (FOLLOW_MAX_LINKS)


def _page(body: str) -> bytes:
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>".encode()


# Links no URL parser accepts, and links that are not UTF-8: each one is no link, not an error.
BAD_LINKS = ('<a href="http://[::1">a</a><a href="http://[::1]:99999999/x">b</a><a href="http://[v1.x/">c</a>'
             '<a href="http://' + "a" * 70_000 + '.example/">d</a><a href="http://xn--/">e</a>'
             '<a href="/caf%e9/%ff%fe">f</a><a href="/raw-\xff-bytes">g</a><a href="javascript:void(0)">h</a>')

CASES = {  # path -> what the crawl must count for it (and the one line that says so names the path)
    "/loop/a": "pages/failed/redirect_loop",
    "/redirect/1": "pages/failed/redirect_loop",
    "/bad-redirect": "pages/failed/bad_redirect",  # Location: http://[::1 (Scrapy raised a ValueError)
    "/endless": "pages/failed/too_large",
    "/bomb": "pages/failed/too_large",
    "/stall": "pages/failed/timeout",
    "/html-as-png": "pages/skipped/not_html",
    "/binary.html": "pages/skipped/unreadable",
    "/deep.html": "pages/skipped/unreadable",
    "/links.html": "pages/skipped/unreadable",  # 20,000 links: over the extractors' element limit
    "/many-links.html": "links/capped",
    "/private/kept-out": "pages/failed/ignored",  # the huge, malformed robots.txt still says so
    # Another host, whose robots.txt hangs up without an answer: its pages are fetched all the same.
    "//localhost/robots.txt": "robots/unreadable",
}


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    stop = threading.Event()
    bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)  # 256 MB of zeros in ~250 kB
    deep = _page("<article><h1>Deep</h1>" + "<div>" * 100_000 + "<p>Too deep to read.</p>")
    links = _page("<p>Index of everything.</p>" + "".join(f'<a href="/p/{i}">{i}</a>' for i in range(LINKS)))
    many_links = _page("<p>Index of a lot.</p>" + "".join(f'<a href="/q/{i}">{i}</a> ' for i in range(10 * FOLLOW_MAX)))
    robots = (b"User-agent: *\nDisallow: /private/\n" + b"\xff\xfe\0 Disallow:: ::: \n" * 50_000
              + b"Crawl-delay: banana\nSitemap: http://[::1/sitemap.xml\n" + b"Allow: /" + b"x" * 100_000 + b"\n")

    def log_message(self, *args) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def stall(self, seconds: float) -> None:
        """Headers and the start of a body, then nothing until the test ends (or `seconds`)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>The rest never comes")
        self.wfile.flush()
        self.stop.wait(seconds)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        host = self.headers.get("Host", "").split(":")[0]
        if path == "/":
            port = self.server.server_address[1]
            links = [p for p in CASES if not p.startswith("//")] + [f"http://localhost:{port}/other-site"]
            cases = "".join(f'<a href="{p}">{p}</a> ' for p in links)
            self.send(200, _page(f"<article><h1>Index</h1><p>{cases}</p><p>{BAD_LINKS}</p></article>"))
        elif path == "/robots.txt" and host == "localhost":
            self.close_connection = True  # no answer at all
        elif path == "/robots.txt":
            self.send(200, self.robots, "text/plain")
        elif path in ("/loop/a", "/loop/b"):
            self.send(302, b"", Location="/loop/b" if path == "/loop/a" else "/loop/a")
        elif path == "/bad-redirect":
            self.send(302, b"", Location="http://[::1")
        elif path.startswith("/redirect/"):
            self.send(302, b"", Location=f"/redirect/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"more " * 13_000 + b"</p>"
            try:
                while not self.stop.is_set():
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                pass  # the crawler hung up: that is the point
        elif path == "/bomb":
            self.send(200, self.bomb, Content_Encoding="gzip")
        elif path == "/stall":
            self.stall(STALL_S)
        elif path == "/html-as-png":
            self.send(200, GOOD, "image/png")
        elif path == "/binary.html":
            self.send(200, bytes(range(256)) * 200)
        elif path == "/deep.html":
            self.send(200, self.deep)
        elif path == "/links.html":
            self.send(200, self.links)
        elif path == "/many-links.html":
            self.send(200, self.many_links)
        elif path == "/other-site":
            self.send(200, GOOD)
        else:
            self.send(404, _page("<p>Not found.</p>"))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the crawler hangs up on the endless, stalled and huge responses: expected


def _serve(handler: type[BaseHTTPRequestHandler]):
    """A fixture's body: the handler's site on a free port until the test ends, its stalls released."""
    handler.stop.clear()
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    handler.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile():
    yield from _serve(Hostile)


def _peak_rss_mb(proc: subprocess.Popen) -> float:
    peak = 0
    while proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak = max(peak, int(re.search(r"VmHWM:\s+(\d+)", status).group(1)))
        except (OSError, AttributeError):
            pass
        time.sleep(0.2)
    return peak / 1024


def test_hostile_site_crawl_finishes_by_itself_one_line_and_one_stat_per_trap(hostile, tmp_path):
    settings = {**FAST, "DOWNLOAD_TIMEOUT": "3", "DOWNLOAD_MAXSIZE": str(MAXSIZE), "DOWNLOAD_WARNSIZE": "0",
                "RETRY_TIMES": "0", "FOLLOW_MAX_LINKS": str(FOLLOW_MAX), "CLOSESPIDER_TIMEOUT": "120",
                "SEEN_STORE": str(tmp_path / "seen.sqlite3"), "JSONL_PATH": str(tmp_path / "out" / "{site}.jsonl"),
                "CRAWL_REPORT_PATH": str(tmp_path / "report.json"), "CLEANWIRE_MIN_ITEMS": "0",
                # A site of traps has no articles to judge: the quality monitors would only fail (and
                # spidermon reports a failed monitor with its unittest traceback).
                "CLEANWIRE_MAX_FAILED_SHARE": "1", "SPIDERMON_FIELD_COVERAGE_RULES": "{}"}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", f"start_urls={hostile}/",
           "-a", "allowed_domains=127.0.0.1,localhost", "-a", "site=hostile"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=crawl_env())
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stderr.read()), daemon=True)
    reader.start()
    peak = _peak_rss_mb(proc)
    reader.join(10)
    elapsed = time.monotonic() - start
    log = out[0].decode("utf-8", "replace")
    report = json.loads((tmp_path / "report.json").read_text())

    assert report["finish_reason"] == "finished", log[-3000:]
    assert "Traceback" not in log and "Spider error" not in log, log[log.find("Traceback") - 3000:][:6000]
    for path, stat in CASES.items():
        assert report.get(stat), (path, stat, {k: v for k, v in report.items() if "/" in k})
        port = hostile.rsplit(":", 1)[1]
        needle = f"localhost:{port}{path[11:]}" if path.startswith("//localhost") else f"127.0.0.1:{port}{path}"
        lines = [line for line in log.splitlines() if needle in line and (" WARNING" in line or " ERROR" in line)]
        assert len(lines) == 1, (path, lines)
    assert report["pages/fetched"] <= 11 + FOLLOW_MAX  # the cases and the first FOLLOW_MAX links
    assert peak < 400, f"peak RSS {peak:.0f} MB"
    print(f"hostile crawl: {elapsed:.1f} s, peak RSS {peak:.0f} MB, stats "
          f"{ {k: v for k, v in report.items() if k.startswith(('pages/', 'links/'))} }")


# --- a site whose gates hang or break, and a storm of dead links ------------------------------------
ARTICLES = 30
STORM = 3_000


def _article(i: int) -> bytes:
    words = " ".join(f"w{i}x{j}" for j in range(60))
    return _page(f"<article><h1>Harbour report number {i}</h1><p>The harbour board met on day {i} and "
                 f"said the ferry timetable stays as it is for now. {words}.</p>"
                 f"<p>Operators said the change would cut waiting times by about a day ({i}).</p></article>")


class Gates(BaseHTTPRequestHandler):
    """robots.txt never answers, tdmrep.json nests 200,000 levels, one page links to 3,000 pages that
    answer 404 at once, one page stalls; 30 article pages."""

    protocol_version = "HTTP/1.1"
    stop = threading.Event()
    storm = _page("<nav>" + "".join(f'<a href="/gone/{i}">{i}</a> ' for i in range(STORM)) + "</nav>")

    log_message = Hostile.log_message
    send = Hostile.send
    stall = Hostile.stall

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            self.stop.wait(120)  # hangs: no status line, no headers
        elif path == "/.well-known/tdmrep.json":
            self.send(200, b"[" * 200_000, "application/json")
        elif path == "/":
            links = "".join(f'<a href="/a/{i}">{i}</a> ' for i in range(ARTICLES))
            self.send(200, _page(f"<nav>{links}<a href='/storm'>archive</a> <a href='/stall'>s</a></nav>"))
        elif path == "/storm":
            self.send(200, self.storm)
        elif path.startswith("/a/"):
            self.send(200, _article(int(path[3:])))
        elif path == "/stall":
            self.stall(120)
        else:
            self.send(404, b"")


@pytest.fixture
def gates():
    yield from _serve(Gates)


def _gates_crawl(base: str, root: Path, **extra: str) -> subprocess.Popen:
    """The project's own politeness (AutoThrottle on, 16/4 concurrency, SITE_GATE_TIMEOUT), short
    download timeouts: what a user's first crawl of such a site does."""
    settings = {"LOG_LEVEL": "INFO", "DOWNLOAD_TIMEOUT": "5", "RETRY_TIMES": "1", "CLEANWIRE_MIN_ITEMS": "0",
                "SEEN_STORE": str(root / "seen.sqlite3"), "JSONL_PATH": str(root / "out" / "{site}.jsonl"),
                "CRAWL_REPORT_PATH": str(root / "report.json"), "CLEANWIRE_MAX_FAILED_SHARE": "1",
                "CLEANWIRE_HTML_REPORT": "0", "SPIDERMON_EXPECTED_FINISH_REASONS": "finished,shutdown",
                "SPIDERMON_FIELD_COVERAGE_RULES": "{}", **extra}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "republisher", "-a", f"start_urls={base}/",
           "-a", "allowed_domains=127.0.0.1", "-a", "site=gates"]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=crawl_env())


def _wait(proc: subprocess.Popen, timeout: float) -> str:
    """The crawl's log once it has ended; killed (and the test failed) if it has not within `timeout`."""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the crawl did not end within {timeout:.0f} s:\n{err.decode('utf-8', 'replace')[-3000:]}")
    return err.decode("utf-8", "replace")


def _published(root: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((root / "out").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]


def _part_lines(root: Path) -> int:
    return sum(len(p.read_bytes().splitlines()) for p in (root / "out").glob("*.part"))


def test_hanging_robots_nested_tdmrep_and_a_404_storm_finish_by_themselves(gates, tmp_path):
    start = time.monotonic()
    log = _wait(_gates_crawl(gates, tmp_path), 120)
    elapsed = time.monotonic() - start
    report = json.loads((tmp_path / "report.json").read_text())
    assert elapsed < 60, f"{elapsed:.0f} s"
    assert report["finish_reason"] == "finished", log[-3000:]
    assert "Traceback" not in log, log[log.find("Traceback") - 2000:][:5000]
    assert report["pages/failed/http_404"] == STORM
    assert report["robots/timeout"] == 1 and report["tdmrep/unreadable"] == 1
    warnings = [line for line in log.splitlines() if " WARNING" in line and ("robots.txt" in line or "tdmrep" in line)]
    assert len(warnings) == 2, warnings  # one line each: the robots.txt that did not come, the tdmrep.json refused
    assert len(_published(tmp_path)) == report["written"] == ARTICLES
    print(f"gates and storm: {elapsed:.1f} s")


def _interrupted(base: str, root: Path) -> subprocess.Popen:
    """The crawl, sent SIGINT once it has written 5 articles to its part file (during the storm)."""
    proc = _gates_crawl(base, root)
    deadline = time.monotonic() + 60
    while _part_lines(root) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl ended before it could be interrupted"
    os.kill(proc.pid, signal.SIGINT)
    return proc


def test_sigint_during_the_storm_ends_within_10_s_with_every_article_published(gates, tmp_path):
    proc = _interrupted(gates, tmp_path)
    sent = time.monotonic()
    log = _wait(proc, 60)
    took = time.monotonic() - sent
    report = json.loads((tmp_path / "report.json").read_text())
    assert took < 10, f"SIGINT took {took:.1f} s\n{log[-3000:]}"
    assert report["finish_reason"] == "shutdown", report
    assert "Traceback" not in log, log[log.find("Traceback") - 2000:][:5000]
    assert not list((tmp_path / "out").glob("*.part"))
    published = _published(tmp_path)
    assert len(published) == report["written"] == report["articles/extracted"] >= 5  # every article scraped
    assert len({a["id"] for a in published}) == len(published)
    print(f"SIGINT: {took:.1f} s, {len(published)} published")


def test_a_second_sigint_stops_at_once_and_the_next_run_publishes_what_it_wrote(gates, tmp_path):
    proc = _interrupted(gates, tmp_path)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    _wait(proc, 60)
    assert time.monotonic() - sent < 3
    parts = list((tmp_path / "out").glob("*.part"))
    written = [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert written or _published(tmp_path)  # whole lines, in the part file or already published
    _wait(_gates_crawl(gates, tmp_path), 120)
    published = _published(tmp_path)
    assert {a["id"] for a in written} <= {a["id"] for a in published}
    assert len(published) == len({a["id"] for a in published}) == ARTICLES
