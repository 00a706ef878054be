"""Untrusted input made safe to process: text normalised, structure measured before it is parsed.

Everything here runs before a parser sees the input, in time linear in its size and without
recursion, so a hostile page or dump costs a bounded amount of work and fails, if at all, with an
`ExtractionError` that says why (README, "Bad input").
"""

from __future__ import annotations

import html
import re
from itertools import accumulate
from typing import TYPE_CHECKING

from extractors.errors import ExtractionError

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

# --- text ------------------------------------------------------------------------------------------
# Line and page breaks other than \n that str.splitlines() honours; a dump means a new line by them.
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 controls (but tab, LF, CR), DEL and the C1 controls cp1252 leaves undefined: never text.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\x81\x8d\x8f\x90\x9d]")
# The other C1 controls in a str are cp1252 bytes read as Latin-1 (curly quotes, dashes, euro).
_C1_AS_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0) if c not in (0x81, 0x85, 0x8D, 0x8F, 0x90, 0x9D)}


def fix_surrogates(text: str) -> str:
    """Surrogate pairs joined, lone surrogates (surrogateescape'd bytes, a broken UTF-16 source)
    replaced by U+FFFD: what is left always encodes as UTF-8."""
    try:
        text.encode("utf-8")  # in C, a fifth of the time a regex search for surrogates takes
        return text
    except UnicodeEncodeError:
        pass
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_text(text: str) -> str:
    """A text dump as the rules expect it: valid Unicode, no control characters, breaks as \\n."""
    text = fix_surrogates(text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return text.translate(_C1_AS_CP1252)


# --- JSON ------------------------------------------------------------------------------------------
# Real JSON documents and JSON-LD blocks nest a few levels (schema.org graphs: < 10); the json
# module recurses once per level and fails at the interpreter's recursion limit.
MAX_JSON_DEPTH = 64
# A string runs to its closing quote or, unterminated, to the end: each character is read once.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """Deepest bracket nesting outside strings, counted without parsing (no recursion)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


# --- markup ----------------------------------------------------------------------------------------
# trafilatura's XPath passes are quadratic in the elements of a page: 100,000 tiny <p> added to an
# AEB page took up to 63 s. With up to 20,000 start tags in all, the slowest of 15 AEB pages with
# the costliest tiny element added took 2.6 s of CPU (25,000: 3.7 s; 30,000: 5.1 s). The largest
# AEB page has 1,737 start tags; browsers' DOM-size audits warn from 1,400 elements.
MAX_ELEMENTS = 20_000
_START_TAG = re.compile(r"<[A-Za-z]")
# lexbor and libxml2 both look for a duplicate before adding an attribute: quadratic in the
# attributes of one element (20,000: 1.3 s to parse, 40,000: 5.3 s; 300,000 took over 14 minutes).
# Real elements carry a few dozen.
MAX_ATTRIBUTES = 1_000
# A formatting element (<a>, <b>, <s>, <font>...) left open is cloned by the HTML parser each time
# an element opens after its parent closed (the spec's "reconstruct the active formatting
# elements"), attributes and all: one 1 MB attribute on an unclosed <s> became 150 copies, 154 MB
# of markup and 900 MB of peak memory (bench/fuzz.py). Such a value is never text (real links and
# titles are far shorter; no AEB page has one over 4 kB), so it is emptied before the parse.
MAX_FORMATTING_VALUE = 4096
FORMATTING_TAGS = frozenset(["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"])
# A start tag read as the HTML tokenizer reads it: a name, then attributes (after HTML's whitespace,
# or '/'), whose values may be quoted (holding '>' and spaces) or run to the end of an unterminated
# quote. Possessive and atomic, so each character is read once. One C-level pass over the page's
# tags stops only at a tag with more attributes than the limit, or at a value of 4 kB or more (no
# Python step per tag: a loop over the tags cost 2 ms a page).
_WS = "\\t\\n\\f\\r "
_N = MAX_FORMATTING_VALUE
_ATTRIBUTE = re.compile(rf"""[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]*+(?:"|\\Z)|'[^']*+(?:'|\\Z)|[^{_WS}>]*+))?""")
_ATTRIBUTES = re.compile(rf"""(?:[{_WS}/]++(?:{_ATTRIBUTE.pattern})?)*+""")
_TAG_NAME = re.compile(rf"<[A-Za-z][^{_WS}/>]*+")
_SHORT_ATTRIBUTE = (rf"""[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:"[^"]{{0,{_N - 1}}}"|'[^']{{0,{_N - 1}}}'"""
                    rf"""|[^{_WS}>"'][^{_WS}>]{{0,{_N - 1}}}(?![^{_WS}>])|(?=[{_WS}/>]))|(?![{_WS}]*+=))""")
_TAG_OVER_BOUNDS = re.compile(
    rf"""{_TAG_NAME.pattern}(?>[{_WS}/]++{_SHORT_ATTRIBUTE}){{0,{MAX_ATTRIBUTES}}}+(?:(?=[{_WS}/]++{_SHORT_ATTRIBUTE})"""
    rf"""|[{_WS}/]++[^{_WS}/>][^{_WS}/>=]*+[{_WS}]*+=[{_WS}]*+"""
    rf"""(?P<value>"[^"]{{{_N}}}[^"]*+"?|'[^']{{{_N}}}[^']*+'?|[^{_WS}>"'][^{_WS}>]{{{_N}}}[^{_WS}>]*+))""")
# Its XPath "//p//text()" is quadratic in the text nodes under one <p> (4,000 <i> in a paragraph of
# an AEB page: 3.8 s; 19,000: 170 s); real paragraphs hold a few dozen elements.
MAX_PARAGRAPH_ELEMENTS = 500


def check_markup(text: str) -> str:
    """Refuse markup with more elements, or an element with more attributes, than a page can have
    and be parsed and read in bounded time; return it with long formatting-tag values emptied."""
    # A cheap bound first: most pages have fewer '<' than the limit.
    if text.count("<") > MAX_ELEMENTS and (count := len(_START_TAG.findall(text))) > MAX_ELEMENTS:
        raise ExtractionError(f"page has {count:,} elements (limit {MAX_ELEMENTS:,})")
    kept, pos = [], 0
    for odd in _TAG_OVER_BOUNDS.finditer(text):  # a few tags on a real page (SVG paths, inline scripts)
        name = _TAG_NAME.match(text, odd.start())
        attributes = _ATTRIBUTES.match(text, name.end()).group(0)  # all of them, past a long value too
        if (n := len(_ATTRIBUTE.findall(attributes))) > MAX_ATTRIBUTES:
            raise ExtractionError(f"page has an element with {n:,} attributes (limit {MAX_ATTRIBUTES:,})")
        if odd.group("value") is not None and name.group(0)[1:].lower() in FORMATTING_TAGS:
            kept += (text[pos:odd.start("value")], '""')
            pos = odd.end()
    return "".join(kept) + text[pos:] if kept else text


def flatten_crowded_paragraphs(tree: LexborHTMLParser) -> int:
    """Reduce each <p> holding more elements than a real paragraph to its text (its words stay,
    the markup inside goes); returns how many were reduced."""
    crowded = [p for p in tree.css("p") if len(p.css("*")) > MAX_PARAGRAPH_ELEMENTS]
    for p in crowded:
        p.inner_html = html.escape(p.text(deep=True, separator=""), quote=False)
    return len(crowded)
