"""What a publisher says about reuse of a page: robots directives and the TDM Reservation Protocol.

Scrapy-free. The page's own markup (`<meta name="robots">`, `<meta name="tdm-reservation">`) is read
by `page_rights` on the HTML path; what only a crawl sees (the `X-Robots-Tag`, `tdm-reservation` and
`tdm-policy` response headers, the site's `/.well-known/tdmrep.json`) is parsed by the functions here
and folded in with `merge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from extractors.article import Rights
from extractors.sanitize import read_json

# Robots directives that carry a value after a colon: "max-snippet: 50" is one directive, while
# "googlebot: noindex" is addressed to one robot only and is not recorded.
VALUED_DIRECTIVES = frozenset({"max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"})
# A directive is a short token; anything longer is a broken header, not a directive.
DIRECTIVE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,40}(?::\s*\S.{0,60})?$")
# <meta name="..."> values that address every robot (bot-specific names such as "googlebot" are
# addressed to one crawler only).
ROBOTS_META_NAMES = frozenset({"robots"})
# Where a TDM reservation was read; when sources disagree, a reservation from any of them wins
# (a dataset that must respect opt-outs errs on the publisher's side), else the first in this order.
TDM_SOURCES = ("header", "meta", "tdmrep.json")
# tdmrep.json is a small list of rules; a larger file is not one.
TDMREP_MAX_BYTES = 1 << 20
TDMREP_MAX_RULES = 10_000
TDMREP_MAX_LOCATION = 2_000  # characters of a rule's path pattern (a URL path is shorter)
TDM_POLICY_MAX_CHARS = 2_000  # a policy is a URL; a longer value (header or file) is not recorded


@dataclass(frozen=True)
class TdmSignal:
    """One TDMRep answer: reserved (True), not reserved (False), with an optional policy URL."""

    reservation: bool
    policy: str | None
    source: str


@dataclass(frozen=True)
class TdmRule:
    """One entry of a site's tdmrep.json: a path pattern (`*` any characters, a final `$` the end),
    kept as its literal parts: matched by finding them in order (linear in the path; a regex of many
    `.*` backtracks exponentially on a path it does not match)."""

    parts: tuple[str, ...]
    anchored: bool
    reservation: bool
    policy: str | None

    def matches(self, path: str) -> bool:
        first, *middle = self.parts
        if not path.startswith(first):
            return False
        if not middle:
            return path == first if self.anchored else True
        *middle, last = middle
        pos = len(first)
        for part in middle:
            pos = path.find(part, pos)
            if pos < 0:
                return False
            pos += len(part)
        if self.anchored:
            return len(path) - len(last) >= pos and path.endswith(last)
        return path.find(last, pos) >= 0


def robots_directives(*values: str | None) -> list[str]:
    """Directives addressed to every robot in `X-Robots-Tag` or robots-meta values, lower-cased,
    first-seen order: "noindex, NoAI" -> ["noindex", "noai"]; "googlebot: noindex" -> []."""
    out: list[str] = []
    for value in values:
        for token in (value or "").split(","):
            token = " ".join(token.split()).lower()
            head, colon, rest = token.partition(":")
            if colon and head.strip() not in VALUED_DIRECTIVES:
                continue  # "<robot>: directive" is for that robot only
            if DIRECTIVE_RE.match(token) and token not in out:
                out.append(token)
    return out


def reservation(value: Any) -> bool | None:
    """TDMRep's `tdm-reservation`: 1 reserved, 0 not reserved; anything else says nothing."""
    text = str(value).strip() if value is not None else ""
    return {"1": True, "0": False}.get(text)


def signal(value: Any, policy: Any, source: str) -> TdmSignal | None:
    reserved = reservation(value)
    if reserved is None:
        return None
    return TdmSignal(reserved, _policy(policy), source)


def page_rights(tree: LexborHTMLParser) -> Rights:
    """The page's robots meta directives and its `tdm-reservation` / `tdm-policy` meta."""
    robots: list[str] = []
    tdm: dict[str, str] = {}
    for node in tree.css("meta[name][content]"):
        name = (node.attributes.get("name") or "").strip().lower()
        content = node.attributes.get("content") or ""
        if name in ROBOTS_META_NAMES:
            robots += [d for d in robots_directives(content) if d not in robots]
        elif name in ("tdm-reservation", "tdm-policy"):
            tdm.setdefault(name, content)
    found = signal(tdm.get("tdm-reservation"), tdm.get("tdm-policy"), "meta")
    return merge(Rights(robots=robots), [], [found] if found else [])


def parse_tdmrep(data: bytes) -> list[TdmRule]:
    """The rules of a `/.well-known/tdmrep.json` (a JSON list of {location, tdm-reservation,
    tdm-policy}); entries that are not rules are skipped. Raises ValueError for a file that is not
    such a list."""
    doc = read_json(data, TDMREP_MAX_BYTES, "tdmrep.json")  # size and depth bounded: 200,000 '[' are refused
    if not isinstance(doc, list):
        raise ValueError("tdmrep.json is not a list of rules")
    rules: list[TdmRule] = []
    for entry in doc[:TDMREP_MAX_RULES]:
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            continue
        reserved = reservation(entry.get("tdm-reservation"))
        if reserved is None:
            continue
        location = entry["location"].strip()
        if len(location) > TDMREP_MAX_LOCATION:
            continue
        rules.append(TdmRule(tuple(location.removesuffix("$").split("*")), location.endswith("$"), reserved,
                             _policy(entry.get("tdm-policy"))))
    return rules


def _policy(value: Any) -> str | None:
    """A policy URL as given, if it is one a record can carry (a string, not absurdly long)."""
    policy = value.strip() if isinstance(value, str) else ""
    return policy if policy and len(policy) <= TDM_POLICY_MAX_CHARS else None


def tdmrep_signal(rules: list[TdmRule], path: str) -> TdmSignal | None:
    """The first rule whose location matches `path` (path and query of the page's URL)."""
    for rule in rules:
        if rule.matches(path or "/"):
            return TdmSignal(rule.reservation, rule.policy, "tdmrep.json")
    return None


def merge(rights: Rights, robots: list[str], signals: list[TdmSignal]) -> Rights:
    """`rights` with further robots directives and TDM signals folded in: a reservation from any
    source wins over a "not reserved"; among equals the source earlier in TDM_SOURCES."""
    directives = list(rights.robots) + [d for d in robots if d not in rights.robots]
    candidates = list(signals)
    if rights.tdm_reservation is not None:
        candidates.append(TdmSignal(rights.tdm_reservation, rights.tdm_policy, rights.tdm_source or "meta"))
    if not candidates:
        return Rights(robots=directives)
    best = min(candidates, key=lambda s: (not s.reservation, TDM_SOURCES.index(s.source)
                                          if s.source in TDM_SOURCES else len(TDM_SOURCES)))
    return Rights(robots=directives, tdm_reservation=best.reservation, tdm_policy=best.policy,
                  tdm_source=best.source)
