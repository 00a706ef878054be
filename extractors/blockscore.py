"""The learned block scorer of the HTML path: which blocks of a page are its main content.

Every block of the page (a paragraph, heading, list item, table row, a run of loose text cut by
<br>) gets a probability of being content from gradient-boosted trees over features a person can
name: its text (length, sentence punctuation, function words, digits, link text), its markup (tag,
depth, the class and id words of its ancestors, whether the chrome table would remove it), its
place (position, the box it shares with its neighbours) and, stacked on the rules, whether
trafilatura's first opinion and our own reading kept it. Why learned: hand rules chosen on one
benchmark deleted body text on layouts nobody tuned them on (issue 16); the trees weigh the same
evidence, trained leave-one-source-out (`bench/train_blocks.py`).

Runtime: numpy only; the trees are evaluated by `extractors.linetagger.Trees`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from extractors.dom import HEADING_TAGS, DomBlock, blocks_of

__all__ = ["Candidate", "candidates"]

# Words of class and id attributes, by what they say of an element (substrings of the lower-cased
# attribute: "articleBody", "post-content" and "entry_text" all say content).
TOKEN_GROUPS: dict[str, tuple[str, ...]] = {
    "content": ("article", "content", "entry", "post", "story", "body", "text", "main", "blog", "prose", "rich"),
    "comment": ("comment", "reply", "respond", "discuss", "disqus"),
    "nav": ("nav", "menu", "breadcrumb", "masthead", "topbar", "toolbar", "pagination", "pager"),
    "header": ("header", "head", "banner", "hero", "title"),
    "footer": ("footer", "foot", "copyright", "legal", "bottom"),
    "side": ("sidebar", "aside", "widget", "rail", "column", "col-"),
    "related": ("related", "recommend", "more", "trending", "popular", "teaser", "promo", "next", "latest"),
    "share": ("share", "social", "follow", "subscribe", "newsletter", "signup"),
    "ad": ("ad-", "ads", "advert", "sponsor", "dfp", "gpt", "outbrain", "taboola"),
    "meta": ("author", "byline", "date", "time", "meta", "tag", "categor", "info"),
    "media": ("caption", "credit", "figure", "photo", "image", "img", "gallery", "video", "media"),
    "hidden": ("hidden", "sr-only", "screen-reader", "visually", "offscreen", "modal", "popup", "cookie"),
    "forum": ("forum", "thread", "topic", "message", "bbcode", "quote", "signature", "answer", "question"),
    "product": ("product", "price", "description", "review", "spec", "detail", "feature"),
    "list": ("list", "item", "card", "grid", "tile", "result", "feed", "archive"),
    "doc": ("doc", "markdown", "highlight", "code", "api", "toc", "manual", "wiki"),
}
GROUPS = tuple(TOKEN_GROUPS)
_GROUP_OF = {word: i for i, words in enumerate(TOKEN_GROUPS.values()) for word in words}
_TOKEN_RE = re.compile("|".join(sorted(map(re.escape, _GROUP_OF), key=len, reverse=True)))
# Tags that say what an element is, whatever its classes.
TAG_GROUPS: dict[str, str] = {
    "nav": "nav", "header": "header", "footer": "footer", "aside": "side", "article": "content",
    "main": "content", "form": "form", "table": "table", "ul": "list", "ol": "list", "dl": "list",
    "blockquote": "quote", "figure": "media", "pre": "code", "code": "code",
}
CONTEXT_FLAGS = (*GROUPS, "form", "table", "quote", "code")
_FLAG_BIT = {name: 1 << i for i, name in enumerate(CONTEXT_FLAGS)}


@dataclass
class _Context:
    """What an element's ancestors (itself included) say: flags set by their class, id and tag,
    nesting depth; looked up once per element and shared by every block below it."""

    flags: int  # any ancestor says so
    own: int  # the element itself says so
    near: int  # it or one of its two nearest ancestors says so
    depth: int
    chrome: bool = False  # it or an ancestor is removed by the chrome table


def _own_flags(node: LexborNode) -> int:
    flags = _FLAG_BIT.get(TAG_GROUPS.get(node.tag or "", ""), 0)
    attrs = node.attributes
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if len(words) > 1:
        for m in _TOKEN_RE.finditer(words.lower()[:400]):
            flags |= 1 << _GROUP_OF[m.group(0)]
    return flags


class _Contexts(dict[int, _Context]):
    """Element (mem_id) -> its context, computed walking down from the nearest known ancestor."""

    def __init__(self, doomed: set[int]) -> None:
        super().__init__()
        self.doomed = doomed

    def of(self, node: LexborNode | None) -> _Context:
        if node is None:
            return _ROOT_CONTEXT
        known = self.get(node.mem_id)
        if known is not None:
            return known
        chain = []
        up = node
        while up is not None and up.mem_id not in self and up.tag not in ("html", "-document"):
            chain.append(up)
            up = up.parent
        parent = self.get(up.mem_id, _ROOT_CONTEXT) if up is not None else _ROOT_CONTEXT
        grand = parent  # the context two levels up, for `near`
        for el in reversed(chain):
            own = _own_flags(el)
            ctx = _Context(parent.flags | own, own, own | parent.own | grand.own, parent.depth + 1,
                           parent.chrome or el.mem_id in self.doomed)
            self[el.mem_id] = ctx
            grand, parent = parent, ctx
        return parent


_ROOT_CONTEXT = _Context(0, 0, 0, 0)


@dataclass
class Candidate:
    """One block of the page with the evidence read from the markup before cleaning."""

    block: DomBlock
    context: _Context
    in_anchor: bool = False
    in_region: bool = False
    chrome: bool = False  # the chrome table removes it
    link: float = 0.0  # share of its text in links (read now: the element may be removed later)
    box_blocks: int = 1  # blocks sharing its box


def candidates(root: LexborNode, anchor: LexborNode | None, region: LexborNode | None,
               doomed: list[LexborNode]) -> list[Candidate]:
    """Every block under `root` with its markup context, read before the `doomed` chrome goes."""
    blocks = blocks_of(root, spaced=True)
    contexts = _Contexts({n.mem_id for n in doomed})
    anchor_id = anchor.mem_id if anchor is not None else None
    region_id = region.mem_id if region is not None else None
    out = []
    box_count: dict[int, int] = {}
    for b in blocks:
        node = b.node if b.node is not None else b.box
        ctx = contexts.of(node)
        box = b.box.mem_id if b.box is not None else 0
        box_count[box] = box_count.get(box, 0) + 1
        out.append(Candidate(b, ctx, chrome=ctx.chrome, link=b.link_share()))
    if anchor_id is not None or region_id is not None:
        for c in out:
            c.in_anchor, c.in_region = _under(c.block, anchor_id, region_id)
    for c in out:
        c.box_blocks = box_count.get(c.block.box.mem_id if c.block.box is not None else 0, 1)
    return out


def _under(block: DomBlock, anchor_id: int | None, region_id: int | None) -> tuple[bool, bool]:
    in_anchor = in_region = False
    node = block.node if block.node is not None else block.box
    while node is not None:
        if node.mem_id == anchor_id:
            in_anchor = True
        if node.mem_id == region_id:
            in_region = True
        node = node.parent
    return in_anchor, in_region


# --- text features ---------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*$")
_PUNCT = re.compile(r"[.,;:!?。，、]")
_UPPER_START = re.compile(r"^[^\W\d_]")
TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "dt", "dd", "caption", "figcaption", "address")


def text_features(text: str, function: frozenset[str]) -> list[float]:
    words = _WORD.findall(text)
    n = len(words)
    chars = len(text)
    folded = [w.casefold() for w in words]
    func = sum(w in function for w in folded) / n if n and function else -1.0
    caps = sum(1 for w in words if w[0].isupper()) / n if n else 0.0
    return [
        math.log1p(chars), math.log1p(n),
        sum(map(len, words)) / n if n else 0.0,
        1.0 if _SENTENCE_END.search(text) else 0.0,
        len(_PUNCT.findall(text)) / max(n, 1),
        len(_DIGIT.findall(text)) / max(chars, 1),
        caps, func,
        1.0 if text[:1].islower() else 0.0,
    ]


TEXT_FEATURES = ("log_chars", "log_words", "word_len", "sentence_end", "punct_per_word", "digit_share",
                 "capital_share", "function_share", "lower_start")


def tag_code(block: DomBlock) -> list[float]:
    tag = block.tag
    return [
        1.0 if block.run_links is not None else 0.0,  # loose text (a run cut by <br> or blocks)
        1.0 if tag == "p" and block.run_links is None else 0.0,
        1.0 if tag == "li" else 0.0,
        1.0 if tag in HEADING_TAGS else 0.0,
        float(int(tag[1])) if tag in HEADING_TAGS else 0.0,
        1.0 if tag in ("tr", "dt", "dd") else 0.0,
        1.0 if tag in ("caption", "figcaption") else 0.0,
        1.0 if tag == "pre" else 0.0,
    ]


TAG_FEATURES = ("is_run", "is_p", "is_li", "is_heading", "heading_level", "is_row", "is_caption", "is_pre")


# --- the feature matrix ------------------------------------------------------------------------------
NEIGHBOURS = (-2, -1, 1, 2)
NEIGHBOUR_FEATURES = ("log_chars", "link_share", "traf_kept", "rules_kept", "sentence_end", "is_heading")


@dataclass(frozen=True)
class PageEvidence:
    """What the rules found on the whole page, for every block's row."""

    traf_text: str  # trafilatura's first (or second) opinion, as text
    rules_text: str  # our reading with the rules (repair, related-list cut)
    has_anchor: bool
    has_region: bool
    types: tuple[str, ...]  # og:type and JSON-LD @types (`PageMeta.types`)


def _grams(text: str) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < 3:
        return {tuple(tokens)} if tokens else set()
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


_TOKEN = re.compile(r"\w+")


def kept_share(text: str, joined: str, grams: set[tuple[str, ...]]) -> float:
    """Share of the block that is in the kept text: 1.0 when found whole, else its share of word
    trigrams found (trafilatura drops some inline elements, so the same paragraph can differ)."""
    flat = " ".join(text.split())
    if not flat:
        return 0.0
    if flat in joined:
        return 1.0
    own = _grams(flat)
    if not own:
        return 0.0
    return len(own & grams) / len(own)


# What og:type and JSON-LD @type say of the page, by kind (schema.org and Open Graph names).
PAGE_TYPES: dict[str, frozenset[str]] = {
    "article": frozenset({"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                          "opinionnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "liveblogposting"}),
    "product": frozenset({"product", "og:product", "productgroup", "offer", "aggregateoffer", "product.item"}),
    "forum": frozenset({"discussionforumposting", "qapage", "question", "answer", "comment", "socialmediaposting"}),
    "collection": frozenset({"collectionpage", "itemlist", "searchresultspage", "offercatalog", "website"}),
    "doc": frozenset({"techarticle", "apireference", "howto", "faqpage", "course", "learningresource"}),
    "service": frozenset({"service", "localbusiness", "organization", "professionalservice", "aboutpage",
                          "contactpage", "event", "recipe"}),
    "webpage": frozenset({"webpage"}),
}


def rows(cands: Sequence[Candidate], page: PageEvidence, function: frozenset[str]) -> list[list[float]]:
    """One row of features per candidate, in page order."""
    n = len(cands)
    traf_joined = " ".join(page.traf_text.split())
    rules_joined = " ".join(page.rules_text.split())
    traf_grams, rules_grams = _grams(traf_joined), _grams(rules_joined)
    total_chars = sum(len(c.block.text) for c in cands) or 1
    own: list[list[float]] = []
    small: list[list[float]] = []
    before = 0
    for i, c in enumerate(cands):
        b = c.block
        text_f = text_features(b.text, function)
        tag_f = tag_code(b)
        link = c.link
        traf = kept_share(b.text, traf_joined, traf_grams)
        rules = kept_share(b.text, rules_joined, rules_grams)
        ctx = c.context
        flags = [float(bool(ctx.flags & bit)) for bit in _BITS]
        near = [float(bool(ctx.near & bit)) for bit in _BITS]
        row = [
            *text_f, *tag_f, link, 1.0 if link > 0.9 else 0.0,
            traf, rules, float(c.in_anchor), float(c.in_region), float(c.chrome),
            float(ctx.depth), math.log1p(c.box_blocks),
            i / n, before / total_chars,
            *flags, *near,
        ]
        before += len(b.text)
        own.append(row)
        small.append([text_f[0], link, traf, rules, text_f[3], tag_f[3]])
    page_row = [
        math.log1p(n), math.log1p(total_chars),
        len(traf_joined) / total_chars, len(rules_joined) / total_chars,
        float(page.has_anchor), float(page.has_region),
        *(float(any(t in words for t in page.types)) for words in PAGE_TYPES.values()),
    ]
    pad = [-1.0] * len(NEIGHBOUR_FEATURES)
    out = []
    for i, row in enumerate(own):
        neigh = [v for k in NEIGHBOURS for v in (small[i + k] if 0 <= i + k < n else pad)]
        out.append(row + neigh + page_row)
    return out


_BITS = tuple(1 << i for i in range(len(CONTEXT_FLAGS)))
FEATURE_NAMES: tuple[str, ...] = (
    *TEXT_FEATURES, *TAG_FEATURES, "link_share", "all_link",
    "traf_kept", "rules_kept", "in_anchor", "in_region", "chrome", "depth", "log_box_blocks",
    "position", "chars_before",
    *(f"any_{f}" for f in CONTEXT_FLAGS), *(f"near_{f}" for f in CONTEXT_FLAGS),
    *(f"{k:+d}_{f}" for k in NEIGHBOURS for f in NEIGHBOUR_FEATURES),
    "page_log_blocks", "page_log_chars", "page_traf_share", "page_rules_share", "page_anchor", "page_region",
    *(f"page_type_{k}" for k in PAGE_TYPES),
)


# --- the model -------------------------------------------------------------------------------------
class Scorer:
    """Anything that gives each row a probability of being content (the shipped trees, or a model
    being trained or scored leave-one-source-out), with the threshold it keeps a block at."""

    threshold: float = 0.5

    def proba(self, x: Sequence[Sequence[float]]) -> list[float]:  # pragma: no cover - interface
        raise NotImplementedError


# The scorer in use: None reads pages with the rules alone. Training sets a recorder to collect the
# rows of every page it reads.
_active: list[Scorer | None] = [None]
RECORDERS: list = []


def current() -> Scorer | None:
    return _active[0]


def use(scorer: Scorer | None) -> Scorer | None:
    """Score blocks with `scorer` from now on (None: the rules alone); returns the previous one."""
    previous = _active[0]
    _active[0] = scorer
    return previous


def wanted() -> bool:
    """Whether a page's candidates are worth reading (a scorer or a recorder will use them)."""
    return _active[0] is not None or bool(RECORDERS)
