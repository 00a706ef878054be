"""Decoding, parsing and DOM-level cleaning shared by every HTML path.

The page is parsed once with lexbor (selectolax). Chrome is removed from that tree by a table of
CSS selectors, each with a one-line reason (trafilatura keeps its boilerplate rules the same way):
a new kind of chrome is a new row, not new code. The rows name kinds of page furniture (share
bars, related-post lists, newsletter boxes...), never one site.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter, methodcaller, sub

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.errors import ExtractionError
from extractors.rules import Block, clean_line
from extractors.sanitize import MAX_JSON_DEPTH, check_markup, fix_surrogates, json_depth

__all__ = ["ExtractionError", "blocks_of", "clean", "decode", "parse", "reveal_noscript", "strip", "visible"]


# --- limits -----------------------------------------------------------------------------------
# Real article pages are well under 5 MB (AEB's largest: 1.6 MB); past this size a page is a
# dump or an attack, and lexbor + trafilatura would need many seconds and hundreds of MB.
MAX_INPUT_BYTES = 8 * 1024 * 1024
# lexbor's tree builder is quadratic in the nesting of block elements (10k nested <div>: 0.2 s,
# 100k: 80 s); browsers cap the DOM at 512 levels. Deeper block nesting is refused before parsing.
MAX_BLOCK_NESTING = 2000
# Tags whose start walks lexbor's stack of open elements (the "p in button scope" check).
NESTING_TAGS = ("div", "section", "article", "ul", "ol", "dl", "blockquote", "main", "aside", "nav", "header",
                "footer", "form", "fieldset", "figure", "details", "center", "dir", "menu", "address")
# Only the head of the page is searched for a charset declaration (the HTML spec says 1024 bytes;
# real pages put long <head> comments first, so a little more).
SNIFF_BYTES = 4096
# Real articles nest < 60 levels; the block walker stops descending below this depth and takes
# the rest of the subtree as one text run, so a hostile 100k-deep DOM costs no recursion.
MAX_WALK_DEPTH = 120
# Share of control characters (other than whitespace) above which the input is binary, not text.
BINARY_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_TAG = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|article|main|section|span|a|h[1-6])\b", re.I)
# The encodings a web page can be in (the WHATWG Encoding Standard's ASCII-compatible ones), by
# Python codec name, each to the codec browsers decode it with (a superset: ISO-8859-1 and ASCII
# pages are windows-1252 in practice, GB2312 is read as GBK...). A declaration naming any other
# codec is untrusted input, not an encoding: 'zlib', 'base64', 'rot13' are codecs.lookup() names,
# 'idna' and 'punycode' are not for documents, UTF-7 is an XSS vector browsers dropped, and
# UTF-16/32 cannot be right for bytes whose <meta> parsed as ASCII.
WEB_ENCODINGS: dict[str, str] = {
    "utf-8": "utf-8", "cp866": "cp866", "koi8-r": "koi8-r", "koi8-u": "koi8-u", "mac-roman": "mac-roman",
    "mac-cyrillic": "mac-cyrillic", "cp874": "cp874", "tis-620": "cp874", "iso8859-11": "cp874",
    "ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254",
    **{f"iso8859-{n}": f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **{f"cp125{n}": f"cp125{n}" for n in range(9)},
    "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030", "big5": "big5hkscs", "big5hkscs": "big5hkscs",
    "euc_jp": "euc_jp", "iso2022_jp": "iso2022_jp", "shift_jis": "cp932", "cp932": "cp932",
    "euc_kr": "cp949", "cp949": "cp949",
}
# Labels browsers accept that Python's codec registry does not know.
_WEB_LABELS = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic", "x-sjis": "cp932", "windows-31j": "cp932",
               "iso-8859-8-i": "iso8859-8", "x-gbk": "gbk", "x-euc-jp": "euc_jp", "unicode-1-1-utf-8": "utf-8",
               "x-cp1252": "cp1252", "koi8": "koi8-r"}
# How much of a page without a usable declaration the charset detector reads.
DETECT_BYTES = 65536


def decode(data: str | bytes) -> str:
    """Text of the page, within the bounds the extractor reads in bounded time. Bytes: BOM, then
    <meta charset> / http-equiv if it names a web encoding, then UTF-8, then detection; never
    fails on the bytes themselves (undecodable ones become U+FFFD)."""
    if isinstance(data, str):
        text = fix_surrogates(data)
    else:
        if len(data) > MAX_INPUT_BYTES:
            raise ExtractionError(f"page is {len(data) / 2**20:.1f} MB, over the {MAX_INPUT_BYTES // 2**20} MB limit")
        text = _decode_bytes(data)
    if len(text) > MAX_INPUT_BYTES:
        raise ExtractionError(f"page is {len(text) / 2**20:.1f} M characters, over the {MAX_INPUT_BYTES // 2**20} M limit")
    head = text[:SNIFF_BYTES * 2]
    if head and len(_CONTROL.findall(head)) > BINARY_CONTROL_SHARE * len(head):
        raise ExtractionError("input is binary data, not an HTML page")
    check_markup(text)
    return text.replace("\x00", "")


def _decode_bytes(data: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = _declared_charset(data[:SNIFF_BYTES])
    if data.isascii():  # the same text in every web encoding but ISO-2022-JP, whose escapes are ASCII
        return data.decode(declared or "utf-8", errors="replace")
    utf8 = data.decode("utf-8", errors="replace")
    # Pages that declare a legacy charset but are UTF-8 (a template copied between sites) are
    # common; valid UTF-8 with non-ASCII bytes is practically never a legacy encoding, and a few
    # bad sequences among many good ones are damage (a page cut mid-character, a corrupt byte).
    damaged = utf8.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    sound = len(utf8) - len(utf8.encode("ascii", "ignore")) - damaged  # non-ASCII characters read
    if declared == "utf-8" or damaged <= sound:
        return utf8
    return data.decode(declared or _detected_charset(data), errors="replace")


def _declared_charset(head: bytes) -> str | None:
    """The codec a <meta> declaration names, if it is an encoding a web page can be in."""
    m = _META_CHARSET.search(head)
    return _web_codec(m.group(1).decode("ascii").strip().lower()) if m else None


def _detected_charset(data: bytes) -> str:
    """Not UTF-8 and no usable declaration: what charset_normalizer reads in a sample of the page,
    if a web encoding; else windows-1252, browsers' default for a legacy page."""
    from charset_normalizer import from_bytes

    sample = data if len(data) <= DETECT_BYTES else data[:DETECT_BYTES // 2] + data[-DETECT_BYTES // 2:]
    best = from_bytes(sample).best()
    return (_web_codec(best.encoding) if best is not None else None) or "cp1252"


def _web_codec(label: str) -> str | None:
    if label in _WEB_LABELS:
        return _WEB_LABELS[label]
    try:
        return WEB_ENCODINGS.get(codecs.lookup(label).name)
    except (LookupError, ValueError):
        return None


def start_tags(text: str) -> int:
    """More than the page's start tags: every '<' not followed by '/' (two C-level counts, no scan).
    No element can be nested deeper than the number of start tags."""
    return text.count("<") - text.count("</")


# Tag name -> nesting step, for the names as `block_nesting` cuts them out of the markup
# ("div", "div/" for a self-closing start that HTML opens all the same, "/div").
_NESTING_STEP: dict[bytes, int] = {
    **{t.encode(): 1 for t in NESTING_TAGS}, **{t.encode() + b"/": 1 for t in NESTING_TAGS},
    **{b"/" + t.encode(): -1 for t in NESTING_TAGS},
}
_NAME_END = bytes.maketrans(b">\t\n\r\f", b"     ")
_first = itemgetter(0)
_name = methodcaller("partition", b" ")


def block_nesting(text: str) -> int:
    """Deepest nesting of block elements, counted on the raw markup (no parse, no regex): the
    text is cut at every '<', each piece's tag name looked up, and the running depth (clamped at
    zero, as a stray end tag closes nothing) taken with C-level map/accumulate."""
    pieces = text.encode("utf-8", "replace").lower().translate(_NAME_END).split(b"<")
    steps = list(filter(None, map(_NESTING_STEP.get, map(_first, map(_name, pieces)), repeat(0))))
    depth = list(accumulate(steps))
    floor = accumulate(depth, min, initial=0)  # lowest running depth so far (a clamp at zero)
    next(floor)
    return max(map(sub, depth, floor), default=0)


def looks_like_html(text: str) -> bool:
    """Markup somewhere near the top; JSON, CSV or a text dump has none."""
    return _TAG.search(text[:65536]) is not None


def parse(text: str) -> LexborHTMLParser:
    """The one parse of the page; refuses a DOM nested deeper than any real page. Real pages have
    fewer start tags than the limit (AEB: at most 1,800), so the exact count runs on few pages."""
    if start_tags(text) > MAX_BLOCK_NESTING and (depth := block_nesting(text)) > MAX_BLOCK_NESTING:
        raise ExtractionError(f"page nests block elements {depth} levels deep (limit {MAX_BLOCK_NESTING})")
    return LexborHTMLParser(text)


def is_json(text: str) -> bool:
    """A JSON document (an API response saved as a page) is data, not an article page; so is
    bracket nesting deeper than any JSON document (it is checked before parsing: no recursion)."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return False
    if json_depth(text) > MAX_JSON_DEPTH:
        return True
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# --- chrome table -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Chrome:
    selector: str
    reason: str


def _c(selector: str, reason: str) -> Chrome:
    return Chrome(selector, reason)


# Never content on any page: removed before anything else is read (metadata in <head> survives
# because <meta>, <link> and JSON-LD are read before this pass... JSON-LD is a <script>, so the
# profile reads it first).
NEVER_CONTENT: tuple[Chrome, ...] = (
    _c("script, style, noscript, template", "code and styling, not text"),
    _c("iframe, object, embed, svg, canvas", "embedded players, widgets and drawings"),
    _c("button, input, select, textarea", "form controls: search boxes, comment and sign-up fields"),
)

# Page furniture around the article. Matched nodes that hold the article itself (see
# `clean(keep=...)`) are left alone, so a broad row cannot take the body with it.
CHROME: tuple[Chrome, ...] = (
    _c("form", "search, comment and sign-up forms (guarded: some CMSs wrap the whole page in one)"),
    # ads
    _c("ins.adsbygoogle, .adsbygoogle", "AdSense slots"),
    _c(".mvp-ad-label, .ad-label, .advert-label, .ad-title", "'Advertisement' labels above ad slots"),
    _c("[id^='div-gpt-ad'], [class*='gpt-ad'], [data-ad-slot], [data-ad-unit], .ad-container, .ad-wrapper, .ad-slot, .advertisement, .adsense",
       "ad containers"),
    # navigation, headers, footers, sidebars
    _c("nav, [role='navigation'], .breadcrumb, .breadcrumbs", "menus and breadcrumbs"),
    _c("body > header, header#masthead, header.site-header, [role='banner'], #mvp-main-head-wrap",
       "the site header (not an article's own <header>)"),
    _c("footer, [role='contentinfo'], .site-footer", "site and article footers: copyright, links, tag lists"),
    _c("aside, [role='complementary'], .sidebar, #sidebar, .widget-area", "sidebars and their widgets"),
    _c("#mvp-fly-wrap, .mvp-fly-top, .mvp-fly-fade, #mvp-search-wrap", "fly-out menu with 'Connect with us', search overlay"),
    # social
    _c(".share, .shares, .sharing, .share-bar, .share-buttons, .social-share, .social-sharing, .sharedaddy, "
       ".addtoany_share_save_container, .a2a_kit, .shareaholic-canvas, .essb_links, .heateor_sss_sharing_container, "
       "[class*='share-tools'], [class*='social-links'], [class*='social-icons'], [class*='social-buttons'], .wabtn_container",
       "share bars and social buttons"),
    _c(".mvp-post-soc-wrap, #mvp-soc-mob-wrap, .mvp-alp-soc-reg, .whatsapp-share", "Zox-style share strips"),
    # more content elsewhere
    _c(".related, .related-posts, .related-articles, .related-stories, .relatedposts, #jp-relatedposts, "
       ".yarpp-related, .crp_related, [class*='related-content'], [class*='more-stories'], [class*='read-next'], "
       "[class*='recommended'], .outbrain, .OUTBRAIN, .taboola, [id^='taboola'], .trc_related_container",
       "related, recommended and sponsored-link lists"),
    _c("#mvp-related-posts, #mvp-post-more-wrap, #mvp-prev-next-wrap, .post-navigation, .nav-links, .pagination",
       "related posts, trending strip, previous / next links"),
    _c(".mvp-cont-read-but-wrap, .more-link, .read-more-link", "'Continue Reading' and 'read more' buttons"),
    # comments
    _c("#comments, .comments, .comments-area, .comment-respond, .commentlist, #disqus_thread, #respond, "
       ".fb-comments, #mvp-comments-button", "comment threads and forms"),
    # boxes around the article
    _c(".newsletter, [class*='newsletter-signup'], [class*='subscribe-box'], .mc4wp-form", "newsletter sign-up boxes"),
    _c("#cookie-notice, .cookie-notice, .cookie-banner, #cookie-law-info-bar, .cc-window, [id*='cookie-consent']",
       "cookie consent banners"),
    _c("#mvp-author-box-wrap, .author-box, .author-bio, .about-author, .saboxplugin-wrap",
       "author box with bio under the post"),
    _c(".mvp-post-tags, .post-tags, .tags-links, .entry-tags, .tagcloud", "tag lists ('Related Topics:')"),
    _c(".screen-reader-text, .sr-only, .visually-hidden, [hidden], [aria-hidden='true']",
       "text for screen readers or hidden from everyone"),
    _c(".mvp-org-wrap, .mvp-drop-nav-title", "hidden publisher microdata; sticky-nav copy of the title"),
)

# A chrome match is skipped when it holds one of these: the article wrapper must not go because
# a theme put "share" or "related" in its class list.
GENERIC_KEEP = "article, main, [itemprop='articleBody'], .entry-content, .post-content, .article-body"


# A chrome match is also spared when it holds the page's main run of paragraphs: the element whose
# own <p> children carry the most text, if that is at least this much (a theme that puts a widget
# token such as "share" on the post wrapper must not lose the post).
ANCHOR_MIN_CHARS = 400
# <noscript> holding this much text is the page's content for readers without scripts (some blogs
# put the whole body there); shorter ones are "enable JavaScript" notes and tracking pixels.
NOSCRIPT_MIN_CHARS = 200


def strip(tree: LexborHTMLParser, rules: tuple[Chrome, ...]) -> None:
    """Remove every match, no questions asked (rules that are never content)."""
    _remove(tree.css(_union(rules)), set())


def reveal_noscript(tree: LexborHTMLParser) -> None:
    """Unwrap body <noscript> elements that hold real text, before `NEVER_CONTENT` strips the rest."""
    if tree.body is None:
        return
    for node in tree.body.css("noscript"):
        if len(node.text(deep=True, separator=" ").strip()) >= NOSCRIPT_MIN_CHARS:
            node.unwrap()


@lru_cache(maxsize=16)
def _union(rules: tuple[Chrome, ...]) -> str:
    """All rows as one selector list: one pass over the tree instead of one per row."""
    return ", ".join(rule.selector for rule in rules)


def clean(root: LexborNode, rules: tuple[Chrome, ...], keep: str = GENERIC_KEEP,
          anchor: LexborNode | None = None) -> int:
    """Remove chrome below `root` in one selector pass, sparing nodes that hold an article (a
    `keep` match, or `anchor`: the page's `main_paragraphs`); returns nodes removed."""
    protected: set[int] = {root.mem_id}  # a body with a chrome class is still the page
    holders = root.css(keep) if keep else []
    if anchor is not None:
        holders.append(anchor)
    for node in holders:
        while node is not None and node.mem_id not in protected:
            protected.add(node.mem_id)
            node = node.parent
    return _remove(root.css(_union(rules)), protected)


def _remove(matches: list[LexborNode], protected: set[int]) -> int:
    """Decompose the outermost unprotected matches. Matches come in document order; one inside an
    already doomed match is skipped (it is never touched after its ancestor is freed)."""
    doomed: list[LexborNode] = []
    gone: set[int] = set()
    for node in matches:
        if node.mem_id in protected or _inside(node, gone):
            continue
        gone.add(node.mem_id)
        doomed.append(node)
    for node in doomed:
        node.decompose()
    return len(doomed)


def _inside(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def main_paragraphs(root: LexborNode) -> LexborNode | None:
    """The element whose own <p> children hold the most text (>= ANCHOR_MIN_CHARS): where a page
    keeps its article body, whatever the theme calls it."""
    weight: dict[int, int] = {}
    parents: dict[int, LexborNode] = {}
    for p in root.css("p"):
        parent = p.parent
        if parent is None:
            continue
        key = parent.mem_id
        weight[key] = weight.get(key, 0) + len(p.text(deep=True))
        parents.setdefault(key, parent)
    if not weight:
        return None
    key = max(weight, key=weight.__getitem__)
    return parents[key] if weight[key] >= ANCHOR_MIN_CHARS else None


# A body cut into parts by ad rails or "chunks" repeats its container: same tag, same class list,
# under one ancestor at most this many levels above the main paragraph run.
PART_LEVELS = 3
# A part holds at least one paragraph this long (a teaser's one-line excerpt does not count).
PART_MIN_CHARS = 100


def body_parts(root: LexborNode, anchor: LexborNode) -> list[LexborNode]:
    """The containers of one body split into siblings (`anchor` is one of them), in page order;
    just [anchor] when the page does not repeat its container."""
    cls = anchor.attributes.get("class")
    top = anchor
    for _ in range(PART_LEVELS):
        top = top.parent if top.parent is not None else top
    if not cls or top is anchor:
        return [anchor]
    # Compared as attributes, not put in a selector: a class value is page text (any character).
    parts = [node for node in top.css("*") if node.tag == anchor.tag and node.attributes.get("class") == cls
             and any(len(p.text(deep=True)) >= PART_MIN_CHARS for p in node.css("p"))]
    return parts if any(node.mem_id == anchor.mem_id for node in parts) else [anchor]


# Invisible format characters that belong to no word: soft hyphens (hyphenation hints), zero-width
# space, word joiner, byte-order mark. ZWJ / ZWNJ stay: they shape Indic, Persian and emoji text.
INVISIBLE = ("\u00ad", "\u200b", "\u2060", "\ufeff")


def visible(text: str) -> str:
    for char in INVISIBLE:
        if char in text:
            text = text.replace(char, "")
    return text


# --- blocks ------------------------------------------------------------------------------------
BLOCK_TAGS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "figcaption", "caption", "tr", "address"])
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements that end a paragraph but are not one themselves; their children are walked.
CONTAINER_TAGS = frozenset(
    ["div", "section", "article", "main", "blockquote", "ul", "ol", "dl", "figure", "table", "thead", "tbody", "tfoot", "header", "footer", "aside", "center", "details", "summary", "body", "html", "form", "fieldset", "hgroup", "picture"])
BREAK_TAGS = frozenset({"br", "hr"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "img", "video", "audio", "source", "meta", "link"})


@dataclass(frozen=True)
class BlockRules:
    """How a profile marks captions inside a body (they become Block tag 'caption')."""

    captions: str = ".wp-caption-text, figcaption, .caption, .image-caption"


def node_text(node: LexborNode) -> str:
    return clean_line(visible(node.text(deep=True, separator="") or ""))


def first_href(node: LexborNode) -> str | None:
    link = node.css_first("a[href]")
    href = link.attributes.get("href") if link is not None else None
    return href.strip() if href else None


def blocks_of(root: LexborNode, captions: str = BlockRules.captions) -> list[Block]:
    """One Block per paragraph, heading, list item, blockquote paragraph or caption, in order.

    Loose text between blocks (a theme that leaves <p> unclosed, or text straight in a <div>) is
    gathered into its own block, ended by the next block element or a <br>."""
    caption_ids = {n.mem_id for n in root.css(captions)} if captions else set()
    out: list[Block] = []
    run: list[str] = []
    run_href: list[str] = []

    def flush() -> None:
        text = clean_line(visible("".join(run)))
        if text:
            out.append(Block(text, tag="p", href=run_href[0] if run_href else None))
        run.clear()
        run_href.clear()

    def emit(node: LexborNode, tag: str) -> None:
        text = node_text(node)
        if text:
            out.append(Block(text, tag=tag, href=first_href(node)))

    # Iterative walk (a stack of child iterators) so a deep DOM costs no Python recursion.
    iters: list[tuple[Iterator[LexborNode], int]] = [(root.iter(include_text=True), 0)]
    while iters:
        it, depth = iters[-1]
        node = next(it, None)
        if node is None:
            iters.pop()
            flush()  # the end of a container ends a paragraph
            continue
        if node.is_text_node:
            run.append(node.text_content or "")
            continue
        tag = node.tag or ""
        if tag in SKIP_TAGS or tag.startswith(("#", "-")):
            continue
        if tag in BREAK_TAGS:
            flush()
            continue
        if node.mem_id in caption_ids:
            flush()
            emit(node, "caption")
            continue
        has_blocks = _has_block_child(node)
        if tag in BLOCK_TAGS and not has_blocks:
            flush()
            emit(node, tag if tag in HEADING_TAGS or tag in ("li", "pre", "figcaption") else "p")
            continue
        if tag in CONTAINER_TAGS or tag in BLOCK_TAGS or has_blocks:
            flush()
            if depth + 1 >= MAX_WALK_DEPTH:
                emit(node, "p")
            else:
                iters.append((node.iter(include_text=True), depth + 1))
            continue
        # inline element: part of the running paragraph
        text = node.text(deep=True, separator="")
        if text:
            run.append(text)
            href = node.attributes.get("href") if tag == "a" else first_href(node)
            if href:
                run_href.append(href.strip())
    flush()
    return out


def _has_block_child(node: LexborNode) -> bool:
    child = node.child
    while child is not None:
        if child.tag in BLOCK_TAGS or child.tag in CONTAINER_TAGS or child.tag in BREAK_TAGS:
            return True
        child = child.next
    return False
