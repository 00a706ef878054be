"""Repairs to the body trafilatura's precision mode returns, from a second, cheap opinion: our own
walk over the page's main paragraph container.

Precision mode keeps news bodies clean but drops what it cannot tell from chrome: FAQ questions,
subheadings, embedded quotes, list items. Between two blocks both opinions kept, a block only the
walk saw is body unless it reads as chrome (mostly link text, a caption by position, no words).
Beyond the stretch both agree on nothing is taken back: that is where related lists, share bars and
newsletter boxes sit. The opposite fault, a list of other articles kept at the end of the body, is
cut by structure (a run of headlines that are each one link) and by a table of the headings such
lists carry.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from extractors.dom import HEADING_TAGS, DomBlock, node_text
from extractors.rules import COPYRIGHT_NOTICE, RIGHTS_NOTICE, Block

__all__ = ["RELATED_HEADINGS", "cut_footer", "cut_related", "recover"]

# --- blocks precision mode dropped inside the body ------------------------------------------------
# A dropped block is taken back when less than this share of it is link text...
RECOVER_MAX_LINKS = 0.5
# ... and it has words (a lone "Advertisement", a picture counter "1 / 13" or an id is not text):
# this many words of two letters or more, or twice as many CJK characters.
RECOVER_MIN_WORDS = 2
# A run of several dropped blocks is taken back only when each is a list item, a heading, a
# paragraph this long or a short line right before one (a gallery's "Back to gallery / 1 of 6 /
# Close" is none of these).
RECOVER_PARAGRAPH_CHARS = 40
# A walked block counts as kept when this share of its word trigrams is in the kept text
# (trafilatura drops some inline elements, so the same paragraph can differ by a few words).
RECOVER_SEEN = 0.5
# A dropped block must sit in an element that also holds kept text (a newsletter box nested in the
# body is a box of its own: precision mode dropped its heading and paragraph for its class name),
# unless it is in one of these groups, or it is loose text among several dropped blocks in a row
# (a FAQ section of question and answer <div>s, text precision mode never reads): then its box may
# sit one or two levels below such an element.
GROUP_TAGS = frozenset({"ul", "ol", "dl", "blockquote", "table", "tbody", "details"})
NEST_LEVELS = 3

# Past these sizes a page is a listing or a dump, not one article's body: the first opinion stands
# (and the comparison, walked blocks x kept text, stays bounded on hostile input).
RECOVER_MAX_BLOCKS = 2000
RECOVER_MAX_CHARS = 200_000

_WORD = re.compile(r"[^\W\d_]{2,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TOKEN = re.compile(r"\w+")


def _wordy(text: str) -> bool:
    return len(_WORD.findall(text)) >= RECOVER_MIN_WORDS or len(_CJK.findall(text)) >= 2 * RECOVER_MIN_WORDS


def _grams(text: str) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.casefold())
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False)) if len(tokens) > 2 else {tuple(tokens)}


def recover(blocks: list[Block], walked: list[DomBlock]) -> list[Block]:
    """`blocks` (the first opinion) with the blocks of `walked` (our walk over the body's container)
    it dropped between two blocks it kept, each put after the kept block it follows."""
    if not blocks or not 3 <= len(walked) <= RECOVER_MAX_BLOCKS:
        return blocks
    kept = [" ".join(b.text.split()) for b in blocks]
    joined = "\n".join(kept)
    if len(joined) > RECOVER_MAX_CHARS:
        return blocks
    found = [" ".join(w.text.split()) in joined for w in walked]
    if all(found):
        return blocks
    grams: set[tuple[str, ...]] | None = None
    for j, w in enumerate(walked):
        if not found[j] and w.tag != "caption" and _wordy(w.text):  # the others are not taken back anyway
            grams = _grams(joined) if grams is None else grams
            own = _grams(w.text)
            found[j] = len(own & grams) >= RECOVER_SEEN * len(own)
    holders = {w.box.mem_id for w, seen in zip(walked, found, strict=True) if seen and w.box is not None}
    out, inserted, j = list(blocks), 0, 0
    while j < len(walked):
        if found[j]:
            j += 1
            continue
        start = j
        while j < len(walked) and not found[j]:
            j += 1
        if start == 0 or j == len(walked):
            continue  # before the first or after the last block both kept
        run = walked[start:j]
        if not all(_body_like(w, holders, len(run)) and _placed(run, k) for k, w in enumerate(run)):
            continue
        before = " ".join(walked[start - 1].text.split())
        at = next((i for i, k in enumerate(kept) if before in k), None)
        if at is not None:
            out[at + 1 + inserted:at + 1 + inserted] = run
            inserted += len(run)
    return out


def _placed(run: list[DomBlock], k: int) -> bool:
    """In a run of several dropped blocks each is a list item, a heading, a paragraph, or a short line
    leading one (a FAQ question before its answer)."""
    if len(run) == 1 or _long(run[k]):
        return True
    return k + 1 < len(run) and _long(run[k + 1]) and run[k + 1].tag not in HEADING_TAGS


def _long(w: DomBlock) -> bool:
    return w.tag == "li" or w.tag in HEADING_TAGS or len(w.text) >= RECOVER_PARAGRAPH_CHARS


def _body_like(w: DomBlock, holders: set[int], run: int) -> bool:
    if w.tag == "caption" or not _wordy(w.text):
        return False
    boxes = w.boxes(NEST_LEVELS)
    nested = (boxes[0].tag in GROUP_TAGS or (run > 1 and w.run_links is not None)) if boxes else False
    if not boxes or not (boxes[0].mem_id in holders or (nested and any(b.mem_id in holders for b in boxes[1:]))):
        return False
    return w.link_share() < RECOVER_MAX_LINKS and not w.by_media()


# --- lists of other articles at the end of the body -----------------------------------------------
# Headings of the lists of other articles a page appends to a body, in the languages of the news a
# corpus mostly holds (casefolded, closing punctuation off). Structure alone finds most such lists
# (a run of link-only headlines at the end); a heading from this table also finds short ones.
RELATED_HEADINGS = frozenset({
    "related", "related articles", "related posts", "related stories", "related news", "related content",
    "related coverage", "you may also like", "you might also like", "you may also be interested in",
    "you might be interested in", "recommended", "recommended for you", "read more", "read also", "also read",
    "see also", "more stories", "more news", "read next", "up next", "don't miss", "most read", "trending",
    "leia também", "leia mais", "você pode gostar", "veja também", "notícias relacionadas", "mais lidas",
    "lesen sie auch", "mehr zum thema", "weitere artikel", "das könnte sie auch interessieren", "ähnliche artikel",
    "te puede interesar", "también te puede interesar", "lee también", "lea también", "noticias relacionadas",
    "artículos relacionados", "más noticias", "lo más leído",
    "à lire aussi", "lire aussi", "sur le même sujet", "articles similaires", "vous aimerez aussi", "à voir aussi",
    "leggi anche", "potrebbe interessarti", "articoli correlati", "ti potrebbe interessare",
    "lees ook", "gerelateerde artikelen", "meer nieuws", "czytaj też", "czytaj także", "zobacz też",
    "читайте также", "похожие статьи", "по теме", "läs också", "les også", "læs også", "lue myös",
    "baca juga", "artikel terkait", "berita terkait", "ilgili haberler", "bunlar da ilginizi çekebilir",
    "関連記事", "関連ニュース", "あわせて読みたい", "おすすめ記事", "相关文章", "相关阅读", "相關文章", "延伸閱讀",
    "推荐阅读", "관련 기사", "관련기사", "함께 볼만한 기사",
})
# The structural signal: at least this many consecutive link-only blocks (a block whose whole text
# is the text of one link: a headline pointing elsewhere)...
RELATED_MIN_ITEMS = 3
# ... with at most this much text after them (a closing credit, an author line, a copyright).
RELATED_TAIL_CHARS = 400
# A link-only block is headline-sized: longer blocks are body text that happens to be one link.
RELATED_ITEM_CHARS = 200
# A short block right before such a run, not ending a sentence, is its heading ("More in Politics").
RELATED_LEAD_CHARS = 80
_CLOSING = (".", "!", "?", "。", "！", "？")


def cut_related(blocks: list[Block], scope: LexborNode) -> list[Block]:
    """`blocks` without the lists of other articles in them: the last run of link-only headlines
    when little text follows it, and any heading from `RELATED_HEADINGS` with the link-only blocks
    after it (or alone, where trafilatura already dropped the links). `scope` is the part of the
    page the blocks were read from (its links are looked up)."""
    short = [len(b.text) <= RELATED_ITEM_CHARS and _wordy(b.text) and "://" not in b.text for b in blocks]
    headed = [i for i, b in enumerate(blocks) if _heading_key(b.text) in RELATED_HEADINGS]
    if not headed and not _has_run(short, RELATED_MIN_ITEMS):
        return blocks  # nothing shaped like a list of headlines: the page's links are not read
    links = {t for a in scope.css("a") if (t := node_text(a))}
    link_only = [s and b.text in links for s, b in zip(short, blocks, strict=True)]
    drop: set[int] = set()
    for i in headed:  # the heading never is article text; the links after it go with it
        k = i + 1
        while k < len(blocks) and link_only[k]:
            k += 1
        drop.update(range(i, k))
    end = len(blocks)
    while end > 0 and not link_only[end - 1]:
        end -= 1
    start = end
    while start > 0 and link_only[start - 1]:
        start -= 1
    if end - start >= RELATED_MIN_ITEMS and start > 0 and sum(len(b.text) for b in blocks[end:]) <= RELATED_TAIL_CHARS:
        drop.update(range(start, end))
        lead = blocks[start - 1].text
        if len(lead) <= RELATED_LEAD_CHARS and not lead.endswith(_CLOSING):
            drop.add(start - 1)
    return [b for i, b in enumerate(blocks) if i not in drop] if drop else blocks


# --- the page's footer kept under the body -------------------------------------------------------
# A copyright or rights notice is the page's footer: the body ends above it where less text follows
# it than precedes it (a notice over a document, "Copyright 1995 by the Association", heads the text).
FOOTER_NOTICE = re.compile(f"{COPYRIGHT_NOTICE}|{RIGHTS_NOTICE}", re.IGNORECASE)


def cut_footer(blocks: list[Block]) -> list[Block]:
    """`blocks` up to the first footer notice with more of them above it than below it."""
    total = sum(len(b.text) for b in blocks)
    above = 0
    for i, block in enumerate(blocks):
        if i and 2 * above >= total and FOOTER_NOTICE.match(block.text):
            return blocks[:i]
        above += len(block.text)
    return blocks


def _has_run(flags: list[bool], n: int) -> bool:
    count = 0
    for flag in flags:
        count = count + 1 if flag else 0
        if count >= n:
            return True
    return False


def _heading_key(text: str) -> str:
    return text.casefold().strip().rstrip(" .:…»>→-–—").strip()
