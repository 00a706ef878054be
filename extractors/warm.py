"""Pay extraction's start-up before the work starts: imports, the language model, stop-word lists,
compiled tables and parsers, all built lazily on a first page otherwise.

A process that forks workers calls `warm_up` first (the batch's forkserver, through the
`batch.warm_*` modules), so that every worker starts with all of it in place instead of paying
about 1.5 s of CPU each. Only the kinds asked for are warmed: a run of text dumps never loads
trafilatura.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractors.article import Article

# A page of each kind small enough to cost nothing and complete enough to take every lazy step: a
# generic article (lexbor, the chrome table, trafilatura's first and, its text being short, second
# opinion, which builds jusText's stop lists; the shared rules, the language model) and a dump.
_PROSE = ("The harbour board approved a new slipway on Tuesday after a long meeting with the fishing "
          "fleet, and work will start before the storm season. ")
WARM_HTML = (f"<!doctype html><html lang='en'><head><title>Slipway approved</title></head><body><nav><a href='/'>Home</a>"
             f"</nav><article><h1>Slipway approved</h1><p>{_PROSE}</p></article></body></html>")
WARM_TEXT = f"Slipway approved - Harbour News\n\nHome\n\nSlipway approved\n\nBy A. Writer\n\n{_PROSE * 2}\n\n{_PROSE}\n"


def warm_up(*kinds: str) -> list[Article]:
    """Load what extracting `kinds` ("html", "text") needs; returns the warm-up pages' articles."""
    from extractors import deferred, stopwords

    articles: list[Article] = []
    if "html" in kinds:
        stopwords.prime_trafilatura()  # the union of jusText's lists, faster than trafilatura builds it
        articles += deferred.read(WARM_HTML, "https://harbour.example/news/slipway/", kind="html").articles
    if "text" in kinds:
        articles += deferred.read(WARM_TEXT, "https://harbour.example/news/slipway/", kind="text").articles
    return articles
