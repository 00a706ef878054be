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
from collections.abc import Callable
from functools import lru_cache
from typing import Any


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


class _Defined:
    """jusText's `define_stoplist` (a list -> the frozenset of its words lower-cased), answering for
    the union handed to trafilatura with the set it was made from: the words are lower case
    already, and lower-casing them again one by one cost a sixth of a warm-up (0.1 s). Any other
    list goes to jusText's own function."""

    def __init__(self, original: Callable[[Any], frozenset[str]], union: tuple[str, ...], words: frozenset[str]) -> None:
        self.original, self.union, self.words = original, union, words

    def __call__(self, stoplist: Any) -> frozenset[str]:
        return self.words if stoplist is self.union else self.original(stoplist)


def prime_trafilatura() -> None:
    """Give trafilatura's jusText fallback the union of all lists before it builds it itself (it
    reads `trafilatura.external.JT_STOPLIST` when set), and jusText the set of its words."""
    from justext import core
    from trafilatura import external

    if external.JT_STOPLIST is None:
        words = frozenset().union(*stoplists().values())
        external.JT_STOPLIST = tuple(words)
        original = getattr(core.define_stoplist, "original", core.define_stoplist)
        core.define_stoplist = _Defined(original, external.JT_STOPLIST, words)  # read by classify_paragraphs
