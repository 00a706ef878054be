"""The densest run of prose lines in a text dump: the text path's second reading (extractors/gate.py
decides when it replaces the rules' reading) and, alone, the baseline of bench/densest.py.

Each non-blank line of the dump is scored: a line of at least `MIN_WORDS` words that ends like a
sentence is worth its word count, any other line costs `COST`. The body is the run of lines with the
largest sum (Kadane's maximum-sum segment), non-prose lines inside it included.
"""

from __future__ import annotations

import re

MIN_WORDS = 10  # a sentence, not a menu item, a headline or a byline
COST = 2  # what a non-prose line costs: a few of them are crossed, a menu or footer of many is not
SENTENCE_END = re.compile(r"""[.!?…:;。！？]["'”’»)\]]*$""")
# A line this long is prose for `prose_share`: a headline, menu item or caption is shorter.
PROSE_LINE_CHARS = 100
# A text reads as prose with at least this share of its characters in such lines: a list of
# headlines (a tag page, an archive) is no article, whichever reading found it.
PROSE_SHARE = 0.5


def is_prose(line: str, words: int) -> bool:
    """Whether a line of `words` words reads as a sentence."""
    return words >= MIN_WORDS and SENTENCE_END.search(line) is not None


def prose_share(text: str) -> float:
    """The share of a text's characters in lines of PROSE_LINE_CHARS or more: a list of headlines
    has little, an article most."""
    return _long_share([len(line) for line in text.split("\n")])


def reads_as_prose(text: str) -> bool:
    """`prose_share` over the text's sentences as written, not as its source wrapped them."""
    return _long_share(_unwrapped_lengths(text)) >= PROSE_SHARE


def _long_share(lengths: list[int]) -> float:
    return sum(n for n in lengths if n >= PROSE_LINE_CHARS) / max(sum(lengths), 1)


# A line that goes on in lower case after one that ends no sentence is the same sentence, cut where
# the page's source wrapped it (hand-written HTML keeps its line breaks: "Should the sap on" / "the
# butt of" / "the tree have become..."); a list of headlines starts each line with a capital.
def goes_on(previous: str, line: str) -> bool:
    """`line` continues the sentence `previous` left open: the source wrapped it there."""
    return line[:1].islower() and not SENTENCE_END.search(previous)


def _unwrapped_lengths(text: str) -> list[int]:
    """The lengths of `text`'s lines with each wrapped sentence joined into one line again."""
    lengths: list[int] = []
    last = ""
    for line in filter(None, text.split("\n")):
        if lengths and goes_on(last, line):
            lengths[-1] += 1 + len(line)
        else:
            lengths.append(len(line))
        last = line
    return lengths


def densest_prose(dump: str) -> str:
    lines = [line.strip() for line in dump.splitlines() if line.strip()]
    best, best_span, run, start = 0.0, (0, 0), 0.0, 0
    for i, line in enumerate(lines):
        words = len(line.split())
        gain = words if is_prose(line, words) else -COST
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i + 1)
    return "\n\n".join(lines[best_span[0]:best_span[1]])
