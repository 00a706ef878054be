"""Selector tables matched in one walk over the tree, by token lookup instead of CSS matching.

lexbor tests every element against every selector of a list: the chrome table (about 90 simple
selectors) and the keep list cost 2.6 ms of CPU a page on AEB, close to the parse itself. The rows
stay CSS (readable, the notation themes are written in); they are compiled here into dictionaries
keyed by class token, id, tag and attribute name, so each element is looked up once (1.4 ms a
page, the walk included). Class and id compare without regard to case (as lexbor does on the
many pages in quirks mode).

The subset compiled: compound selectors of a type, `.class`, `#id` and `[attr]`, `[attr=v]`,
`[attr^=v]`, `[attr*=v]`, `[attr$=v]`, `[attr~=v]`, joined by the child combinator `>`. Anything
else (a descendant combinator, pseudo-classes) is rejected at compile time: a table must say
which element it means without a search of its ancestors, whose cost grows with the page's depth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

__all__ = ["Compound", "SelectorTable", "UnsupportedSelector"]


class UnsupportedSelector(ValueError):
    """A selector outside the compiled subset (raised when a table is compiled, never on a page)."""


_IDENT = r"-?[_a-zA-Z\u0080-\uffff][-\w\u0080-\uffff]*"
_VALUE = rf"""'[^']*'|"[^"]*"|{_IDENT}"""
# One part of a compound; parts follow each other without space (a space is a descendant combinator).
_PART = re.compile(
    rf"""(?P<tag>{_IDENT}|\*)|\.(?P<cls>{_IDENT})|\#(?P<id>[-\w]+)"""
    rf"""|\[\s*(?P<attr>{_IDENT})\s*(?:(?P<op>[\^*$~]?=)\s*(?P<value>{_VALUE})\s*)?\]"""
)

_OPS: dict[str, Callable[[str, str], bool]] = {
    "=": str.__eq__,
    "^=": lambda have, want: bool(want) and have.startswith(want),
    "*=": lambda have, want: bool(want) and want in have,
    "$=": lambda have, want: bool(want) and have.endswith(want),
    "~=": lambda have, want: want in have.split(),
}


@dataclass(frozen=True)
class Compound:
    """One compound selector (`ins.adsbygoogle`, `[id^='div-gpt-ad']`), with what its parent must
    match when it was written `A > B`."""

    tag: str | None = None
    classes: frozenset[str] = frozenset()
    id: str | None = None
    attrs: tuple[tuple[str, str | None, str], ...] = ()  # (name, op or None for presence, value)
    parent: Compound | None = None

    def matches(self, node: LexborNode, attrs: dict[str, str | None]) -> bool:
        if self.tag is not None and node.tag != self.tag:
            return False
        if self.id is not None and (attrs.get("id") or "").lower() != self.id:
            return False
        if self.classes and not self.classes.issubset((attrs.get("class") or "").lower().split()):
            return False
        for name, op, value in self.attrs:
            if name not in attrs:
                return False
            if op is not None and not _OPS[op](attrs[name] or "", value):
                return False
        if self.parent is not None:
            parent = node.parent
            return parent is not None and parent.tag is not None and self.parent.matches(parent, parent.attributes)
        return True


def _compound(text: str, selector: str) -> Compound:
    tag, classes, ident, attrs = None, [], None, []
    text, pos = text.strip(), 0
    while pos < len(text) or pos == 0:
        m = _PART.match(text, pos)
        if m is None or (m.group("tag") and pos > 0):
            raise UnsupportedSelector(f"{selector!r}: only type, class, id and attribute selectors joined by '>'")
        if m.group("tag"):
            tag = None if m.group("tag") == "*" else m.group("tag").lower()
        elif m.group("cls"):
            classes.append(m.group("cls").lower())
        elif m.group("id"):
            ident = m.group("id").lower()
        else:
            value = m.group("value") or ""
            attrs.append((m.group("attr").lower(), m.group("op"), value.strip("'\"") if value[:1] in "'\"" else value))
        pos = m.end()
    return Compound(tag, frozenset(classes), ident, tuple(attrs))


def _selector(text: str) -> Compound:
    """'A > B > C' -> C with parent B with parent A."""
    parent = None
    for part in text.split(">"):
        compound = _compound(part, text)
        parent = Compound(compound.tag, compound.classes, compound.id, compound.attrs, parent)
    assert parent is not None
    return parent


class SelectorTable:
    """Compound selectors indexed by what an element shows first: its id, a class token, its tag,
    or (for attribute-only selectors) an attribute name. `match` says which rule (index) an element
    belongs to, or -1."""

    def __init__(self, groups: Iterable[tuple[int, str]]) -> None:
        self.by_id: dict[str, list[tuple[Compound, int]]] = {}
        self.by_class: dict[str, list[tuple[Compound, int]]] = {}
        self.by_tag: dict[str, list[tuple[Compound, int]]] = {}
        by_attr: dict[str, list[tuple[Compound, int]]] = {}
        for rule, selector_list in groups:
            for text in _split_list(selector_list):
                c = _selector(text)
                if c.id is not None:
                    self.by_id.setdefault(c.id, []).append((c, rule))
                elif c.classes:
                    self.by_class.setdefault(min(c.classes), []).append((c, rule))
                elif c.tag is not None:
                    self.by_tag.setdefault(c.tag, []).append((c, rule))
                elif c.attrs:
                    by_attr.setdefault(c.attrs[0][0], []).append((c, rule))
                else:
                    raise UnsupportedSelector(f"{text!r} matches every element")
        # Attribute-only selectors: one regex per attribute says whether any of its values can match
        # (twelve `[class*=...]` rows would otherwise be twelve tests on every element with a class).
        self.by_attr: dict[str, tuple[re.Pattern[str] | None, list[tuple[Compound, int]]]] = {
            name: (_prefilter(name, entries), entries) for name, entries in by_attr.items()}

    def match(self, node: LexborNode, attrs: dict[str, str | None]) -> int:
        """The lowest rule index among the selectors `node` matches; -1 for none."""
        candidates = self.by_tag.get(node.tag or "", [])
        if attrs:
            more: list[tuple[Compound, int]] = []
            if (ident := attrs.get("id")) and (found := self.by_id.get(ident.lower())):
                more += found
            if cls := attrs.get("class"):
                # Each distinct token once on a long list: a hostile `class="share share ..."`
                # repeats one token 10^5 times, and adding its rows per repeat was quadratic.
                tokens = cls.lower().split()
                for token in tokens if len(tokens) < 16 else set(tokens):
                    if found := self.by_class.get(token):
                        more += found
            for name, value in attrs.items():
                if (entry := self.by_attr.get(name)) is not None and (entry[0] is None or entry[0].search(value or "")):
                    more += entry[1]
            if more:
                candidates = candidates + more
        best = -1
        for c, rule in candidates:
            if (best < 0 or rule < best) and c.matches(node, attrs):
                best = rule
        return best


def _prefilter(name: str, entries: list[tuple[Compound, int]]) -> re.Pattern[str] | None:
    values = []
    for c, _rule in entries:
        op, value = next((op, value) for attr, op, value in c.attrs if attr == name)
        if op is None or op == "~=":
            return None  # presence (or a token list): every element with the attribute is a candidate
        values.append(re.escape(value))
    return re.compile("|".join(values)) if values else None


def _split_list(selector_list: str) -> list[str]:
    """'a, b[title="x, y"]' -> ['a', 'b[title="x, y"]'] (commas inside quotes or brackets stay)."""
    out, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(selector_list):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(selector_list[start:i].strip())
            start = i + 1
    out.append(selector_list[start:].strip())
    return [s for s in out if s]
