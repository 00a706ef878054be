"""Page-level metadata read from the parsed tree: canonical URL, publication time, JSON-LD.

Dates are taken as the page states them: the value carrying a time (and zone) wins over a bare
date, and nothing is guessed: no date on the page (nor a day in its address, `path_date`) means
`published` stays None.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.article import fold
from extractors.errors import ExtractionError
from extractors.rules import BY_ALONE, NOT_NAME_WORDS, ROLE_WORDS, UNFILED, clean_line, is_name, is_person
from extractors.sanitize import read_json
from extractors.textlines import DATE_LINE_WORDS, find_date  # the text path's date reader and date-line words
from extractors.urls import host as url_host
from extractors.urls import join, parse_url

ISO_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$")
# Plain-text dates themes print beside a post ("May 13, 2024", "13 May 2024", "2024/05/13").
TEXT_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
                     "%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")
JSONLD_MAX_CHARS = 200_000  # a JSON-LD block larger than this is not page metadata worth parsing


def iso_date(value: str | None) -> str | None:
    """'2024-05-14T08:30:00+00:00' kept as is; '2024-05-14 08:30' -> '2024-05-14T08:30'; junk -> None."""
    if not value:
        return None
    m = ISO_RE.match(value.strip())
    if not m:
        return None
    day, time, zone = m.groups()
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        return None
    if not time:
        return day
    return f"{day}T{time}{zone or ''}"


def text_date(value: str | None) -> str | None:
    """A date printed for readers -> 'YYYY-MM-DD'; None when it is relative ('1 day ago') or odd."""
    value = clean_line(value or "").replace(",", ", ").replace(" ,", ",")
    value = " ".join(value.split())
    for fmt in TEXT_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


# A day written in the address's path ("/2012/11/12/slug", "/articles/2025-12-15+title"): blogs and
# news sites date their posts so. Read only where the page states no date at all (a path's day may be
# the day a draft was made): the last resort, as htmldate's URL reading is.
PATH_DATE = re.compile(r"/((?:19|20)\d\d)([/-])(\d\d?)\2(\d\d?)(?!\d)")


def path_date(url: str | None) -> str | None:
    """The day an address's path carries, 'YYYY-MM-DD', or None."""
    parts = parse_url(url)
    found = PATH_DATE.search(parts.path) if parts is not None else None
    return iso_date(f"{found[1]}-{int(found[3]):02d}-{int(found[4]):02d}") if found else None


def best_date(candidates: list[str | None]) -> str | None:
    """Prefer the value with a time and zone, then with a time, then a bare date; first wins ties."""
    dates = [d for d in (iso_date(c) for c in candidates) if d]
    if not dates:
        return None
    return max(dates, key=lambda d: (len(d) > 10, d.endswith("Z") or bool(re.search(r"[+-]\d{2}:?\d{2}$", d))))


def same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b and a[:10] == b[:10])


@dataclass
class PageMeta:
    canonical: str | None = None
    title: str | None = None
    titles: tuple[str, ...] = ()  # the meta titles as the page gives them (JSON-LD, og, twitter, <title>)
    shared_title: bool = False  # a JSON-LD headline, og:title or twitter:title: written for this page, not by its template
    published: list[str | None] = field(default_factory=list)  # page-level candidates, by trust
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    language: str | None = None
    host: str | None = None
    types: tuple[str, ...] = ()  # what og:type and JSON-LD @type call the page, lower-cased
    site_name: str | None = None  # og:site_name or application-name
    discussion: bool = False  # a forum thread or a question with its answers (`DISCUSSION_TYPES`)


def attr(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() if value and value.strip() else None


def absolute(url: str | None, base: str | None) -> str | None:
    """`url` resolved against `base`; None for links that lead to no page, and for links that
    cannot be parsed at all ('http://[::1', a port of 99999999), as a browser ignores them."""
    if not url:
        return None
    url = url.strip()
    if url.startswith(("javascript:", "mailto:", "#", "data:")):
        return None
    joined = join(base if parse_url(base) is not None else None, url)  # a base no parser takes is no base
    return joined if joined is not None and parse_url(joined).scheme in ("http", "https", "file", "") else None


def jsonld(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    """Every object in the page's JSON-LD blocks (graphs flattened); broken blocks are skipped."""
    for node in tree.css("script[type='application/ld+json']"):
        try:
            data = read_json(node.text(deep=True) or "", JSONLD_MAX_CHARS, "JSON-LD")
        except ExtractionError:  # too large, too deep (json recurses per level) or broken
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def page_meta(tree: LexborHTMLParser, page_url: str | None) -> PageMeta:
    """What <head>, JSON-LD and the headline say about the page's main article; read before
    scripts are stripped. (The sources trafilatura's metadata pass reads, at a tenth of its cost.)"""
    canonical = attr(tree.css_first("link[rel='canonical']"), "href") or \
        attr(tree.css_first("meta[property='og:url']"), "content")
    ld_all = list(jsonld(tree))
    ld = [obj for obj in ld_all if obj.get("headline") or obj.get("datePublished") or obj.get("articleBody")]
    ld_dates = [str(obj["datePublished"]) for obj in ld if isinstance(obj.get("datePublished"), str)]
    types = _types(tree, ld_all)
    discussion = any(t in DISCUSSION_TYPES for t in types) or tree.css_first(DISCUSSION_MICRODATA) is not None
    published = [
        attr(tree.css_first("meta[property='article:published_time']"), "content"),
        *ld_dates[:1],
        attr(tree.css_first("meta[itemprop='datePublished']"), "content"),
        attr(tree.css_first("meta[name='date']"), "content"),
    ]
    if not any(map(iso_date, published)):
        published.append(shown_date(tree) or headline_date(tree))
    html = tree.css_first("html")
    lang = (attr(html, "lang") or "").split("-")[0].lower() or None
    address = page_url or absolute(canonical, page_url)
    host = url_host(address)
    shared, title_tag = _meta_titles(tree, ld)
    titles = (*shared, title_tag) if title_tag else shared
    return PageMeta(
        canonical=absolute(canonical, page_url),
        title=_title(tree, titles, host, _landing(address)),
        titles=titles,
        shared_title=bool(shared),
        published=published,
        authors=_authors(tree, ld, ld_all, discussion),
        category=_category(tree, ld),
        language=lang if lang and re.fullmatch(r"[a-z]{2,3}", lang) else None,
        host=host,
        types=types,
        discussion=discussion,
        site_name=_site_name(tree) or None,
    )


# Separators between a headline and the site's name (or section) in <title> and og:title.
_TITLE_SEPARATOR = re.compile(r"\s*(?:\||::|»|›|•|·)\s*|\s+[-–—/>]{1,2}\s*|\s*[-–—]{1,2}\s+|_(?=[A-Z][a-z])")
# A visible heading counts as the headline only with this many characters (a one-word h1 that a
# meta title happens to contain is a section name or the site's logo).
HEADLINE_MIN_CHARS = 12
# Headings read: the first few of each level (a page's later headings are its sections).
HEADINGS_READ = 3
# ... and as most of a meta title or of one of its segments (a section heading "Cloud Computing"
# is inside "Best Cloud Computing Stocks of 2025" but is not it).
HEADLINE_SHARE = 0.6
# Where a page shows its headline, in the order they are tried.
HEADLINE_ELEMENTS = ("h1", "h2", "[class*='headline'], [id*='headline'], [itemprop='headline']",
                     "[class*='title'], [id*='title']", "h3")


def _meta_titles(tree: LexborHTMLParser, ld: list[dict[str, Any]]) -> tuple[tuple[str, ...], str]:
    """JSON-LD's headline, og:title and twitter:title, in that order, where the page has them; and
    its <title> ("" where it has none)."""
    title = tree.css_first("title")
    shared = tuple(m for m in (
        *(_text(o["headline"]) for o in ld[:1] if isinstance(o.get("headline"), str)),
        _text(attr(tree.css_first("meta[property='og:title']"), "content")),
        _text(attr(tree.css_first("meta[name='twitter:title']"), "content")),
    ) if m)
    return shared, _text(title.text() if title is not None else None)


def _title(tree: LexborHTMLParser, metas: tuple[str, ...], host: str | None, landing: bool = False) -> str | None:
    """The headline: the visible heading that a meta title repeats, else the first meta title
    without the segments that name the site."""
    site = _site_name(tree)
    segments = [f" {fold(seg)} " for m in metas for seg in (m, *_TITLE_SEPARATOR.split(m)) if seg.strip()]
    site_key = fold(site)
    for level in HEADLINE_ELEMENTS:
        for node in tree.css(level)[:HEADINGS_READ]:
            heading = clean_line(node.text(deep=True, separator=" "))
            key = fold(heading)
            if len(heading) >= HEADLINE_MIN_CHARS and key and key != site_key \
                    and any(f" {key} " in seg and len(key) >= HEADLINE_SHARE * len(seg) or _cut_from(seg, key)
                            for seg in segments):
                return without_site_parts(heading, site, host)
    for meta in metas:
        if title := _without_site(meta, site, host, landing):
            return title
    h1 = tree.css_first("h1")
    return clean_line(h1.text(deep=True, separator=" ")) or None if h1 is not None else None


PLURAL_END = re.compile(r"e?s(?: |$)")  # what a plural adds to a word that ends a segment


def _cut_from(segment: str, key: str) -> bool:
    """The meta title's `segment` (folded, space-padded) is the heading folded to `key`, cut inside a word
    at the template's length limit ("... your monitor, laptop, and k | Shop" over the whole headline)."""
    cut = segment.strip()
    return len(cut) >= HEADLINE_MIN_CHARS and len(key) > len(cut) and key.startswith(cut) and key[len(cut)] != " " \
        and not PLURAL_END.match(key, len(cut))  # "Types of Restaurant Service" under "... Services" is no cut


def without_site_parts(heading: str, site_name: str | None, host: str | None) -> str:
    """A heading that prints the whole meta title, site segments and all ("Catering Tips | Cookshack",
    "TheStar.com | Sports | Headline"), without the segments that name the site (and the section
    names beside them); any other heading as it is."""
    parts = [p for p in _TITLE_SEPARATOR.split(heading) if p.strip()]
    if len(parts) < 2 or not any(names_site(p, site_name, host) for p in parts):
        return heading
    return _without_site(heading, site_name, host) or heading


# A title segment of at most this many words that holds a word of the page's host names the site,
# where that word is this share of it at least ("Winona Daily News", not "Workforce Management Software").
SITE_TITLE_WORDS = 5
SITE_SHARE = 0.5
# After the site's name, a segment of at most this many words names a section, not an article.
SECTION_WORDS = 2
# A segment that is a domain name ("People.co.uk", "www.kansascity.com") names a site.
_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,6}", re.IGNORECASE)


def names_site(text: str, site_name: str | None, host: str | None) -> bool:
    """`text` is the site's name: its og:site_name, a domain, or a few words that hold the host's name."""
    key = fold(text)
    if not key or (site_name and key == fold(site_name)) or _DOMAIN.fullmatch(text.strip()):
        return bool(key)
    squeezed = key.replace(" ", "")
    words = (host or "").removeprefix("www.").split(".")[:-1]
    return len(key.split()) <= SITE_TITLE_WORDS and any(
        len(h) > 3 and ((h in squeezed and len(h) >= SITE_SHARE * len(squeezed)) or squeezed in h) for h in words)


def _without_site(title: str, site_name: str | None, host: str | None, landing: bool = False) -> str:
    """`title` without the segments naming the site ("Headline | Site", "Site - Headline"): the
    segments that name it, or, where none does and no site name is known, the last of several; the
    longest left. A title that is the site's name and then a section ("Sportal > Golf > News") gives
    the site's name: the heading before the body is the headline there (`html.headline`)."""
    parts = [p for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) == 1 and not _TITLE_SEPARATOR.split(title.strip())[0]:
        return ""  # "| Site": the template's headline segment is empty, the heading gives the headline
    if len(parts) < 2:
        return title if landing else _without_colon_site(title, site_name, host)
    kept = [p for p in parts if not names_site(p, site_name, host)]
    if len(kept) == len(parts) and not site_name:
        kept = parts[:-1]
    if not kept:
        return title
    best = max(kept, key=lambda p: len(p.split()))
    return parts[0] if parts[0] not in kept and len(best.split()) <= SECTION_WORDS else best


# A colon separates a site's name from the headline ("tehran times : Mapping dark matter", "The Hindu :
# Business : Headline", "Headline: Sport: Rugby: News24") only where an end segment names the site: a
# headline's own colon ("Police blotter: ...", "Affaire X : le ministre ...") stays.
_COLON = re.compile(r"(\s*:\s+)")
# The separators of a title's parts, a colon's too: what stands before a headline ("Site : Section : Headline").
_TITLE_PARTS = re.compile(rf"{_TITLE_SEPARATOR.pattern}|\s*:\s+")


def ends_with_part(title: str, key: str) -> bool:
    """`title` ends, after one of its separators, with the text folded to `key` ("Radio New Zealand News :
    Latest News : <headline>"); "... court order (August 11, 2004)" does not end with "August 11, 2004"."""
    parts = _TITLE_PARTS.split(title)
    return any(fold(" ".join(parts[k:])) == key for k in range(1, len(parts)))


# A one-segment path of at most this many words is a landing page ("/crm/", "/about-us"), not an article's slug.
LANDING_SLUG_WORDS = 2


def _without_colon_site(title: str, site_name: str | None, host: str | None) -> str:
    """`title` without a site's name at either end of its colon-separated segments, nor the short
    section names beside it."""
    pieces = _COLON.split(title)  # segment, separator, segment, ...
    segments = pieces[::2]
    if len(segments) < 2 or not all(s.strip() for s in segments):
        return title
    if names_site(segments[0], site_name, host):
        lo, hi = 1, len(segments)
        while hi - lo > 1 and len(segments[lo].split()) <= SECTION_WORDS:
            lo += 1
    elif names_site(segments[-1], site_name, host):
        lo, hi = 0, len(segments) - 1
        while hi - lo > 1 and len(segments[hi - 1].split()) <= SECTION_WORDS:
            hi -= 1
    else:
        return title
    headline = "".join(pieces[2 * lo:2 * hi - 1]).strip()
    return title if len(headline.split()) <= SECTION_WORDS else headline  # "Bangkok Post : SPORTS PLUS": a section


def _landing(url: str | None) -> bool:
    """A home or landing page ("/", "/crm/"): its <title> "Brand: What we do" is its name as a whole."""
    parts = parse_url(url)
    if parts is None or not parts.netloc or parts.query:
        return False
    segments = [s for s in parts.path.split("/") if s]
    return not segments or (len(segments) == 1 and len(re.split(r"[-_]", segments[0])) <= LANDING_SLUG_WORDS)


def _site_name(tree: LexborHTMLParser) -> str:
    return _text(attr(tree.css_first("meta[property='og:site_name']"), "content")) \
        or _text(attr(tree.css_first("meta[name='application-name']"), "content"))


def _text(value: str | None) -> str:
    """A meta value as text: entities a CMS escaped twice decoded, whitespace collapsed."""
    if not value:
        return ""
    return clean_line(htmllib.unescape(value) if "&" in value else value)


def _names(value: Any, ids: Mapping[str, dict[str, Any]]) -> list[str]:
    """The names of a JSON-LD author: a string, a Person's `name`, or the name of the object its
    `@id` refers to elsewhere in the page's graph (Yoast's `"author": {"@id": ".../#/schema/person/..."}`;
    one hop: a reference found there is not followed, so no cycle of references is)."""
    if isinstance(value, str):
        return [_text(value)]
    if isinstance(value, list):
        return [n for v in value for n in _names(v, ids)]
    if isinstance(value, dict):
        if "name" not in value and isinstance(ref := value.get("@id"), str) and ref in ids:
            return _names(ids[ref].get("name"), {})
        return _names(value.get("name"), ids)
    return []


# <meta name> values (lower-cased) that carry the byline: "author" and the CMS, analytics and
# citation tags that many pages fill instead (the names trafilatura's metadata pass reads).
# twitter:creator is left out: it is a handle, not a name.
AUTHOR_META_NAMES = frozenset((
    "author", "authors", "article:author", "byl", "citation_author", "creator", "dc.creator", "dc:creator",
    "dcterms.creator", "parsely-author", "sailthru.author", "rbauthors", "atc-metaauthor", "dcsext.author",
    "shareaholic:article_author_name"))
# Where a page prints its byline when neither <head> nor JSON-LD names anyone, most specific
# first (trafilatura's author XPaths, as CSS), with how many names a row may give: the elements of
# the first row that holds a short text outside `BYLINE_SKIP` are the byline.
BYLINE_ELEMENTS = (
    ("[itemprop='author'] [itemprop='name']", 3),  # a schema.org Person: its name, not its bio
    ("[rel='author']", 3),  # the author's page, linked once per author
    ("[class='author'], [id='author'], [class*='author-name'], [class*='authorName'], [class*='AuthorName'], "
     "[class*='author__name']", 1),
    ("[class='byline'], [class*='byline'], [class*='Byline'], [itemprop*='author'], [class*='posted-by'], "
     "[class*='submitted-by']", 1),
    ("[class*='author'], [id*='author'], [class~='username']", 1),  # generic: an avatar, a name, a bio...
    # a link to the writer's page with no byline markup around it ("By <a href='/contributor/a._j._neal'>")
    ("a[href*='/author/'], a[href*='/authors/'], a[href*='/contributor/'], a[href*='/contributors/']", 3),
)
# Boxes whose names are not the article's author: comments and reviews (their writers), sidebars,
# related lists and widgets (other posts' authors), footers, quotes (the quoted person).
BYLINE_SKIP = re.compile(r"comment|review|reply|sidebar|related|widget|footer|quote|testimonial", re.IGNORECASE)
BYLINE_SKIP_TAGS = frozenset(("aside", "footer", "nav", "blockquote", "figure", "time", "head", "script", "style",
                              "noscript", "template"))
# A byline is a few names: a longer text is an author's bio or a whole box.
BYLINE_MAX_CHARS = 120
# The words printed before the names ("By", "Written by", "Post by", "Author:"), in the languages
# of the corpus's bylines: up to the first "by" near the start, or a label.
BYLINE_LEAD = re.compile(r"^(?:.{0,40}?\s)?(?:by|par|von|por|di|door)\b\s*:?\s*"
                         r"|^(?:authors?|autor(?:in|es)?|auteur|posted)\b\s*:?\s*", re.IGNORECASE)
# What a visible byline prints after the names, once a written date is cut off (`find_date`): a count
# (a token with a digit), a separator before the outlet, "on", "at", a forum's "wrote" or post count.
BYLINE_TAIL = re.compile(r"\s+(?:[-–—|•·»]|on|at|wrote|last|updated|published|posts?:)(?:\s.*)?$|\s+\S*\d.*$",
                         re.IGNORECASE)
# What an element named "author" holds that is no name: a button, a box heading.
BYLINE_NOT_NAME = re.compile(r"^(?:sign in|log in|get in touch|view|read more|about|the author|author)\b", re.IGNORECASE)


def _authors(tree: LexborHTMLParser, ld: list[dict[str, Any]], ld_all: list[dict[str, Any]],
             discussion: bool = False) -> list[str]:
    """The byline: JSON-LD's author, else the meta tags', else the byline a Twitter card labels,
    else the first visible byline element; a source whose every name is refused (an address, a
    profile's URL) gives way to the next."""
    people = {ref: obj for obj in ld_all if isinstance(ref := obj.get("@id"), str) and _is_person(obj)}

    def candidates() -> Iterator[list[str]]:
        yield from (_names(obj.get("author"), people) for obj in ld)
        yield [attr(n, "content") or "" for n in tree.css("meta[name], meta[property='article:author']")
               if (attr(n, "name") or attr(n, "property") or "").lower() in AUTHOR_META_NAMES]
        yield _card_byline(tree)
        yield _byline(tree, discussion)
        yield _labelled_byline(tree)

    return next((out for names in candidates() if (out := _usable(names))), [])


def _usable(names: list[str]) -> list[str]:
    """`names` without their lead words ("By") and e-mail addresses, and without what names no one:
    a URL, a handle, an address alone, a button's words ("More" on a link to the author's page), an
    overlong text; each once."""
    out: list[str] = []
    for name in names:
        name = BYLINE_LEAD.sub("", clean_line(name))
        if name.startswith(("http", "@")) or _PROFILE_URL.match(name):  # a URL or a handle, no name
            continue
        if all(word in NOT_NAME_WORDS for word in name.casefold().split()):
            continue
        if "@" in name:  # "Jane Doe (jdoe@paper.com)", "Jane Doe/jdoe@...", a blog's "Jane Doe @ 10:30"
            name = _EMPTY_BRACKETS.sub("", _EMAIL.sub("", name)).strip(" @/|,-–(")
        if name and len(name) <= 80 and name not in out:
            out.append(name)
    return out


def _is_person(obj: dict[str, Any]) -> bool:
    """A JSON-LD Person (a graph's reference to the site's Organization, "#identity", names no writer)."""
    kind = obj.get("@type")
    return kind == "Person" or (isinstance(kind, list) and "Person" in kind)


# An e-mail address printed in a byline, and the brackets it leaves empty: the name stays, the address goes.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|<\s*>")
# A profile's address given as the author's name without its scheme ("www.facebook.com/janedoe").
_PROFILE_URL = re.compile(r"(?:[\w-]+\.)+[a-z]{2,6}/", re.IGNORECASE)
# What a Twitter card's `twitter:labelN` says when its `twitter:dataN` is the writer: WordPress's
# Yoast SEO fills the pair on every post ("Written by" / the author's display name), in the site's
# language; the other labels it writes ("Est. reading time") are not bylines.
CARD_BYLINE_LABELS = frozenset((
    "written by", "author", "by",  # English (Yoast's own, and what other plugins copy)
    "geschrieben von", "verfasst von",  # German
    "écrit par", "rédigé par",  # French
    "escrito por",  # Spanish, Portuguese
    "scritto da",  # Italian
    "geschreven door",  # Dutch
    "napisane przez",  # Polish
    "автор",  # Russian
))


def _card_byline(tree: LexborHTMLParser) -> list[str]:
    """The `twitter:dataN` whose `twitter:labelN` says it is the writer (`CARD_BYLINE_LABELS`)."""
    for label in tree.css("meta[name^='twitter:label']"):
        number = (attr(label, "name") or "").removeprefix("twitter:label")
        if number.isdigit() and (attr(label, "content") or "").casefold() in CARD_BYLINE_LABELS \
                and (name := attr(tree.css_first(f"meta[name='twitter:data{number}']"), "content")):
            return [name]
    return []


def _byline(tree: LexborHTMLParser, discussion: bool = False) -> list[str]:
    """The names the first byline row finds: the element's text without what surrounds the names. On
    a `discussion` page every post has its byline: the first (the thread's opener) is the page's."""
    for selector, most in BYLINE_ELEMENTS:
        found: list[str] = []
        for node in tree.css(selector):
            text = clean_line(node.text(deep=True, separator=" "))
            if len(text) > BYLINE_MAX_CHARS or _skipped(node):
                continue
            name = names_of(text)
            if len(name) > 2 and name[0].isalpha() and not BYLINE_NOT_NAME.match(name) and name not in found:
                found.append(name)
                if len(found) > most:
                    break
        if discussion and found:
            return found[:1]
        if len(found) > most > 1:
            return []  # a row that may give several names gives more: a list of posts and their authors
        if found:
            return found[:most]
    return []


# A byline without byline markup: a label element (`rules.BY_ALONE`: "Written by", "Article by", a forum's
# "Thread starter") and the name in the element after it, as the text path reads the line after it.
LABEL_ELEMENTS = "p, span, div, dt, strong, b, h2, h3, h4, h5, h6, li"
LABELLED_NAME_MAX_CHARS = 60


def _labelled_byline(tree: LexborHTMLParser) -> list[str]:
    """The name in the element right after the first byline label (`BY_ALONE`), or none."""
    for node in tree.css(LABEL_ELEMENTS):
        if not BY_ALONE.match(node.text(deep=False).strip()) or _skipped(node):
            continue
        after = node.next
        while after is not None and after.tag == "-text" and not (after.text_content or "").strip():
            after = after.next
        if after is None or after.tag == "-text":
            continue
        name = names_of(clean_line(after.text(deep=True, separator=" ")))
        if len(name) <= LABELLED_NAME_MAX_CHARS and is_name(name) and is_person(name):
            return [name]  # a name's shape: the element after a label may be anything ("Copyright ©")
    return []


def names_of(text: str) -> str:
    """A byline element's names: without the lead words, the written date and what follows it, the
    date line's words left before it ("Sun", "Last Updated:"), a count or an outlet, and the role."""
    name = BYLINE_LEAD.sub("", text)
    if (dated := find_date(name)) is not None:
        name = name[:dated[1].start()]
    words = BYLINE_TAIL.sub("", name).split()
    while words and words[-1].casefold().strip(".,:") in DATE_LINE_WORDS:
        words.pop()
    cut = next((k for k, w in enumerate(words) if k >= 2 and w.casefold().strip(",") in ROLE_WORDS), len(words))
    return " ".join(words[:cut]).rstrip(",")


# Sectioning boxes that, inside an <article>, hold the post's own facts (HTML's "footer ... typically
# contains information about its section such as who wrote it"): an aside or footer elsewhere is the page's.
OWN_BOX_TAGS = frozenset(("aside", "footer"))


def _skipped(node: LexborNode | None, tags: frozenset[str] = BYLINE_SKIP_TAGS) -> bool:
    """`node` sits in a box of other people's names or dates (`BYLINE_SKIP`, `tags`); an <aside> or a
    <footer> inside an <article> is the post's own box of facts (its byline, its date), not the page's.
    One walk up: such a box skips the node only if no <article> holds it."""
    own_box = False  # an <aside> or <footer> passed that no <article> has held yet
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "article":
            own_box = False
        elif node.tag in tags:
            if node.tag not in OWN_BOX_TAGS:
                return True
            own_box = True
        names = f"{attr(node, 'class') or ''} {attr(node, 'id') or ''}"
        if BYLINE_SKIP.search(names) and BYLINE_SKIP.search(NEUTRAL_CLASSES.sub(" ", names)):
            return True
        node = node.parent
    return own_box


# Class words that say nothing of a box's role, read past by `_skipped`: the taxonomy and state classes
# WordPress and Squarespace put on the post itself ("category-reviews", "tag-quotes": the post's own
# topics; "has-comments", "comments-open": it can be commented on), and the wrapper class a page builder
# puts on every block ("elementor-widget-author-box" is an author box, not a sidebar widget).
NEUTRAL_CLASSES = re.compile(r"(?<![\w-])(?:(?:category|tag|has)-[\w-]*|(?:comments|pings)-(?:open|closed))(?![\w-])"
                             r"|elementor-widget")


# Where a page prints its date when <head>, JSON-LD and the article's <time> give none, most specific
# first: <time> elements (their datetime, else their text), then elements whose itemprop or class
# names a date. Read like the byline: boxes of other posts skipped (`BYLINE_SKIP`), a short text only.
DATE_ELEMENTS = ("time", "[itemprop*='date' i], [class*='date' i], [class*='publish' i], [class*='posted' i]")
# A date labelled as the last revision is not the publication's ("Updated Jan 8", class "modified"),
# unless it is labelled published too (WordPress: "entry-date published updated" before any edit):
# it dates the page only where no other is shown.
DATE_REVISED = re.compile(r"updat|modif|edited|revis|aktualisiert|mis à jour", re.IGNORECASE)
# The byline's boxes to skip, but a date is printed in a <time>.
DATE_SKIP_TAGS = BYLINE_SKIP_TAGS - {"time"}
# A row that shows more days than this lists posts (an archive, a forum's replies): none is the page's date.
DATE_MAX_SHOWN = 3


def shown_date(tree: LexborHTMLParser) -> str | None:
    """The date the page prints for its post, where the markup gives none: the first one not
    labelled as a revision, else the revision's (a page that shows only "Updated ..." is dated so)."""
    for selector in DATE_ELEMENTS:
        days: dict[str, tuple[bool, str]] = {}
        for node in tree.css(selector):
            text = clean_line(node.text(deep=True, separator=" "))
            found = iso_date(attr(node, "datetime"))
            if found is None and len(text) <= BYLINE_MAX_CHARS and (written := find_date(text)):
                found = written[0]
            if found and not _skipped(node, DATE_SKIP_TAGS):
                label = f"{attr(node, 'class') or ''} {text}"
                days.setdefault(found[:10], (bool(DATE_REVISED.search(label)) and "publish" not in label.lower(), found))
                if len(days) > DATE_MAX_SHOWN:
                    return None
        if days:
            return min(days.values(), key=lambda d: d[0])[1]  # first unrevised, else first revised
    return None


# Where no element is marked as a date, blogs and news sites still print one in plain text around the
# headline ("March 3, 2025", "By X on 3 March 2025 at 10:15"): the first date written in a short text
# (at most HEADLINE_DATE_CHARS) among the few texts before the first <h1> and those after it, up to the
# body: a text of BODY_TEXT_CHARS or more, or the second of PROSE_TEXT_CHARS (a dek, then the first
# paragraph); past it, dates are the body's or other posts'. Text in the <h1> itself ("What changed on
# January 6, 2021"), in scripts and in the page's menus, footers and sidebars is not read.
HEADLINE_DATE_BEFORE = 5
HEADLINE_DATE_AFTER = 30
HEADLINE_DATE_CHARS = 80
BODY_TEXT_CHARS = 300
PROSE_TEXT_CHARS = 80
HEADER_PROSE_TEXTS = 2
_NOT_HEADER_TEXT = "script, style, noscript, template, nav, footer, aside, h1"


def headline_date(tree: LexborHTMLParser) -> str | None:
    """The first date written in a short text of the headline's neighbourhood (see above), or None."""
    h1 = tree.css_first("h1")
    if h1 is None or tree.body is None:
        return None
    skipped = {n.mem_id for box in tree.css(_NOT_HEADER_TEXT) for n in box.traverse(include_text=True)}
    texts: list[str] = []  # the last HEADLINE_DATE_BEFORE texts before the <h1>, then those after it
    after = -1  # texts read since the <h1>; -1 until it is passed
    prose = 0
    for node in tree.body.traverse(include_text=True):
        if node.mem_id == h1.mem_id:
            after = 0
        if node.tag != "-text" or node.mem_id in skipped or not (text := clean_line(node.text_content or "")):
            continue
        if after < 0:
            texts = [*texts[-HEADLINE_DATE_BEFORE + 1:], text]
            continue
        prose += len(text) >= PROSE_TEXT_CHARS
        if len(text) >= BODY_TEXT_CHARS or prose >= HEADER_PROSE_TEXTS or after >= HEADLINE_DATE_AFTER:
            break
        texts.append(text)
        after += 1
    return next((found[0] for text in texts if len(text) <= HEADLINE_DATE_CHARS and (found := find_date(text))), None)


def _category(tree: LexborHTMLParser, ld: list[dict[str, Any]]) -> str | None:
    section = attr(tree.css_first("meta[property='article:section']"), "content")
    if not section:
        raw = next((o["articleSection"] for o in ld if o.get("articleSection")), None)
        section = raw[0] if isinstance(raw, list) and raw else raw if isinstance(raw, str) else None
    section = clean_line(str(section)) if section else ""
    return section if section and section.casefold() not in UNFILED else None


# What a page calls itself (og:type, JSON-LD @type) when its replies are its content: a forum thread,
# a question with its answers. Their posts are read, not cut as an article's comment thread, and the
# first post's writer is the page's.
DISCUSSION_TYPES = frozenset(("discussionforumposting", "qapage"))
# ...and a thread that forum software marks in microdata only (Discourse's page for readers without
# scripts: itemtype="http://schema.org/DiscussionForumPosting"; WCXB: 8 forum threads' openers named).
# Not a microdata QAPage: a Stack Exchange question read as a thread lost its answers.
DISCUSSION_MICRODATA = "[itemtype$='/DiscussionForumPosting']"


# JSON-LD objects looked at for the page's type (a page lists its organisation, breadcrumbs, site
# search... beside its main entity).
MAX_TYPES = 8


def _types(tree: LexborHTMLParser, ld: list[dict[str, Any]]) -> tuple[str, ...]:
    """og:type and the JSON-LD @types, lower-cased, first seen first."""
    out = [(attr(tree.css_first("meta[property='og:type']"), "content") or "").lower()]
    for obj in ld[:MAX_TYPES]:
        kind = obj.get("@type")
        for k in kind if isinstance(kind, list) else [kind]:
            if isinstance(k, str):
                out.append(k.lower())
    return tuple(dict.fromkeys(t for t in out if t))[:MAX_TYPES]
