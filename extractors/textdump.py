"""Articles from a plain-text dump of a page (what a browser's "save as text" or a crawler's
text export leaves): cut the page into posts at each "Continue Reading", read each post's header
(category, title, the "Published / on" label), and hand the rest to the shared rules."""

from __future__ import annotations

from extractors.article import Article
from extractors.patterns import Role, match
from extractors.rules import Block, PostDraft, clean_line, finish
from extractors.sanitize import clean_text

NAME = "cleanwire.textdump"
# The header (category, title, date label) is within the first few blocks of a post.
HEADER_WINDOW = 6
# A category line is a short label ("China", "World News"), not a sentence.
CATEGORY_MAX_WORDS = 5
# A title with no date label after it still reads as a headline: short, no closing full stop.
TITLE_MAX_WORDS = 30


def to_blocks(text: str) -> list[Block]:
    """Paragraphs with the number of blank lines before each (a summary is set apart by two)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    gap = 0
    for line in text.split("\n"):
        line = clean_line(line)
        if not line:
            gap += 1
            continue
        blocks.append(Block(line, gap_before=gap))
        gap = 0
    return blocks


def split_posts(blocks: list[Block]) -> list[list[Block]]:
    posts: list[list[Block]] = [[]]
    for block in blocks:
        found = match(block.text, (Role.SEPARATOR,))
        if found:
            posts.append([])
        else:
            posts[-1].append(block)
    return [p for p in posts if p]


def _is_chrome(block: Block) -> bool:
    found = match(block.text, (Role.DROP, Role.SEPARATOR))
    return found is not None


def _is_date_label(block: Block) -> bool:
    found = match(block.text, (Role.DROP,))
    return found is not None and found[0].name == "date_label"


def read_post(blocks: list[Block], page_url: str | None) -> PostDraft:
    """Find category and title from the header; the rest is the body for the shared rules."""
    window = blocks[:HEADER_WINDOW]
    anchor = next((i for i, b in enumerate(window) if _is_date_label(b)), None)
    title = category = None
    if anchor is not None:
        head = [b for b in blocks[:anchor] if not _is_chrome(b)]
        body = blocks[anchor + 1:]
        if head:
            title = head[-1].text
        if len(head) >= 2 and len(head[-2].text.split()) <= CATEGORY_MAX_WORDS:
            category = head[-2].text
    else:
        kept = [b for b in blocks if not _is_chrome(b)]
        body = kept
        if kept and _looks_like_title(kept[0].text) and len(kept) > 1:
            title, body = kept[0].text, kept[1:]
    return PostDraft(blocks=body, extractor=NAME, title=title, category=category, page_url=page_url)


def _looks_like_title(text: str) -> bool:
    return len(text.split()) <= TITLE_MAX_WORDS and not text.endswith((".", ":", ";"))


def extract_text(text: str, page_url: str | None = None) -> list[Article]:
    """Every article in a text dump, in page order."""
    articles = []
    for post in split_posts(to_blocks(clean_text(text))):
        article = finish(read_post(post, page_url))
        if article is not None:
            articles.append(article)
    return articles
