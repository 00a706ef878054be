"""Articles from an HTML page: parse once (lexbor), clean the DOM, then read the posts.

A page built with a known theme (a `ThemeProfile`) is read through the profile's selectors: the
main post, every teaser post and every auto-loaded post become their own Article. Any other page
goes to trafilatura after the same DOM cleaning. Either way each post's blocks pass through
`extractors.rules.finish()`, the rules the text-dump path uses, so both agree on the same post.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import Article, Author, fold
from extractors.dom import (
    CHROME,
    GENERIC_KEEP,
    NEVER_CONTENT,
    PART_MIN_CHARS,
    ExtractionError,
    blocks_of,
    body_parts,
    clean,
    decode,
    is_json,
    looks_like_html,
    main_paragraphs,
    node_text,
    parse,
    reveal_noscript,
    strip,
    visible,
)
from extractors.language import settle_declared
from extractors.meta import PageMeta, absolute, attr, best_date, iso_date, page_meta, same_day, text_date
from extractors.rights import page_rights
from extractors.rules import Block, PostDraft, clean_line, finish, parse_authors
from extractors.sanitize import fallbacks_affordable, flatten_crowded_paragraphs
from extractors.sites import ThemeProfile, detect

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
# First opinion: precision mode, its own extractor alone. It drops the teaser lists and link blocks
# our table does not know, and costs 0.4x a bare trafilatura run (its readability / jusText
# fallback would add half as much again on every page).
FIRST_OPINION: dict[str, Any] = {"favor_precision": True, "fast": True}
# Second opinion, only when the first is deficient: balanced mode with the fallback extractors.
# Precision mode sometimes keeps only a reprint notice or a login hint, or nothing, where the
# body is marked up unusually; balanced mode with readability / jusText finds it (AEB: 7 of 181
# pages ask for it; F1 of those pages 0.25 -> 0.93; even- and odd-indexed halves alike).
SECOND_OPINION: dict[str, Any] = {"favor_precision": False, "fast": False}
# Deficient: less text than this, or less than this share of the page's main paragraph run.
DEFICIENT_CHARS = 300
DEFICIENT_SHARE = 0.3
# The second opinion is taken only if it reads as prose: at least this share of its text in lines
# of PROSE_LINE_CHARS or more. On a listing (tag page, archive) precision mode rightly finds
# nothing and the fallback returns the list of headlines; an article's lines are long.
PROSE_LINE_CHARS = 100
PROSE_SHARE = 0.5


def extract_html(html: str | bytes, url: str | None = None, *, site: str | None = None) -> list[Article]:
    """Every article on the page, in page order (main post first). `site` names a profile
    (e.g. "zox-news") or is just recorded as the republisher; by default the theme is recognised
    from the page and the site is the page's host.

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
    meta = page_meta(tree, url)
    rights = page_rights(tree)
    site_name = site or meta.host
    profile = detect(tree, site)
    reveal_noscript(tree)
    strip(tree, NEVER_CONTENT)
    anchor = main_paragraphs(tree.body)
    articles: list[Article] = []
    if profile is not None:
        articles = _themed(tree, profile, meta, url, site_name, anchor)
    if not articles:
        clean(tree.body, CHROME, GENERIC_KEEP, anchor)
        articles = _generic(tree, meta, url, site_name, anchor)
    for art in articles:
        settle_declared(art, meta.language)
        art.rights = rights
    return _unique(articles)


# --- a known theme -------------------------------------------------------------------------------
def _themed(tree: LexborHTMLParser, p: type[ThemeProfile], meta: PageMeta, url: str | None,
            site: str | None, anchor: LexborNode | None) -> list[Article]:
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
                if (art := _finish(d)) is not None:
                    art.authors = _merge_authors(art.authors)
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


# --- any other page --------------------------------------------------------------------------------
# Elements that say "this is the article" in the markup itself (HTML5, schema.org).
ARTICLE_CONTAINERS = "article, [itemprop='articleBody'], main"

def _generic(tree: LexborHTMLParser, meta: PageMeta, url: str | None, site: str | None,
             anchor: LexborNode | None) -> list[Article]:
    """trafilatura on the cleaned tree, its body elements as blocks, then the shared rules."""
    # trafilatura drops figures without images; the captions are kept as metadata here.
    scope = tree.css_first("article") or tree.body
    captions = [c for n in scope.css(GENERIC_CAPTIONS) if (c := node_text(n))][:MAX_CAPTIONS]
    flatten_crowded_paragraphs(tree)
    body = _trafilatura(tree.html or "", url, len(anchor.text(deep=True)) if anchor is not None else 0)
    if body is not None:
        title = meta.title
        blocks = list(_trafilatura_blocks(body))
        if anchor is not None:
            blocks = _join_parts(blocks, body_parts(tree.body, anchor))
    else:
        # trafilatura parses with libxml2, which gives up on trees nested deeper than it allows;
        # a page that marks its article explicitly is still read with our own walker.
        container = tree.css_first(ARTICLE_CONTAINERS)
        if container is None:
            return []
        title = meta.title
        blocks = blocks_of(container)
    blocks = _drop_headline(blocks, title)
    authors = [a for name in meta.authors for a in parse_authors(name, strict=False)]
    own_dates = [attr(n, "datetime") for n in tree.css("article time[datetime], time[itemprop='datePublished']")][:1]
    draft = PostDraft(
        blocks=blocks, extractor=GENERIC_NAME,
        title=title,
        category=meta.category,
        authors=list(dict.fromkeys(authors)),
        published=best_date([*meta.published, *own_dates]),
        url=meta.canonical or url,
        page_url=url, site=site, image_captions=captions,
    )
    art = _finish(draft)
    return [art] if art is not None else []


def _trafilatura(html: str, url: str | None, anchor_chars: int) -> Any:
    """trafilatura's body element for the cleaned page: the first opinion, or the second where the
    first is deficient and the second found more. None when neither found anything."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(html)  # one lxml parse for both opinions (each works on its own copy)
    if tree is None:
        return None
    doc = bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS, **FIRST_OPINION)
    found = len(doc.text or "") if doc is not None and doc.body is not None else 0
    if found < max(DEFICIENT_CHARS, DEFICIENT_SHARE * anchor_chars):
        second = bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS,
                                 **{**SECOND_OPINION, "fast": not fallbacks_affordable(html)})
        text = second.text or "" if second is not None and second.body is not None else ""
        if len(text) > found and _prose_share(text) >= PROSE_SHARE:
            return second.body
    return doc.body if found else None


def _join_parts(blocks: list[Block], parts: list[LexborNode]) -> list[Block]:
    """trafilatura reads the first container of a body split into parts; the parts it left out are
    read with our walker and put before or after the text, in page order."""
    if len(parts) < 2:
        return blocks
    seen = "\n".join(b.text for b in blocks)
    covered = [_first_paragraph(part) in seen for part in parts]
    if not any(covered):
        return blocks  # trafilatura's text lies elsewhere: not ours to extend
    first, last = covered.index(True), len(covered) - 1 - covered[::-1].index(True)
    before = [b for part in parts[:first] for b in blocks_of(part)]
    after = [b for part, done in zip(parts[last + 1:], covered[last + 1:], strict=True) if not done
             for b in blocks_of(part)]
    return before + blocks + after


def _first_paragraph(node: LexborNode) -> str:
    """The start of a part's first real paragraph, as a probe for 'already extracted'."""
    text = next((t for p in node.css("p") if len(t := node_text(p)) >= PART_MIN_CHARS), "")
    return text[:PART_MIN_CHARS]


def _prose_share(text: str) -> float:
    lengths = [len(line) for line in text.split("\n")]
    return sum(n for n in lengths if n >= PROSE_LINE_CHARS) / max(sum(lengths), 1)


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
    for line in visible(text or "").split("\n"):
        if line := clean_line(line):
            yield Block(line, tag=tag)


def _text_with_breaks(elem: Any) -> str:
    """Text of an element with <lb/> (and nested lists) as line breaks."""
    parts = [elem.text or ""]
    for sub in elem:
        if sub.tag in ("lb", "list", "item", "row"):
            parts.append("\n")
        if sub.tag == "cell":
            parts.append(" ")
        parts.append(_text_with_breaks(sub) if len(sub) else (sub.text or ""))
        if sub.tag in ("list", "item", "row"):
            parts.append("\n")
        parts.append(sub.tail or "")
    return "".join(parts)


def _finish(draft: PostDraft) -> Article | None:
    """The shared rules, on fields cleared of invisible characters (soft hyphens and the like)."""
    for name in ("title", "category", "summary"):
        if value := getattr(draft, name):
            setattr(draft, name, visible(value))
    draft.image_captions = [visible(c) for c in draft.image_captions]
    return finish(draft)


def _merge_authors(authors: list[Author]) -> list[Author]:
    """The theme's byline ("Jane Doe") and the body's "Author: Jane Doe, Affiliation" are one
    person: keep the fuller entry, in first-seen order."""
    best: dict[str, Author] = {}
    for author in authors:
        key = fold(author.name)
        if key not in best or (author.affiliation and not best[key].affiliation):
            best[key] = author
    return list(best.values())


# The headline is repeated at the top of the extracted body on many pages; it is the title.
HEADLINE_WINDOW = 3


def _drop_headline(blocks: list[Block], title: str | None) -> list[Block]:
    folded = fold(title)
    if not folded:
        return blocks
    return [b for i, b in enumerate(blocks) if i >= HEADLINE_WINDOW or fold(b.text) != folded]


def _unique(articles: list[Article]) -> list[Article]:
    """The same post twice on one page (auto-load of an already shown post) is kept once."""
    seen: set[str] = set()
    out = []
    for art in articles:
        if art.id not in seen:
            seen.add(art.id)
            out.append(art)
    return out
