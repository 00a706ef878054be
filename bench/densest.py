"""The "densest run of prose lines" baseline: what a twenty-line heuristic gets from a text dump.

Each non-blank line of the dump is scored: a line of at least `MIN_WORDS` words that ends like a
sentence is worth its word count, any other line costs `COST`. The body is the run of lines with the
largest sum (Kadane's maximum-sum segment), non-prose lines inside it included. A text path that
does not beat this on a source has learned nothing that transfers to it.
"""

from __future__ import annotations

import re

MIN_WORDS = 10  # a sentence, not a menu item, a headline or a byline
COST = 2  # what a non-prose line costs: a few of them are crossed, a menu or footer of many is not
SENTENCE_END = re.compile(r"""[.!?…:;。！？]["'”’»)\]]*$""")


def densest_prose(dump: str) -> str:
    lines = [line.strip() for line in dump.splitlines() if line.strip()]
    best, best_span, run, start = 0.0, (0, 0), 0.0, 0
    for i, line in enumerate(lines):
        words = len(line.split())
        gain = words if words >= MIN_WORDS and SENTENCE_END.search(line) else -COST
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i + 1)
    return "\n\n".join(lines[best_span[0]:best_span[1]])
