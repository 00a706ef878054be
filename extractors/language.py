"""The language of an article, read from its own text.

py3langid (a maintained fork of langid.py, the detector trafilatura uses) ships its model inside the
package: no download at run time, 97 languages, any script. Its probabilities are calibrated by text
length, so the confidence means the same for a short and a long text. The page's declared language
(`<html lang>`) is often a template default (`en-US` on a Korean page), so it only breaks a near-tie
on a very short text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# The language of an article shows in any 800 characters of it; reading more only costs time
# (on the 181 AEB bodies, 800, 1,000 and 2,000 sampled characters all give the language of the
# whole text every time; 800 cost 1.8 ms a text, 2,000 cost 3.6 ms). A longer text is read in
# SAMPLE_WINDOWS windows spread over it, so a head of leftover chrome (a language picker naming
# thirty languages) cannot outvote the body.
SAMPLE_CHARS = 800
SAMPLE_WINDOWS = 4
# Below this many characters the model starts to disagree with itself on the whole text (AEB bodies
# cut to 150 characters: 1 of 181 differs; to 60: 6 of 181): there the declared language may decide.
SHORT_CHARS = 200
# On a short text the declared language wins when the model gives it at least this share of the
# probability of its own best guess (a near-tie), never when the model rules it out.
TIE_SHARE = 0.1
# Confidence is recorded to this many decimals: more is noise.
DECIMALS = 3


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """Loaded once per process: mapped from the unpacked copy in the cache (a few ms), built there on
    the machine's first use (about 0.7 s, py3langid unpacking its model: extractors/langmodel.py)."""
    from extractors.langmodel import load_identifier

    return load_identifier()


def _code(declared: str | None) -> str | None:
    """`en-US` -> `en`: the model speaks ISO 639-1 codes."""
    return declared.split("-")[0].lower() if declared else None


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    step = (len(text) - width) // (SAMPLE_WINDOWS - 1)
    return "\n".join(text[i * step:i * step + width] for i in range(SAMPLE_WINDOWS))


def identify(text: str, declared: str | None = None) -> tuple[str | None, float | None]:
    """(language, confidence) of `text`; `declared` only decides a near-tie on a very short text.
    A text without a letter has no language of its own: the declared one (confidence None), or None."""
    sample = _sample(text)
    declared = _code(declared)
    if not any(ch.isalpha() for ch in sample):
        return declared, None
    ident = _identifier()
    if declared is None or len(sample.strip()) >= SHORT_CHARS:
        lang, prob = ident.classify(sample)
        return lang, round(float(prob), DECIMALS)
    ranked = ident.rank(sample)
    lang, prob = ranked[0]
    declared_prob = dict(ranked).get(declared)
    if declared != lang and declared_prob is not None and declared_prob >= TIE_SHARE * prob:
        lang, prob = declared, declared_prob
    return lang, round(float(prob), DECIMALS)


def guess_language(text: str) -> str | None:
    """The language of `text` alone (no declared language to weigh)."""
    return identify(text)[0]


def settle_declared(article: Any, declared: str | None) -> None:
    """The HTML path knows the page's declared language: on a very short text (or one without
    letters) it may break the tie. Longer texts keep what their own words say."""
    if declared and (article.language is None or len(article.text.strip()) < SHORT_CHARS):
        article.language, article.language_confidence = identify(article.text, declared)
