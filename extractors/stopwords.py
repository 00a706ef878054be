"""jusText's stop-word lists (100 languages), read when a path first needs them and read fast.

The text path picks a page's function words from them (`extractors.textlines.function_words`);
trafilatura's jusText fallback, the HTML path's second opinion, reads the union of all of them.
jusText reads a list by lower-casing it word by word and trafilatura unions them word by word:
about 0.35 s of CPU per process for both. Here each list is lower-cased and split as one string
(the same words: tests/test_textdump.py compares every list with jusText's), and the index and
the union are built with set operations: about a fifth of the time.
"""

from __future__ import annotations

import pkgutil
from functools import lru_cache


@lru_cache(maxsize=1)
def stoplists() -> dict[str, frozenset[str]]:
    """Language name -> its stop words (lower case), in name order."""
    import justext

    return {name: frozenset(pkgutil.get_data("justext", f"stoplists/{name}.txt").decode("utf-8").lower().splitlines())
            for name in sorted(justext.get_stoplists())}


@lru_cache(maxsize=1)
def index() -> dict[str, tuple[str, ...]]:
    """Word -> the languages whose list has it, in name order."""
    found: dict[str, tuple[str, ...]] = {}
    for name, words in stoplists().items():
        seen = words & found.keys()  # words of earlier lists too: a few thousand of 178,000
        found.update(dict.fromkeys(words - seen, (name,)))
        for word in seen:
            found[word] += (name,)
    return found


def prime_trafilatura() -> None:
    """Give trafilatura's jusText fallback the union of all lists before it builds it itself (it
    reads `trafilatura.external.JT_STOPLIST` when set), and jusText's lower-cased copy of it."""
    from justext.core import define_stoplist
    from trafilatura import external

    if external.JT_STOPLIST is None:
        external.JT_STOPLIST = tuple(frozenset().union(*stoplists().values()))
    define_stoplist(external.JT_STOPLIST)  # cached by jusText, keyed by this tuple
