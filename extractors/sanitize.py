"""Untrusted input made safe to process: text normalised, structure measured before it is parsed.

Everything here runs before a parser sees the input, in time linear in its size and without
recursion, so a hostile page or dump costs a bounded amount of work and fails, if at all, with an
`ExtractionError` that says why (README, "Bad input").
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any

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


def read_json(data: str | bytes, max_chars: int, what: str = "JSON") -> Any:
    """A JSON document from the web (JSON-LD, tdmrep.json), read within bounds: at most `max_chars`
    and MAX_JSON_DEPTH levels, checked before the parser recurses; any other failure is said in one
    line too. Raises ExtractionError (a ValueError)."""
    if len(data) > max_chars:
        raise ExtractionError(f"{what} is {len(data):,} bytes long (limit {max_chars:,})")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExtractionError(f"{what} is not UTF-8") from None
    if (depth := json_depth(data)) > MAX_JSON_DEPTH:
        raise ExtractionError(f"{what} nests {depth:,} levels deep (limit {MAX_JSON_DEPTH})")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # RecursionError: never past the depth check, but the parser's
        raise ExtractionError(f"{what} is not JSON: {str(exc)[:100]}") from None


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
HTML_WS = "\\t\\n\\f\\r "
_N = MAX_FORMATTING_VALUE
ATTRIBUTE = re.compile(rf"""[^{HTML_WS}/>][^{HTML_WS}/>=]*+(?:[{HTML_WS}]*+=[{HTML_WS}]*+(?:"[^"]*+(?:"|\\Z)|'[^']*+(?:'|\\Z)|[^{HTML_WS}>]*+))?""")
_ATTRIBUTES = re.compile(rf"""(?:[{HTML_WS}/]++(?:{ATTRIBUTE.pattern})?)*+""")
_TAG_NAME = re.compile(rf"<[A-Za-z][^{HTML_WS}/>]*+")
_SHORT_ATTRIBUTE = (rf"""[^{HTML_WS}/>][^{HTML_WS}/>=]*+(?:[{HTML_WS}]*+=[{HTML_WS}]*+(?:"[^"]{{0,{_N - 1}}}"|'[^']{{0,{_N - 1}}}'"""
                    rf"""|[^{HTML_WS}>"'][^{HTML_WS}>]{{0,{_N - 1}}}(?![^{HTML_WS}>])|(?=[{HTML_WS}/>]))|(?![{HTML_WS}]*+=))""")
_TAG_OVER_BOUNDS = re.compile(
    rf"""{_TAG_NAME.pattern}(?>[{HTML_WS}/]++{_SHORT_ATTRIBUTE}){{0,{MAX_ATTRIBUTES}}}+(?:(?=[{HTML_WS}/]++{_SHORT_ATTRIBUTE})"""
    rf"""|[{HTML_WS}/]++[^{HTML_WS}/>][^{HTML_WS}/>=]*+[{HTML_WS}]*+=[{HTML_WS}]*+"""
    rf"""(?P<value>"[^"]{{{_N}}}[^"]*+"?|'[^']{{{_N}}}[^']*+'?|[^{HTML_WS}>"'][^{HTML_WS}>]{{{_N}}}[^{HTML_WS}>]*+))""")
# What the parser builds beyond the markup's tags. A formatting element left open when its parent
# closes stays on the parser's "list of active formatting elements" and is cloned, attributes and
# all, at the next text or inline tag (the spec's "reconstruct the active formatting elements");
# closed with that paragraph, it is cloned again in the next one: 600 unclosed <b class=...> in a
# <div> closed before 6,000 paragraphs (105 kB) became 3.6 million elements (lexbor alone: 1.2 s
# and 1.3 GB; 14 s in all), 100 such tags with 4 kB values before 1,000 paragraphs 2 GB. The
# markup's formatting tags are replayed against a pessimistic model of that list (`_Clones`): an
# entry leaves it only when an end tag provably removes it, and every tag while it is open may be
# a reconstruction. Over either bound, the start tags of the entries that may be cloned are read
# as <span> (no formatting element, nothing to clone; the text stays). AEB pages: at most 1,107
# clones counted, 280 kB of markup (a few of them real).
MAX_CLONES = 10_000
MAX_CLONED_CHARS = 2_000_000
# A stray </p> makes an empty <p>, a </br> a <br>: counted with the start tags (100,000 of each,
# 900 kB, made 200,000 elements the start-tag count did not see: 3 s in trafilatura).
_P_START, _P_END, _BR_END = (re.compile(rf"<{tag}(?![^{HTML_WS}/>])", re.IGNORECASE) for tag in ("p", "/p", "/br"))
# The formatting tags (the HTML spec's list) and the start tags after which an end tag may leave
# an open formatting element on the list: out of scope behind a table, cell, caption, template,
# object, applet, marquee or MathML/SVG text point, or ignored inside a <select>.
_FORMATTING = "a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u"
_BOUNDARY = "applet|caption|table|td|th|marquee|object|template|select|mi|mo|mn|ms|mtext|annotation-xml|foreignobject|desc"
# Raw text is skipped to its end tag (a script's "<b" is no tag) and a comment to its end; a left
# open one runs to the end of the page, as for the parser.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext"
_END = rf"(?![^{HTML_WS}/>])"
_LONG_VALUE = (rf"""[{HTML_WS}/]++[^{HTML_WS}/>][^{HTML_WS}/>=]*+[{HTML_WS}]*+=[{HTML_WS}]*+"""
               rf"""(?P<{{}}>"[^"]{{{{{_N}}}}}[^"]*+"?|'[^']{{{{{_N}}}}}[^']*+'?|[^{HTML_WS}>"'][^{HTML_WS}>]{{{{{_N}}}}}[^{HTML_WS}>]*+)""")
_SHORT_ATTRIBUTES = rf"""(?>[{HTML_WS}/]++{_SHORT_ATTRIBUTE}){{0,{MAX_ATTRIBUTES}}}+"""
_TOO_MANY = rf"""(?=[{HTML_WS}/]++{_SHORT_ATTRIBUTE})"""
# One C-level pass over the page's tags finds, in order: raw text and comments (skipped), the
# formatting tags and scope boundaries (a few hundred on a real page), and any tag with more
# attributes than the limit or a 4 kB value (a few, if any).
_EVENTS = (rf"""<(?:(?P<raw>{_RAW_TEXT}){_END}[^<]*+(?:<(?!/(?P=raw){_END})[^<]*+)*+"""
           rf"""|!--[^-]*+(?:-(?!->)[^-]*+)*+"""
           rf"""|/(?P<end>{_FORMATTING}){_END}"""
           rf"""|(?P<pair>{_FORMATTING}){_END}{_SHORT_ATTRIBUTES}[{HTML_WS}/]*+>[^<]*+</(?P=pair)>"""
           rf"""|(?P<fmt>{_FORMATTING}){_END}{_SHORT_ATTRIBUTES}(?:{_TOO_MANY}|{_LONG_VALUE.format("fvalue")})?+"""
           rf"""|(?P<bound>{_BOUNDARY}){_END}"""
           rf"""UPPER|[A-Za-z][^{HTML_WS}/>]*+{_SHORT_ATTRIBUTES}(?:(?P<many>{_TOO_MANY})|{_LONG_VALUE.format("value")}))""")
# Case-sensitive matching of the names is four times faster; a page with an upper-case tag name
# (7 of 181 AEB pages) is read again with the case-insensitive pattern.
_TAG_CLOSE = re.compile(rf"[{HTML_WS}/]*+>?")
_MARKUP_EVENT = re.compile(_EVENTS.replace("UPPER", "|(?P<upper>/?[A-Z])"), re.DOTALL)
_MARKUP_EVENT_ANY_CASE = re.compile(_EVENTS.replace("UPPER", ""), re.IGNORECASE | re.DOTALL)


class _Entry:
    __slots__ = ("alive", "chars", "end", "name", "start", "time")

    def __init__(self, name: str, start: int, end: int, chars: int, time: int) -> None:
        self.name, self.start, self.end, self.chars, self.time, self.alive = name, start, end, chars, time, True


@dataclass
class _Clones:
    """The list of active formatting elements, pessimistically: every entry counts as cloned once
    for each tag met while it is on the list (a reconstruction needs a tag that popped it, at most
    one per tag), so the count is at least the parser's. O(1) a tag: no walk over the list."""

    live: int = 0
    live_chars: int = 0
    count: int = 0
    chars: int = 0
    boundary: int = -1  # the time of the last scope-boundary start tag
    passed: int = -1  # the time of the last event with tags before it while entries were live
    by_name: dict[str, list[_Entry]] = field(default_factory=dict)
    by_tag: dict[str, list[_Entry]] = field(default_factory=dict)
    cloned: list[_Entry] = field(default_factory=list)

    def tags_passed(self, tags: int, time: int) -> None:
        if tags and self.live:
            self.count += tags * self.live
            self.chars += tags * self.live_chars
            self.passed = time

    def push(self, entry: _Entry, tag: str) -> None:
        """A formatting start tag: an open <a> is closed first (if provably in scope); of three
        identical entries since the last boundary, the earliest leaves (the spec's limit)."""
        if entry.name == "a":
            self.end("a")
        twins = self.by_tag.setdefault(tag, [])
        recent = [e for e in twins[-3:] if e.alive and e.time > self.boundary]
        if len(recent) == 3:
            self._drop(recent[0])
        twins.append(entry)
        self.by_name.setdefault(entry.name, []).append(entry)
        self.live += 1
        self.live_chars += entry.chars

    def end(self, name: str) -> None:
        """A formatting end tag removes the last entry of its name, if nothing since its start can
        have put it out of scope."""
        stack = self.by_name.get(name)
        while stack and not stack[-1].alive:
            stack.pop()
        if stack and stack[-1].time > self.boundary:
            self._drop(stack.pop())

    def finish(self) -> list[_Entry]:
        """The entries that may have been cloned."""
        for stack in self.by_name.values():
            for entry in stack:
                if entry.alive:
                    self._drop(entry)
        return self.cloned

    def _drop(self, entry: _Entry) -> None:
        entry.alive = False
        self.live -= 1
        self.live_chars -= entry.chars
        if self.passed > entry.time:
            self.cloned.append(entry)


# A <title> never closed makes the parser read the rest of the page as the title's text (the HTML
# spec's RCDATA: no tag inside it counts), so a copy that lost its "</title>" (damaged or cut in
# transfer) has no body at all; 7 of L3S-GN1's 621 pages gave no article for it. Where the page has
# no "</title" after its first <title> (looked for in the head), the title ends with its first line,
# or before a "<" on it (what is left of a damaged end tag or of the next element). A first line that
# holds script code was spliced into the title by the damage ("BBC SPORTi library-->", "Title(The
# Korea Times)ntById("font");", "Gale to drive Nation'?' + OAS_query + '"): the title ends where the
# code starts, and a comment's end leaves no title at all (the line was the comment's text).
TITLE_HEAD_CHARS = 65536
_TITLE_OPEN = re.compile(rf"<title{_END}[^>]*+>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title", re.IGNORECASE)
_TITLE_LINE = re.compile(r"\s*+[^\n<]*+")  # the title's first line of text
# Script code: a call closed with a semicolon, a string concatenated; a comment's end means the whole
# line was inside a comment.
_TITLE_CODE = re.compile(r"[A-Za-z_$][\w$.]*\([\"'][^)]*\);|['\"?]*['\"]\s*\+\s*\w|\w\s*\+\s*['\"]|(?P<comment>-->)")


def close_title(text: str) -> str:
    """`text` with an unclosed <title> closed at the end of its first line of text, or where script
    code starts on it."""
    m = _TITLE_OPEN.search(text, 0, TITLE_HEAD_CHARS)
    if m is None or _TITLE_CLOSE.search(text, m.end()):
        return text
    at = _TITLE_LINE.match(text, m.end()).end()
    if (code := _TITLE_CODE.search(text, m.end(), at)) is not None:
        return f"{text[:m.end()]}{'' if code['comment'] else text[m.end():code.start()]}</title>{text[code.start():]}"
    return f"{text[:at]}</title>{text[at:]}"


def check_markup(text: str) -> str:
    """Refuse markup with more elements, or an element with more attributes, than a page can have
    and be parsed and read in bounded time; return it with long formatting-tag values emptied and
    formatting tags the parser would clone past the bounds read as <span>."""
    # A cheap bound first: most pages have fewer '<' than the limit.
    if text.count("<") > MAX_ELEMENTS:
        count = len(_START_TAG.findall(text))
        if count <= MAX_ELEMENTS:  # the end tags that make elements
            stray_p = len(_P_END.findall(text)) - len(_P_START.findall(text))
            count += max(stray_p, 0) + len(_BR_END.findall(text))
        if count > MAX_ELEMENTS:
            raise ExtractionError(f"page has {count:,} elements (limit {MAX_ELEMENTS:,})")
    edits = _edits(text, _MARKUP_EVENT)
    if edits is None:
        edits = _edits(text, _MARKUP_EVENT_ANY_CASE)
    if not edits:
        return text
    kept, pos = [], 0
    for start, end, replacement in sorted(edits):
        kept += (text[pos:start], replacement)
        pos = end
    return "".join(kept) + text[pos:]


def _edits(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int, str]] | None:
    """One pass over the page's tags: (start, end, replacement) for the long formatting values and,
    past the clone bounds, the names of the formatting tags that may be cloned; None at the first
    upper-case tag name when `pattern` matches names in lower case only."""
    edits: list[tuple[int, int, str]] = []
    clones = _Clones()
    last = 0  # where the tags not yet counted start
    for time, m in enumerate(pattern.finditer(text)):  # a few hundred on a real page
        kind = m.lastgroup
        if kind == "pair":  # closed around its text: pushed and removed with no tag between
            continue  # (its tags are counted with the next event's)
        if clones.live:
            clones.tags_passed(text.count("<", last, m.start() + 1), time)
        last = m.start() + 1
        if kind == "fmt" or kind == "fvalue":
            end, value = m.end(), m.group("fvalue")
            if value is not None or text.startswith(("/", " ", "\t", "\n", "\r", "\f"), end):
                end = _attributes_end(text, m)  # more attributes than the pattern took
            if value is not None:
                edits.append((m.start("fvalue"), m.end("fvalue"), '""'))
            chars = end - m.start() - (len(value) - 2 if value is not None else 0)
            entry = _Entry(m.group("fmt").lower(), m.start(), _TAG_CLOSE.match(text, end).end(), chars, time)
            clones.push(entry, text[m.start():end])
        elif kind == "end":
            clones.end(m.group("end").lower())
        elif kind == "bound":
            clones.boundary = time
        elif kind == "raw" or kind is None:
            last = m.end()  # markup in raw text and comments is no tag
        elif kind == "upper":
            return None
        else:  # a tag with too many attributes or a long value
            _attributes_end(text, m)
    clones.tags_passed(text.count("<", last) + 1, len(text))
    cloned = clones.finish()
    if clones.count > MAX_CLONES or clones.chars > MAX_CLONED_CHARS:
        dropped = sorted((e.start, e.end, "") for e in cloned)
        starts = [start for start, _, _ in dropped]
        # a value emptied inside a dropped tag goes with it
        edits = [e for e in edits if not (i := bisect_right(starts, e[0])) or dropped[i - 1][1] <= e[0]]
        edits += dropped
    return edits


def _attributes_end(text: str, m: re.Match[str]) -> int:
    """Refuse a tag with more attributes than the limit (counted past a long value too); return
    where its attributes end."""
    name = _TAG_NAME.match(text, m.start())
    attributes = _ATTRIBUTES.match(text, name.end())  # all of them, past a long value too
    if (n := len(ATTRIBUTE.findall(attributes.group(0)))) > MAX_ATTRIBUTES:
        raise ExtractionError(f"page has an element with {n:,} attributes (limit {MAX_ATTRIBUTES:,})")
    return attributes.end()


# Its XPath "//p//text()" is quadratic in the text nodes under one <p> (4,000 <i> in a paragraph of
# an AEB page: 3.8 s; 19,000: 170 s); real paragraphs hold a few dozen elements.
MAX_PARAGRAPH_ELEMENTS = 500


def flatten_crowded_paragraphs(tree: LexborHTMLParser) -> int:
    """Reduce each <p> holding more elements than a real paragraph to its text (its words stay,
    the markup inside goes); returns how many were reduced."""
    crowded = [p for p in tree.css("p") if len(p.css("*")) > MAX_PARAGRAPH_ELEMENTS]
    for p in crowded:
        p.inner_html = html.escape(p.text(deep=True, separator=""), quote=False)
    return len(crowded)
