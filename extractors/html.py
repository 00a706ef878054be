"""Articles from an HTML page: parse once (lexbor), clean the DOM, then read the posts.

A page built with a known theme (a `ThemeProfile`) is read through the profile's selectors: the
main post, every teaser post and every auto-loaded post become their own Article. Any other page
goes to trafilatura after the same DOM cleaning, only its article region when the markup names
one; our own walk of the body container then repairs what precision mode dropped inside the body
and cuts lists of other articles it kept (`extractors.body`). Either way each post's blocks pass
through `extractors.rules.finish()`, the rules the text-dump path uses, so both agree on the same
post.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors import gate
from extractors.article import Article, Author, fold
from extractors.body import cut_footer, cut_related, recover
from extractors.chrome import LearnedChrome, mark
from extractors.densest import prose_share, reads_as_prose
from extractors.dom import (
    ANCHOR_MIN_CHARS,
    CHROME,
    DISCUSSION_CHROME,
    GENERIC_KEEP,
    NEVER_CONTENT,
    PART_MIN_CHARS,
    Chrome,
    DomBlock,
    ExtractionError,
    blocks_of,
    body_parts,
    chrome_of,
    clean,
    containers,
    decode,
    is_json,
    looks_like_html,
    main_paragraphs,
    main_text_run,
    node_text,
    own_text,
    paragraph_chars,
    parse,
    reveal_noscript,
    start_tags,
    strip,
)
from extractors.gate import page_facts
from extractors.language import settle_declared
from extractors.meta import (
    BYLINE_MAX_CHARS,
    HEADLINE_MIN_CHARS,
    HEADLINE_SHARE,
    PageMeta,
    absolute,
    attr,
    best_date,
    ends_with_part,
    iso_date,
    names_of,
    names_site,
    page_meta,
    path_date,
    same_day,
    text_date,
    without_site_parts,
)
from extractors.rights import page_rights
from extractors.rules import CAPITAL, Block, PostDraft, clean_line, finish, finish_again, parse_authors
from extractors.sanitize import flatten_crowded_paragraphs
from extractors.sites import ThemeProfile, detect
from extractors.stopwords import prime_trafilatura
from extractors.textlines import TIME_ONLY, date_line, find_date

__all__ = ["ExtractionError", "extract_html"]

NAME = "cleanwire.html"
GENERIC_CAPTIONS = "figcaption, .wp-caption-text"
MAX_CAPTIONS = 50
GENERIC_NAME = "cleanwire.html+trafilatura"

# trafilatura's body elements -> Block tags ("head" is its name for any heading).
TRAFILATURA_TAGS = {"head": "h2", "item": "li", "code": "pre"}


# How trafilatura runs on the cleaned page: comments are never article text. Metadata comes from
# our own read of <head> and JSON-LD (`extractors.meta`): trafilatura's metadata pass reads the
# same sources but costs ~15 ms a page, a third of the whole extraction (measured on AEB).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": False,
    "include_comments": False,
    "include_tables": True,
}
# First opinion: precision mode, its own extractor alone (trafilatura.settings.Extractor options).
# It drops the teaser lists and link blocks our table does not know. Run through trafilatura's core
# steps on the article region it costs a fifth of a bare trafilatura run on AEB (its readability /
# jusText fallback would add half as much again as a bare run, on every page).
FIRST_OPINION: dict[str, Any] = {"precision": True, "fast": True, "comments": False, "tables": True}
# Second opinion, only when the first is deficient: balanced mode with the fallback extractors.
# Precision mode sometimes keeps only a reprint notice or a login hint, or nothing, where the
# body is marked up unusually; balanced mode with readability / jusText finds it (AEB: 7 of 181
# pages ask for it; F1 of those pages 0.36 -> 0.95).
SECOND_OPINION: dict[str, Any] = {"favor_precision": False, "fast": False}
# Deficient: less text than this, or less than this share of the page's main paragraph run (the
# text of the anchor's own <p> children: its tables and lists are not what precision mode missed).
DEFICIENT_CHARS = 300
DEFICIENT_SHARE = 0.3
# jusText, in the second opinion, compares paragraphs with their neighbours in time that grows with
# their square (a page of 5,000 short paragraphs: 4 s; 8,000 short list items: 8.7 s); markup with more start tags than this gets
# no second opinion (AEB's largest cleaned region or page: 1,255).
SECOND_OPINION_MAX_TAGS = 3000
# The second opinion is taken only if it reads as prose (`densest.reads_as_prose`): on a listing
# (tag page, archive) precision mode rightly finds nothing and the fallback returns the list of
# headlines; an article's lines are long.


def extract_html(html: str | bytes, url: str | None = None, *, site: str | None = None,
                 chrome: LearnedChrome | None = None) -> list[Article]:
    """Every article on the page, in page order (main post first). `site` names a profile
    (e.g. "zox-news") or is just recorded as the republisher; by default the theme is recognised
    from the page and the site is the page's host. The site's learned `chrome` leaves the text.

    Raises `ExtractionError` (a ValueError) for input that is not an HTML page at all."""
    text = decode(html)
    if not text.strip():
        return []
    if is_json(text):
        raise ExtractionError("input is a JSON document, not an HTML page")
    if not looks_like_html(text):
        raise ExtractionError("input has no HTML markup (a text dump? use extract_text)")
    tree = parse(text)
    if tree.body is None:
        return []
    reveal_noscript(tree)  # a page's text for readers without scripts is its text: its byline and date too
    meta = page_meta(tree, url)
    rights = page_rights(tree)
    site_name = site or meta.host
    profile = detect(tree, site)
    strip(tree, NEVER_CONTENT)
    anchor, page_chars = main_paragraphs(tree.body, meta.discussion)
    anchor_chars = paragraph_chars(anchor) if anchor is not None else 0
    if anchor is None:  # no run of <p>: the body may be text in a <div> or <td>, cut by <br>
        anchor, anchor_chars = main_text_run(tree.body, meta.discussion)
        if anchor_chars < ANCHOR_MIN_CHARS:
            anchor, anchor_chars = None, 0
    meta.title = shown_headline(headline(meta, anchor, tree.body), tree.body, meta)
    articles: list[Article] = []
    if profile is not None:
        articles = _themed(tree, profile, meta, url, site_name, anchor, chrome)
    if not articles:
        # only the article's region is read when the markup names one: the rest is not cleaned
        region, posts = _region(anchor, page_chars, meta.discussion)
        doomed = chrome_of(region or tree.body, _page_chrome(meta), GENERIC_KEEP, anchor)
        for node in doomed:
            node.decompose()
        articles = _generic(tree, meta, url, site_name, (anchor, anchor_chars, page_chars), region, posts, text, chrome)
    for art in articles:
        settle_declared(art, meta.language)
        art.rights = rights
    return _unique(articles)


# --- a known theme -------------------------------------------------------------------------------
def _themed(tree: LexborHTMLParser, p: type[ThemeProfile], meta: PageMeta, url: str | None,
            site: str | None, anchor: LexborNode | None, chrome: LearnedChrome | None) -> list[Article]:
    """Main post(s) and teasers through the profile's selectors."""
    posts = tree.css(p.post) if p.post else []
    if not posts:
        posts = [tree.body]
    base = meta.canonical or url
    # Teaser links and plain dates sit in "Continue Reading" boxes that cleaning removes.
    teaser_info: dict[int, tuple[str | None, str | None]] = {}
    if p.teaser:
        for node in tree.css(p.teaser):
            link = node.css_first(p.teaser_url) if p.teaser_url else None
            dates = node.css(p.teaser_date_text) if p.teaser_date_text else []
            teaser_info[node.mem_id] = (absolute(attr(link, "href"), base),
                                        text_date(node_text(dates[-1])) if dates else None)
    clean(tree.body, CHROME + p.chrome, p.keep, anchor)

    articles: list[Article] = []
    for index, post in enumerate(posts):
        teasers = []
        for node in post.css(p.teaser) if p.teaser else []:
            teaser_url, teaser_date = teaser_info.get(node.mem_id, (None, None))
            draft = _draft(node, p, p.teaser_body, base, url, site)
            draft.url, draft.published = teaser_url, teaser_date
            teasers.append(draft)
            node.decompose()  # its title, byline and body must not be read as the main post's
        draft = _draft(post, p, p.body, base, url, site)
        own_url = absolute(attr(post.css_first(p.url), "itemid"), base) if p.url else None
        own_date = iso_date(attr(post.css_first(p.date), "datetime")) if p.date else None
        if index == 0:  # the page's own metadata describes the first post
            draft.url = meta.canonical or own_url
            page_date = best_date(meta.published)
            draft.published = page_date if page_date and (own_date is None or same_day(page_date, own_date)) \
                else own_date or page_date
        else:
            draft.url, draft.published = own_url, own_date
        if draft.blocks:
            for d in (draft, *teasers):
                if (art := finish(d, chrome)) is not None:
                    articles.append(art)
    return articles


def _draft(node: LexborNode, p: type[ThemeProfile], body_sel: str, base: str | None, page_url: str | None,
           site: str | None) -> PostDraft:
    body = node.css_first(body_sel) if body_sel else None
    blocks = blocks_of(body, p.captions) if body is not None else []
    for block in blocks:
        block.href = absolute(block.href, base)
    feat = node.css_first(p.featured_caption) if p.featured_caption else None
    if feat is not None and (caption := node_text(feat)):
        blocks.insert(0, Block(caption, tag="caption"))
    authors: list[Author] = []
    for author_node in node.css(p.authors) if p.authors else []:
        for author in parse_authors(node_text(author_node), strict=False):
            if author not in authors:
                authors.append(author)
    title = node.css_first(p.title) if p.title else None
    category = node.css_first(p.category) if p.category else None
    summary = node.css_first(p.summary) if p.summary else None
    return PostDraft(
        blocks=blocks, extractor=NAME,
        title=node_text(title) or None if title is not None else None,
        category=node_text(category) or None if category is not None else None,
        authors=authors,
        summary=node_text(summary) or None if summary is not None else None,
        page_url=page_url, site=site,
    )


# --- the headline ------------------------------------------------------------------------------------
# The heading is looked for among this many elements before the body's anchor, and has this many words.
HEADLINE_LOOKBACK = 12
HEADLINE_WORDS = (3, 25)
# Elements that carry a headline by their tag, or by a class or id word.
HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "b", "strong", "font", "big"})
_HEADLINE_WORDS = re.compile(r"title|headline|head", re.IGNORECASE)


def headline(meta: PageMeta, anchor: LexborNode | None, body: LexborNode) -> str | None:
    """The page's title (`meta.title`), or the heading right before the body where there is none, or
    it only names the site (its og:site_name, or its host: "edmontonsun.com", "MyFox Houston"), or
    the page's meta titles hold that heading (with a kicker or a site segment around it), or end with
    it after a site's name and sections ("Radio New Zealand News : Latest News : <headline>"), or the
    title is the template's (`_template_headline`)."""
    title = meta.title
    if anchor is None:
        return title
    if title and not names_site(title, meta.site_name, meta.host):
        heading = _heading_before(anchor)
        key = fold(heading)
        if not heading or key == fold(title):
            return title
        held = len(key) >= HEADLINE_SHARE * len(fold(title)) and any(f" {key} " in f" {fold(m)} " for m in meta.titles)
        ends = any(ends_with_part(m, key) for m in meta.titles)
        if held or (ends and not names_site(heading, meta.site_name, meta.host)):
            return without_site_parts(heading, meta.site_name, meta.host)
        return _template_headline(title, meta, anchor, body) or title
    return _heading_before(anchor) or title


def _template_headline(title: str, meta: PageMeta, anchor: LexborNode, body: LexborNode) -> str | None:
    """Where `title` is one the site's template gives every page ("Charleston Daily Mail", "NY1: Top
    Stories", a slogan), not this story's, the headline before the story: the page declares no title
    of its own (no JSON-LD headline, og:title or twitter:title), `title` names no word of the story's
    lead and no heading shows it, and the nearest element named a headline (<h1>-<h3>, or a class or
    id word: `_HEADLINE_WORDS`) names HEADLINE_SHARED_WORDS of them. On the corpus's gold titles:
    L3S-GN1 8 gained / 0 lost (written on its failures); AEB, readability and WCXB 0 / 1 ("CS 224
    Fall 23" over the heading "Algorithms for Data Science CS 224, Fall 2023"); CleanEval (no gold
    title) changes 7, 5 of them to the post's own headline by eye, 1 to a line that is none."""
    if meta.shared_title:
        return None
    lead = _lead_text(anchor).casefold()
    if _shared_words(title, lead):
        return None
    heading = next((text for text, el in _headings_before(anchor) if _named_headline(el)
                    and _shared_words(text, lead) >= HEADLINE_SHARED_WORDS), None)
    key = f" {fold(title)} "
    if heading is None or any(key in f" {fold(node_text(h))} " for h in body.css(SHOWN_TITLE_HEADINGS)):
        return None
    return heading


def _named_headline(el: LexborNode) -> bool:
    """`el` is a heading of the page's top levels or its markup names it a headline (not a bold line)."""
    return el.tag in SHOWN_TITLE_TAGS or _marked_headline(el)


def _marked_headline(el: LexborNode) -> bool:
    """A class or id word of `el` names it a headline (`_HEADLINE_WORDS`)."""
    attrs = el.attributes
    return _HEADLINE_WORDS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}") is not None


# The headings where a page shows its own title (`_template_headline`).
SHOWN_TITLE_TAGS = ("h1", "h2", "h3")
SHOWN_TITLE_HEADINGS = ", ".join(SHOWN_TITLE_TAGS)


# Where a page shows its headline, when it shows one only: its <h1>, or without one, the element its
# markup names the headline (2008 templates: <div class="headline1">, <span class="vitstoryheadline">).
SHOWN_HEADLINE = ("h1", "[class*='headline'], [id*='headline'], [itemprop='headline']")


def shown_headline(title: str | None, body: LexborNode, meta: PageMeta) -> str | None:
    """`title`, or the headline the page shows (`SHOWN_HEADLINE`) where the page never shows `title`: a
    meta title written for search ("Best Apps to Learn a Language in 2025" over the heading "Top 10:
    Best Language Learning App"), or a template's ("Latest News", "Feed Article" over a 2008 page's
    story). On the corpus's gold titles, the <h1>: L3S-GN1 13 gained / 0 lost, WCXB 87 / 60,
    readability 0 / 3 (its gold is Readability.js's reading of <title>), AEB none changed; then the
    named element (added after L3S-GN1 showed it): L3S-GN1 5 / 0, no other page."""
    if not title:
        return title
    for selector in SHOWN_HEADLINE:
        if nodes := body.css(selector):
            break
    shown = {clean_line(n.text(deep=True, separator=" ")): n for n in nodes}
    if len(shown) != 1:
        return title
    heading, node = next(iter(shown.items()))
    key = fold(heading)
    if len(heading) < HEADLINE_MIN_CHARS or not _headline_shaped(heading, node) or key == fold(title) \
            or names_site(heading, meta.site_name, meta.host) or fold(title) in fold(body.text(deep=True, separator=" ")):
        return title
    return heading


def _headline_shaped(text: str, node: LexborNode) -> bool:
    """A headline's shape: HEADLINE_WORDS words, no closing full stop (a slogan, a sentence), no link
    inside (a teaser's)."""
    return HEADLINE_WORDS[0] <= len(text.split()) <= HEADLINE_WORDS[1] and not text.endswith(".") \
        and node.css_first("a") is None


def _elements_before(anchor: LexborNode) -> list[LexborNode]:
    """The body's elements ahead of its first paragraph of text and up to HEADLINE_LOOKBACK elements
    before `anchor`, in reverse page order: where a story's headline and byline stand."""
    candidates = _leading_elements(anchor)
    seen = 0
    node: LexborNode | None = anchor
    while node is not None and node.tag not in ("body", "html") and seen < HEADLINE_LOOKBACK:
        sib = node.prev
        while sib is not None and seen < HEADLINE_LOOKBACK:
            if _is_element(sib):
                candidates.append(sib)
                seen += 1
            sib = sib.prev
        node = node.parent
    return candidates


def _leading_elements(anchor: LexborNode) -> list[LexborNode]:
    """The first element of `anchor`, then the ones after it up to its first element of text
    (PART_MIN_CHARS): a 2008 template sets the headline inside the story's cell, after a date list,
    an ad or empty paragraphs. The first comes first, then the page's own headline mark (<h1>, a
    "headline" class or id), then the others nearest to the text first."""
    leading: list[LexborNode] = []
    child = anchor.child
    while child is not None and len(leading) < HEADLINE_LOOKBACK:
        if _is_element(child):
            text = len(child.text(deep=True).strip()) >= PART_MIN_CHARS
            if text and leading:
                break
            leading.append(child)
            if text:
                break
        child = child.next
    return leading[:1] + sorted(leading[:0:-1], key=lambda el: not (el.tag == "h1" or _marked_headline(el)))


def _is_element(node: LexborNode) -> bool:
    """An element, not a text or comment node."""
    return bool(node.tag) and not node.tag.startswith(("-", "#"))


def shown_byline(anchor: LexborNode | None) -> list[str]:
    """The names of a byline printed before the body without byline markup ("By Jane Doe | Updated
    ...", "Written by: Jane Doe", "September 1st, 2023 By Jane Doe"): the nearest short element that
    opens with a byline's lead words and names people."""
    if anchor is None:
        return []
    for cand in _elements_before(anchor):
        for el in chain((cand,), cand.traverse()):
            if el.tag not in SHOWN_BYLINE_TAGS:
                continue
            text = node_text(el)
            if len(text) > BYLINE_MAX_CHARS or not BYLINE_WORD.search(text):
                continue
            # the names' own line first ("By Jane Doe<br>HERALD STAFF WRITER" names no "Herald"), unless
            # it ends in an initial: the line broke inside the name ("By Michael C.\nRuppert")
            first = _first_line(el)
            for line in dict.fromkeys((text,) if _INITIAL_END.search(first) else (first, text)):
                if (dated := find_date(line)) is not None and dated[1].start() == 0:
                    line = line[dated[1].end():].lstrip(" ,|·-–—")  # "Dec 17, 2025 by Jane Doe"
                if SHOWN_BYLINE.match(line) and len(names := names_of(line).split()) >= 2 \
                        and (found := parse_authors(" ".join(names), strict=True)):
                    return [a.name for a in found]
    return []


_INITIAL_END = re.compile(r"\b[A-Z]\.?$")


def _first_line(el: LexborNode) -> str:
    """The element's text up to its first line break: a <br>, or a new line in the page's source
    (where a 2008 byline puts the writer's role or paper under the name)."""
    parts: list[str] = []
    for node in el.traverse(include_text=True):
        if node.tag == "-text":
            first, *more = (node.text_content or "").split("\n")
            parts.append(first)
            while more and not "".join(parts).strip():  # new lines before the text: it starts after them
                parts.append(more.pop(0))
            if not more:
                continue
        elif node.tag != "br" or not "".join(parts).strip():
            continue
        break
    return " ".join("".join(parts).split())


# A byline line's lead: "By", "Written by", "Author:" (not "Sort by Brand", "Powered by WordPress"). Its
# names are two words at least: a one-word name after "By" is a brand or a section far more often.
SHOWN_BYLINE = re.compile(rf"^(?:(?:written|posted|published|story|words) )?by\s*:?\s+{CAPITAL}|^(?:author|written by)\s*:\s*{CAPITAL}",
                          re.IGNORECASE)
# A cheap first test: every SHOWN_BYLINE line holds one of these words (most short elements hold none).
BYLINE_WORD = re.compile(r"\b(?:by|author)\b", re.IGNORECASE)
# Elements a printed byline sits in.
SHOWN_BYLINE_TAGS = frozenset(("p", "div", "span", "li", "address", "small", "em", "strong", "b", "font", "td"))


def _heading_before(anchor: LexborNode) -> str | None:
    """The nearest headline-shaped element before `anchor` (or at its start), in reverse page order."""
    shaped = (text for text, _ in _headings_before(anchor))
    nearest = next(shaped, None)
    if nearest is None:
        return None
    # the nearest that shares words with the body, else the nearest ("Refer to a friend", a sidebar's
    # box heading, stands between a 2008 story and its headline); read only as far as needed
    lead = _lead_text(anchor).casefold()
    return next((text for text in chain((nearest,), shaped) if _shared_words(text, lead) >= HEADLINE_SHARED_WORDS),
                nearest)


def _headings_before(anchor: LexborNode) -> Iterator[tuple[str, LexborNode]]:
    """The headline-shaped elements before `anchor` (or at its start), nearest first, with their text
    (a date alone, "Jan 14, 2008", is the story's stamp, never its headline; "By Jane Doe" in bold is
    her byline)."""
    for cand in _elements_before(anchor):
        lead_in = cand.tag == "p" and cand.parent == anchor  # the run's own first paragraph
        for el in _headline_elements(cand):
            if lead_in and not _named_headline(el):
                continue  # bold words opening it: a lead-in or a byline, unless marked a headline
            text = _unstamped(node_text(el))
            if _headline_shaped(text, el) and not (_DIGIT.search(text) and date_line(text)) \
                    and not SHOWN_BYLINE.match(text):
                yield text, el


# A headline and its story share words: this many of the headline's words of HEADLINE_WORD_CHARS
# letters or more are in the first HEADLINE_BODY_CHARS characters of the body.
HEADLINE_SHARED_WORDS = 2
HEADLINE_WORD_CHARS = 4
HEADLINE_BODY_CHARS = 3000


def _lead_text(anchor: LexborNode) -> str:
    """The first HEADLINE_BODY_CHARS characters of the body, read child by child (not the whole run)."""
    parts, size = [], 0
    for child in anchor.iter(include_text=True):
        part = child.text(deep=True)
        parts.append(part)
        size += len(part)
        if size >= HEADLINE_BODY_CHARS:
            break
    return " ".join(parts)[:HEADLINE_BODY_CHARS]


def _shared_words(text: str, lead: str) -> int:
    """How many of the words of `text` are in `lead` (found as substrings: a cheap test, and words of
    four letters or more seldom sit inside others by chance)."""
    return sum(1 for w in set(_WORDS.findall(text.casefold())) if len(w) >= HEADLINE_WORD_CHARS and w in lead)


# A heading element that also holds the story's time stamp ("<headline> Posted: Wednesday Jan 9, 2008
# 10:23 PM", "<headline> 29 December 2007 (16:00)", "<headline>Published: ..."): the stamp is no part
# of the headline. Cut only after a headline's worth of words, and a bare date only with its clock time
# ("What changed on January 6, 2021" is a headline).
STAMP_LABEL = re.compile(r"(?:\s+|(?<=[a-z]))(?:Posted|Published|Updated|Last updated)\s*:.*$")
STAMP_REST = re.compile(r"^[\s,()\[\]\d:.apmAPMESTGMTIDU|/-]*$")
STAMPED_MAX_CHARS = 300  # a headline (25 words at most) and its stamp
_DIGIT = re.compile(r"\d")


def _unstamped(text: str) -> str:
    """`text` without a time stamp closing it."""
    if len(text) > STAMPED_MAX_CHARS or not _DIGIT.search(text):
        return text  # no stamp (a stamp has a date or a time), or too long for a headline anyway
    if (m := STAMP_LABEL.search(text)) and len(text[:m.start()].split()) >= HEADLINE_WORDS[0]:
        text = text[:m.start()]
    if (found := find_date(text)) is not None:
        start, end = found[1].span()
        if len(text[:start].split()) >= HEADLINE_WORDS[0] and STAMP_REST.match(text[end:]) \
                and TIME_ONLY.search(text, start):
            text = text[:start].rstrip(" -–—|,")
    return text


def _headline_elements(node: LexborNode) -> list[LexborNode]:
    """`node` or its descendants that a headline is set in (by tag or by a class / id word)."""
    out = []
    for el in chain((node,), node.traverse()):  # lazily: a big container stops at its first three
        if el.tag in HEADLINE_TAGS or (_is_element(el) and _marked_headline(el)):
            out.append(el)
        if len(out) >= 3:
            break
    return out


# --- any other page --------------------------------------------------------------------------------
# Elements that say "this is the article" in the markup itself (HTML5, schema.org).
ARTICLE_CONTAINERS = "article, [itemprop='articleBody'], main"

# A page laid out without HTML5's sectioning elements (the web before about 2012: tables, <div>s, <br>;
# looked for once the chrome is cleaned) is read by our own walk of its main paragraph run's container,
# parts and all, without trafilatura, when the walk looks like the body (`reads_alone`): on these layouts
# trafilatura keeps menu cells and drops body text that the walk reads right. The bounds are the ones
# chosen on all seven corpus sources by bench/read_alone.py; leave-one-source-out, every fold chose the
# same share, four of seven the same prose bound (the other three 0.6), and none chose the walk on pages
# with sectioning elements.
# The main run holds at least this share of the page's paragraph text (less: a comment thread or a
# list in the sidebar may be the run, and the post elsewhere)...
READ_ALONE_MIN_SHARE = 0.7
# ...at least this share of the walk's text is in lines of prose (`densest.prose_share`: a list of
# tour dates or links holding most of a blog page's <p> text is no body)...
READ_ALONE_MIN_PROSE = 0.8
# ...and the walk reads at least this much text (less: a stub, left to the readings below).
READ_ALONE_MIN_CHARS = 500
# HTML5's sectioning elements: a page with any of them is read by trafilatura.
SECTIONING = "article, section, nav, header, footer, main, aside"


@dataclass(frozen=True)
class WalkFacts:
    """What says whether our walk alone reads a page's body (see READ_ALONE_MIN_SHARE)."""

    sectioned: bool  # the cleaned page has HTML5 sectioning elements
    share: float  # the main run's share of the page's paragraph text (1 for <br>-cut text: no <p> to share with)
    chars: int  # the walk's characters
    prose: float  # the walk's share of characters in lines of prose


def walk_facts(tree: LexborHTMLParser, walked: list[list[Block]], anchor_chars: int, page_chars: int) -> WalkFacts:
    text = "\n".join(b.text for part in walked for b in part)
    return WalkFacts(tree.css_first(SECTIONING) is not None, anchor_chars / page_chars if page_chars else 1.0,
                     len(text), prose_share(text))


def reads_alone(facts: WalkFacts) -> bool:
    return (not facts.sectioned and facts.share >= READ_ALONE_MIN_SHARE and facts.prose >= READ_ALONE_MIN_PROSE
            and facts.chars >= READ_ALONE_MIN_CHARS)


def _walk(tree: LexborHTMLParser, anchor: LexborNode, region: LexborNode | None, meta: PageMeta) -> tuple[list[LexborNode], list[list[Block]]]:
    """The body's parts around the main run and our own reading of each (a part outside the article
    `region` is cleaned first: the chrome pass cleaned the region only)."""
    parts = body_parts(tree.body, anchor)
    for part in parts:
        if region is not None and not _within(part, region):
            clean(part, _page_chrome(meta), GENERIC_KEEP, anchor)
    return parts, [blocks_of(part) for part in parts]


def _generic(tree: LexborHTMLParser, meta: PageMeta, url: str | None, site: str | None,
             run: tuple[LexborNode | None, int, int], region: LexborNode | None, posts: list[LexborNode], page: str,
             chrome: LearnedChrome | None) -> list[Article]:
    """trafilatura on the cleaned tree (or its article `region`), its body elements as blocks, then
    the shared rules; trafilatura's own reading of the untouched `page` where ours finds little. On a
    page of the older layouts, our walk of the main `run` (anchor, its characters, the page's) alone."""
    anchor, anchor_chars, page_chars = run
    # trafilatura drops figures without images; the captions are kept as metadata here.
    scope = region or tree.css_first("article") or tree.body
    captions = [c for n in scope.css(GENERIC_CAPTIONS) if (c := node_text(n))][:MAX_CAPTIONS]
    flatten_crowded_paragraphs(tree)
    # on a page with no article region the walk comes first: it may be the whole reading
    walk = _walk(tree, anchor, region, meta) if anchor is not None and region is None and not posts else None
    alone = walk is not None and reads_alone(walk_facts(tree, walk[1], anchor_chars, page_chars))
    body = None if alone else _thread_body(posts, url) if posts else _trafilatura(tree, region, url, anchor_chars)
    blocks: list[Block] = []
    if walk is not None and alone:
        blocks = cut_related([b for part in walk[1] for b in part], tree.body)
    elif body is not None:
        blocks = list(_trafilatura_blocks(body))
        if anchor is not None:
            parts, walked = walk or _walk(tree, anchor, region, meta)
            blocks = _join_parts(recover(blocks, [b for part in walked for b in part]), parts, walked)
        blocks = cut_related(blocks, region or tree.body)
    else:
        # trafilatura parses with libxml2, which gives up on trees nested deeper than it allows;
        # a page that marks its article explicitly is still read with our own walker.
        container = tree.css_first(ARTICLE_CONTAINERS)
        if container is not None:
            if region is not None and not _within(container, region):
                clean(container, _page_chrome(meta), GENERIC_KEEP, anchor)
            blocks = blocks_of(container)
    authors = [a for name in meta.authors or shown_byline(anchor) for a in parse_authors(name, strict=False)]
    # the article's own <time> (a scoped lookup: a descendant combinator costs elements x depth)
    first_article = tree.css_first("article")
    own_time = (first_article.css_first("time[datetime]") if first_article is not None else None) \
        or tree.css_first("time[itemprop='datePublished']")
    draft = PostDraft(
        blocks=_post_body(blocks, meta.title), extractor=GENERIC_NAME,
        title=meta.title,
        category=meta.category,
        authors=list(dict.fromkeys(authors)),
        published=best_date([*meta.published, attr(own_time, "datetime")]) or path_date(url or meta.canonical),
        url=meta.canonical or url,
        page_url=url, site=site, image_captions=captions,
    )
    before = mark(chrome)
    art = finish(draft, chrome)
    text = art.text if art is not None else ""
    anchor_words, cover, our_words = _cover(text, anchor)
    facts = page_facts(tree, meta.types, page, text, anchor_words, cover,
                       _found_little(text, anchor_words, cover, our_words), prose_share(text))
    record = gate.recorder("html")
    if record is None and not gate.current_gate("html").asks(facts):
        return [art] if art is not None else []
    whole = _whole_page(page, url)
    other = ""
    if whole is not None:
        blocks = _post_body(list(_trafilatura_blocks(whole)), meta.title)
        art, other = finish_again(draft, blocks, chrome, art, before,
                                  lambda got: record is None and second_reading_wins(text, got))
    if record is not None:
        record(facts, text, other)
    return [art] if art is not None else []


# The hand rule the learned gate (`extractors.gate`) replaced, kept as one of its facts: our reading
# found little when its text is shorter than this, or when it has fewer words than FALLBACK_LONGER
# times the page's main paragraph run and holds less than FALLBACK_COVER of that run's words (it read
# another part of the page: a menu, a job box).
FALLBACK_CHARS = 250
FALLBACK_COVER = 0.5
FALLBACK_LONGER = 2.0
# trafilatura's reading of the whole page costs about 0.14 ms a start tag even in fast mode: 19,000
# short paragraphs (430 kB) took 2.6 s on top of our own 2.2 s, past the 2.7 s bound for an input
# under 1 MB (bench/fuzz.py); above this many tags the fallback is not tried.
WHOLE_PAGE_MAX_TAGS = 8000
# trafilatura's table handling walks each table's descendants, a nested table's again for every table
# around it: 100 nested tables over 6,000 paragraphs (495 kB, bench/fuzz.py seed 24) took 1.3 s. Above
# this many (table, descendant) pairs the fallback is not tried (the corpus's most: 12,338, on L3S-GN1).
WHOLE_PAGE_MAX_TABLE_NODES = 100_000
_WORDS = re.compile(r"\w+")


def second_reading_wins(ours: str, other: str) -> bool:
    """Where the gate asked, trafilatura's reading replaces ours when it holds more text; where we
    found no article at all, only when it reads as prose: a tag or section page's list of headlines
    is no article."""
    if not ours:
        return reads_as_prose(other)
    return len(other) > len(ours)


def _cover(text: str, anchor: LexborNode | None) -> tuple[int, float, int]:
    """The words of the page's main paragraph run, the share of them our reading holds (-1: no run),
    and our reading's words (0 when there is no run: nothing asks for them then)."""
    own = _WORDS.findall(own_text(anchor).casefold()) if anchor is not None else []
    if not own:
        return 0, -1.0, 0
    words = _WORDS.findall(text.casefold())
    found = Counter(own) & Counter(words)
    return len(own), sum(found.values()) / len(own), len(words)


def _found_little(text: str, anchor_words: int, cover: float, our_words: int) -> bool:
    if len(text) < FALLBACK_CHARS:
        return True
    if anchor_words == 0:
        return False
    return our_words < FALLBACK_LONGER * anchor_words and cover < FALLBACK_COVER


def _whole_page(page: str, url: str | None) -> Any:
    """trafilatura's own reading of the page as it came (balanced mode with its fallback extractors,
    which a page too big for jusText's quadratic pass does without): its body element, or None."""
    from trafilatura import bare_extraction

    if (tags := start_tags(page)) > WHOLE_PAGE_MAX_TAGS:
        return None
    tree = _lxml_tree(page)
    if tree is None or _table_nodes(tree) > WHOLE_PAGE_MAX_TABLE_NODES:
        return None
    fast = tags > SECOND_OPINION_MAX_TAGS
    try:
        doc = bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS, favor_precision=False, fast=fast)
    except (TypeError, ValueError):
        return None
    return doc.body if doc is not None else None


def _table_nodes(tree: Any) -> int:
    """(table, descendant) pairs of an lxml tree, counted until past WHOLE_PAGE_MAX_TABLE_NODES."""
    total = 0
    for table in tree.iter("table"):
        total += int(table.xpath("count(.//*)"))
        if total > WHOLE_PAGE_MAX_TABLE_NODES:
            break
    return total


def _within(node: LexborNode, ancestor: LexborNode) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


# The region is read alone only when it holds at least this share of the page's paragraph text: a
# body that goes on outside the element named as the article is read from the whole page.
REGION_MIN_SHARE = 0.5


# One post of a thread is not the page's article: a region with this many siblings of its own tag and
# first class and no headline of its own (a forum's messages) is read with them, post by post (read
# whole, trafilatura keeps the first post alone). An article followed by more articles (infinite
# scroll) has a headline in each.
THREAD_MIN_POSTS = 3
# ...and at most this many: each post is a trafilatura call (about 0.2 ms for a short one); forums page
# their threads at 20 to 50 posts, and 9,000 one-line "posts" (700 kB) took 1.8 s, past the 1 s bound.
THREAD_MAX_POSTS = 200
# ...whose parent is never the page itself, nor a <form> (on WCXB's Invision forums, read so without
# knowing the page for a discussion, two pages gained what two others lost), unless the page declares
# a discussion: Invision wraps a topic's posts in its moderators' <form>.
THREAD_NOT_PARENTS = frozenset({"body", "html", "form"})
DISCUSSION_NOT_PARENTS = THREAD_NOT_PARENTS - {"form"}


def _region(anchor: LexborNode | None, page_chars: int, discussion: bool = False) -> tuple[LexborNode | None, list[LexborNode]]:
    """The part of the page the first opinion reads: the container the markup names as the article
    around the main paragraph run (the outermost <article>, with the lede and headline beside a body
    container; else the innermost `GENERIC_KEEP` match), or the thread it is a post of (then also
    the posts). None (the whole page) without one."""
    if anchor is None:
        return None, []
    found = containers(anchor)
    region = next((n for n in reversed(found) if n.tag == "article"), found[0] if found else None)
    if region is None:
        return None, []
    if posts := _thread(region, discussion):
        return region.parent, posts  # the posts are the content, in <p> or not
    if sum(len(p.text(deep=True)) for p in region.css("p")) < REGION_MIN_SHARE * page_chars:
        return None, []
    return region, []


def _page_chrome(meta: PageMeta) -> tuple[Chrome, ...]:
    """The chrome table the generic path cleans with: a discussion's posts are no comment thread."""
    return DISCUSSION_CHROME if meta.discussion else CHROME


def _thread(post: LexborNode, discussion: bool = False) -> list[LexborNode]:
    """The posts of the thread `post` is one of (its siblings of its tag and first class), in page order;
    on a `discussion` page, under its moderation form too."""
    parent, kind = post.parent, _first_class(post)
    if parent is None or parent.tag in (DISCUSSION_NOT_PARENTS if discussion else THREAD_NOT_PARENTS) or not kind:
        return []
    posts = [n for n in parent.iter() if n.tag == post.tag and _first_class(n) == kind]
    # the headline lookup walks the region: only where there are siblings to read (a forum, a stream)
    if not THREAD_MIN_POSTS <= len(posts) <= THREAD_MAX_POSTS or post.css_first("h1, h2") is not None:
        return []
    return posts


def _first_class(node: LexborNode) -> str:
    """A post's kind: its first class token (themes add state classes after it: "is-unread")."""
    return next(iter((node.attributes.get("class") or "").split()), "")


def _thread_body(posts: list[LexborNode], url: str | None) -> Any:
    """The first opinion of each post, one body element (None when no post has text)."""
    import lxml.etree

    out = lxml.etree.Element("body")
    for post in posts:
        tree = _lxml_tree(f"<html><body>{post.html}</body></html>")
        if tree is not None and (found := _first_opinion(tree, url))[1]:
            out.extend(list(found[0]))
    return out if len(out) else None


def _trafilatura(page: LexborHTMLParser, region: LexborNode | None, url: str | None, anchor_chars: int) -> Any:
    """trafilatura's body element for the cleaned page (or only its article region, when the markup
    names one): the first opinion, or the second where the first is deficient and the second found
    more. None when neither found anything."""
    from trafilatura import bare_extraction, external

    html = f"<html><body>{region.html}</body></html>" if region is not None else page.html or ""
    tree = _lxml_tree(html)
    if tree is None:
        return None
    body, found = _first_opinion(tree, url)
    if found < max(DEFICIENT_CHARS, DEFICIENT_SHARE * anchor_chars) and start_tags(html) <= SECOND_OPINION_MAX_TAGS:
        # the first opinion cleaned its tree in place: the second reads a fresh parse (7 of 181 pages)
        if external.JT_STOPLIST is None:  # a process not warmed (one file, -j 1): its jusText fallback's
            prime_trafilatura()  # union of stop lists built the fast way, not word by word
        second = bare_extraction(_lxml_tree(html), url=url, **TRAFILATURA_OPTIONS, **SECOND_OPINION)
        text = second.text or "" if second is not None and second.body is not None else ""
        if len(text) > found and reads_as_prose(text):
            return second.body
    return body if found else None


def _lxml_tree(html: str) -> Any:
    """The cleaned page as the lxml.html tree trafilatura works on (None when nothing parses)."""
    import lxml.etree
    import lxml.html
    from trafilatura.utils import INVALID_XML_CHARS  # lxml refuses them in any text it is given

    valid = INVALID_XML_CHARS.sub("", html) if any(char in html for char in INVALID_XML) else html
    try:
        tree = lxml.html.document_fromstring(valid.encode("utf-8", "surrogatepass"), parser=_lxml_parser())
    except (ValueError, lxml.etree.ParserError):
        return None  # libxml2 refuses an empty document
    if _ODD_TAG.search(html):  # a damaged tag ("<a\ufffdhref=...") parses, but trafilatura cannot copy it
        for elem in tree.iter():
            if isinstance(elem.tag, str) and not _XML_NAME.fullmatch(elem.tag):
                elem.tag = "span"
    return tree


# The characters trafilatura's INVALID_XML_CHARS removes (C0 controls but tab and line breaks,
# U+FFFE, U+FFFF; a test keeps both in step): a real page has none (AEB: 0 of 181), so they are
# looked for one by one before the regex pass over the page removes them.
INVALID_XML = (*map(chr, (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))), "\ufffe", "\uffff")
# Tag names lxml takes when an element is created (trafilatura copies every element it keeps); the
# HTML parser admits others, which a damaged page has. Looked for in the markup first: a real page
# has none, so the tree is walked only then.
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_ODD_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9_.:-]*[^A-Za-z0-9_.:\-\s/>]")


@lru_cache(maxsize=1)
def _lxml_parser() -> Any:
    """trafilatura's parser settings (`trafilatura.utils.HTML_PARSER`) with a C-level element class
    lookup: lxml.html's own looks up a Python class for every element handed out (a tenth of
    trafilatura's time on AEB); here each is a plain `HtmlElement` (the special classes are for form
    controls, stripped before)."""
    import lxml.etree
    import lxml.html

    parser = lxml.etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                   remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    return parser


def _first_opinion(tree: Any, url: str | None) -> tuple[Any, int]:
    """Precision mode without fallback, as `trafilatura.bare_extraction` runs it, minus the work that
    is ours already or thrown away: three copies of the tree (we own this one; the backup feeds only
    the fallback), the forum check (it reads JSON-LD, stripped here), metadata, the text rendering,
    and its prunes of comment sections and follow-up article containers (our chrome table removes
    those). Returns trafilatura's body element and the length of its text."""
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.main_extractor import extract_content

    options = copy(_first_options())
    options.url = options.source = url
    try:
        body, text = extract_content(convert_tags(tree_cleaning(tree, options), options, url), options)
    except (TypeError, ValueError):  # as bare_extraction does: lxml refuses some names a page gives its tags
        return None, 0
    return body, len(text)


@lru_cache(maxsize=1)
def _first_options() -> Any:
    """The first opinion's settings, built once (`Extractor()` reads its config values and date
    settings anew on each call: ten times a copy)."""
    from trafilatura.settings import Extractor

    return Extractor(**FIRST_OPINION)


def _join_parts(blocks: list[Block], parts: list[LexborNode], walked: list[list[DomBlock]]) -> list[Block]:
    """trafilatura reads the first container of a body split into parts; the parts it left out
    (`walked`: each part as our walker read it) are put before or after the text, in page order."""
    if len(parts) < 2:
        return blocks
    seen = "\n".join(b.text for b in blocks)
    covered = [_first_paragraph(part) in seen for part in parts]
    if not any(covered):
        return blocks  # trafilatura's text lies elsewhere: not ours to extend
    first, last = covered.index(True), len(covered) - 1 - covered[::-1].index(True)
    before = [b for part in walked[:first] for b in part]
    after = [b for part, done in zip(walked[last + 1:], covered[last + 1:], strict=True) if not done for b in part]
    return before + blocks + after


def _first_paragraph(node: LexborNode) -> str:
    """The start of a part's first real paragraph, as a probe for 'already extracted'."""
    text = next((t for p in node.css("p") if len(t := node_text(p)) >= PART_MIN_CHARS), "")
    return text[:PART_MIN_CHARS]


def _trafilatura_blocks(elem: Any, depth: int = 0) -> Iterator[Block]:
    """trafilatura's output tree (<p>, <head>, <list><item>, <quote>, <table><row>) -> Blocks;
    a line break (<lb>) ends a block, as a new line does in a text dump. Loose text between
    elements (trafilatura leaves some as .text / .tail) is a paragraph of its own."""
    yield from _lines(elem.text, "p")
    for child in elem:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("list", "table", "quote", "div") and depth < 20 and any(
                isinstance(c.tag, str) and c.tag in ("item", "row", "p", "list", "head") for c in child):
            yield from _trafilatura_blocks(child, depth + 1)
        elif tag and not (tag in ("graphic", "img", "ref") and not (child.text or "").strip()):
            yield from _lines(_text_with_breaks(child), TRAFILATURA_TAGS.get(tag, "p"))
        yield from _lines(child.tail, "p")


def _lines(text: str | None, tag: str) -> Iterator[Block]:
    for line in (text or "").split("\n"):
        if line := clean_line(line):
            yield Block(line, tag=tag)


# trafilatura elements that start a line inside another (a cell of a layout table holds the paragraphs
# it made of text cut by <br>).
_LINE_TAGS = frozenset({"lb", "list", "item", "row", "p", "head"})


def _text_with_breaks(elem: Any) -> str:
    """Text of an element with <lb/> (and nested lists) as line breaks."""
    parts = [elem.text or ""]
    for sub in elem:
        if sub.tag in _LINE_TAGS:
            parts.append("\n")
        if sub.tag == "cell":
            parts.append(" ")
        parts.append(_text_with_breaks(sub) if len(sub) else (sub.text or ""))
        if sub.tag in _LINE_TAGS and sub.tag != "lb":
            parts.append("\n")
        parts.append(sub.tail or "")
    return "".join(parts)


# The headline is repeated at the top of the extracted body on many pages; it is the title.
HEADLINE_WINDOW = 3


def _post_body(blocks: list[Block], title: str | None) -> list[Block]:
    """A reading's blocks as the post's body, the same for ours and trafilatura's whole-page reading:
    without the headline printed at its top, and ended at the page's footer notice (`cut_footer`)."""
    folded = fold(title)
    if folded:
        blocks = [b for i, b in enumerate(blocks) if i >= HEADLINE_WINDOW or fold(b.text) != folded]
    return cut_footer(blocks)


def _unique(articles: list[Article]) -> list[Article]:
    """The same post twice on one page (auto-load of an already shown post) is kept once."""
    seen: set[str] = set()
    out = []
    for art in articles:
        if art.id not in seen:
            seen.add(art.id)
            out.append(art)
    return out
