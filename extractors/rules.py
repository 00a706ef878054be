"""Turn one post's paragraphs into an Article: the rules shared by the text-dump and HTML paths.

Both paths first cut a page into posts and each post into blocks (paragraphs); from there the same
pattern table decides what is chrome, a caption, a byline, a credit, a republication note or a
publisher blurb, so HTML and text output of the same post agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from extractors.article import WORD_RE, Article, Author, ExtractorInfo, Source, fold
from extractors.chrome import LearnedChrome, Mark, PendingChrome, fingerprint, mark
from extractors.language import identify
from extractors.patterns import Role, button_rows, match, strip_markup

# Bylines sit at the top of a post; credits, notes and blurbs at its foot. Looking for them only
# there keeps a body sentence that starts with "By ..." or "Source: ..." in the text.
HEAD_BLOCKS = 4


def _letters(kind: Callable[[str], bool]) -> str:
    """A character class of the letters below U+2000 (the scripts with capitals) that `kind` accepts."""
    return "[" + "".join(c for c in map(chr, range(0x2000)) if kind(c)).replace("-", "") + "]"


# The capital letters of the scripts that write names with them (Latin with its accents, Greek,
# Cyrillic, Armenian, Georgian): "Łukasz Nowak", "Émile Zola", "Євген Медведєв" are names as "Jane Doe" is.
CAPITAL = _letters(str.isupper)
LOWER = _letters(str.islower)  # ...and their small letters
CAPITALISED = rf"{CAPITAL}[\w'’.-]+"  # a capitalised word of a name ("O'Neil", "Jean-Luc", "Łukasz")
NAME_TOKEN = re.compile(rf"^(?:{CAPITAL}[\w.'’-]*|(?:de|van|von|der|da|di|du|la|le|bin|al|el)|{CAPITAL}\.|"
                        r"staff|desk|team|bureau)$")  # "BenarNews staff": a desk signs as printed

# Blurbs, credits and weak notes are looked for in a post's closing run of paragraphs; a blurb marked
# `head_too` also in its head, where a republisher sets its disclaimer over the copied article.
FIRST_PASS = (Role.DROP, Role.SEPARATOR, Role.NOTE, Role.CAPTION, Role.BYLINE)
TAIL_PASS = (Role.BLURB, Role.CREDIT, Role.NOTE)
# An author box closing a post ("About Jane Doe", "Jane 'JD' Doe is a freelance writer at X."): it is
# about the byline's person, not the article's text. The box's heading names the author alone...
BIO_HEADING = re.compile(r"^about(?: the authors?)?\s*:?\s+(?P<name>.{3,80})$", re.IGNORECASE)
# ...and its text opens with the author's first and last name (a nickname of up to 30 characters may
# stand between them) and one of these verbs.
BIO_OPENING = r"^{first}\b.{{0,30}}?\b{last}\b,?\s+(?:is|was|has|writes|covers|reports|teaches|serves|leads)\b"
BIO_MAX_CHARS = 800  # longer paragraphs are the article's own, whoever they are about
# Where no byline was found, a closing paragraph that introduces a person by a newsroom role ("Jane Doe
# is a staff writer at X.", "Madeleine Hubbard is an international correspondent for Y.") is the author's
# box, and names the author. Only these roles: a closing "Smith is the director of the agency" is the
# story's own sentence about its subject.
BIO_ROLE = re.compile(r"^(?P<name>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}),? (?:is|was|has been) (?:a|an|the)\b"
                      r"[^.]{0,80}?\b(?:reporter|correspondent|writer|editor|journalist|contributor|columnist|blogger|"
                      r"freelancer)s?\b")

@dataclass
class Block:
    text: str
    gap_before: int = 1  # blank lines before the block in a dump; 2+ sets a summary apart
    tag: str = "p"  # where it came from in the DOM ("p", "h2", "li", "caption", ...)
    href: str | None = None  # the block's main link, kept for republication notes
    # its learned-chrome fingerprint once computed (`fingerprint_of`): a post finished again with a
    # chrome learned later (extractors/deferred.py) does not compute it again
    fp: str | None = field(default="", compare=False, repr=False)


def fingerprint_of(block: Block) -> str | None:
    """`chrome.fingerprint(block.text)`, computed once per block (blocks are not changed after the
    pattern table made them)."""
    if block.fp == "":
        block.fp = fingerprint(block.text)
    return block.fp


@dataclass
class PostDraft:
    """What a splitter found for one post, before the shared rules run."""

    blocks: list[Block]
    extractor: str
    title: str | None = None
    category: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    page_url: str | None = None
    site: str | None = None
    summary: str | None = None
    image_captions: list[str] = field(default_factory=list)
    language: str | None = None
    source_url: str | None = None


# The page's footer notices: an article ends above them, in a dump (`textdump.END_SIGNALS`) as in
# a body read from HTML (`body.cut_footer`). "(c)" is a copyright sign only before a year: "(c) To
# provide..." is the third item of a list.
COPYRIGHT_NOTICE = r"^(?:copyright\s*)?(?:©|copyright)\s*(?:\d{4}|[^\W\d]).{0,200}$|^\(c\)\s*(?:copyright\s*)?\d{4}\b.{0,200}$"
RIGHTS_NOTICE = r"^.{0,120}\ball rights reserved\b.{0,120}$"

# Invisible format characters that belong to no word: soft hyphens (hyphenation hints), zero-width
# space, word joiner, byte-order mark. ZWJ / ZWNJ stay: they shape Indic, Persian and emoji text.
INVISIBLE = ("\u00ad", "\u200b", "\u2060", "\ufeff")


def clean_line(text: str) -> str:
    """Drop invisible characters and unrendered shortcodes glued into the words
    (`patterns.INLINE_MARKUP`), and collapse the whitespace a dump or the DOM leaves (NBSP, tabs)
    into single spaces: the one normalisation every field of both paths goes through."""
    for char in INVISIBLE:  # a C-level search each; a deleting str.translate maps every character in Python (200 µs a 1 kB line)
        if char in text:
            text = text.replace(char, "")
    return " ".join(strip_markup(text).split())


# What a page prints after a headline that is not the headline's: a link's annotation for screen
# readers ("(opens in new tab)"), an image button's label ("Click to Enlarge"), a documentation
# generator's permalink sign (Sphinx: "Logging HOWTO ¶"; 11 WCXB titles). Hashtags stay: a show's tag is
# part of its headlines ("The 3 awesomest things on the Internet #Click3").
TITLE_ANNOTATION = re.compile(r"(?:\s*\((?:opens in (?:a )?new (?:tab|window)|link is external|external link)\)"
                              r"|\s+click to enlarge|\s*¶)$", re.IGNORECASE)


def clean_title(text: str) -> str:
    """`clean_line`, without the annotations a page prints after a headline (TITLE_ANNOTATION)."""
    text = clean_line(text)
    return TITLE_ANNOTATION.sub("", text) or text


# Ranks and honorifics printed before a byline's name: a dataset keys people by name alone.
HONORIFIC = re.compile(r"^(?:(?:capt|col|lt|gen|maj|sgt|cmdr|adm|dr|prof|mr|mrs|ms|rev|hon)\.?\s+)+(?=\S+\s+\S)",
                       re.IGNORECASE)
# A byline listing three or more people by commas alone ("by A B, C D, E F") is a list of names, not
# a name and its affiliation.
NAME_LIST_MIN = 3
# Words of bylines that name no person or desk: an advertiser's label ("Sponsored Content"), a site's
# login ("admin"). A dataset keys authors by name: either would be many sites' most prolific writer.
NOT_AUTHOR_WORDS = frozenset(("sponsored", "advertorial", "admin", "administrator", "webmaster"))
# WordPress's category of a post filed under none: no section, on either path.
UNFILED = frozenset(("uncategorized", "uncategorised"))
# The links a byline prints after the name, read as a second name ("James Johnson | Archive"), or a
# link's word the author field holds alone ("Home", "Page").
NOT_AUTHOR_NAMES = frozenset(("archive", "archives", "profile", "bio", "posts", "all posts", "home", "page"))
# Words of a site's pages and a box's headings that a name line may print ("Blog Archives", "Useful Links",
# "Privacy Policy", "Key Points", "Send Feedback", "Profile Follow Unfollow"): an author named with one is
# a link or a heading. Not in NOT_NAME_WORDS: a line of them may still be a headline ("Privacy Policy").
NOT_PERSON_WORDS = frozenset(("archive", "archives", "links", "feedback", "privacy", "policy", "points", "highlights",
                              "contact", "profile", "follow", "unfollow"))
# What a page's script or template prints where it had no author: a JavaScript value ("undefined"),
# an unfilled template field ("page.head.extra.author", "{{ author }}"), a user number without a name
# ("262588213843476"). A forum handle ("b.scherer", "user447274") is a name.
NOT_AUTHOR_VALUE = re.compile(r"^(?:undefined|null|none|nan|\[object object\]|[\d\W]+|.*[{}].*"
                              r"|[a-z_]+(?:\.[a-z_]+)+\.(?:author|authors|byline|name)s?)$", re.IGNORECASE)
# Words of the buttons and box headings printed in Title Case ("Related Tags", "Read Entire Article",
# "Search Trends", "China News"): never in a person's name.
NOT_NAME_WORDS = frozenset((
    "article", "articles", "news", "related", "tags", "tag", "trends", "search", "read", "entire", "unlocking",
    "true", "false", "latest", "top", "popular", "more", "next", "previous", "story", "stories", "topics", "video",
    "videos", "photos", "gallery", "reviewed")) | NOT_AUTHOR_WORDS  # "Jane Doe Reviewed <date>": a shop's review


def is_name(text: str) -> bool:
    """Two to four capitalised words (name particles allowed), none a button's or a box heading's."""
    tokens = text.split()
    return 2 <= len(tokens) <= 4 and all(NAME_TOKEN.match(t) and t.casefold() not in NOT_NAME_WORDS for t in tokens)


# A writer's profile box read with the name ("Laura Beck View Profile Email Twitter RSS", "David Lassen
# ( Contact )"): its links are no part of the name.
_PROFILE_LINK = r"\s+(?:e-?mail|twitter|facebook|instagram|linkedin|google plus|google\+|aim|rss)"
PROFILE_LINKS = re.compile(rf"(?:\s+view (?:full )?profile(?:{_PROFILE_LINK})*|(?:{_PROFILE_LINK}){{2,}}|"
                           rf"\s*\(\s*(?:contact|e-?mail|profile)\s*\))\s*$", re.IGNORECASE)


def is_person(name: str) -> bool:
    """No advertiser's label, site login, link or box heading (NOT_AUTHOR_NAMES, NOT_AUTHOR_WORDS, NOT_PERSON_WORDS)."""
    return name.casefold() not in NOT_AUTHOR_NAMES and not any(
        (w := t.casefold()) in NOT_AUTHOR_WORDS or w in NOT_PERSON_WORDS for t in WORD_RE.findall(name))


def person(name: str) -> str:
    """A byline's name as a record keeps it: without the rank or honorific printed before it, an avatar's
    initials ("CM Craig McCarthy"), or the profile box's links after it."""
    name = clean_line(PROFILE_LINKS.sub("", HONORIFIC.sub("", name.strip())))
    first, _, rest = name.partition(" ")
    words = rest.split()
    initials = "".join(w[0] for w in words)
    if 2 <= len(words) <= 3 and all(_NAME_WORD.fullmatch(w) and not w.isupper() for w in words) and first.isupper() \
            and first in (initials, initials[0] + initials[-1]):
        return rest  # an avatar's initials, printed as text before the name
    return name


_NAME_WORD = re.compile(CAPITALISED)


# The words a byline opens with, before the names ("Written by X", "Thread starter X", "von X")...
BYLINE_LEADS = r"(?:posted|written|published|story|words|text|article) by|by|thread starter|von|par|por|di|door"
# ...and on a line or in an element of their own over the names, with a theme's label for them ("Author" /
# "Jane Doe"; a Drupal author block's "Real name" / "Jane Doe"): both paths read the name after it.
BY_ALONE = re.compile(rf"^(?:{BYLINE_LEADS}|authors?|real name|av|af|от|автор)\s*:?$", re.IGNORECASE)
# A writer's role printed after the name in the byline element ("Keith Barry Senior Autos Reporter",
# "Rachel MacDonald Writer"): the name ends before the first of these words, after two words at least;
# in a list of names, a part that ends in one is the role ("Jane Doe, Executive Editor, The Outlet").
ROLE_WORDS = frozenset((
    "senior", "staff", "contributing", "contributor", "writer", "reporter", "editor", "correspondent", "columnist",
    "journalist", "photographer", "producer", "analyst", "expert", "director", "manager", "founder", "co-founder",
    "ceo", "head", "coordinator", "consultant", "specialist", "strategist", "lead", "chief", "former", "deputy",
    "executive", "associate", "assistant", "managing"))
# What joins the last two names of a list ("A, B and C"), in capitals in a capitals byline too ("JANE
# DOE AND JOHN ROE")...
NAME_AND = re.compile(r"\s+(?:and|AND)\s+")
# ...and two names of a byline ("&" too: "A & B"; in a list it joins a title's words: "X, Master
# Horticulturalist & Garden Educator").
NAME_JOIN = re.compile(r"\s+(?:and|AND|&)\s+")


def _name_list(group: str) -> list[str] | None:
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?", group)]  # "A, B and C, Outlet" stays a name list + outlet
    if len(parts) > 1:  # "A, B and C": no comma before the last name
        parts[-1:] = NAME_AND.split(parts[-1])
    return parts if len(parts) >= NAME_LIST_MIN and all(map(is_name, parts)) and not any(
        p.split()[-1].casefold() in ROLE_WORDS for p in parts) else None


def parse_authors(names: str, strict: bool) -> list[Author]:
    """'A, Affiliation; B and C, Affiliation' -> authors. `strict` asks that names look like names,
    for the bare 'By ...' form that body sentences share."""
    authors: list[Author] = []
    for group in re.split(r"\s*;\s*|\s+\|\s+", names.strip().rstrip(".")):
        listed = _name_list(group)
        name_part, _, affiliation = ("", "", "") if listed else group.partition(",")
        for name in listed or NAME_JOIN.split(name_part):
            name = person(name)
            if not name or NOT_AUTHOR_VALUE.match(name) or not is_person(name):
                continue
            tokens = name.split()
            if strict and not (1 <= len(tokens) <= 5 and all(NAME_TOKEN.match(t) for t in tokens)):
                return []
            authors.append(Author(name=name, affiliation=clean_line(affiliation) or None))
    return authors


def merge_authors(authors: list[Author]) -> list[Author]:
    """A header byline ("Jane Doe") and a body line "Author: Jane Doe, Affiliation" name one person:
    keep the fuller entry, in first-seen order. A name that is another's with words after it ("DAVE
    CARPENTER THE ASSOCIATED PRESS": a byline's next line read with it) is that person too."""
    best: dict[str, Author] = {}
    for author in authors:
        key = fold(author.name)
        if key not in best or (author.affiliation and not best[key].affiliation):
            best[key] = author
    return [a for key, a in best.items() if not any(key.startswith(f"{other} ") for other in best)]


def split_credits(text: str) -> list[str]:
    """'Translated by A. Edited by B.' -> ['Translated by A', 'Edited by B']."""
    parts = re.split(r"(?<=[a-z\]\)])\.\s+(?=[A-Z])", text.strip())
    return [p.strip().rstrip(".") for p in parts if p.strip()]


# Learned chrome never takes more than this share of a post's words: a post that is mostly text
# its site repeats is a repeated post (deduplication's business), and its words stay.
LEARNED_MAX_SHARE = 0.5


def learned_kept(blocks: list[Block], chrome: LearnedChrome | None) -> list[Block]:
    """The blocks that are not learned chrome: `blocks` itself (the same list) when `chrome` takes
    none of them, or would take too much."""
    if not chrome:
        return blocks
    kept = [b for b in blocks if not chrome.names(b.text, fingerprint_of(b))]
    if len(kept) == len(blocks):
        return blocks
    words = sum(len(b.text.split()) for b in blocks)
    if sum(len(b.text.split()) for b in kept) < (1 - LEARNED_MAX_SHARE) * words:
        return blocks
    return kept


def without_learned_chrome(blocks: list[Block], chrome: LearnedChrome | None) -> list[Block]:
    """`learned_kept`, with what is dropped counted on `chrome`."""
    kept = learned_kept(blocks, chrome)
    if kept is not blocks and chrome is not None:
        chrome.dropped += len(blocks) - len(kept)
        if chrome.taken is not None:
            chrome.taken.extend(b.text for b in blocks if chrome.names(b.text, fingerprint_of(b)))
    return kept


@dataclass
class Post:
    """One post after the pattern table and before the site's learned chrome: everything `article`
    needs to make the record, so a chrome learned later can still be applied (extractors/deferred.py)
    without reading the page again."""

    draft: PostDraft  # its fields but `blocks`, which became `body`
    body: list[Block]
    authors: list[Author]
    captions: list[str]
    credits: list[str]
    notes: list[tuple[str | None, bool, str | None]]  # (source name, truncated, href)
    blurb_sources: list[str]

    def touched_by(self, chrome: LearnedChrome | None) -> bool:
        """Whether `chrome` takes any paragraph out of this post."""
        return learned_kept(self.body, chrome) is not self.body

    def article(self, chrome: LearnedChrome | None = None,
                language: tuple[str | None, float | None] | None = None) -> Article | None:
        """The record, without the paragraphs `chrome` names; None when no text is left. Its language is
        the post's as read before the learned chrome is dropped (a site's repeated blurb does not
        change it), so that a chrome learned later does not identify it again: `language` is that
        reading's (extractors/deferred.py)."""
        draft = self.draft
        kept = without_learned_chrome(self.body, chrome)
        summary, text = self._text(kept)
        if WORD_RE.search(text) is None:  # no word (punctuation, U+FFFD): no article (word_count >= 1)
            return None
        if draft.language:
            language, confidence = draft.language, None
        elif language is not None:
            language, confidence = language
        else:
            language, confidence = identify(text if kept is self.body else self._text(self.body)[1])
        notes = self.notes
        name = next((n for n, _, _ in notes if n), None) or (self.blurb_sources[0] if self.blurb_sources else None)
        source_url = next((h for _, _, h in notes if h), None) or draft.source_url
        source = Source(name=name, url=source_url, truncated=any(t for _, t, _ in notes))
        return Article(
            title=clean_title(draft.title) if draft.title else None,
            text=text,
            page_url=draft.page_url,
            url=draft.url,
            site=draft.site,
            category=clean_line(draft.category) if draft.category else None,
            authors=list(self.authors),
            published=draft.published,
            summary=summary,
            image_captions=_unique(self.captions),
            credits=_unique(self.credits),
            source=source,
            language=language,
            language_confidence=confidence,
            extractor=ExtractorInfo(draft.extractor),
        )

    def _text(self, body: list[Block]) -> tuple[str | None, str]:
        """(summary, text) of the post with these body blocks: a first paragraph set apart by two blank
        lines, or repeating the draft's excerpt, is the summary."""
        summary = clean_line(self.draft.summary) if self.draft.summary else None
        start = 0
        if summary is None and len(body) >= 2 and body[1].gap_before >= 2:
            summary, start = body[0].text, 1
        elif summary and body and _same(body[0].text, summary):
            start = 1  # the excerpt repeated as the first paragraph
        return summary, "\n\n".join(b.text for b in body[start:])


def finish(draft: PostDraft, chrome: LearnedChrome | None = None) -> Article | None:
    """Apply the pattern table to a post's blocks, then drop the site's learned `chrome` (see
    extractors/chrome.py); None when nothing of an article is left. A `PendingChrome` (chrome not
    learned yet) keeps each post with its article, to be finished again once it is."""
    post = apply_patterns(draft)
    article = post.article(chrome)
    if isinstance(chrome, PendingChrome):
        chrome.posts.append((post, article))
    return article


def finish_again(draft: PostDraft, blocks: list[Block], chrome: LearnedChrome | None, ours: Article | None,
                 before: Mark, take: Callable[[str], bool]) -> tuple[Article | None, str]:
    """A second reading of the same post: `draft` finished again with `blocks`. Returns the article
    to keep (the second reading when `take(its text)`, else `ours`) and the second reading's text.
    The chrome counts only the reading kept (`before`: its mark before `ours` was finished)."""
    draft.blocks = blocks
    first = mark(chrome)
    other = finish(draft, chrome)
    text = other.text if other is not None else ""
    keep = other if other is not None and take(text) else ours
    if chrome is not None:
        chrome.forget(*((before, first) if keep is other else (first, chrome.mark())))
    return keep, text


# The characters that part a byline line ("By X / date / 0 Comments", "By X · 5 min read"), set off by
# spaces; both paths cut there (the text path's header reader splits on them too).
BYLINE_SEPARATORS = " /|•·⋅–—-"
_SEPARATOR = f"[{re.escape(BYLINE_SEPARATORS.strip())}]"
# What a byline line prints after its names: a date, a time, a reading time ("By A, staff writer ·
# March 4, 2008 | 5 min read"): the parts with a digit, which no name or desk has.
BYLINE_TAIL = re.compile(rf"(?:\s+{_SEPARATOR}\s+(?:(?!\s{_SEPARATOR}\s).)*\d(?:(?!\s{_SEPARATOR}\s).)*)+$")


def apply_patterns(draft: PostDraft) -> Post:
    """The pattern table over a post's blocks: captions, bylines, notes, blurbs and credits taken
    out of the body, which is left as it is before any learned chrome."""
    blocks = [Block(clean_line(b.text), b.gap_before, b.tag, b.href) for b in draft.blocks]
    blocks = [b for b in blocks if b.text]
    authors = merge_authors([a for a in draft.authors if is_person(a.name)])
    captions = [c for c in map(clean_line, draft.image_captions) if c]
    credits: list[str] = []
    notes: list[tuple[str | None, bool, str | None]] = []  # (source name, truncated, href)
    blurb_sources: list[str] = []

    body: list[Block] = []
    buttons = button_rows([b.text for b in blocks])
    for i, block in enumerate(blocks):
        if i in buttons:
            continue
        if block.tag == "caption":
            captions.append(block.text)
            continue
        found = match(block.text, FIRST_PASS)
        if found is None and i < HEAD_BLOCKS and (blurb := match(block.text, (Role.BLURB,))) and blurb[0].head_too:
            found = blurb
        if found is None or found[0].tail_only:
            body.append(block)
            continue
        pat, m = found
        role = pat.role
        if role in (Role.DROP, Role.SEPARATOR):
            continue
        if role is Role.BLURB:
            if src := _group(m, "source"):
                blurb_sources.append(src)
            continue
        if role is Role.NOTE:
            notes.append((_group(m, "source"), pat.truncated, _group(m, "url") or block.href))
            continue
        if role is Role.CAPTION:
            captions.append(block.text)
            continue
        if role is Role.BYLINE and i < HEAD_BLOCKS:
            strict = not block.text.lower().startswith("author")
            found_authors = parse_authors(BYLINE_TAIL.sub("", m.group("names")), strict=strict)
            if found_authors:
                authors = merge_authors([*authors, *found_authors])
                continue
        body.append(block)

    # Blurbs, credits, weak notes ("Source: X") and the author's box: only in the run of paragraphs
    # closing the post.
    while body:
        tail = body[-1]
        found = match(tail.text, TAIL_PASS)
        if found is None:
            if not _author_box(tail.text, authors):
                if authors or not (named := _introduced_author(tail.text)):
                    break
                authors = named
            body.pop()
            continue
        pat, m = found
        if pat.role is Role.NOTE:
            notes.append((_group(m, "source"), pat.truncated, _group(m, "url") or tail.href))
        elif pat.role is Role.BLURB:
            if src := _group(m, "source"):
                blurb_sources.append(src)
        else:
            credits[:0] = split_credits(tail.text)
        body.pop()
    return Post(replace(draft, blocks=[]), body, authors, captions, credits, notes, blurb_sources)


def _author_box(text: str, authors: list[Author]) -> bool:
    """`text` is the heading or text of a box about one of the post's `authors` (see BIO_OPENING)."""
    if len(text) > BIO_MAX_CHARS:
        return False
    heading = BIO_HEADING.match(text)
    for author in authors:
        if heading and fold(heading.group("name")) == fold(author.name):
            return True
        names = author.name.split()
        if len(names) >= 2 and re.match(BIO_OPENING.format(first=re.escape(names[0]), last=re.escape(names[-1])),
                                         text, re.IGNORECASE):
            return True
    return False


def _introduced_author(text: str) -> list[Author]:
    """The person a closing author's box introduces by a newsroom role (see BIO_ROLE), or none."""
    m = BIO_ROLE.match(text) if len(text) <= BIO_MAX_CHARS else None
    return [Author(name=person(m.group("name")))] if m and is_name(m.group("name")) else []


def _group(m: re.Match[str], name: str) -> str | None:
    try:
        value = m.group(name)
    except IndexError:
        return None
    return clean_line(value).strip(" .:") if value else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
