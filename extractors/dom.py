"""Decoding, parsing and DOM-level cleaning shared by every HTML path.

The page is parsed once with lexbor (selectolax). Chrome is removed from that tree by a table of
CSS selectors, each with a one-line reason (trafilatura keeps its boilerplate rules the same way):
a new kind of chrome is a new row, not new code. The rows name kinds of page furniture (share
bars, related-post lists, newsletter boxes...), never one site; `extractors.cssmatch` compiles them
for one walk over the tree.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, islice
from operator import itemgetter, sub

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.cssmatch import SelectorTable
from extractors.errors import ExtractionError
from extractors.rules import Block, clean_line
from extractors.sanitize import (
    ATTRIBUTE,
    HTML_WS,
    MAX_CLONES,
    MAX_ELEMENTS,
    MAX_JSON_DEPTH,
    check_markup,
    close_title,
    fix_surrogates,
    json_depth,
)

__all__ = ["DomBlock", "ExtractionError", "blocks_of", "clean", "containers", "decode", "nesting", "parse",
           "reveal_noscript", "strip"]


# --- limits -----------------------------------------------------------------------------------
# Real article pages are well under 5 MB (AEB's largest: 1.6 MB); past this size a page is a
# dump or an attack, and lexbor + trafilatura would need many seconds and hundreds of MB.
MAX_INPUT_BYTES = 8 * 1024 * 1024
# lexbor's tree builder walks its stack of open elements on most tags (a block or heading start
# looks for an open <p>, an end tag for its start tag), so its time grows with tags x nesting:
# 100k nested <div>, or 20k nested <span> followed by 20k </div>, take minutes. Browsers stop
# nesting at 512 levels; real articles nest under 60 (AEB, counted as below: 49 levels, and 77k
# tags x levels, at most). A page nesting any element deeper than MAX_NESTING, or with more than
# MAX_PARSE_WORK tags x depth (about a second of parsing), is refused before parsing. The same
# product bounds every later walk up the tree (a CSS descendant combinator, lxml's ancestors).
MAX_NESTING = 2000
MAX_PARSE_WORK = 100_000_000
# Elements that do not stay open in the count: void elements, and those whose end tag is optional
# (an unclosed <p> or <li> is closed by the next one, not nested in it).
UNNESTED_TAGS = frozenset([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "frame", "basefont", "bgsound", "command", "image", "isindex", "nextid", "spacer",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rtc", "rp", "html", "head", "body",
])
# Tag names in the markup, in one C-level pass; raw-text elements and comments are matched whole
# (group 2 empty): markup inside them is text (a script's "i<n" is no tag). One left open runs to
# the end of the page, as it does for a parser (and so no later '<' searches the rest again).
# Not <plaintext> (sanitize's scan skips it): lexbor reads the rest of the page as its text but writes
# it back unescaped, and trafilatura's libxml2 builds that markup, so its tags count here.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
_TAG_NAMES_SOURCE = r"<(?:({raw})\b(?:.*?</\1\s*>|.*)|!--(?:.*?-->|.*)|(/?[a-z][^\s/>]*))"
_TAG_NAMES = re.compile(_TAG_NAMES_SOURCE.format(raw="|".join(_RAW_TEXT)).encode(), re.IGNORECASE | re.DOTALL)
# Only the head of the page is searched for a charset declaration (the HTML spec says 1024 bytes;
# real pages put long <head> comments first, so a little more).
SNIFF_BYTES = 4096
# The block walker is iterative (no recursion); below this depth, past anything `parse` lets
# through, it reads the rest of a subtree as one paragraph.
MAX_WALK_DEPTH = 2 * MAX_NESTING
# Share of control characters (other than whitespace) above which the input is binary, not text.
BINARY_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_TAG = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|pre|article|main|section|span|a|h[1-6])\b", re.I)
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
    text = check_markup(close_title(text))
    return text.replace("\x00", "") if "\x00" in text else text


def _decode_bytes(data: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = _declared_charset(data[:SNIFF_BYTES])
    if data.isascii():  # the same text in every web encoding but ISO-2022-JP, whose escapes are ASCII
        return data.decode(declared or "utf-8", errors="replace")
    try:  # valid UTF-8 (most pages): read as such whatever the page declares, with no count below
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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


class _Steps(dict[bytes, int]):
    """Tag name as found in the markup ("div", "/div", "" for a raw-text element or a comment) ->
    its nesting step (+1, -1, 0), or, with `tags=True`, 1 for any tag at all (void and unnested
    ones walk the parser's stack too); worked out once per name."""

    def __init__(self, tags: bool = False) -> None:
        super().__init__()
        self.tags = tags

    def __missing__(self, name: bytes) -> int:
        base = name.lower()
        end = base.startswith(b"/")
        base = base[1:] if end else base
        if not base:
            step = 0
        elif self.tags:
            step = 1
        else:
            step = 0 if base in _UNNESTED else -1 if end else 1
        self[name] = step
        return step


_UNNESTED = frozenset(t.encode() for t in UNNESTED_TAGS)
_second = itemgetter(1)


def start_tags(text: str) -> int:
    """More than the page's start tags: every '<' not followed by '/' (two C-level counts, no scan).
    No element can be nested deeper than that."""
    return text.count("<") - text.count("</")


def nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of elements, number of tags), counted on the raw markup without parsing:
    each tag name looked up (a self-closing "<div/>" opens a div, as HTML does), and the running
    depth (clamped at zero, as a stray end tag closes nothing) taken with C-level map/accumulate.
    Inline SVG and MathML are counted as the parser builds them (`_foreign_steps`)."""
    data = text.encode("utf-8", "replace")
    if _FOREIGN.search(data):
        steps, tags = _foreign_steps(text)
    else:
        names = list(map(_second, _TAG_NAMES.findall(data)))
        steps, tags = list(filter(None, map(_Steps().__getitem__, names))), sum(map(_Steps(tags=True).__getitem__, names))
    depth = list(accumulate(steps))
    floor = accumulate(depth, min, initial=0)  # lowest running depth so far (a clamp at zero)
    next(floor)
    return max(map(sub, depth, floor), default=0), tags


# Inside <svg> or <math> the parser honours "/>": an inline icon's thousands of <path .../> close
# themselves (a documentation page with 12,000 of them was refused as nesting 11,946 levels deep).
# Outside, and once an HTML element or an integration point (<foreignObject>, MathML text) has left
# foreign content, "/>" is ignored again; the count leaves foreign content at any such tag, so it
# never counts fewer levels than the parser builds.
_FOREIGN = re.compile(rb"<(?:svg|math)[\s/>]", re.IGNORECASE)
_FOREIGN_ROOTS = frozenset({"svg", "math"})
_FOREIGN_NAMES = frozenset({
    # SVG and MathML element names (lower case, as the tokenizer gives them): anything else ends it
    "a", "animate", "animatemotion", "animatetransform", "circle", "clippath", "defs", "ellipse",
    "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "fedropshadow", "feflood", "fefunca",
    "fefuncb", "fefuncg", "fefuncr", "fegaussianblur", "feimage", "femerge", "femergenode", "feoffset",
    "filter", "g", "image", "line", "lineargradient", "marker", "mask", "metadata", "mpath", "path",
    "pattern", "polygon", "polyline", "radialgradient", "rect", "set", "stop", "style", "switch",
    "symbol", "text", "textpath", "tspan", "use", "view", "svg",
    "math", "mrow", "mfrac", "msqrt", "mroot", "msup", "msub", "msubsup", "munder", "mover", "munderover",
    "mtable", "mtr", "mtd", "mspace", "mstyle", "mpadded", "mphantom", "menclose", "semantics", "none",
    "mprescripts",
})
# A start tag as the tokenizer reads it, attribute by attribute, to tell "<g/>" (closed) from
# "<g a=x/>" (an unquoted value "x/"; open). Possessive: each character is read once.
_START_TAG = re.compile(rf"<([A-Za-z][^{HTML_WS}/>]*+)(?:[{HTML_WS}]++|/(?!>)|{ATTRIBUTE.pattern})*+(/?)>")
# SVG's <title> is an integration point, its content parsed as HTML: no raw text in this pass (a
# <title> in an HTML body is, and its markup counted as tags only counts more levels than are built).
_TAG_NAMES_FOREIGN = re.compile(_TAG_NAMES_SOURCE.format(raw="|".join(t for t in _RAW_TEXT if t != "title")),
                                re.IGNORECASE | re.DOTALL)


def _foreign_steps(text: str) -> tuple[list[int], int]:
    """The nesting steps of `text`'s tags (as `_Steps`), self-closed tags in foreign content (and
    foreign roots closed by "/>") making none; and the number of tags."""
    steps, foreign, plain, tags = [], 0, _Steps(), 0
    for m in _TAG_NAMES_FOREIGN.finditer(text):
        name = m.group(2)
        if not name:
            continue  # raw text or a comment
        tags += 1
        lower = name.lower()
        if lower.startswith("/"):
            if lower[1:] in _FOREIGN_ROOTS and foreign:
                foreign -= 1
            steps.append(plain[name.encode()])
            continue
        # whether it closes itself ("/>") is read only where it counts: a root, or inside foreign content
        if lower in _FOREIGN_ROOTS:
            if _self_closed(text, m.start()):
                continue  # "<svg/>": a foreign element closes itself anywhere
            foreign += 1
        elif foreign:
            if lower not in _FOREIGN_NAMES:
                foreign = 0  # an HTML element (or foreignObject, MathML text) leaves foreign content
            elif _self_closed(text, m.start()):
                continue
        steps.append(plain[name.encode()])
    return [step for step in steps if step], tags


def _self_closed(text: str, start: int) -> bool:
    tag = _START_TAG.match(text, start)
    return tag is not None and tag.group(2) == "/"


def looks_like_html(text: str) -> bool:
    """Markup somewhere near the top; JSON, CSV or a text dump has none."""
    return _TAG.search(text[:65536]) is not None


def parse(text: str) -> LexborHTMLParser:
    """The one parse of the page; refuses markup nested deeper than any real page (see MAX_NESTING).
    No element nests deeper than the page has start tags, and no page has more tags than '<' marks:
    the exact count runs only where those bounds exceed the limits (no AEB page). A page with many
    tags has its parsed elements counted too (misnested tags and end tags make elements, see
    `sanitize.check_markup`), before anything walks them."""
    marks = text.count("<")
    starts = marks - text.count("</")  # start_tags(text), without counting "<" twice
    if starts > MAX_NESTING or marks * starts > MAX_PARSE_WORK:
        depth, tags = nesting(text)
        if depth > MAX_NESTING:
            raise ExtractionError(f"page nests elements {depth} levels deep (limit {MAX_NESTING})")
        if depth * tags > MAX_PARSE_WORK:
            raise ExtractionError(f"page nests elements {depth} levels deep over {tags} tags "
                                  f"(limit {MAX_PARSE_WORK:,} tags x levels)")
    tree = LexborHTMLParser(text)
    if marks + MAX_CLONES > MAX_ELEMENTS:  # else its tags and the clones they may make are fewer
        built = sum(1 for _ in islice(tree.root.traverse(), MAX_ELEMENTS + 1)) if tree.root is not None else 0
        if built > MAX_ELEMENTS:
            raise ExtractionError(f"page makes over {MAX_ELEMENTS:,} elements when parsed (limit {MAX_ELEMENTS:,})")
    return tree


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


# Comment threads: rows of the chrome table, and where the page's main paragraph run is never looked for.
COMMENTS = (
    _c("#comments, .comments, .comments-area, .comment-respond, .commentlist, #disqus_thread, #respond, "
       ".fb-comments, #mvp-comments-button", "comment threads and forms"),
    _c("[id^='comment-'], [id^='comment_'], [id^='comments'], [id^='Comment'], [class^='comment-'], [class^='comments'], "
       "[class*='article-comments'], [class*='post-comments'], #dsq-comments",
       "comment sections by any other name (trafilatura's vocabulary; 'commentary' is not one)"),
    _c("[class^='commentBody'], [class^='commentText'], [class^='commentContent'], [class^='commentBox'], "
       "[class^='commentWrapper'], [class^='commentList'], [class^='commentItem'], [class^='commentThread'], "
       "[class^='commentContainer'], [class^='commentSection'], [class^='commentArea']",
       "the same named in camelCase (2008 templates: <div class='commentText'>)"),
)


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
       "[class*='share-tools'], [class*='social-links'], [class*='social-icons'], [class*='social-buttons'], .wabtn_container, "
       ".elementor-share-buttons",
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
    _c("[id*='infinite-scroll'], [class*='infinite-scroll'], [id*='infinitescroll'], [class*='infinitescroll']",
       "containers of follow-up articles loaded as the reader scrolls (spared if they hold the page's own)"),
    *COMMENTS,
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

# A page that calls itself a discussion (a forum thread, a question and its answers): its posts are
# what it is read for, whatever the markup calls them ("comment-123", "ipsComment").
DISCUSSION_CHROME: tuple[Chrome, ...] = tuple(rule for rule in CHROME if rule not in COMMENTS)

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


@lru_cache(maxsize=16)
def _table(rules: tuple[Chrome, ...], keep: str) -> SelectorTable:
    """`keep` as rule 0, the chrome rows as 1..n: one lookup per element says which applies first."""
    return SelectorTable([(0, keep), *((i, rule.selector) for i, rule in enumerate(rules, 1))] if keep else
                         [(i, rule.selector) for i, rule in enumerate(rules, 1)])


_table(CHROME, GENERIC_KEEP)  # a row outside the compiled subset fails here, at import


def clean(root: LexborNode, rules: tuple[Chrome, ...], keep: str = GENERIC_KEEP,
          anchor: LexborNode | None = None) -> int:
    """Remove chrome below `root` in one walk, sparing nodes that hold an article (a `keep` match,
    or `anchor`: the page's `main_paragraphs`); returns nodes removed."""
    doomed = chrome_of(root, rules, keep, anchor)
    for node in doomed:
        node.decompose()
    return len(doomed)


def chrome_of(root: LexborNode, rules: tuple[Chrome, ...], keep: str = GENERIC_KEEP,
              anchor: LexborNode | None = None) -> list[LexborNode]:
    """The outermost elements below `root` that `clean` removes, in document order."""
    table = _table(rules, keep)
    holders = [anchor, root] if anchor is not None else [root]  # the root itself stays: it is what is read
    matches = []
    for node in root.traverse():
        rule = table.match(node, node.attributes)
        if rule == 0:
            holders.append(node)
        elif rule > 0:
            matches.append(node)
    if anchor is None and matches:
        holders.extend(_holding_most(root, matches))
    protected: set[int] = set()
    for node in holders:
        while node is not None and node.mem_id not in protected:
            protected.add(node.mem_id)
            node = node.parent
    return _outermost(matches, protected)


# Without a paragraph anchor (a body in <div>/<td> text with <br> breaks) a chrome match holding
# more than this share of the page's text is the page itself (an ASP.NET <form> around everything).
MOST_TEXT_SHARE = 0.5


def _holding_most(root: LexborNode, matches: list[LexborNode]) -> list[LexborNode]:
    """The matches that hold most of `root`'s text: never chrome to remove whole."""
    total = len(root.text(deep=True))
    return [node for node in matches if len(node.text(deep=True)) > MOST_TEXT_SHARE * total]


def containers(node: LexborNode, keep: str = GENERIC_KEEP) -> list[LexborNode]:
    """The ancestors of `node` (itself included) that a `keep` selector names as an article
    container, innermost first; <body> and <html> never count."""
    table = _table((), keep)
    out = []
    while node is not None and node.tag not in ("body", "html"):
        if table.match(node, node.attributes) == 0:
            out.append(node)
        node = node.parent
    return out


def _remove(matches: list[LexborNode], protected: set[int]) -> int:
    doomed = _outermost(matches, protected)
    for node in doomed:
        node.decompose()
    return len(doomed)


def _outermost(matches: list[LexborNode], protected: set[int]) -> list[LexborNode]:
    """The outermost unprotected matches. Matches come in document order; one inside an already
    doomed match is skipped (it is never touched after its ancestor is freed)."""
    doomed: list[LexborNode] = []
    gone: set[int] = set()
    for node in matches:
        if node.mem_id in protected or _inside(node, gone):
            continue
        gone.add(node.mem_id)
        doomed.append(node)
    return doomed


def _inside(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def main_paragraphs(root: LexborNode, discussion: bool = False) -> tuple[LexborNode | None, int]:
    """The element whose own <p> children hold the most text (>= ANCHOR_MIN_CHARS): where a page
    keeps its article body, whatever the theme calls it. With it, the text of all the page's <p>.
    Never a run inside a comment thread (`COMMENTS`): a reader's long comment outweighs a short story
    (Slashdot); the heaviest run outside every thread is taken, or none (the page's loose text is looked
    at then, `main_text_run`: a story in <div> text with <br>). On a `discussion` page the posts are the
    content, whatever their markup calls them: the heaviest run is taken."""
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
        return None, 0
    top = max(weight, key=weight.__getitem__)
    key = _run_key(root, weight, parents, top, discussion)
    return parents[key] if key is not None and weight[key] >= ANCHOR_MIN_CHARS else None, sum(weight.values())


def _in_comment(node: LexborNode) -> bool:
    """`node` or an ancestor is a comment thread or a comment (`COMMENTS`)."""
    table = _table(COMMENTS, "")
    while node is not None and node.tag not in ("body", "html"):
        if table.match(node, node.attributes) > 0:
            return True
        node = node.parent
    return False


def paragraph_chars(node: LexborNode) -> int:
    """Characters in the element's own <p> children: the weight `main_paragraphs` ranks by."""
    return sum(len(child.text(deep=True)) for child in node.iter() if child.tag == "p")


# A body cut into parts by ad rails or "chunks" repeats its container: same tag, same class list,
# under one ancestor at most this many levels above the main paragraph run.
PART_LEVELS = 3
# A part holds at least one paragraph this long (a teaser's one-line excerpt does not count).
PART_MIN_CHARS = 100
_PLAIN_TAG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# More repeated containers than this are a listing (or hostile markup), not one body cut in parts.
MAX_PARTS = 50


def body_parts(root: LexborNode, anchor: LexborNode) -> list[LexborNode]:
    """The containers of one body split into siblings (`anchor` is one of them), in page order;
    just [anchor] when the page does not repeat its container."""
    cls = anchor.attributes.get("class")
    top = anchor
    for _ in range(PART_LEVELS):
        top = top.parent if top.parent is not None else top
    if not cls or top is anchor:
        return [anchor]
    # by tag in C, the class list compared here (a class string is page input, never put in a selector)
    tagged = top.css(anchor.tag) if _PLAIN_TAG.fullmatch(anchor.tag or "") else top.traverse()
    candidates = [node for node in tagged if node.tag == anchor.tag and node.attributes.get("class") == cls]
    if len(candidates) > MAX_PARTS:
        return [anchor]
    parts = [node for node in candidates if any(len(p.text(deep=True)) >= PART_MIN_CHARS for p in node.css("p"))]
    # A part inside another is no cut body: a body cut in parts repeats its container side by side,
    # while a class that nests in itself ("section", "box") is the layout's (L3S-GN1: a page's every region).
    ids = {node.mem_id for node in parts}
    if anchor.mem_id not in ids or any(_inside(node, ids) for node in parts):
        return [anchor]
    return parts


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
    return clean_line(_walk_text(node))


def _walk_text(node: LexborNode) -> str:
    """An element's text read whole, a <br> nested in it read as a space: the name and the agency a
    byline prints on two lines ("By A<br>THE AP" in a <b>) are two words, not "ATHE"; so are a
    headline's two lines."""
    if node.css_first("br") is None:
        return node.text(deep=True, separator="") or ""
    return "".join(n.text_content or "" if n.is_text_node else " " if n.tag == "br" else ""
                   for n in node.traverse(include_text=True))


def first_href(node: LexborNode) -> str | None:
    link = node.css_first("a[href]")
    href = link.attributes.get("href") if link is not None else None
    return href.strip() if href else None


@dataclass
class DomBlock(Block):
    """A block read from the DOM, with the elements it came from, for the questions a body repair
    asks of a few blocks only (`extractors.body`): how much of it is link text, whether it sits by a
    picture, which element holds it."""

    node: LexborNode | None = None  # the element read (a <p>, <li>...), or the one holding a text run
    box: LexborNode | None = None  # the element the block is a child of, as a <p> is of its container
    run_links: int | None = None  # link characters of a text run (counted as the run was read)

    def link_share(self) -> float:
        """Share of the text inside links: 1.0 for a list of links to other pages, a little for a
        paragraph citing a source."""
        if self.run_links is not None:
            chars = self.run_links
        elif self.node is not None:
            chars = _link_chars(self.node)
        else:
            return 0.0
        return min(chars / max(len(self.text), 1), 1.0)

    def by_media(self) -> bool:
        """A caption by position, whatever its markup: in a figure, a caption or credit box (around
        it or inside it), or in a small box that also holds a picture."""
        node = self.node
        if node is None:
            return False
        if node.css_first(MEDIA_INSIDE) is not None:
            return True
        parent = node.parent
        if parent is not None:
            children = [c.tag for c in parent.iter()]
            if len(children) <= MEDIA_BOX_CHILDREN and not MEDIA_CHILD_TAGS.isdisjoint(children):
                return True
        for _ in range(MEDIA_LEVELS):
            if node is None or node.tag in ("body", "html"):
                return False
            if node.tag in MEDIA_TAGS:
                return True
            attrs = node.attributes
            if any(word in f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower() for word in MEDIA_WORDS):
                return True
            node = node.parent
        return False

    def boxes(self, levels: int) -> list[LexborNode]:
        """The block's box and its ancestors, `levels` elements in all."""
        out, node = [], self.box
        while node is not None and len(out) < levels:
            out.append(node)
            node = node.parent
        return out


# What makes a block a caption by position (`DomBlock.by_media`): a figure around it, a caption or
# credit box around it (these many levels up) or inside it, or a picture beside it in a box of a
# few children (a body container holding pictures among its paragraphs is not such a box).
MEDIA_TAGS = frozenset({"figure", "picture", "figcaption"})
MEDIA_CHILD_TAGS = frozenset({"img", "picture", "video"})
MEDIA_WORDS = ("caption", "credit")
MEDIA_INSIDE = "img, picture, video, figure, [class*='caption'], [class*='credit']"
MEDIA_LEVELS = 3
MEDIA_BOX_CHILDREN = 4

# A block inside a link is link text all through (a teaser: <a><h3>headline</h3><p>excerpt</p></a>);
# links are looked for this many levels up (a link around a whole section is not a teaser).
LINK_LEVELS = 4


def _link_chars(node: LexborNode) -> int:
    """Characters of `node`'s text that are link text."""
    up = node
    for _ in range(LINK_LEVELS):
        if up is None:
            break
        if up.tag == "a":
            return len(node_text(node))
        up = up.parent
    return sum(len(node_text(a)) for a in node.css("a"))


def _run_box(container: LexborNode, root: LexborNode) -> LexborNode:
    """Where loose text sits: a container holding nothing but text (<div class="subhead">Text</div>)
    is a paragraph itself, among its parent's children, as a <p> would be."""
    parent = container.parent
    return parent if container is not root and parent is not None and not _has_block_child(container) else container


def blocks_of(root: LexborNode, captions: str = BlockRules.captions, spaced: bool = False) -> list[DomBlock]:
    """One Block per paragraph, heading, list item, blockquote paragraph or caption, in order.

    Loose text between blocks (a theme that leaves <p> unclosed, or text straight in a <div>) is
    gathered into its own block, ended by the next block element or a <br>. `spaced`: links in a
    run are set apart by a space (a row of links styled as blocks is words, not one word)."""
    caption_ids = {n.mem_id for n in root.css(captions)} if captions else set()
    out: list[DomBlock] = []
    run: list[str] = []
    run_href: list[str] = []
    run_links = 0
    run_node: LexborNode | None = None  # the element holding the running text

    def flush() -> None:
        nonlocal run_links
        if not run:
            return
        text = clean_line("".join(run))
        if text:
            container = iters[-1][2] if iters else root
            out.append(DomBlock(text, tag="p", href=run_href[0] if run_href else None, node=run_node,
                                box=_run_box(container, root), run_links=run_links))
        run.clear()
        run_href.clear()
        run_links = 0

    def emit(node: LexborNode, tag: str) -> None:
        text = clean_line(node.text(deep=True, separator=" ")) if spaced and tag == "tr" else node_text(node)
        if text:
            out.append(DomBlock(text, tag=tag, href=first_href(node), node=node, box=node.parent))

    # Iterative walk (a stack of child iterators) so a deep DOM costs no Python recursion.
    iters: list[tuple[Iterator[LexborNode], int, LexborNode]] = [(root.iter(include_text=True), 0, root)]
    while iters:
        it, depth, _container = iters[-1]
        node = next(it, None)
        if node is None:
            flush()  # the end of a container ends a paragraph
            iters.pop()
            continue
        if node.is_text_node:
            run.append(node.text_content or "")
            run_node = node.parent
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
            emit(node, tag if tag in HEADING_TAGS or tag in ("li", "pre", "figcaption") or (spaced and tag == "tr")
                 else "p")
            continue
        if tag in CONTAINER_TAGS or tag in BLOCK_TAGS or has_blocks:
            flush()
            if depth + 1 >= MAX_WALK_DEPTH:
                emit(node, "p")
            else:
                iters.append((node.iter(include_text=True), depth + 1, node))
            continue
        # inline element: part of the running paragraph
        text = _walk_text(node)
        if text:
            if spaced and tag == "a":
                run.append(" ")
            run.append(text)
            run_node = node
            run_links += len(clean_line(text)) if tag == "a" else sum(len(node_text(a)) for a in node.css("a"))
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


# Elements that continue the text run around them (phrasing content): their text belongs to the
# nearest enclosing element of any other kind.
INLINE_TAGS = frozenset({"b", "i", "u", "s", "em", "strong", "font", "span", "small", "big", "sub", "sup", "abbr",
                         "cite", "q", "mark", "time", "code", "tt", "var", "kbd", "samp", "dfn", "bdi", "bdo",
                         "ins", "del", "label", "nobr", "wbr", "br", "data"})


def main_text_run(root: LexborNode, discussion: bool = False) -> tuple[LexborNode | None, int]:
    """The element holding the most loose text outside links (text straight in a <div> or <td>,
    paragraphs cut by <br>): the body of a page that does not use <p>. With its text length."""
    weight: dict[int, int] = {}
    holders: dict[int, LexborNode] = {}
    for node in root.traverse(include_text=True):
        if not node.is_text_node:
            continue
        size = len((node.text_content or "").strip())
        if size < 2:
            continue
        holder = node.parent
        while holder is not None and holder.tag in INLINE_TAGS:
            holder = holder.parent
        if holder is None or holder.tag == "a":
            continue
        key = holder.mem_id
        weight[key] = weight.get(key, 0) + size
        holders.setdefault(key, holder)
    if not weight:
        return None, 0
    top = max(weight, key=weight.__getitem__)
    key = _run_key(root, weight, holders, top, discussion)
    # never a reader's comment, as `main_paragraphs`, unless nothing outside the thread is a run (a
    # forum's posts are its text; a line or two of the page's own is not)
    if key is None or weight[key] < min(PART_MIN_CHARS, OUTSIDE_SHARE * weight[top]):
        key = top
    return holders[key], weight[key]


def _run_key(root: LexborNode, weight: dict[int, int], nodes: dict[int, LexborNode], top: int,
             discussion: bool) -> int | None:
    """The heaviest run `top`, or where it lies in a comment thread (and the page is no discussion)
    the heaviest outside every thread (None: there is none)."""
    return top if discussion or not _in_comment(nodes[top]) else _heaviest_outside(root, weight)


def _heaviest_outside(root: LexborNode, weight: dict[int, int]) -> int | None:
    """The heaviest key of `weight` (elements below `root`) that lies outside every comment thread."""
    inside: set[int] = set()
    for thread in root.css(_union(COMMENTS)):  # document order: a thread inside one seen is walked already
        if thread.mem_id not in inside:
            inside.update(node.mem_id for node in thread.traverse())
    return max((key for key in weight if key not in inside), key=weight.__getitem__, default=None)


# Loose text outside a comment thread is the page's run if it weighs a paragraph (PART_MIN_CHARS: a
# blog's short post over its thread) or this share of the heaviest run in the thread; less, and the
# page is a forum whose posts are its text.
OUTSIDE_SHARE = 0.5


def own_text(node: LexborNode) -> str:
    """The text `main_paragraphs` or `main_text_run` weighed the element by: its <p> children, else
    its loose text (text nodes and inline elements, links left out)."""
    paragraphs = [child.text(deep=True) for child in node.iter() if child.tag == "p"]
    if paragraphs:
        return " ".join(paragraphs)
    out = []
    for child in node.iter(include_text=True):
        if child.is_text_node:
            out.append(child.text_content or "")
        elif child.tag in INLINE_TAGS:
            out.append(child.text(deep=True))
    return " ".join(out)
