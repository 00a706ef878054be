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
import re
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
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>The rest never comes")
            self.wfile.flush()
            self.stop.wait(STALL_S)
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


@pytest.fixture
def hostile():
    Hostile.stop.clear()
    server = _Server(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Hostile.stop.set()
    server.shutdown()
    server.server_close()


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
    assert report["pages/fetched"] <= 10 + FOLLOW_MAX  # the cases and the first FOLLOW_MAX links
    assert peak < 400, f"peak RSS {peak:.0f} MB"
    print(f"hostile crawl: {elapsed:.1f} s, peak RSS {peak:.0f} MB, stats "
          f"{ {k: v for k, v in report.items() if k.startswith(('pages/', 'links/'))} }")
