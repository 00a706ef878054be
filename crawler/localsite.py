"""A static file server on 127.0.0.1 for a site kept on disk (the bundled fixture site).

The default job crawls `fixtures/site/` over real HTTP, so robots.txt, redirects, status codes and
content types behave as on a live site, without network.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves a directory; `faults` maps a path to an HTTP status, or to "slow" (answer late);
    `extra_headers` maps a path to response headers it carries; `hits` counts requests per path."""

    faults: dict[str, int | str] = {}
    extra_headers: dict[str, dict[str, str]] = {}
    hits: Counter[str] = Counter()
    hits_lock = threading.Lock()
    slow_seconds: float = 5.0
    protocol_version = "HTTP/1.1"  # keep-alive, as real sites; a new connection per page is slow

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        with self.hits_lock:
            self.hits[path] += 1
        fault = self.faults.get(path)
        if fault == "slow":
            time.sleep(self.slow_seconds)
        elif isinstance(fault, int):
            self.send_error(fault)
            return
        super().do_GET()

    def end_headers(self) -> None:
        for name, value in self.extra_headers.get(self.path.split("?")[0], {}).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the crawl's own log says what was fetched


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up early (a crawl closing, a timeout) is not a server error."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalSite:
    """`with LocalSite(dir) as site: site.url("/")`; port 0 picks a free port."""

    def __init__(self, root: Path, faults: dict[str, int | str] | None = None, port: int = 0,
                 slow_seconds: float = 5.0, headers: dict[str, dict[str, str]] | None = None) -> None:
        self.hits: Counter[str] = Counter()  # requests per path, for tests that count fetches
        handler = type("Handler", (SiteRequestHandler,), {"faults": dict(faults or {}),
                                                         "slow_seconds": slow_seconds,
                                                         "extra_headers": dict(headers or {}),
                                                         "hits": self.hits, "hits_lock": threading.Lock()})
        self.server = _QuietServer(("127.0.0.1", port), partial(handler, directory=str(root)))
        self.thread = threading.Thread(target=self.server.serve_forever, name="localsite", daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m crawler.localsite DIR [--port N]`: serve a site directory until interrupted."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("root", type=Path)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    site = LocalSite(args.root, port=args.port)
    print(site.base, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        site.server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
