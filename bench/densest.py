"""The "densest run of prose lines" baseline: what a twenty-line heuristic gets from a text dump.

The function lives in the library (extractors/densest.py), where the text path reads it as its
second reading; alone, it is this baseline. A text path that does not beat it on a source has
learned nothing that transfers to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.densest import COST, MIN_WORDS, SENTENCE_END, densest_prose  # noqa: E402

__all__ = ["COST", "MIN_WORDS", "SENTENCE_END", "densest_prose"]
