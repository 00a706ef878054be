"""Articles from a plain-text dump of a page (a browser's "save as text", a crawler's text export,
an archive's page text, a WET record): read by evidence, not by position.

A dump has lost its markup: navigation, headline lists, the article and the footer are all lines.
The article is found the way a reader finds it:

- the **body** is the main run of prose paragraphs (`extractors.textlines` says what prose is, in
  any language), from after the title to the first footer signal (comments, related lists,
  newsletter, copyright...); headline lists and date lines inside it are left out;
- the **title** is the line the page itself points at: the headline part of a first line shaped
  like a `<title>` ("Headline - Site") found again below, the URL's slug, a footer that quotes it
  ("The post X appeared first on Y"), then headline shape and prose following it;
- the **header** between title and body gives the category (the label above the title, or a
  breadcrumb), the authors ("By X", a bare name line, "Name | Outlet") and the date;
- several **posts** on one page are cut where the page separates them ("Continue Reading");
  a run of teaser headlines without a body is not a post.

Every scoring weight and signal below is a named row with a reason. What remains of each post goes
to `extractors.rules.finish()`, the rules the HTML path uses too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

import numpy as np

from extractors import gate
from extractors.article import Article, Author, fold
from extractors.chrome import LearnedChrome, Mark, mark
from extractors.densest import densest_prose, goes_on, reads_as_prose
from extractors.errors import ExtractionError
from extractors.gate import RunExtras, text_facts
from extractors.linetagger import STATES, TITLE, LineHints, TaggerModel, active_model, post_matrix
from extractors.patterns import GLUED_CRUMB, PATTERNS, Role, match
from extractors.rules import (
    BY_ALONE,
    BYLINE_LEADS,
    BYLINE_SEPARATORS,
    CAPITAL,
    CAPITALISED,
    COPYRIGHT_NOTICE,
    RIGHTS_NOTICE,
    ROLE_WORDS,
    UNFILED,
    Block,
    PostDraft,
    clean_line,
    clean_title,
    finish,
    finish_again,
    is_name,
    is_person,
    merge_authors,
    parse_authors,
    person,
)
from extractors.sanitize import clean_text
from extractors.textlines import (
    DATE_LINE_WORDS,
    HEADER_COUNTS,
    LABEL_MAX_WORDS,
    MONTHS,
    SENTENCE_END,
    TIME_ONLY,
    WORD,
    Line,
    date_line,
    find_date,
    fold_words,
    function_words,
    has_function_words,
    make_line,
    token_table,
    word_count,
)
from extractors.urls import host, parse_url

NAME = "cleanwire.textdump"

# --- the body run --------------------------------------------------------------------------------
# The body is the run of lines with the highest sum of these weights (a maximum-sum segment, as in
# Finn et al.'s Body Text Extraction): prose pays for itself, everything else costs.
PROSE_WEIGHT_CAP = 60  # a prose line is worth its words, up to this: one huge block must not win alone
SHORT_COST = 3  # a short non-prose line (a label, a subheading) inside the run
HEADLINE_COST = 6  # a headline-shaped line (a teaser title): lists of them separate articles
CHROME_COST = 1  # a pattern-table chrome line ("Advertisement", "Share") sits inside articles too...
FURNITURE = frozenset(p.name for p in PATTERNS if p.furniture)  # ...a row of page furniture costs SHORT_COST
# A caption or an ad label interrupts an article for a line or two; navigation and footers go on for
# dozens: the n-th line in a row without prose costs (1 + n / GAP_GROWTH) times its cost.
GAP_GROWTH = 4
# A post needs this many words of prose to be an article (a teaser with a one-line excerpt is not).
MIN_POST_WORDS = 12
# Runs of this many non-prose headline-shaped lines inside a body are a headline list, not text.
HEADLINE_LIST_MIN = 3
HEADLINE_LIST_MIN_WORDS = 4  # ...of lines with at least this many words ("Read: X", menu items are shorter)

# Items of a list a paragraph introduces ("...as follows:") are worth this each, and at most
# this many lines after the colon are read as items.
LIST_ITEM_GAIN = 1
LIST_MAX_ITEMS = 120
# Teaser lists: headline, up to this many label lines (author, date), an excerpt of at most
# TEASER_MAX_WORDS words; at least TEASER_MIN_UNITS such units in a row.
TEASER_MAX_LABELS = 2
TEASER_MAX_WORDS = 80
TEASER_MIN_UNITS = 3

# Lines that end an article when they come after its first paragraph: what follows them is the
# page's furniture (comment threads, newsletter boxes, the site footer), never the body.
END_SIGNALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in (
    ("comments", r"^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|view comments|show comments|"
                 r"leave a (?:reply|comment|response)|add a comment|post a comment(?: cancel reply)?|"
                 r"join the (?:discussion|conversation)|click to comment|comments? \(\d+\)|discussion|"
                 r"(?:[←«] ?)?(?:previous|older|newer) comments)\s*:?$"),
    # a theme's count box over the thread: "{ 53 comments… read them below or add one }"
    ("comment_box", r"^[{(\[]\s*\d+\s+(?:comments?|responses?)\b.{0,60}[})\]]$"),
    ("comment_count", r"^\d+ (?:comments?|responses?|replies|thoughts?) (?:to|on) .{1,200}$"),
    # a thread's loading counter ("100 of 524 comments loaded", "Showing 20 of 145 comments"), share links after it
    ("comments_loaded", r"^(?:showing )?\d+ of \d+ (?:comments?|replies|responses)\b.{0,40}$"),
    # WordPress's comment form in the languages its sites are most often in
    ("comment_form", r"^(?:lascia un commento|deixe um comentário|deja un comentario|deja una respuesta|"
                     r"laisser un commentaire|laisser une réponse|schreibe einen kommentar|"
                     r"hinterlasse einen kommentar|plaats een reactie|lämna en kommentar|zostaw komentarz)\W*$"),
    ("comment_notice", r"^(?:il tuo indirizzo email non sarà pubblicato|o seu endereço de e-mail não será publicado|"
                       r"tu dirección de correo electrónico no será publicada|votre adresse e-mail ne sera pas publiée|"
                       r"deine e-mail-adresse wird nicht veröffentlicht|je e-mailadres wordt niet gepubliceerd)\b.{0,120}$"),
    ("thoughts_on", r"^(?:one|\d+) thoughts? on .{1,200}$"),
    ("copyright", COPYRIGHT_NOTICE),
    ("rights", RIGHTS_NOTICE),
    ("back_to_top", r"^back to top(?: button)?\W*$"),
    ("source_link", r"^source link\W*$"),
    ("about_author", r"^about (?:the )?authors?\s*:?$"),
))
BACK_TO_TOP = next(rx for name, rx in END_SIGNALS if name == "back_to_top")
# A comment begins with its author's name and "says:" (WordPress) or "wrote:", then its date.
COMMENT_AUTHOR = re.compile(r"^\S+(?: \S+){0,3} (?:says|said|wrote|writes|dice|sagt|dit|disse):?$", re.IGNORECASE)
# Headings of boxes set inside a body as often as under it (lists of other articles, share and
# newsletter boxes): they cost the body run points instead of ending it, so the run goes on past
# them only if enough prose follows.
BOX_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in (
    ("related", r"^(?:related(?: (?:posts?|articles?|stories|news|content|coverage|reading|topics:?.*))?(?: (?:from|on|in|about) .{1,60})?|"
                r"you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|more (?:stories|news|articles) ?.{0,40}|"
                r"recommended(?: for you| stories| articles)?|read next|up next|what to read next|see more|"
                r"more from .{1,40}|most (?:read|popular|viewed|shared)(?: in .{1,30})?|popular (?:posts|stories|now)|"
                r"trending(?: now| stories)?|latest(?: news| stories| posts| articles| videos)?|don'?t miss|"
                r"editor'?s? picks?|top stories|around the web|from the web|sponsored stories|"
                r"recent posts|(?:previous|next|older|newer)(?: (?:posts?|articles?|stories|story))?|more like this|"
                r"related (?:publications|images|videos|links|items))\s*:?$"),
    ("newsletter", r"^(?:sign up|subscribe)(?: now| today)?(?: (?:to|for) (?:our|the) .{0,60})?[.!:]?$"),
    ("share_post", r"^share (?:this|the) (?:post|article|story)(?: with .{1,40})?\W*$"),
    ("share_this", r"^(?:share this|like this|share on|spread the word)\s*:$"),
    ("tags", r"^(?:tags|tagged|topics|filed under)\s*:?$"),
    ("newsletter_line", r"^.{0,80}\b(?:subscribe|sign up|signup|register)\b.{0,30}\bnewsletters?\b.{0,60}$"),
))
BOX_COST = 15  # such a heading inside the run: a box of links, or the end of the article


# A Markdown dump's heading marks ("## 3 thoughts on ...", "## Related"): the heading is read without them.
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def _box_heading(text: str) -> str | None:
    text = MARKDOWN_HEADING.sub("", text)
    return next((name for name, rx in BOX_HEADINGS if rx.search(text)), None) if len(text) <= 120 else None


def _end_signal(lines: list[Line], i: int) -> str | None:
    text = MARKDOWN_HEADING.sub("", lines[i].text)
    if len(text) > 240:
        return None
    if COMMENT_AUTHOR.match(text) and i + 1 < len(lines) and lines[i + 1].date:
        return "comment_author"
    if lines[i].thread:
        return "comment_stamp"
    name = next((name for name, rx in END_SIGNALS if rx.search(text)), None)
    return None if name == "back_to_top" and lines[i].section_link else name


# --- the title -----------------------------------------------------------------------------------
# Evidence that a line is the headline, in points; the line with most points wins.
TITLE_ECHO = 10  # the headline part of a <title>-shaped first line, found again below it
TITLE_ECHO_PREFIX = 8  # ...found as the start of a longer line (or the other way round: a cut <title>)
TITLE_PREFIX_COVER = 0.7  # ...covering this share of it (a subheading that starts alike is not the title)
TITLE_FOOTER_ECHO = 10  # quoted by a footer: "The post X appeared first on Y", "Read more: X"
TITLE_SLUG = 10  # times the line's agreement with the URL's slug (0..1)
TITLE_SLUG_MIN = 0.5  # agreement below this is chance
SLUG_LINE_SHARE_MIN = 0.3  # the slug's words must make up at least this share of the line's
TITLE_SHAPE = 3  # headline-shaped (few words, no closing full stop, not a date, a name or a button)...
TITLE_SHAPE_WORDS = 6  # ...in full from this many words on ("Key Points" is a label, not a headline)
TITLE_SIMILAR = 6  # times the share of the <title>'s (or slug's) words it repeats...
TITLE_SIMILAR_MIN = 0.5  # ...when it repeats at least this share
TITLE_HEADER_FOLLOWS = 3  # a date label, byline or date line right under it
TITLE_PROSE_FOLLOWS = 3  # times the share of prose in the lines under it
TITLE_NEAR_BODY = 3  # the body starts within a few lines under it
TITLE_BETWEEN_COST = 2  # each other headline between it and the body
TITLE_STRONG = 7  # points from the page's own evidence (echo, slug, footer) that make a title certain
TITLE_MAX_WORDS = 40  # longer lines are paragraphs, whatever they repeat
TITLE_LOOKAHEAD = 8  # lines under a candidate read for "header follows" and "prose follows"
UNTITLED_HEADER_LINES = 6  # a post without a headline (or a header): its byline and date are in the lines just above
DATE_ABOVE_LINES = 3  # a header's byline or date may stand this many lines above the headline (a kicker row)
DEK_MIN_WORDS = 10  # a dek (standfirst) between a title and its byline is a sentence's length...
DEK_MAX_WORDS = 80  # ...or a few: a longer paragraph under the headline is the body's first
HEADER_MAX_LINES = 25  # the header (title to body) is never longer than this many lines
TITLE_WINDOW = 40  # without page evidence, the title is looked for this many lines above the body...
TITLE_INSIDE_WINDOW = 12  # ...and this many into it (a donation box or a dek before the post's header)
SUBHEADING_WORDS = (2, 12)  # a section heading's length: one word is a label, a long line a sentence
# A photographer and an agency alone on a line ("Amy K. Dragoo/AIMMEDIA", "Jane Doe/AP"): a photo
# credit under the header's date, not a section heading.
SLASH_CREDIT = re.compile(r"^(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w.'-]*\s*/\s*[A-Z][\w&.' -]{1,40}$")
TITLE_MIN_WORDS = 3  # without page evidence or a header under it, a shorter line is a label ("Country Reports")
# A headline the body run swallowed (a dump whose first line is the headline, the body right under it):
# the run's first line when nothing else reads as a title, at most this many words, headline-shaped or
# Title Case (a headline may close with a full stop), and the paragraph under it this many times longer.
RUN_HEAD_MAX_WORDS = 20
RUN_HEAD_BODY_RATIO = 1.25
RUN_HEAD_CAPITAL_SHARE = 0.8  # Title Case: this share of its longer words capitalised (a dateline sentence has fewer)
TITLE_FIRST_MAX_WORDS = 20  # a first line of running text longer than this opens the page's text, not a <title>
# Separators between the headline and the site name in a <title>: "Headline - Site", "Site | Headline".
TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—•·»«:]{1,2}|::)\s+")
SITE_PARTICLES = token_table("of the and for de du la le di da del van von on in at")  # lower-case inside a site's name
# What a dump leaves before a headline's first word: a Markdown heading's hashes, a stray full stop or bullet.
HEADLINE_LEAD = re.compile(r"^(?:#{1,6}|[.·•])\s+")
# What a dump glues before a headline from the elements in front of it: an icon font's ligature name
# printed as text ("account_boxSuspect arrested ...", "schedule"), an image's alt text ("NPR logo").
ICON_NAMES = "account_box|account_circle|access_time|calendar_today|date_range|folder_open|local_offer|" \
             "bookmark_border|watch_later|query_builder|chat_bubble_outline|chat_bubble"
GLUED_LEAD = re.compile(rf"^(?:(?:{ICON_NAMES})\s*|(?:schedule|event|person|label|folder|visibility)(?=[A-Z])|"
                        r"(?:[A-Z][\w&.'’-]*\s){1,3}logo\s+)(?=[A-Z\d\"'“‘])")
# An article's tool buttons printed after its headline on the same line ("... Season Finale Save Email Print"):
# a narrower list than INTERFACE_WORDS, whose "more", "friendly", "options" end headlines too.
TRAILING_TOOLS = re.compile(r"(?:\s+(?:save|e-?mail|print|share|tweet|comments?)){2,}\s*$", re.IGNORECASE)
# A header's labels inside a line ("Phnom Penh, CambodiaEdited By: X Updated: <date>"): the line is the
# post's metadata, never its headline.
INNER_LABEL = re.compile(r"(?:edited by|updated|published|posted on|last modified)\s*:", re.IGNORECASE)
# Words of a date line that are not a section ("Updated", "AM", "EST", weekdays and their short forms but
# "Sun", a newspaper's name): a label glued to a date is none of them.
TIME_WORDS = re.compile(r"\b(?:am|pm|gmt|utc|est|edt|ist|wib|ago|updated|published|monday|tuesday|wednesday|thursday|"
                        r"friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|today|yesterday)\b", re.IGNORECASE)
# Last words of a newspaper's or site's name ("The Nation Newspaper", "Tribune Online"): an aggregator prints
# the source outlet above a feed item, where a theme prints the section; the outlet is not a category.
OUTLET_WORDS = token_table("newspaper online times post daily tribune herald gazette journal magazine chronicle "
                           "telegraph observer express mail dispatch ledger inquirer")
# Headings of archive and listing pages ("Monthly Archives: October 2014", "Archive for 'Siemens'"): the
# page's name, never a post's headline.
ARCHIVE_HEADING = re.compile(r"^(?:(?:monthly|yearly|daily|category|tag|author) )?archives?(?: for)?\s*[:‘'\"“]"
                             r"|^showing posts (?:from|with label|for query)\b",  # Blogger's archive and label pages
                             re.IGNORECASE)
# A headline printed twice in one post (a theme's hero and its article header, a gallery's caption title):
# the page's own evidence where it has no other (no <title> echo, slug or footer quote); lines of at
# least this many words.
REPEATED_TITLE = 8
REPEATED_MIN_WORDS = 4
REPEATED_INSIDE = 2  # ...and the first copy above the body run or at most this many lines into it
REPEATED_SPAN = 4  # ...the two within this many lines (a teaser listed twice on a page lies further apart)
# A URL path segment is a slug when it is several words joined by dashes or underscores.
SLUG_WORDS_MIN = 3
# A first post left untitled takes the <title> line's headline part when the slug spells it: this share
# of the slug's words in it, and of its words in the slug (a slug drops a few short words).
SLUG_NAMED = 0.7
# Footer lines that quote the headline: the quoted part is group `title`. WordPress's feed footer
# quotes the post's own headline, so it names the title of a dump that does not print it.
APPEARED_FIRST = re.compile(r"^the (?:post|article) (?P<title>.{8,300}) appeared first on .{2,80}$", re.IGNORECASE)
TITLE_QUOTES = (
    APPEARED_FIRST,
    re.compile(r"^(?:read more|read the rest of this article here|read the full (?:article|story)|"
               r"continue reading)\s*(?::|>+|»|-)\s*(?P<title>.{8,300})$", re.IGNORECASE),
    re.compile(r"^source:\s*(?P<title>.{8,300}?)\s+via\s+.{2,80}$", re.IGNORECASE),
    re.compile(r"^(?P<title>.{8,300}?)\s*(?:read more|continue reading)\s*(?:»|›|→|\.\.\.|…)?$", re.IGNORECASE),
)

# Words of buttons and menus; a line made of them is an interface, not a headline or a category (the last
# row: an older page's article tools and bookmarking services, "MAIL THIS STORY PRINT FRIENDLY").
INTERFACE_WORDS = token_table("""
share sharing shares tweet email print copy link url follow subscribe login sign log menu search close open
newsletter facebook twitter linkedin pinterest whatsapp reddit instagram youtube telegram click tap download
comment comments reply like save saved bookmark bookmarked recommend recommended skip toggle show hide more
options watch listen play loading
views view total today
mail friendly printer feed feeds rss del icio digg delicious register advertise
""")
# ...of which these open headlines too: as the first word, they make a button only of a short line
# ("More options"; "More Than Half of States Widen Access to Vaccine, ..." is a headline).
HEADLINE_OPENERS = token_table("more")
INTERFACE_MAX_WORDS = 8

# --- the header ------------------------------------------------------------------------------------
# Lines between title and body that are a byline: "By X / date / 0 Comments" is cut at its separators.
HEADER_SEPARATORS = BYLINE_SEPARATORS  # ...at these characters, stripped around its parts too
HEADER_PARTS = re.compile(rf"\s+[{re.escape(HEADER_SEPARATORS.strip())}]\s+")
BY_PREFIX = re.compile(rf"^(?:author:?\s+)?(?:{BYLINE_LEADS})\s+(?P<names>.{{3,120}})$", re.IGNORECASE)
BYLINE_MAX_WORDS = 25  # a byline with a date and a comment count fits in this; longer lines are sentences
# A byline prints its post's dates side by side, published then updated ("by X August 25, 2025 August 29,
# 2025", a third for the last revision): each is cut from the names, the first is the post's.
BYLINE_MAX_DATES = 3
# A theme's meta row of labelled fields ("Date: November 1, 2012 | Category: Eye Candy | Author: Erika
# Riggs", "By: Jane Doe | <date> | Categories: World"): each label names what its part is.
META_FIELD = re.compile(r"^(?:(?P<author>authors?|by|written by|posted by)|(?P<category>categor(?:y|ies)|section|filed under|"
                        r"posted in|topics?)|(?P<date>date|published(?: on)?|posted(?: on)?|(?:last )?updated(?: on)?))"
                        r"\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
NAME_COLON = re.compile(r"\s+:$")  # "Sports Reporter :" opens the body under it
# A date glued to the name before it when a dump lost the space between two inline elements ("By
# POLITICO StaffApril 16, 2018"): a space goes back before the month (a name of `MONTHS`, capitalised).
_MONTH_NAMES = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
GLUED_MONTH = re.compile(rf"(?<=[a-z])(?=(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}\b)")
# A social handle the byline prints after the name ("by Jane Doe @janedoe <date>", "Jane Doe, @janedoe"):
# a link to the writer's account, no part of the name.
BYLINE_HANDLE = re.compile(r",?\s+@\w{2,30}\b")
# The post's age printed after the writer's name ("Alex Perry 1 day ago", "James Akinaka • 8h"): a feed's
# or a portal's byline row, the name's line still.
BYLINE_AGE = re.compile(r"(?:\s*[•·|/–—-])?\s+\d{1,3}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
                        r"\s+ago$|\s*[•·|]\s*\d{1,3}[smhdw]$", re.IGNORECASE)
# "ByJane DoeJane Doe": a byline whose "By" and name were separate links (the name printed twice).
GLUED_BY = re.compile(r"^By(?=[A-Z][a-z])(?P<name>[^|/•·]{3,80}?)\s*(?:(?P<sep>[|/•·])\s*|$)")
# Wire agencies and broadcast desks that sign syndicated stories: a header line opening with one is a
# byline (the agency is the author, as printed), whatever date or label follows it.
WIRE_AGENCIES = ("Reuters", "AFP", "AP", "Associated Press", "Xinhua", "DPA", "dpa", "ANI", "PTI", "IANS", "Bernama",
                 "Yonhap", "Kyodo", "Anadolu", "CGTN", "EFE", "ANSA", "UPI", "TASS", "Sputnik", "AAP", "Antara", "Kyodo News",
                 "Xinhua News Agency", "Agence France-Presse", "Press Trust of India", "Bloomberg", "CNA", "VNA")
AGENCY_LINE = re.compile(r"^\(?(?P<agency>" + "|".join(sorted(map(re.escape, WIRE_AGENCIES), key=len, reverse=True))
                         + r")\)?(?:\s*[|•·,:–—-]\s*.*|\s+\d.*)?$")  # not "AFP/Getty Images": a photo credit
# A writer's name as bylines and signatures print it: two to four capitalised words.
_NAME_RUN = rf"{CAPITALISED}(?: {CAPITALISED}){{1,3}}"
# A byline glued to the first paragraph where the dump lost the break after it: "By" and a name (and
# an outlet), then the paragraph's dateline in capitals ("By Jane Doe TOKYO (Reuters) -Japan on ...").
GLUED_LEAD_BYLINE = re.compile(r"^(?:(?i:reblogged from) [^:]{2,60}:\s*)?(?i:by)\s+"
                               rf"(?P<names>{_NAME_RUN})(?:,\s*(?:The )?{CAPITALISED}(?: {CAPITALISED}){{0,3}})?"
                               r"\s+(?=[A-Z]{2,}(?:[ ,][A-Z]{2,})*\b)")
# ...or the names of a wire story's byline and its agency's initials, the body glued after them ("By Jane
# Doe and John Roe, CNN Oil prices spiked ...": a network affiliate's reprint).
GLUED_WIRE_BYLINE = re.compile(rf"^(?i:by)\s+(?P<names>{_NAME_RUN}(?:(?:,\s*|,?\s+and\s+){_NAME_RUN}){{0,5}}),\s*"
                               r"[A-Z]{2,6}\s+(?=[A-Z][a-z])")
# A desk or staff byline opening the first paragraph, the break after it lost ("Staff Correspondent:
# Local Government ...", or the place glued on: "BS Web Team New Delhi An airstrike ..."): South Asian
# and African outlets sign so; the desk is the author, as printed.
STAFF_ROLES = ("staff correspondent", "special correspondent", "our correspondent", "own correspondent",
               "staff reporter", "sports reporter", "special reporter", "our reporter", "diplomatic correspondent",
               "news desk", "web desk", "online desk", "city desk", "desk report", "web team", "news team")
STAFF_LEAD_BYLINE = re.compile(r"^(?P<names>(?:[A-Z][\w'’.-]+ ){0,2}(?i:" + "|".join(map(re.escape, STAFF_ROLES))
                               + r"))(?:\s*[:–—-]\s+(?=\S)|\s+(?=[A-Z]))")
# ...or "By" and a name with the byline's date glued on, where the theme printed no space between them
# ("By Jane DoeApril 16, 2018 – 09:51:54 The council ..."): the month's name ends the name, as in
# GLUED_MONTH, and `find_date` reads the date from there (`_lead_byline`).
GLUED_DATED_BYLINE = re.compile(rf"^(?i:by)\s+(?P<names>{CAPITAL}[\w'’.-]*?(?: {CAPITAL}[\w'’.-]*?){{1,3}})\s*"
                                rf"(?=(?:{_MONTH_NAMES})\.?\s+\d)")
# What may follow the byline's date before the paragraph: its time and a separator ("– 09:51:54").
DATE_TAIL = re.compile(r"^\s*[–—|,-]?\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?\s*[–—|-]?\s*", re.IGNORECASE)
# A forum's poster card: the poster's name, the rank the forum software gives members (XenForo's "New
# member", vBulletin's "Registered User"), then the card's fields. The thread's first card names its
# starter, the author of the post the page is about.
FORUM_RANK = re.compile(r"^(?:(?:new|junior|senior|active|established|well-known|registered|full|valued|verified)\s+)?"
                        r"(?:member|user)$", re.IGNORECASE)
CARD_FIELD = re.compile(r"^(?:joined|join date|posts|messages|reaction score)\b", re.IGNORECASE)
POSTER_MAX_CHARS = 40  # a forum name is a handle or a short name, never a sentence
POST_OPENING = re.compile(r"^\S.{99,}$")  # a paragraph, not a card's field or a signature line


@dataclass(frozen=True)
class PosterCard:
    """A forum's card around its poster's name: the dated stamp over the name, the lines under it."""

    name: str
    above: re.Pattern[str] | None  # the post's stamp over the name (a date line too), if the card has one
    below: tuple[re.Pattern[str], ...]  # the lines right under the name, in order
    reason: str


# Lines of a thread's header that name its starter, the author of the post the page is about.
STARTER_LINES = (
    (re.compile(r"^thread starter\s+(?P<name>\S.{0,39})$", re.IGNORECASE), "XenForo's: 'Thread starter felixen'"),
    (re.compile(r"^discussion in .{1,80}? started by (?P<name>[^,]{2,40}),", re.IGNORECASE),
     "XenForo 1's: 'Discussion in ' Social Networks ' started by AjayJunkies, May 11, 2024.'"),
    (re.compile(r"^submitted .{1,40}? by (?P<name>[\w.-]{2,30})$", re.IGNORECASE),
     "Reddit's: 'submitted 17 hours ago by InsaneSnow45'"),
)
# The first card of a thread names its starter too.
POSTER_CARDS = (
    PosterCard("rank", None, (FORUM_RANK, CARD_FIELD), "XenForo's and vBulletin's rank, then the card's fields"),
    PosterCard("rank, then the post", None, (FORUM_RANK, POST_OPENING),
               "a XenForo theme that prints no card fields: the rank, then the post's paragraph"),
    PosterCard("fields", None, (re.compile(r"^posts:\s*\d[\d,.]*k?$", re.IGNORECASE), CARD_FIELD),
               "phpBB's card: 'Posts: 138' / 'Joined: ...' under the name"),
    PosterCard("numbered", re.compile(r"\s#1$"), (),
               "vBulletin's first post: '11-29-2024, 09:03 AM #1' over the name"),
    PosterCard("asked", re.compile(r"^asked\s", re.IGNORECASE), (re.compile(r"^\d[\d,.]*k?(?:\s|$)"),),
               "Stack Exchange's question: 'asked <date>' / name / reputation and badges ('1,992 2 2 gold badges')"),
)
# A handle after a byline's lead ("by jsteinhardt"): one token of letters, digits and ._- (an "@" before
# it), read as a writer where a forum or blog line gives it (POSTING_LEAD, a date) or it has no word's
# shape ("BeauHD", "george4": a plain "by design" is no byline).
HANDLE = re.compile(r"^@?(?P<handle>[^\W\d][\w.-]{2,29})$")
POSTING_LEAD = re.compile(r"^(?:posted|thread starter|started)\b", re.IGNORECASE)
# A Discourse post's stamp: the poster's handle (the display name in brackets), the date and time, the
# post's number ("DaleJack September 5, 2024, 11:15pm 1", "raoul (raoul) May 3, 2024, 8:45am 1"); post 1
# is the thread's, so its poster is the page's author.
POST_STAMP = re.compile(r"^(?P<handle>[^\W\d][\w.-]{1,29})(?:\s+\([^()]{1,40}\))?\s+(?P<stamp>\S.{5,40}?)\s+1$")
# A feed republisher's credit closing the item ("... By Jane Doe and John Roe from NYT U.S. https://ift.tt/x"):
# the byline, the feed's name and the short link an applet posts with every item.
FEED_BYLINE = re.compile(r"\s+By\s+(?P<names>[A-Z][^|]{2,200}?)\s+from\s+\S.{1,60}?\s+https?://\S+$")
# A wire dateline opening the first paragraph ("Lagos, June 13, 2022 (NAN) Police ...", "BALI, 09 July 2022,
# (TON): ...", "[2nd Sep, 2020, Sudan] ..."): where the page shows no other date, it gives the story's day.
DATELINE_MAX_CHARS = 60
DATELINE_LEAD = re.compile(r"^[(\[\s]+")
DATELINE_PLACE = re.compile(rf"^(?:{CAPITAL}[\w.'’-]*(?:\s+{CAPITAL}[\w.'’-]*){{0,3}},\s*)?$")
DATELINE_END = re.compile(r"^\s*[-–—:,(\]]")  # ...and a dash, colon, comma or bracket after the date (a changelog's
# "2021-08-09 Emphasizing ..." is an entry, not a dateline)
# A name line ending in a colon ("Sports Reporter :") in the body's first lines, under its captions.
NAME_COLON_LINES = 4
# A signature closing a body: the writer's name in parentheses, as Indonesian and Malaysian outlets sign.
SIGNATURE = re.compile(rf"^\((?P<name>{_NAME_RUN})\)$")
# An author line under the body ("Author: Jane Doe", "## Author: Jane Doe"), read in these many footer lines.
# "Published by Jane Doe" is the author box of WordPress.com themes; "Published by The X" is an outlet.
FOOTER_AUTHOR = re.compile(r"^(?:#+\s*)?(?:author|written by|posted by|published by(?!\s+the\b))\s*:?\s+(?P<names>[^|]{3,80})$",
                           re.IGNORECASE)
SIGNATURE_FOOTER_LINES = 8
AUTHOR_BOX_LINES = 2  # ...or closing the body itself: the author line and the bio under it
# Words that join a date to a byline ("by X on <date>", "<date> at 10:30 by X").
BYLINE_JOINERS = re.compile(r"\b(?:published|updated|posted)(?:\s+on)?\s*:?\s*$|\b(?:on|at|am|le|el|em|il|den|op|um)\s*$|"
                            r"^\s*(?:at|um|à|às|alle)\b", re.IGNORECASE)  # "By X Published on <date>" too
# Labels above a title that are navigation, not a category.
# ("News" and "Top Stories" right above a headline are its section, as issue 18's labels have it.)
NOT_A_CATEGORY = frozenset(["home", "menu", "search", "subscribe", "login", "log in", "sign in", "register",
                            "skip to content", "main menu", "close", "share", "print", "email", "sections",
                            "navigation", "more", "follow us", "facebook", "twitter", "advertisement",
                            "breaking news", "latest news", "latest", "trending",
                            "recent news", "recent posts", "true false",  # the last: a fact-check's rating scale
                            # a related list's heading; "In related news" reads as "in <category>" (CATEGORY_LINE)
                            "related", "related news", "related stories", "related articles", "related posts",
                            "go back", "back", "previous", "next",  # a page's own buttons above its headline
                            # a language switcher's items, each language's own name
                            "english", "español", "français", "deutsch", "italiano", "português", "nederlands",
                            "русский", "українська", "中文", "日本語", "한국어", "العربية", "ไทย", "tiếng việt",
                            "bahasa indonesia", "bahasa melayu"]) | UNFILED
# A line opening with an ellipsis continues something ("...no comments yet", a cut snippet's tail): no label.
ELLIPSIS_LEAD = ("...", "…")
# Words that name a site's own pages, never the section a post is filed in: a category read from a
# label that opens with one ("Contact", "About Reuters", "Reprints", "FAQs") is the menu's, as is one
# that reads as a button ("Today's Paper", "Show more"): `_section`.
SITE_PAGE_WORDS = token_table("contact about help feedback faq faqs reprints archive archives privacy terms sitemap "
                              "careers donate")
BREADCRUMB_SEPARATORS = re.compile(r"\s*[›»>❯/|]\s*|\s+[-–]\s+")
TRAIL_ARROW = re.compile(r"\s[›»>❯]\s?")  # the arrows of a breadcrumb trail ("Blogs » Politics » <title>")
TRAIL_SPLIT = re.compile(r"\s*[›»>❯]\s*")  # ...and the trail cut at them
# The separators of a short trail above a title ("Cambodia / General news"): slashes and arrows, not the
# dashes and bars that also split a <title> from its site.
SHORT_TRAIL_SEPARATOR = re.compile(r"\s+[/›»❯]\s+")
BULLET_LEAD = re.compile(r"^[•·▪►]\s*")  # a trail or a label dumped as a bulleted list item ("• World")
GLUED_HOME = re.compile(r"^Home[A-Z]")  # "HomeNewsWorld": a trail whose separators were images
# A trail printed on the headline's own line without separators: "Home World <headline>" (the links'
# separators were images), "HomeNews<headline>" (glued as well). Spaced, a word after "Home" is a crumb
# only if sites name sections so (else "Home Secretary Priti Patel says ..." would lose two words).
HOME_TRAIL_SPACED = re.compile(r"^Home\s+(?P<rest>.+)$")
HOME_TRAIL_GLUED = re.compile(rf"^Home(?P<crumbs>(?:{GLUED_CRUMB})+)\s*(?P<rest>[A-Z0-9\"'‘“]\S*\s.+)$")
HOME_TRAIL_MAX_CRUMBS = 3
SECTION_WORDS = frozenset((
    "news", "world", "politics", "business", "economy", "markets", "finance", "money", "opinion",
    "sport", "sports", "health", "science", "tech", "technology", "entertainment", "lifestyle", "culture",
    "local", "national", "nation", "international", "regional", "metro", "city", "asia", "europe",
    "africa", "americas", "australia", "middle-east", "travel", "education", "environment", "climate",
    "crime", "features", "analysis", "editorial", "columns", "blog", "blogs", "video", "videos",
))
# ...and the words a section's label adds to them ("Breaking News", "Business Headline News", "Top Stories").
SECTION_LABEL_WORDS = SECTION_WORDS | token_table("headline headlines breaking top latest general stories today")
# A writer's name in capitals before the headline on its line: "JANE DOE. Headline" (a column's byline).
CAPS_NAME_TITLE = re.compile(r"^(?P<name>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){1,3})\.\s+(?P<title>[A-Z0-9\"'‘“]\S*\s.+)$")
BREADCRUMB_HOME = re.compile(r"^(?:home|start|startseite|accueil|inicio|início|home page)\b", re.IGNORECASE)
# A title line that carries its byline: "Headline; By Jane Doe", "Headline | by Jane Doe".
TITLE_BYLINE = re.compile(r"^(?P<title>.{10,}?)\s*(?:;|\||–|—|\s-)\s*(?P<byline>by\s+[^;|]{3,80})$", re.IGNORECASE)
# ...or its writer after a double hyphen, a role after the name: "Headline -- Jane Doe, journalist" (a
# columnist's byline as Spanish-language republishers print it)
TITLE_DASHES_NAME = re.compile(r"^(?P<title>.{10,}?)\s+--\s+(?P<name>[^,]{3,60}?),\s*[^,]{2,40}$")
# Header lines that start with a publishing label ("Posted on ... by ...", "Filed under ...").
HEADER_LABEL = re.compile(r"^(?:posted|published|updated|written|filed|last updated|first published)\b", re.IGNORECASE)
# A line naming the post's category ("in World News", "Posted in Economy", "Category: Asia", a
# theme's "Post category: Asia"); with the theme's inline links lost, "Posted in" may be glued to it
# ("Posted inMalaysia") and a comment link may follow it ("Posted in Politics | Leave a comment").
CATEGORY_LINE = re.compile(r"^(?:(?:posted|filed|published) ?(?:in|under)(?=\s|(?-i:[A-Z]))\s*|(?:in|under)\s+|"
                           r"(?:(?:post )?categor(?:y|ies)|section)\s*:\s*|(?:topics?|sections?|categor(?:y|ies))\s*\|\s*)"
                           r"(?P<category>[^\W\d_][^,;|]{1,40}?)"
                           r"(?:\s*\|\s*(?:leave a (?:comment|reply)|\d+ (?:comments?|responses?)|comments? off|no comments)\W*)?$",
                           re.IGNORECASE)
# WordPress's meta line under a headline writes the categories on the byline, after it ("Posted on
# <date> by X in Economy, World") or before it ("Posted in Economy on <date> by X"): the first is the
# category. Only after "Posted"/"Filed", WordPress's words, or "On" (a theme's "On <date> By X In Travel"):
# "By Jane Doe in Kyiv" is a dateline.
WP_META_CATEGORY = re.compile(r"^(?:(?P<head>(?:posted|filed|on)\b.{0,120}?\bby\b.{3,80}?)\s+in\s+(?P<last>[^\W\d_][^,;|\d]{1,40}?)(?:,[^;|]*)?"
                              r"|(?:posted|filed) in\s+(?P<first>[^\W\d_][^,;|]{1,40}?)(?:,[^;|]*?)?\s+(?P<tail>(?:on|by)\s.{3,160}))$",
                              re.IGNORECASE)
# ...and the line's full stop after the last category ("Posted by X in Harbour News."), not an initial's ("U.S.").
SENTENCE_STOP = re.compile(r"(?<=[a-z])\.$")
# WordPress's footer under a post names its categories: "This entry was posted in X, Y. Bookmark the permalink."
FOOTER_CATEGORY = re.compile(r"^this (?:entry|post) was (?:posted|filed) (?:in|under) (?P<category>[^,.]{2,40}?)\s*[,.]",
                             re.IGNORECASE)
# Comment counts and share labels in a header ("0 Comments", "5 min read").
HEADER_NOISE = re.compile(rf"^(?:{HEADER_COUNTS.pattern}|comments?|share|tweet|email|print)$", re.IGNORECASE)


@dataclass
class PageClues:
    """What the whole page says about its main headline."""

    title_forms: set[str] = field(default_factory=set)  # folded headline parts of the first line
    first_line: int | None = None  # index of that line (it is a <title>, not the headline)
    slug: list[str] = field(default_factory=list)
    quoted: set[str] = field(default_factory=set)  # folded titles quoted by the post's footers
    repeated: set[str] = field(default_factory=set)  # folded headline-shaped lines printed twice in the post


def _folded(text: str) -> str:
    return " ".join(fold_words(text))


def page_clues(lines: list[Line], page_url: str | None, titled: bool = True) -> PageClues:
    """What the page says about its headline; `titled`: the dump starts at the page's <title>."""
    clues = PageClues(slug=slug_words(page_url))
    if titled and lines and lines[0].words >= 2 and len(lines[0].text) <= 300 and not lines[0].chrome \
            and not (lines[0].prose and lines[0].words > TITLE_FIRST_MAX_WORDS  # a lead paragraph, not a <title>,
                     and not _slug_named(lines[0].text, clues.slug)):  # unless the address spells it
        first = lines[0].text
        parts = TITLE_SEPARATORS.split(first)
        forms = [first, max(parts, key=len)]
        for k in range(1, len(parts)):  # "Headline - Site", "Site | Headline": the site is the shorter side
            left, right = " - ".join(parts[:k]), " - ".join(parts[k:])
            forms.append(left if len(left.split()) >= len(right.split()) else right)
        clues.title_forms = {f for f in (_folded(x) for x in forms) if len(f) >= 8 and " " in f}
        clues.first_line = lines[0].index
    return clues


def repeated_titles(lines: list[Line]) -> set[str]:
    """Headline-shaped lines one post prints twice within a few lines, once perhaps as the last item of
    a bulleted trail (see REPEATED_TITLE)."""
    last: dict[str, int] = {}
    twice: set[str] = set()
    for k, line in enumerate(lines):
        if line.words >= REPEATED_MIN_WORDS and (line.headline or BULLET_LEAD.match(line.text)):
            if k - last.get(line.folded, -REPEATED_SPAN - 1) <= REPEATED_SPAN and line.headline:
                twice.add(line.folded)
            last[line.folded] = k
    return twice


def quoted_titles(lines: list[Line]) -> set[str]:
    """Headlines quoted by the footers of one post ("The post X appeared first on Y")."""
    quoted = set()
    for line in lines:
        for rx in TITLE_QUOTES:
            if m := rx.match(line.text):
                quoted.add(_folded(m.group("title")))
    return quoted


def slug_words(url: str | None) -> list[str]:
    """Words of the URL's slug ("/2019/11/19/new-suvs-highlight-la-auto-show-14848164.php")."""
    parts = parse_url(url)
    if parts is None:
        return []
    path = unquote(parts.path)
    best: list[str] = []
    for segment in path.split("/"):
        segment = re.sub(r"\.[a-z0-9]{2,5}$", "", segment, flags=re.IGNORECASE)
        words = [w for w in re.split(r"[-_+]+", segment) if w and not w.isdigit()]
        if len(words) >= SLUG_WORDS_MIN and len(words) > len(best):
            best = words
    return fold_words(" ".join(best)) if best else []


def _slug_agreement(line: Line, slug: list[str]) -> float:
    """Share of the slug's words the line holds, when the slug's words are also a fair share of the
    line's (a slug keeps the headline's key words and drops others; a short subheading made of a few
    slug words holds only part of it, a long paragraph holds them by chance)."""
    if not slug:
        return 0.0
    words = set(fold_words(line.text))
    if not words:
        return 0.0
    slug_set = set(slug)
    common = len(slug_set & words)
    if common / len(words) < SLUG_LINE_SHARE_MIN:
        return 0.0
    return common / len(slug_set)


def _prefix_echo(a: str, b: str) -> bool:
    """One starts the other and covers most of it ("Headline" in "Headline: the subtitle")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 20 and long.startswith(short) and len(short) >= TITLE_PREFIX_COVER * len(long)


def _evidence(line: Line, clues: PageClues) -> float:
    """Points from what the page says about its headline."""
    if not _evidence_ok(line, clues):
        return 0.0  # the page's <title>, a paragraph, or a breadcrumb trail ending in the headline
    folded = line.folded
    if len(folded) < 8:
        return 0.0
    points = 0.0
    if folded in clues.title_forms and (line.words >= TITLE_MIN_WORDS or not clues.repeated):
        points += TITLE_ECHO  # a two-word echo is a site's name printed again where a headline is printed twice
    elif any(_prefix_echo(folded, f) for f in clues.title_forms):
        points += TITLE_ECHO_PREFIX
    if folded in clues.quoted:
        points += TITLE_FOOTER_ECHO
    slug = _slug_agreement(line, clues.slug) if line.headline else 0.0  # a sentence or a keyword list is no headline
    if slug >= TITLE_SLUG_MIN:
        points += TITLE_SLUG * slug
    return points


def _evidence_ok(line: Line, clues: PageClues) -> bool:
    """Whether a line may take evidence at all: not the <title> line, a paragraph or a breadcrumb trail."""
    return line.index != clues.first_line and line.words <= TITLE_MAX_WORDS and len(TRAIL_ARROW.findall(line.text)) < 2


def _is_header_marker(line: Line) -> bool:
    """A line that belongs to a post's header: date label, date, share label, caption (bylines are
    read by `_byline`: a body sentence may start with "By")."""
    if line.date or line.role is Role.CAPTION:
        return True
    if line.chrome in ("date_label", "date_label_on", "relative_age", "share_bar"):
        return True
    return bool(BY_ALONE.match(line.text) or HEADER_NOISE.match(line.text) or CATEGORY_LINE.match(line.text)
                or (HEADER_LABEL.match(line.text) and line.words <= BYLINE_MAX_WORDS))


def _headline_of(line: Line, clues: PageClues) -> str:
    if trail := _own_trail(line.text):
        return trail[1]  # a trail ending in the headline (no other line gives it)
    return _headline_text(line, clues)


def _own_trail(text: str) -> tuple[list[str], str] | None:
    """(crumbs, headline) of a breadcrumb trail printed on the headline's own line: with arrows
    ("Politics ❯ Relations ❯ <headline>") or without separators ("Home World <headline>")."""
    if crumbs := _trail_crumbs(text):
        return crumbs[:-1], crumbs[-1]
    return _home_trail(text)


def _home_trail(text: str) -> tuple[list[str], str] | None:
    """(crumbs, headline) of a trail printed before the headline on its line without separators."""
    if m := HOME_TRAIL_GLUED.match(text):
        crumbs = re.findall(GLUED_CRUMB, m.group("crumbs"))
        rest = m.group("rest")
    elif m := HOME_TRAIL_SPACED.match(text):
        words = m.group("rest").split()
        k = 0
        while k < min(HOME_TRAIL_MAX_CRUMBS, len(words)) and words[k][:1].isupper() \
                and words[k].casefold().strip(",:") in SECTION_WORDS:
            k += 1
        crumbs, rest = words[:k], " ".join(words[k:])
    else:
        return None
    if not 1 <= len(crumbs) <= HOME_TRAIL_MAX_CRUMBS or len(rest.split()) < TITLE_MIN_WORDS:
        return None
    return crumbs, rest


def _home_trail_of(text: str, title: Line) -> list[str]:
    """The crumbs of a separator-less trail above the title that ends in the headline (cut short or not:
    "HomeNationalUS-China talks resume over ...")."""
    home = _home_trail(text)
    if home is None:
        return []
    rest = _folded(home[1].rstrip(".… "))
    return home[0] if rest and title.folded.startswith(rest) else []


def _title_byline(text: str) -> tuple[str, list[Author]] | None:
    """(headline, authors) of a headline line that carries its byline: "Headline; By Jane Doe", or a
    name in capitals before it, "JANE DOE. Headline" (when the name reads as one)."""
    if (m := TITLE_BYLINE.match(text)) and (authors := _byline_text(m.group("byline")).authors):
        return m.group("title"), authors
    if (m := CAPS_NAME_TITLE.match(text)) and is_name(m.group("name").title()):
        return m.group("title"), [Author(name=person(m.group("name")))]
    if (m := TITLE_DASHES_NAME.match(text)) and is_name(m.group("name")):
        return m.group("title"), [Author(name=person(m.group("name")))]
    return None


def _headline_text(line: Line, clues: PageClues) -> str:
    """The title text. The page's first line is a <title>: "Headline | Site" gives its headline part
    (the site is the short side); "23/03/17 - Uzbekistan-Kazakhstan - Trade Deals" stays whole."""
    text = GLUED_LEAD.sub("", HEADLINE_LEAD.sub("", line.text))
    text = _without_glued_date(TRAILING_TOOLS.sub("", text))
    if found := _title_byline(text):
        text = found[0]
    seps = list(TITLE_SEPARATORS.finditer(text))
    if not seps:
        return text
    if line.index != clues.first_line:
        return _without_outlet(text, seps[-1])
    for head, site in ((text[:seps[-1].start()], text[seps[-1].end():]), (text[seps[0].end():], text[:seps[0].start()])):
        if word_count(head, WORD.findall(head)) >= TITLE_MIN_WORDS and len(site.split()) <= LABEL_MAX_WORDS \
                and len(head.split()) > len(site.split()) and _names_a_site(site):
            return head
    return text


def _without_glued_date(text: str) -> str:
    """A headline without the date (with its year, as `find_date` reads one) a dump glued before it
    ("Wednesday, 09 January 2008 Jeremy Clarkson ripped off"): a date at the line's start, a headline after it."""
    found = find_date(text)
    if found is None:
        return text
    m = found[1]
    before, rest = text[:m.start()].strip(" ,"), text[m.end():].strip(HEADER_SEPARATORS + ", ")
    if (not before or before.casefold() in DATE_LINE_WORDS) and len(rest.split()) >= TITLE_MIN_WORDS \
            and rest[:1].isupper():
        return rest
    return text


# An outlet's initials after a bar close a copied headline ("Headline | NHK", "... Coverage | WRAL").
OUTLET_ACRONYM = re.compile(r"^[A-Z]{2,5}$")


def _without_outlet(text: str, sep: re.Match[str]) -> str:
    """A headline the post prints with its source outlet after a dash, as a feed importer copies it
    ("Headline – The Washington Post"), or its initials after a bar ("Headline | NHK"): the headline
    alone. Only an outlet's name (its last word an OUTLET_WORDS token) or initials: "Interview – Jane
    Doe" keeps its name."""
    head, site = text[:sep.start()], text[sep.end():]
    words = site.split()
    outlet = bool(words) and (words[-1].casefold() in OUTLET_WORDS
                              or (sep.group().strip() == "|" and OUTLET_ACRONYM.match(site) is not None))
    if outlet and len(words) <= LABEL_MAX_WORDS and _names_a_site(site) \
            and word_count(head, WORD.findall(head)) >= TITLE_MIN_WORDS:
        return head
    return text


def _names_a_site(text: str) -> bool:
    """A site's or outlet's name: words, each capitalised but its particles ("The Washington Post",
    "JO LEE MAGAZINE", "Hot Air"); "Japan coast guard" and "China's maritime claims" are part of the headline."""
    words = WORD.findall(text)
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() or w.casefold() in SITE_PARTICLES for w in words)


def _heads_post(lines: list[Line], i: int) -> bool:
    """lines[i] is a header marker or a byline: what stands under a title."""
    return _is_header_marker(lines[i]) or bool(_byline(lines, i).used) or bool(_bare_byline(lines[i])) \
        or bool(_names_dated(lines[i]).used)


def _heads_next(lines: list[Line], i: int) -> bool:
    """A header line (date, byline, date label) stands under lines[i], perhaps below a one-line dek:
    lines[i] reads as a title."""
    following = [x for x in lines[i + 1:i + 4] if not x.chrome or _is_header_marker(x)][:2]
    if following and _heads_post(lines, following[0].index):
        return True
    if len(following) < 2:
        return False
    if following[0].words >= DEK_MIN_WORDS:  # a dek reads as a sentence; a headline-shaped line is the headline
        return not (following[0].headline and lines[i].label) and _heads_post(lines, following[1].index)
    return lines[i].words >= TITLE_SHAPE_WORDS and _outlet_line(following[0]) and _names(lines, following[1].index)


def _outlet_line(line: Line) -> bool:
    """A short line of capitalised words between a headline and its byline: the source outlet or a
    section label ("The Coastal Times", "World")."""
    return line.words <= LABEL_MAX_WORDS and not line.prose and _names_a_site(line.text)


def _names(lines: list[Line], i: int) -> bool:
    """lines[i] is a byline: with "By", or a bare name over a date line or the body (not a menu's
    next item: "Policies / Tutoring Resources / Becoming a Tutor"). `_byline_slot` would also take a
    name under a date; that moved a readability page's title and, through the left-out gates, seven AEB
    pages."""
    if _byline(lines, i).used:
        return True
    under = lines[i + 1] if i + 1 < len(lines) else None
    return bool(_bare_byline(lines[i])) and under is not None and bool(under.date or under.written_date or under.prose)


def _similarity(line: Line, clues: PageClues) -> float:
    """Share of the <title>'s headline words (or the slug's) that the line repeats: a headline
    reworded for the <title> still keeps most of its words."""
    words = set(fold_words(line.text))
    best = 0.0
    for form in (*clues.title_forms, " ".join(clues.slug)):
        form_words = set(form.split())
        if len(form_words) >= SLUG_WORDS_MIN:
            best = max(best, len(words & form_words) / len(form_words))
    return best


def _is_interface(line: Line) -> bool:
    """Buttons and menus: "Copy Link", "Follow X on Twitter", "Show more sharing options"."""
    return _interface_words(line.text)


def _interface_words(text: str) -> bool:
    words = [w.casefold() for w in fold_words(text)]
    if not words:
        return False
    first = words[0] in INTERFACE_WORDS and not (words[0] in HEADLINE_OPENERS and len(words) > INTERFACE_MAX_WORDS)
    return first or sum(w in INTERFACE_WORDS for w in words) * 3 >= len(words)


# Headline-shaped lines that are never the title: an aside wholly in parentheses ("(Published in the
# Island on 21st April 2021)", "(Updated)": a note or a dateline; no gold title of the corpus or the
# page check is one), an image's file name printed as its caption ("images38-5c89...jpg"), a copyright
# notice ("© 2026 X / Terms", "© A.M. Best Company, used by permission": a footer's or an image's).
NOT_A_TITLE = re.compile(r"^\(.*\)$|^\S+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$|^(?:©|\(c\)\s|copyright\b)",
                         re.IGNORECASE)


def _stamped(line: Line) -> bool:
    """A header line with a date and a clock time in it ("Greenwatch Desk Diplomacy 2025-06-14, 2:22pm",
    "Mar 7 06:48 2008 Marcia Henin"): a byline or dateline, never the headline."""
    return STAMP_TIME.search(line.text) is not None and line.written_date is not None


def _names_sections(text: str) -> bool:
    """A line made only of section names and their labels ("Business Headline News", "Breaking News"):
    a section's label, never the headline."""
    words = [w.casefold() for w in WORD.findall(text)]
    return bool(words) and all(w in SECTION_LABEL_WORDS for w in words)


def _opens_post(lines: list[Line], i: int, body_start: int) -> bool:
    """lines[i] is the dump's first line and the body starts right under it: a short headline ("Jobless
    claims", "Opec Basket"), not a label, unless it names a section ("Latest News")."""
    return i == 0 and body_start == 1 and not lines[i].text.isupper() \
        and not any(w.casefold() in SECTION_WORDS for w in lines[i].text.split())


def _title_points(lines: list[Line], i: int, clues: PageClues, body_start: int) -> float:
    """Points of lines[i] as the title of the body starting at `body_start`, without page evidence."""
    line = lines[i]
    if not line.headline or _is_interface(line) or _bare_byline(line) or _names_dated(line).used or _box_heading(line.text) \
            or HEADER_LABEL.match(line.text) or ARCHIVE_HEADING.match(line.text) or INNER_LABEL.search(line.text) \
            or (line.words < TITLE_MIN_WORDS and not (_heads_next(lines, i) or _opens_post(lines, i, body_start))) \
            or _stamped(line) or NOT_A_TITLE.match(line.text) or _names_sections(line.text):
        return float("-inf")
    points = TITLE_SHAPE * min(line.words, TITLE_SHAPE_WORDS) / TITLE_SHAPE_WORDS
    similarity = _similarity(line, clues)
    if similarity >= TITLE_SIMILAR_MIN:
        points += TITLE_SIMILAR * similarity
    if _heads_next(lines, i):
        points += TITLE_HEADER_FOLLOWS
    if 0 < body_start - i <= TITLE_LOOKAHEAD:
        points += TITLE_NEAR_BODY
    # Other headlines (or lists of them) between it and the body: it is a teaser above the real title.
    between, previous = 0, False
    for x in lines[i + 1:body_start]:
        if x.chrome:
            continue
        linkish = x.headline and x.words >= HEADLINE_LIST_MIN_WORDS and not x.prose and not _is_interface(x) \
            and not _bare_byline(x)
        between += linkish and not previous
        previous = linkish
    return points - TITLE_BETWEEN_COST * between


# --- the body run ----------------------------------------------------------------------------------
def _weight(line: Line) -> float:
    if line.listed:
        return LIST_ITEM_GAIN
    if line.boxed:
        return -CHROME_COST
    if line.teaser:
        return -HEADLINE_COST
    if _box_heading(line.text):
        return -BOX_COST
    if line.role in (Role.NOTE, Role.BLURB, Role.CREDIT, Role.CAPTION, Role.BYLINE):
        return 0.0
    if line.prose:
        return min(line.words, PROSE_WEIGHT_CAP)
    if line.chrome:
        return -SHORT_COST if line.chrome in FURNITURE else -CHROME_COST
    if line.headline and line.words >= HEADLINE_LIST_MIN_WORDS:
        return -HEADLINE_COST
    return -SHORT_COST


def mark_lists(lines: list[Line]) -> None:
    """Flag the items of a list or table introduced by a paragraph ending in a colon: they are
    the article's, however short or headline-like ("Key findings:", "The dates:")."""
    for line in lines:
        if not (line.prose and line.text.endswith(":")):
            continue
        for item in lines[line.index + 1:line.index + 1 + LIST_MAX_ITEMS]:
            if item.prose or item.chrome or item.role or _box_heading(item.text) or _end_signal(lines, item.index) \
                    or _is_header_marker(item) or (item.headline and _heads_next(lines, item.index)):
                break  # the list ends where a paragraph, chrome or another post's header begins
            item.listed = True


def mark_boxes(lines: list[Line]) -> None:
    """Flag the links under a box heading ("Related", "Read next"): with the heading, one box set
    into (or under) the body, costing the run as one interruption rather than as many headlines."""
    boxed = False
    for line in lines:
        if _box_heading(line.text) or line.chrome == "related_heading":
            boxed = True
        elif line.prose:
            boxed = False
        elif boxed and line.headline:
            line.boxed = True


# A comment's header: its writer and the minute it was posted ("Tim Worstall 11.06.12 at 11:06 am", "82
# Stacy G November 8, 2012 at 1:15 PM"): a short line with a clock time and a written date beside other
# words (the name: a live blog's stamps, the time and date alone, are date lines).
STAMP_TIME = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?!\d)", re.IGNORECASE)
STAMP_DAY = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2}(?:\d{2})?\b")  # "11.06.12": a two-digit year too
STAMP_MAX_WORDS = 16
# Not a comment's header: a post's own footer or byline in an archive or listing ("posted by X @ 7/31/2004
# 10:15 AM", "Posted Mar 6, 2026 17:33 UTC by X"), a forum post's edit note ("Last edited by X (...)").
STAMP_NOT = re.compile(r"\b(?:posted|edited|updated)\b", re.IGNORECASE)
# ... and a thread has at least this many: one dated line with a name is a dateline or a byline
THREAD_MIN_STAMPS = 3
# The first header ends a body only under this many words of its prose: a forum's stands over its first
# post, and a body run that starts a line above it (a breadcrumb that closes like a sentence) is that post's.
THREAD_BODY_MIN_WORDS = 30
# Blogger heads a comment "Name said..." alone on its line, its date under the comment; prose has the
# shape once at most ("That said..."), a thread at least twice.
BLOGGER_HEADER = re.compile(r"^\S+(?: \S+){0,3} said(?:\.\.\.|…)$", re.IGNORECASE)
BLOGGER_MIN_HEADERS = 2


def _comment_stamp(line: Line) -> bool:
    text = line.text
    if line.words > STAMP_MAX_WORDS or line.date is not None or STAMP_TIME.search(text) is None \
            or STAMP_NOT.search(text) or (STAMP_DAY.search(text) is None and line.written_date is None):
        return False
    rest = STAMP_DAY.sub(" ", TIME_ONLY.sub(" ", text))
    return any(w.casefold() not in DATE_LINE_WORDS and not w.isdigit() for w in WORD.findall(rest))  # a name


def mark_threads(lines: list[Line]) -> None:
    """Flag where a comment thread starts, its first header (`_end_signal` ends a body there, and the
    densest run is cut there). Only the first: a forum's first header stands over its first post, above
    the body; every later one would end the body after that post."""
    stamps = (i for i, line in enumerate(lines) if _comment_stamp(line))
    found = list(itertools.islice(stamps, THREAD_MIN_STAMPS))
    headers = (i for i, line in enumerate(lines) if line.words <= 6 and BLOGGER_HEADER.match(line.text))
    blogger = list(itertools.islice(headers, BLOGGER_MIN_HEADERS))
    firsts = [run[0] for run, least in ((found, THREAD_MIN_STAMPS), (blogger, BLOGGER_MIN_HEADERS)) if len(run) == least]
    if firsts:
        lines[min(firsts)].thread = True


def mark_sections(lines: list[Line]) -> None:
    """Flag every "Back to top" link but the last: a long page (a FAQ, a guide, a report) repeats one
    under each of its sections, and only the last can close the page's text (CleanEval: the first of
    several was followed by the document's own text on 12 of 13 pages; a single one, on 2 of 192)."""
    links = [line for line in lines if BACK_TO_TOP.search(line.text)]
    for line in links[:-1]:
        line.section_link = True


def mark_teasers(lines: list[Line]) -> None:
    """Flag the excerpts of teaser lists: a headline, perhaps a name or date, one short paragraph,
    then the next headline, at least TEASER_MIN_UNITS times in a row. An article's subheadings
    head several paragraphs, or paragraphs of any length."""
    units: list[int] = []  # prose lines of the current run of teaser units
    continues = False  # the run's first headline stands right under a paragraph: an article's sections

    def flush() -> None:
        if len(units) >= TEASER_MIN_UNITS and not continues:
            for j in units:
                lines[j].teaser = True
        units.clear()

    i = 0
    while i < len(lines):
        unit = _teaser_unit(lines, i)
        if unit is None:
            flush()
            i += 1
            continue
        if not units:
            continues = i > 0 and lines[i - 1].prose
        units.append(unit)
        i = unit + 1
    flush()


def _teaser_unit(lines: list[Line], i: int) -> int | None:
    """Index of the excerpt when lines[i] starts "headline [label...] excerpt" and the excerpt is
    followed by another headline (or the end), else None."""
    if not (lines[i].headline and not lines[i].prose and lines[i].words >= HEADLINE_LIST_MIN_WORDS):
        return None
    j = i + 1
    while j < len(lines) and j <= i + 1 + TEASER_MAX_LABELS and not lines[j].prose and (
            lines[j].label or lines[j].date or lines[j].chrome):
        j += 1
    if j >= len(lines) or not lines[j].prose or lines[j].words > TEASER_MAX_WORDS:
        return None
    following = lines[j + 1] if j + 1 < len(lines) else None
    if following is not None and following.prose:
        return None
    return j


def best_run(lines: list[Line], lo: int, hi: int, anchored: bool = False) -> tuple[int, int] | None:
    """[start, end) of the maximum-weight segment of lines[lo:hi] that starts and ends on prose (or
    a list item); `anchored`: the segment starts at `lo` (the body under a known title)."""
    best, best_span = 0.0, None
    total, start = 0.0, lo
    gap = 0
    for i in range(lo, hi):
        w = _weight(lines[i])
        if w < 0:  # each further line of a long stretch without prose costs more (GAP_GROWTH)
            w *= 1 + gap / GAP_GROWTH
            gap += 1
        elif w > 0:
            gap = 0
        if total <= 0 and not anchored:
            total, start = 0.0, i
        total += w
        if (lines[i].prose or lines[i].listed) and total > best:
            best, best_span = total, (start, i + 1)
    if best_span is None:
        return None
    s, e = best_span
    while s < e and not lines[s].prose:
        s += 1
    return s, e


# --- one post ----------------------------------------------------------------------------------------
@dataclass
class Header:
    title: int | None = None
    category: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: str | None = None
    summary: str | None = None
    captions: list[str] = field(default_factory=list)
    body_start: int = 0
    dek_start: int | None = None  # the paragraph read as a dek (standfirst), if any


def _choose_title(lines: list[Line], lo: int, hi: int, run: tuple[int, int], clues: PageClues) -> int | None:
    """Index of the title line: page evidence anywhere in the post (of two lines that echo the page's
    <title>, the one a header or prose follows, or that stands right above the body run: not the copy
    over a box of other posts under it); otherwise shape near the body."""
    strong = [(i, _evidence(lines[i], clues)) for i in range(lo, hi)]
    strong = [(i, p) for i, p in strong if p >= TITLE_STRONG] or _repeated_heads(lines, lo, hi, run, clues)
    if strong:
        def rank(item: tuple[int, float]) -> tuple[float, int]:
            i, points = item
            after = lines[i + 1:i + 1 + TITLE_LOOKAHEAD]
            follows = sum(x.prose for x in after) / len(after) if after else 0.0
            header = _heads_next(lines, i)
            near = 0 < run[0] - i <= TITLE_LOOKAHEAD
            return points + TITLE_PROSE_FOLLOWS * follows + TITLE_HEADER_FOLLOWS * header + TITLE_NEAR_BODY * near, i
        return max(strong, key=rank)[0]
    start = run[0]
    scored = []
    for i in range(max(lo, start - TITLE_WINDOW), min(hi, start + TITLE_INSIDE_WINDOW)):
        body_start = start
        if i >= start:  # inside the run's head only a line with a header under it (a post's own title)
            if not (lines[i].headline and _heads_next(lines, i)):
                continue
            body_start = next((j for j in range(i + 1, hi) if lines[j].prose), hi)
            if body_start == hi:
                continue  # no paragraph under it: a source's footer ("Online News Website / Washington Post")
        points = _title_points(lines, i, clues, body_start)
        if points > float("-inf"):
            scored.append((points, i))
    if not scored:
        return _run_head(lines, lo, start, hi)
    return max(scored)[1]


def _repeated_heads(lines: list[Line], lo: int, hi: int, run: tuple[int, int], clues: PageClues) -> list[tuple[int, float]]:
    """Headlines printed twice (REPEATED_TITLE), at their first headline-shaped copy (the body is under
    it), where a headline stands: above the body run or in its first lines (a sidebar's or a pager's
    line printed twice lies further down)."""
    return [(i, REPEATED_TITLE) for i in range(max(lo, run[0] - TITLE_WINDOW), min(hi, run[0] + REPEATED_INSIDE))
            if lines[i].folded in clues.repeated and lines[i].headline and _evidence_ok(lines[i], clues)
            and all(x.folded != lines[i].folded or not x.headline for x in lines[lo:i])]


def _run_head(lines: list[Line], lo: int, start: int, hi: int) -> int | None:
    """The headline the body run swallowed or starts under: its first line, the line right above it, or
    its second line under a caption or lead that opens the post (see RUN_HEAD_MAX_WORDS)."""
    for i in (start - 1, start, start + 1):
        if i < lo or i + 1 >= hi or (i == start + 1 and (start != lo or not lines[i].headline)):
            continue  # the run's second line only under a caption or lead that opens the post
        line, under = lines[i], lines[i + 1]
        if not TITLE_MIN_WORDS <= line.words <= RUN_HEAD_MAX_WORDS or not under.prose \
                or under.words < RUN_HEAD_BODY_RATIO * line.words or line.chrome or line.date \
                or NOT_A_TITLE.match(line.text):
            continue
        title_case = line.capital_share >= RUN_HEAD_CAPITAL_SHARE and SENTENCE_END.search(line.text) is not None
        dated = i - 1 == lo and lines[lo].date is not None  # a blog post: its date, its headline, its body
        if (line.headline or title_case or dated) and not (_is_interface(line) or _heads_post(lines, i)
                                                            or _box_heading(line.text)):
            return i
    return None


@dataclass
class Byline:
    authors: list[Author] = field(default_factory=list)
    used: int = 0  # lines the byline took (0: not a byline)
    date: str | None = None  # a date written on the byline ("Posted by X on <date>")
    category: str | None = None  # the category WordPress writes on it ("Posted on <date> by X in Economy")
    handle: bool = False  # the name is a poster's handle ("Posted by meilin"): a written name under it replaces it


def _byline(lines: list[Line], i: int) -> Byline:
    """The byline at lines[i], if it is one."""
    text = lines[i].text
    if BY_ALONE.match(text) and i + 1 < len(lines):
        names = HEADER_PARTS.split(lines[i + 1].text)[0]
        found = parse_authors(names, strict=False)
        if found and _names_ok(found):
            return Byline(found, 2)
        # the rest of the byline on the next line, its date too ("By" / "Matt Eland on Dec. 13, 2025")
        rest = _byline_text(f"By {lines[i + 1].text}") if lines[i + 1].words <= BYLINE_MAX_WORDS else Byline()
        return Byline(rest.authors, 2, rest.date, rest.category) if rest.authors else Byline()
    if lines[i].words > BYLINE_MAX_WORDS:
        return Byline()
    return _byline_text(text)


def _meta_row(text: str) -> Byline:
    """The fields of a meta row whose parts are labelled (META_FIELD): a writer or a category and at
    least one more labelled or dated part; the authors may be none ("Date: ... | Category: World")."""
    if ":" not in text:
        return Byline()
    parts = HEADER_PARTS.split(text)
    fields = [m for part in parts if (m := META_FIELD.match(part.strip()))]
    if len(parts) < 2 or not any(m["author"] or m["category"] for m in fields):
        return Byline()
    value = {kind: next((m["value"].strip() for m in fields if m[kind]), None) for kind in ("author", "category", "date")}
    dates = [found for part in parts if (found := find_date(part)) is not None]
    if len(fields) + len(dates) < 2:
        return Byline()
    authors = parse_authors(value["author"], strict=False) if value["author"] else []
    dated = find_date(value["date"]) if value["date"] else dates[0] if dates else None
    category = value["category"].split(",")[0].strip() if value["category"] else None
    return Byline(authors, 1, dated[0] if dated else None, category or None)


def _without_marks(text: str) -> str:
    """A byline row without the writer's handle and the post's age printed after the name (both readers)."""
    return BYLINE_HANDLE.sub("", BYLINE_AGE.sub("", text))


def _byline_text(text: str) -> Byline:
    """The authors (and date) of a one-line byline: "By X", "By X | Outlet", "Author: X, Affiliation",
    "Posted by X on <date>", "<date> by X", "By X / <date> / 0 Comments", a labelled meta row."""
    if (stamp := _post_stamp(text)).used:
        return stamp  # a forum post's stamp ("DaleJack September 5, 2024, 11:15pm 1")
    if (row := _meta_row(text)).authors:
        return row  # else its category and date go with a byline the row writes without a label ("By X | Topic: Y")
    text = GLUED_BY.sub(lambda m: f"By {_undoubled(m['name'])}" + (f" {m['sep']} " if m["sep"] else ""),
                        _without_marks(text))
    category = None
    if m := WP_META_CATEGORY.match(text):  # "Posted in X on <date> by Y", "Posted on <date> by Y in X, Z"
        category, text = m.group("first") or m.group("last"), m.group("head") or f"Posted {m.group('tail')}"
        category = SENTENCE_STOP.sub("", category)  # "Posted by X in Arsenal News.": the line's full stop
    text = HEADER_COUNTS.sub(" ", GLUED_MONTH.sub(" ", text))
    date = None
    for _ in range(BYLINE_MAX_DATES):  # "January 9, 2024 by Jane Doe", "by X <published> <updated>"
        if (dated := find_date(text)) is None:
            break
        date, m = date or dated[0], dated[1]
        text = BYLINE_JOINERS.sub("", text[:m.start()]) + " " + BYLINE_JOINERS.sub("", text[m.end():])
    if date is not None:
        words = TIME_ONLY.sub(" ", text).split()  # "... 6:21 AM EST"; "Last Updated on <date> by X": the
        words = _without_date_words(words, lead="by" in (w.casefold() for w in words[1:]))  # label before "by"
        text = " ".join(words).strip(HEADER_SEPARATORS + ",")
    parts = [p for p in (p.strip(HEADER_SEPARATORS) for p in HEADER_PARTS.split(text)) if p] or [""]
    while len(parts) > 1 and (parts[0].isdigit() or HEADER_NOISE.match(parts[0])):
        parts.pop(0)  # "0 · by Jane Doe · Updated on <date>": a comment count before the byline
    m = BY_PREFIX.match(parts[0]) or (match(parts[0], (Role.BYLINE,)) or (None, None))[1]
    if m is None and (later := _by_part(parts)):  # "Le Monde | <date> | Par X": the outlet and date first
        parts = parts[later:]
        m = BY_PREFIX.match(parts[0])
    if m is None:
        return row
    names, _, outlet_for = m.group("names").partition(" for ")  # "by X for The Outlet"
    outlet = parts[1] if len(parts) > 1 else outlet_for
    if outlet and (find_date(outlet) or HEADER_NOISE.match(outlet) or len(outlet.split()) > LABEL_MAX_WORDS + 2):
        outlet = ""  # "By X / <date> / 0 Comments": no outlet
    strict = not text.lower().startswith("author")
    if found := parse_authors(f"{names}, {outlet}" if outlet and "," not in names else names, strict=strict):
        return Byline(found, 1, date, category or row.category)
    handle = _handle(names, parts[0], date is not None)
    return Byline(handle, 1, date, category or row.category, handle=True) if handle else row


def _handle(names: str, lead: str, dated: bool) -> list[Author]:
    """A poster's handle in a byline's place ("Posted on <date> by infuy", "Thread starter felixen", "by
    BeauHD"): one token, taken where the line is dated, opens a post or the token is no word's shape."""
    m = HANDLE.match(names.strip())
    if m is None or not is_person(handle := m["handle"]) or handle.casefold() in INTERFACE_WORDS \
            or handle.casefold() in DATE_LINE_WORDS:
        return []
    worded = handle.isalpha() and (handle.islower() or handle.istitle() or handle.isupper())
    return [Author(name=handle)] if dated or POSTING_LEAD.match(lead) or not worded else []


def _by_part(parts: list[str]) -> int:
    """Index of a row's "By X" part after short or dated parts (an outlet, a date), else 0."""
    later = next((k for k in range(1, len(parts)) if BY_PREFIX.match(parts[k])), 0)
    return later if all(len(p.split()) <= LABEL_MAX_WORDS or any(c.isdigit() for c in p) for p in parts[:later]) else 0


def _undoubled(name: str) -> str:
    """A name printed twice with the links between lost ("ReutersReuters", "Jane DoeJane Doe") -> once."""
    half = len(name) // 2
    return name[:half] if len(name) % 2 == 0 and name[:half] == name[half:] else name


def _agency_byline(line: Line) -> list[Author]:
    """A header line that opens with a wire agency ("Reuters | Updated: ...", "(Xinhua) 13:02, ...", "DPA")."""
    m = AGENCY_LINE.match(line.text)
    return [Author(name=m.group("agency"))] if m and len(line.text) <= 120 else []


def _dated_label(line: Line) -> tuple[str, str] | None:
    """(section, date) of a header line that glues a section label to its date, before it ("Commentaries
    and Op-eds February 11, 2015, The Review") or after it ("October 5, 2023China in Focus"); a label
    closed by a colon names the date ("Date: <date>"), no section, as a forum's "Start date <date>" does."""
    found = line.written_date if line.words <= BYLINE_MAX_WORDS else None
    if found is None:
        return None
    date, m = found
    before, after = line.text[:m.start()].strip(HEADER_SEPARATORS + ","), line.text[m.end():]
    if before and before.split()[-1].casefold() in line.function:
        return None  # words that lead into the date ("Law stated as at <date>"): a statement, no label
    for label in (before, after if after[:1].isalpha() else ""):
        words = label.split()
        if 1 <= len(words) <= LABEL_MAX_WORDS and label[0].isupper() and not HEADER_LABEL.match(label) \
                and words[-1].casefold() != "date" \
                and not BY_ALONE.match(words[0]) and not label.endswith(":") \
                and not INNER_LABEL.search(label) and not is_name(label) and not _interface_words(label) \
                and TIME_WORDS.search(label) is None:
            return label, date
    return None


def _post_stamp(text: str) -> Byline:
    """The poster and date of a forum thread's first post stamp (POST_STAMP)."""
    m = POST_STAMP.match(text)
    found = date_line(m["stamp"]) if m else None
    return Byline([Author(name=m["handle"])], 1, found) if m and found else Byline()


def _names_dated(line: Line) -> Byline:
    """A byline without "By" whose names open or close a date line ("Jane Doe, John Roe - <date>",
    "<date> Jane Doe"): each a bare name."""
    found = line.written_date if line.words <= BYLINE_MAX_WORDS else None
    if found is None:
        return Byline()
    before, after = (_beside_date(side) for side in (line.text[:found[1].start()], line.text[found[1].end():]))
    names = [n.strip() for n in (before or after).split(",")]
    if len(names) == 1 and (m := DESK_SECTION.match(names[0])):
        return Byline([Author(name=m.group("desk"))], 1, found[0], m.group("section"))
    # "Jane Doe, Staff Writer": the role is no name; "EDUCATION TRIBUNE <date>" names an outlet's section.
    names = names[:1] + [n for n in names[1:] if not n or n.split()[-1].casefold() not in ROLE_WORDS]
    if not names[0] or names[0].split()[-1].casefold() in OUTLET_WORDS or not all(
            is_name(n) and not has_function_words(n, line.function) for n in names):
        return Byline()
    return Byline([Author(name=person(n)) for n in names], 1, found[0])


def _beside_date(text: str) -> str:
    """What a date line prints beside its date, without the header's counters, time and date words ("Jane
    Doe Published 10:19am <date>", "<date> · 30 min · 6279 words · Jane Doe"): the names, if any."""
    words = BYLINE_JOINERS.sub("", HEADER_COUNTS.sub(" ", TIME_ONLY.sub(" ", text)).strip(HEADER_SEPARATORS)).split()
    return " ".join(_without_date_words(words)).strip(HEADER_SEPARATORS)  # "Updated 22.16 Sat <date>": no name


def _without_date_words(words: list[str], lead: bool = True) -> list[str]:
    """A header row's words without the date's words at its end, and at its start if `lead` (the words
    inside a name stay: "Juan de la Cruz")."""
    while words and words[-1].strip(",.:|").casefold() in DATE_LINE_WORDS:
        words.pop()
    while lead and words and words[0].strip(",.:|·").casefold() in DATE_LINE_WORDS:
        words.pop(0)
    return words


def _dated_next(lines: list[Line], i: int) -> bool:
    """A date line, not a sentence that mentions a day, stands under lines[i]."""
    return i + 1 < len(lines) and not lines[i + 1].prose and bool(lines[i + 1].date or lines[i + 1].written_date)


def _names_ok(authors: list[Author]) -> bool:
    return all(is_name(a.name) for a in authors)


# A bare name line is a byline only in a byline's place: with a date or a header label ("Published",
# "Updated") this near it, or alone between the headline and the body's first paragraph. Elsewhere
# under a headline, a line of two to four capitalised words is a label, a product's name or a section
# heading far more often ("Product Details", "Kitchen Remodeling").
BARE_NAME_DATE_LINES = 2


def _byline_slot(lines: list[Line], i: int, title: int, lo: int) -> bool:
    """Line i stands where a byline stands (see BARE_NAME_DATE_LINES)."""
    if i == title + 1 and i + 1 < len(lines) and lines[i + 1].prose:
        return True
    return any(lines[k].date or _is_header_marker(lines[k]) or lines[k].written_date
               for k in range(max(lo, i - BARE_NAME_DATE_LINES), min(len(lines), i + BARE_NAME_DATE_LINES + 1)) if k != i)


# A newsroom desk signs like a person ("Web Desk", "BS Web Team", "Greenwatch Desk"), but its words
# are in the stop lists ("web", "news") that tell a name from a phrase.
DESK = rf"(?:{CAPITAL}[\w&'’.-]*\s+){{0,3}}(?:[Dd]esk|[Ww]eb [Tt]eam|[Nn]ews [Tt]eam|[Nn]ewsroom|[Ss]taff [Rr]eporter|[Ss]taff [Ww]riter)"
DESK_NAME = re.compile(rf"^{DESK}$")
# ...and a theme's meta row prints the post's section after the desk, before the date ("Greenwatch Desk
# Diplomacy 2025-06-14, 2:22pm"): one to three capitalised words after a desk's name are its category.
DESK_SECTION = re.compile(rf"^(?P<desk>{DESK})\s+(?P<section>{CAPITAL}[\w&'’.-]*(?:\s+{CAPITAL}[\w&'’.-]*){{0,2}})$")


def _bare_byline(line: Line, capitals: bool = False) -> list[Author]:
    """A name line without "By": "Jane Doe", "Jane Doe | Outlet", "Jane Doe, Outlet"; in capitals only
    where the caller knows the place is a byline's (`capitals`: "JANE DOE" over the post's date)."""
    parts = HEADER_PARTS.split(NAME_COLON.sub("", _without_marks(line.text)))
    name, _, affiliation = parts[0].partition(",")
    named = DESK_NAME.match(name.strip()) or (
        is_name(name.strip()) and not has_function_words(name, line.function) and (capitals or not name.isupper()))
    if len(parts) > 2 or not named:
        return []  # elsewhere an all-capitals line is a label ("ARTICLE AD BOX") far more often than a name
    affiliation = affiliation.strip() or (parts[1].strip() if len(parts) == 2 else "")
    if affiliation and (len(affiliation.split()) > 6 or affiliation.endswith(".")):
        return []
    return [Author(name=person(name), affiliation=affiliation or None)]


def _category(lines: list[Line], title: int, lo: int) -> str | None:
    """The short label just above the title, the last-but-title element of a breadcrumb (printed on
    one line, or as a bulleted list whose last item is the headline), or a category line ("in World
    News") under it."""
    if (own := _own_trail(lines[title].text)) and own[0]:  # "Politics ❯ Relations ❯ <headline>", "Home World <headline>"
        return own[0][-1]
    nearest = title - 1  # the line whose label is the section: right above the title (or its bulleted copy)
    named = dated = False  # ...or above the byline (and date) over it; above a date alone it is a widget's
    for i in range(title - 1, max(lo, title - 4) - 1, -1):
        line = lines[i]
        text = BULLET_LEAD.sub("", line.text)
        crumbs = _breadcrumb(text, lines[title].text) or (_short_trail(line) if i == nearest else []) \
            or _home_trail_of(text, lines[title])
        if crumbs:
            return crumbs[-1]
        if m := CATEGORY_LINE.match(text):  # "Posted inMalaysia" above the title
            return m.group("category").strip()
        if text != line.text and _folded(text) == lines[title].folded:
            nearest = i - 1  # the headline again as a bulleted trail's last item: the item above is the section
            continue
        if i == nearest and (line.date or _names(lines, i)):  # a kicker row: section, byline, date, headline
            nearest = i - 1  # ("National / Web Desk / <date>"); over a date alone, a label is a widget's ("16.3 C")
            named, dated = named or not line.date, dated or bool(line.date)
            continue
        if line.page_chrome or _is_header_marker(line):
            continue
        if i == nearest and (named or not dated) and _is_label(line) and not _same_line(line, lines[title]):
            return text
        break
    return _category_line(lines, title + 1, title + 1 + HEADER_MAX_LINES)


def _trail_crumbs(text: str) -> list[str]:
    """The items of a breadcrumb trail written with arrows, the headline last ("A ❯ B ❯ <headline>")."""
    if len(TRAIL_ARROW.findall(text)) < 2:
        return []
    return [c.strip() for c in TRAIL_SPLIT.split(text) if c.strip()]


def _is_section_label(line: Line) -> bool:
    """A label under the headline that names its section: a bulleted label ("• World"), or Title Case
    words ("China News"), not a dateline in capitals, a login name, a caption or a relative date."""
    if not _is_label(line) or "(" in line.text or line.text.isupper() or BY_PREFIX.match(line.text):
        return False  # a byline that names no one ("By Sponsored Content") is no section either
    if BULLET_LEAD.match(line.text):
        return True
    words = line.text.split()
    return len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words) and words[-1][:1].isupper()


def _is_label(line: Line) -> bool:
    """A section name: a few capitalised words, not a date, a button or a name of a menu item."""
    return line.label and line.text.casefold() not in NOT_A_CATEGORY and not line.text[:1].islower() \
        and not line.text.startswith(ELLIPSIS_LEAD) \
        and ":" not in line.text and not BY_PREFIX.match(line.text) \
        and not ARCHIVE_HEADING.match(line.text) and TIME_WORDS.search(line.text) is None \
        and not _is_interface(line) and not _is_name_like_nav(line) and line.written_date is None \
        and line.text.split()[-1].casefold() not in OUTLET_WORDS


def _category_line(lines: list[Line], lo: int, hi: int) -> str | None:
    for line in lines[lo:hi]:
        if line.prose:
            return None
        if m := CATEGORY_LINE.match(BULLET_LEAD.sub("", line.text)):  # "• Post category: World" (a theme's meta list)
            return m.group("category").strip()
    return None


def _footer_category(lines: list[Line], lo: int, hi: int) -> str | None:
    """The category a post's footer names ("Posted in X | Leave a comment", "This entry was posted in X, Y."),
    read from the body's first line on: the footer may have been read as the body's last paragraph."""
    for line in lines[lo:hi]:
        if len(line.text) <= 300 and (m := CATEGORY_LINE.match(line.text) or FOOTER_CATEGORY.match(line.text)):
            return m.group("category").strip()
    return None


def _short_trail(line: Line) -> list[str]:
    """A two- or three-label trail right above the title, without Home ("Cambodia / General news")."""
    parts = [p.strip() for p in SHORT_TRAIL_SEPARATOR.split(line.text)]
    if not 2 <= len(parts) <= 3 or not all(p and p[0].isupper() and len(p.split()) <= LABEL_MAX_WORDS
                                          and find_date(p) is None for p in parts):
        return []
    return parts


def _is_name_like_nav(line: Line) -> bool:
    return line.text.startswith(("http", "@", "#"))


def _breadcrumb(text: str, title: str) -> list[str]:
    """The trail above a title, without the title itself: "Home › World › Asia" -> ['Home', 'World',
    'Asia']; "Blogs » Politics » <title>" -> ['Blogs', 'Politics']; "HomeNewsWorld" -> [..., 'World']."""
    crumbs = [c.strip() for c in BREADCRUMB_SEPARATORS.split(text) if c.strip()]
    home = BREADCRUMB_HOME.match(text) or GLUED_HOME.match(text)
    if len(crumbs) < 2 and " " not in text and home:
        crumbs = re.findall(GLUED_CRUMB, text)  # words glued by a dump of inline links
        if "".join(crumbs) != text:
            return []
    if crumbs and _folded(crumbs[-1]) == _folded(title):
        crumbs = crumbs[:-1]
    elif not home:
        return []  # a trail that neither starts at Home nor ends at the title is something else
    if len(crumbs) < 2 or any(len(c.split()) > LABEL_MAX_WORDS for c in crumbs):
        return []
    return crumbs


def read_header(lines: list[Line], title: int, lo: int, echo: bool = True) -> Header:
    """Category, authors, date, dek and captions between the title and the body; the date under the
    headline's first copy a few lines above too, where it is printed again over the body (HEADER_ECHO_LINES)."""
    head = Header(title=title)
    head.category = _category(lines, title, lo)
    if found := _title_byline(lines[title].text):  # "Headline; By Jane Doe", "JANE DOE. Headline"
        head.authors = found[1]
    i = title + 1
    end = min(len(lines), title + 1 + HEADER_MAX_LINES)
    last_marker = title
    dek: list[int] = []
    prose_seen = 0
    dated_section = None
    guessed = False  # the authors are a bare name line's
    while i < end:
        line = lines[i]
        byline = _byline(lines, i)
        if byline.used:  # a written byline replaces a bare name line guessed above it (a source label)
            head.authors = merge_authors([*([] if guessed else head.authors), *byline.authors])
            guessed = byline.handle
            head.published = head.published or byline.date
            head.category = head.category or byline.category
            last_marker = i + byline.used - 1
            i += byline.used
            continue
        if not head.authors and (found := _agency_byline(line)):  # "Reuters | Updated: <date>", under a dek too
            head.authors = found
            head.published = head.published or line.date or (line.written_date or (None,))[0]
            last_marker = i
        elif line.role is Role.CAPTION:
            head.captions.append(line.text)
            last_marker = i if not dek else last_marker  # a caption under the first paragraph is the body's
        elif line.prose:
            prose_seen += 1
            if prose_seen > 1:
                break  # a second paragraph: the body has begun (a dek is one paragraph)
            dek.append(i)
            if line.words > DEK_MAX_WORDS:
                break  # a long one is the body's first
        elif not head.authors and (dated := _names_dated(line)).used:  # "Jane Doe, John Roe - <date>"
            head.authors, head.published = dated.authors, head.published or dated.date
            head.category = head.category or dated.category
            last_marker = i
        elif (label := _dated_label(line)) is not None:  # "Op-eds February 11, 2015"
            dated_section = dated_section or label[0]
            head.category, head.published = head.category or label[0], head.published or label[1]
            last_marker = i
        elif line.date:
            head.published = head.published or line.date
            last_marker = i
        elif _is_header_marker(line) or (line.page_chrome and prose_seen == 0):
            last_marker = i
        elif not head.authors and ((dated := _dated_next(lines, i)) or not dek) and (found := _bare_byline(line, dated)) \
                and _byline_slot(lines, i, title, lo):  # under a dek, only a name over its date ("Name / <date>")
            head.authors.extend(found)
            guessed = True
            last_marker = i
        elif head.category is None and i == title + 1 and _is_section_label(line) and not _same_line(line, lines[title]) \
                and not (i + 1 < len(lines) and lines[i + 1].folded == line.folded):
            head.category = BULLET_LEAD.sub("", line.text)  # a section label right under the headline (printed
            last_marker = i  # twice, it is an author's avatar and link, or a heading)
        elif prose_seen == 0 and not line.headline:
            last_marker = i  # a short line before any prose ("Sarah E. Needleman", "@handle", a source name)
        i += 1
    head.body_start = last_marker + 1
    if head.category and any(fold(head.category) == fold(a.name) for a in head.authors):
        head.category = dated_section  # the byline's name printed twice ("NTD Newsroom" / "By NTD Newsroom")
    if echo and not head.published and (first := _first_copy(lines, title, lo)) is not None:
        head.published = read_header(lines, first, lo, echo=False).published
    if not (head.authors and head.published):
        authors, published = _header_above(lines, title, lo)
        head.authors, head.published = head.authors or authors, head.published or published
    # a headline-shaped date row under the headline stands before the body's first paragraph too
    head.published = head.published or _header_written_date(lines, max(lo, title - DATE_ABOVE_LINES), title,
                                                            max(head.body_start, dek[0] if dek else 0))
    deks = [d for d in dek if d < last_marker]
    if deks:
        head.summary = " ".join(lines[d].text for d in deks)
        head.dek_start = deks[0]
    return head


# A headline printed again over the body (a player's or a share box's copy) may have its date under its
# first copy this many lines above ("Headline / <date> / By / X / Headline / body"). Only the date: the
# lines around a first copy are the site's header as often as the post's (its labels and buttons read as
# a section or a name). Not the dump's first line: that is the page's <title>.
HEADER_ECHO_LINES = 12


def _first_copy(lines: list[Line], title: int, lo: int) -> int | None:
    folded = lines[title].folded
    return next((k for k in range(title - 1, max(lo, title - HEADER_ECHO_LINES, 0), -1) if lines[k].folded == folded), None)


# A header line that carries the date among other things ("November 28, 2025 / Living Healthy / Wellness",
# "December 15, 2025 · 30 min · 6279 words · Jane Doe", "Posted on July 1, 2024 by X"): read for its date
# where no date line, byline or label gave one, if it has at most this many words and is no sentence.
HEADER_DATE_MAX_WORDS = 16


def _header_written_date(lines: list[Line], lo: int, title: int, end: int) -> str | None:
    """The first date written in a short line of lines[lo:end] around the headline (not the headline
    itself, nor the <title> line that repeats it: it may name a day, "What changed on January 6, 2021")."""
    headline = lines[title].folded
    return next((found[0] for i in range(lo, end) if i != title and not lines[i].prose
                 and lines[i].words <= HEADER_DATE_MAX_WORDS and not (headline and headline in lines[i].folded)
                 and (found := lines[i].written_date)), None)


def _header_above(lines: list[Line], title: int, lo: int) -> tuple[list[Author], str | None]:
    """A byline or a date line printed just above the headline (a theme's kicker row, or a headline
    printed again under its header), read when none is under it."""
    authors: list[Author] = []
    published = None
    for i in range(title - 1, max(lo, title - DATE_ABOVE_LINES) - 1, -1):
        line = lines[i]
        if line.prose:
            break
        byline = _byline(lines, i) if not BY_ALONE.match(line.text) else Byline()
        if not byline.used:
            byline = _names_dated(line)
        if not byline.used and DESK_NAME.match(line.text) and any(x.date for x in lines[max(lo, i - 1):i + 2]):
            byline = Byline(authors=_bare_byline(line), used=1)  # a desk by a date in a kicker row ("Web Desk / <date>")
        authors = authors or byline.authors
        published = published or byline.date or line.date
    return authors, published


def _untitled_header(lines: list[Line], lo: int, start: int) -> Header:
    """Bylines, dates and a category line in the short lines just above a body without a headline
    ("October 25, 2021" / "by Jane Doe for The Outlet" / "in World News")."""
    head = Header(body_start=start)
    head.category = _category_line(lines, max(lo, start - HEADER_MAX_LINES), start)
    if head.category is None and start - 1 >= lo and _is_section_label(lines[start - 1]) \
            and not is_name(lines[start - 1].text):  # "News Analysis" right above the body
        head.category = BULLET_LEAD.sub("", lines[start - 1].text)
    head.authors, head.published = _bylines_above(lines, lo, start)
    return head


def _bylines_above(lines: list[Line], lo: int, start: int) -> tuple[list[Author], str | None]:
    """The bylines and date in the short lines just above the body's first line, up to a paragraph or
    a headline."""
    authors: list[Author] = []
    published = None
    i = start - 1
    while i >= max(lo, start - UNTITLED_HEADER_LINES) and not lines[i].prose and not lines[i].headline:
        byline = _byline(lines, i)
        if byline.used:
            authors = merge_authors([*byline.authors, *authors])
        published = byline.date or lines[i].date or published
        i -= 1
    return authors, published


def _same_line(line: Line, other: Line | None) -> bool:
    """The headline again inside the body (a gallery's caption title, a sticky header)."""
    return other is not None and line.words == other.words and line.folded == other.folded


def _without_headline_lists(lines: list[Line]) -> list[Line]:
    """Drop the link lists set inside a body: runs of headline-shaped non-prose lines (chrome lines
    between them do not break a run), and the headlines under a box heading ("Related")."""
    out: list[Line] = []
    run: list[Line] = []
    boxed = False  # under a box heading, until the next paragraph

    def flush() -> None:
        if len(run) < HEADLINE_LIST_MIN and not boxed:
            out.extend(x for x in run if not x.chrome)
        run.clear()

    for line in lines:
        if _box_heading(line.text) or line.chrome == "related_heading":
            flush()
            boxed = True
            continue
        linkish = not line.prose and not line.listed and line.headline and line.words >= HEADLINE_LIST_MIN_WORDS
        if linkish or (run and line.chrome):
            run.append(line)
            continue
        flush()
        boxed = boxed and not line.prose
        out.append(line)
    flush()
    return out


def read_post(lines: list[Line], lo: int, hi: int, clues: PageClues, page_url: str | None) -> PostDraft | None:
    """One post in lines[lo:hi]: None when it has no body (a headline list, a footer)."""
    run = best_run(lines, lo, hi)
    if run is None:
        return None
    title = _choose_title(lines, lo, hi, run, clues)
    # A line chosen by its shape inside the body run is a subheading that heads the body's rest: the
    # page's <title>, where it names its site, gives the headline instead.
    page_title = _site_titled(lines, clues) if title is not None and title >= run[0] \
        and _evidence(lines[title], clues) < TITLE_STRONG else None
    head = Header()
    first_start = run[0]
    if title is not None:  # the body starts under the title's header and runs as far as it pays
        head = read_header(lines, title, lo)
        run = best_run(lines, head.body_start, hi, anchored=True)
        if run is None and head.dek_start is not None:  # the "dek" above a closing byline was the body
            head.summary = None
            run = best_run(lines, head.dek_start, hi, anchored=True)
        if run is None:
            return None
    start, end = run
    stop = _body_stop(lines, start, hi)
    if (later := _under_early_signal(lines, start, stop, hi)) is not None:
        start, end = later
        stop = _body_stop(lines, start, hi)
    end = min(end, stop)
    # Notes, blurbs and credits right after the last paragraph belong to the post (its source).
    while end < stop and (lines[end].role in (Role.NOTE, Role.BLURB, Role.CREDIT, Role.CAPTION)
                          or (lines[end].page_chrome and not _box_heading(lines[end].text))):
        end += 1
    body = [x for x in _without_headline_lists(lines[start:end])
            if not x.date and not x.teaser and not _same_line(x, lines[title] if title is not None else None)]
    if _prose_words(body) < MIN_POST_WORDS:
        return None
    if title is not None and body and body[0].index == start and _lead_subheading(lines, head.body_start, start, end):
        body.insert(0, lines[head.body_start])
    if title is None:  # a post without a headline may still say its category, authors and date
        head = _untitled_header(lines, lo, start)
    head.category = head.category or _footer_category(lines, start, hi)
    if not head.authors and title is not None:  # a "By" line over the body that the header did not reach
        head.authors = _bylines_above(lines, lo, min(start, first_start))[0]  # (a title read far above it)
    if not head.authors:
        body, head.authors = _signed(body, lines[end:hi])
    if not head.authors:
        head.authors = _poster(lines, lo, hi)
    if not head.authors:
        head.authors = _written_above(lines, max(lo, first_start - TITLE_WINDOW), first_start)
    if not head.authors and (label := _label_byline(lines, title if title is not None else lo,
                                                    min(hi, end + SIGNATURE_FOOTER_LINES))):
        at, head.authors = label
        taken = (lines[at].index, lines[at + 1].index)
        body = [x for x in body if x.index not in taken]  # the label and the name are no paragraphs
    head.published = head.published or _dateline_date(body[0].text)
    draft = _draft(body, lines[title] if title is not None else None, head, clues, page_url)
    draft.title = page_title or draft.title or next(
        (m.group("title") for x in lines[start:hi] if (m := APPEARED_FIRST.match(x.text))), None)
    return draft


def _subheading(line: Line) -> bool:
    """A line that can head a section of the body: headline-shaped and nothing else the table knows
    (a caption, a credit, a date, a name, a button or a box's heading are not)."""
    return bool(line.headline and not line.prose and line.role is None and not line.chrome and not line.date
                and not line.teaser and SUBHEADING_WORDS[0] <= line.words <= SUBHEADING_WORDS[1]
                and not _is_interface(line) and not _box_heading(line.text) and not _bare_byline(line)
                and not SLASH_CREDIT.match(line.text))


def _lead_subheading(lines: list[Line], body_start: int, start: int, end: int) -> bool:
    """Where the body opens with a subheading right under the header's date ("Published / on / Why the
    ferries changed"), the run starts at its first paragraph and would drop it with the header: it is
    the body's, when the body is written in sections (another subheading stands between its
    paragraphs). Only under the date: a line between a byline or a caption and the body is as often
    a photo credit, a forum's meta row or an epigraph (the corpus's pages)."""
    above = lines[body_start - 1]
    if start - body_start != 1 or not _subheading(lines[body_start]) \
            or not (above.date or above.chrome in ("date_label", "date_label_on")):
        return False
    prose_above = False
    for i in range(start, end - 1):
        if prose_above and lines[i + 1].prose and _subheading(lines[i]):
            return True
        prose_above = prose_above or lines[i].prose
    return False


# A bare "Comments" or "53 comments" line right under the date line (within this many lines), with fewer
# words of prose than COMMENTS_LINK_MAX_WORDS above it, is the header's link to the thread ("Jun 7, 2023 |
# Comments | Share this story"), not the thread's heading under the article.
COMMENTS_LINK_AFTER_DATE = 2
COMMENTS_LINK_MAX_WORDS = 60
COMMENTS_LINK = re.compile(r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$", re.IGNORECASE)  # not "Post a Comment"
# A footer signal with fewer than COMMENTS_LINK_MAX_WORDS of prose above it and EARLY_SIGNAL_RATIO times
# as much under it, no date line within EARLY_SIGNAL_DATED lines under it (a comment's stamp), closes a
# box of headline links over the body ("Recent Stories:" ... "Add a Comment"), not the article.
EARLY_SIGNAL_RATIO = 4
EARLY_SIGNAL_DATED = 5
THREAD_HEADS = frozenset(("comment_stamp", "comment_author"))  # a comment's own header: a thread under it


def _prose_words(lines: list[Line]) -> int:
    return sum(x.words for x in lines if x.prose)


def _body_stop(lines: list[Line], start: int, hi: int) -> int:
    """The body ends at the first footer signal after its first paragraph."""
    return next((i for i in range(start + 1, hi) if _ends_body(lines, start, i)), hi)


def _under_early_signal(lines: list[Line], start: int, stop: int, hi: int) -> tuple[int, int] | None:
    """The body run under a footer signal that came too early to end the article (see EARLY_SIGNAL_RATIO)."""
    if stop >= hi or _end_signal(lines, stop) in THREAD_HEADS or any(
            x.date for x in lines[stop + 1:stop + 1 + EARLY_SIGNAL_DATED]):
        return None
    above = _prose_words(lines[start:stop])
    later = best_run(lines, stop + 1, hi, anchored=True) if above < COMMENTS_LINK_MAX_WORDS else None
    return later if later is not None and _prose_words(lines[later[0]:later[1]]) >= EARLY_SIGNAL_RATIO * above \
        else None


def _ends_body(lines: list[Line], start: int, i: int) -> bool:
    if not (signal := _end_signal(lines, i)):
        return False
    if signal == "comment_stamp" and _prose_words(lines[start:i]) < THREAD_BODY_MIN_WORDS:
        return False  # the thread's first header over its first post: the body run began on a line above it
    return not (COMMENTS_LINK.match(lines[i].text) and any(x.date for x in lines[max(start, i - COMMENTS_LINK_AFTER_DATE):i])
                and _prose_words(lines[start:i]) < COMMENTS_LINK_MAX_WORDS)


def _site_titled(lines: list[Line], clues: PageClues) -> str | None:
    """The headline part of the page's <title> line where `_headline_text` cut something off it (the
    site's name in "Headline | Site", a byline); None where the line is all headline or no <title>."""
    if clues.first_line is None:
        return None
    line = lines[clues.first_line]
    headline = _headline_text(line, clues)
    return headline if headline != line.text else None


def _signs(line: Line) -> bool:
    """A bare name line closing a body is a signature, not a button or a box heading (`is_name` keeps
    out "Related News", "Read Entire Article": `rules.NOT_NAME_WORDS`)."""
    return not (_is_interface(line) or _box_heading(line.text))


def _dateline_date(text: str) -> str | None:
    """The day of a dateline that opens the first paragraph (a place, then the date), or None."""
    text = DATELINE_LEAD.sub("", text[:DATELINE_MAX_CHARS])
    if (found := find_date(text)) is None or not DATELINE_PLACE.match(text[:found[1].start()]) \
            or not DATELINE_END.match(text[found[1].end():]):
        return None
    return found[0][:10]


def _poster(lines: list[Line], lo: int, hi: int) -> list[Author]:
    """The thread starter a forum page's first post's stamp (POST_STAMP), thread header (STARTER_LINES) or
    first poster card (POSTER_CARDS) names, if any."""
    for i in range(lo, hi):
        if (stamp := _post_stamp(lines[i].text)).used:
            return stamp.authors
        if m := next((m for rx, _ in STARTER_LINES if (m := rx.match(lines[i].text))), None):
            return [Author(name=m["name"].strip())]
    for i in range(lo, hi):
        if any(_on_card(lines, i, hi, card) for card in POSTER_CARDS):
            name = lines[i]
            ok = len(name.text) <= POSTER_MAX_CHARS and 1 <= name.words <= 3 and not (name.page_chrome or name.date) \
                and sum(c.isalpha() for c in name.text) >= 2 and not SENTENCE_END.search(name.text)  # not "22.6k"
            return [Author(name=name.text)] if ok else []
    return []


def _on_card(lines: list[Line], i: int, hi: int, card: PosterCard) -> bool:
    """lines[i] stands where `card` prints its poster's name."""
    if card.above is not None and not (i > 0 and card.above.search(lines[i - 1].text) and lines[i - 1].date):
        return False
    return i + len(card.below) < hi and all(rx.match(lines[i + 1 + k].text) for k, rx in enumerate(card.below))


def _written_above(lines: list[Line], lo: int, start: int) -> list[Author]:
    """The first written byline ("By X", "Written by X") in the lines over the first body run, where the
    headline chosen was one of the post's subheadings (a guide whose first section is its densest); a
    full name, not a filter's "By Date" or "By Category"."""
    return next((found for i in range(lo, start) if BY_PREFIX.match(lines[i].text)
                 and (found := _byline(lines, i).authors) and _names_ok(found)), [])


def _label_byline(lines: list[Line], lo: int, hi: int) -> tuple[int, list[Author]] | None:
    """The byline label ("Written By:" over "Jeff Hoyt") that names a writer on the line under it where
    the header did not reach it, between the body's paragraphs or in the author box after them: its
    index and the names."""
    for i in range(lo, hi - 1):
        if BY_ALONE.match(lines[i].text) and not _box_heading(lines[i + 1].text) \
                and (found := _byline(lines, i).authors):
            return i, found
    return None


def _signed(body: list[Line], footer: list[Line]) -> tuple[list[Line], list[Author]]:
    """The authors a post without a header byline signs elsewhere, and its body without the signature:
    a byline glued to the first paragraph ("By Jane Doe TOKYO (Reuters) - ..."), a signature closing
    the body ("(Jane Doe)", a bare name line), or an author line in the footer ("Author: Jane Doe")."""
    if lead := _lead_byline(body[0].text):
        found, rest = lead
        return [make_line(body[0].index, replace(body[0].block, text=rest), body[0].function), *body[1:]], found
    if (m := FEED_BYLINE.search(body[-1].text)) and (found := parse_authors(m.group("names"), strict=True)):
        rest = body[-1].text[:m.start()]
        return [*body[:-1], make_line(body[-1].index, replace(body[-1].block, text=rest), body[-1].function)], found
    for k, line in enumerate(body[:NAME_COLON_LINES]):
        if k + 1 < len(body) and NAME_COLON.search(line.text) and (found := _bare_byline(line)):
            return body[:k] + body[k + 1:], found
    for closing, rest in ((body[-1], body[:-1]), *(((footer[0], body),) if footer else ())):
        name = SIGNATURE.match(closing.text)
        found = [Author(name=name.group("name"))] if name else _bare_byline(closing) if rest and _signs(closing) else []
        if found:
            return rest, found
    for k in range(max(1, len(body) - AUTHOR_BOX_LINES), len(body)):  # an author box closing the body: no text
        if (m := FOOTER_AUTHOR.match(body[k].text)) and ":" in body[k].text[:m.start("names")] \
                and (found := parse_authors(m.group("names"), strict=True)):  # "Author: X" ("Author Website" is a link)
            return body[:k], found
    for line in footer[:SIGNATURE_FOOTER_LINES]:
        if (m := FOOTER_AUTHOR.match(line.text)) and (found := parse_authors(m.group("names"), strict=True)):
            return body, found
    return body, []


def _lead_byline(text: str) -> tuple[list[Author], str] | None:
    """The names of a byline glued to the first paragraph (GLUED_LEAD_BYLINE, GLUED_WIRE_BYLINE,
    STAFF_LEAD_BYLINE; GLUED_DATED_BYLINE with its date and time), and the paragraph after them."""
    if m := GLUED_LEAD_BYLINE.match(text) or GLUED_WIRE_BYLINE.match(text) or STAFF_LEAD_BYLINE.match(text):
        found = parse_authors(m.group("names"), strict=True)
        return (found, text[m.end():]) if found else None
    if not (m := GLUED_DATED_BYLINE.match(text)):
        return None
    dated = find_date(text[m.end():])
    if dated is None or dated[1].start() != 0 or not (found := parse_authors(m.group("names"), strict=True)):
        return None
    rest = text[m.end() + dated[1].end():]
    return found, rest[DATE_TAIL.match(rest).end():]


# A headline line that ends with its byline's name after a dash ("The Rising Coup In Africa- Jane Doe"
# over a "Jane Doe" line): the name is the author's, not the headline's.
NAME_SUFFIX = re.compile(r"\s*[-–—|:]\s*$")


def _without_author(headline: str, authors: list[Author]) -> str:
    for author in authors:
        head, name = headline[:-len(author.name)], headline[-len(author.name):]
        if len(author.name) < len(headline) and fold(name) == fold(author.name) and NAME_SUFFIX.search(head):
            return NAME_SUFFIX.sub("", head)
    return headline


def _section(category: str | None) -> str | None:
    """The category, unless it is no section (NOT_A_CATEGORY), names one of the site's own pages
    (SITE_PAGE_WORDS) or reads as a button: the one check every reading of it ends in."""
    words = fold_words(category or "")
    if not words or words[0].casefold() in SITE_PAGE_WORDS or _interface_words(category or "") \
            or (category or "").casefold() in NOT_A_CATEGORY:
        return None
    return category


def _draft(body: list[Line], title: Line | None, head: Header, clues: PageClues, page_url: str | None) -> PostDraft:
    """A post's draft from its body lines, headline line and header (both readers end here)."""
    return PostDraft(
        blocks=[x.block for x in body], extractor=NAME,
        title=_without_author(_headline_of(title, clues), head.authors) if title is not None else None,
        category=_section(head.category), authors=head.authors, published=head.published,
        summary=head.summary, image_captions=head.captions, page_url=page_url,
        site=_site(page_url),
    )


# --- a page ------------------------------------------------------------------------------------------
# A paragraph the page's source wrapped (hand-written HTML keeps its line breaks, a <br> at each one)
# is one line again: a line of at least this many characters that ends no sentence, and the next line
# going on in lower case, under it without a blank line (`densest.goes_on`).
WRAPPED_MIN_CHARS = 40


def to_blocks(text: str) -> list[Block]:
    """Paragraphs with the number of blank lines before each (a summary is set apart by two); a
    wrapped paragraph as one."""
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
    return _unwrapped(blocks)


def _unwrapped(blocks: list[Block]) -> list[Block]:
    """`blocks` with each wrapped paragraph joined: lines of WRAPPED_MIN_CHARS or more that each
    `goes_on` in the next, with no blank line between, down to one that ends a sentence (a list of
    comments or tags, each line in lower case, ends none); a dateline under a headline ("at 12:19 on
    January 7, 2008, EST.") goes on nothing."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i + 1
        while j < len(blocks) and not blocks[j].gap_before and len(blocks[j - 1].text) >= WRAPPED_MIN_CHARS \
                and goes_on(blocks[j - 1].text, blocks[j].text) and find_date(blocks[j].text) is None:
            j += 1
        if j - i > 1 and SENTENCE_END.search(blocks[j - 1].text):
            out.append(Block(" ".join(b.text for b in blocks[i:j]), gap_before=blocks[i].gap_before))
        else:  # every run that starts inside this one ends where it ends: none is a paragraph either
            out.extend(blocks[i:j])
        i = j
    return out


def to_lines(blocks: list[Block], chrome: LearnedChrome | None = None) -> list[Line]:
    function = function_words([b.text for b in blocks if len(b.text) > 80])
    seen: dict[str, dict[str, object]] = {}
    lines = [make_line(i, b, function, seen) for i, b in enumerate(blocks)]
    if chrome:  # the site's learned chrome weighs as chrome, never as a title
        for line in lines:
            if line.text in chrome:
                line.chrome = "learned"
                line.role = line.role or Role.DROP
    return lines


def post_spans(lines: list[Line]) -> list[tuple[int, int]]:
    """[lo, hi) of each post: the page's separators ("Continue Reading") cut it."""
    spans, lo = [], 0
    for line in lines:
        if line.chrome and line.role is Role.SEPARATOR:
            spans.append((lo, line.index))
            lo = line.index + 1
    spans.append((lo, len(lines)))
    return [s for s in spans if s[1] > s[0]]


# Each post is read and finished on its own (header, body run, rules, language: about 1 ms), so a
# dump cut into thousands of small posts costs seconds whatever its size: 7,142 teaser-shaped posts
# of "Continue Reading", a sentence, "Read more" and a headline (950 kB) took 5 s. Real dumps hold a
# few (the seeds: 4; every aeb-text page: 1), a listing some dozens, and a concatenation of pages
# (the 50 MB test dump: 316 per MB) fewer per MB than this; a dump with more is refused at once,
# as the HTML path refuses a page of more than 20,000 elements.
MAX_POSTS = 200
MAX_POSTS_PER_MB = 400
# Every line is read for its features and weighed in the body run (about 15 us; 28 us inside a post):
# 400,000 one-letter lines (800 kB) took 6 s, 11 s after a post. Real dumps have up to 58,000 lines
# per MB (aeb-text; the seeds 5,000); a dump with more lines than this per MB (or, under 1 MB, in
# all) is refused.
MAX_LINES_PER_MB = 30_000
# The start of a line with something on it, in the raw text (an upper bound of what to_blocks keeps).
_LINE_START = re.compile(r"(?:^|\n)[ \t\r]*[^\s]")


def _line_limit(text: str) -> int:
    return MAX_LINES_PER_MB * max(len(text), 1_000_000) // 1_000_000


def check_lines(text: str) -> None:
    """Refuse a dump of more lines than a page has, counted on the raw text: building 300,000 line
    objects costs 400 MB before a count of them."""
    if (count := sum(1 for _ in _LINE_START.finditer(text))) > (limit := _line_limit(text)):
        raise ExtractionError(f"text has {count:,} lines in {len(text) / 1e6:.1f} MB "
                              f"(limit {MAX_LINES_PER_MB:,} per MB: {limit:,})")


def bounded_posts(lines: list[Line], text: str) -> list[tuple[int, int]]:
    """The dump's post spans; a dump cut into more posts than a page has is refused."""
    spans = post_spans(lines)
    if len(spans) > (limit := MAX_POSTS + MAX_POSTS_PER_MB * len(text) // 1_000_000):
        raise ExtractionError(f"text has {len(spans):,} posts in {len(text) / 1e6:.1f} MB "
                              f"(limit {MAX_POSTS} and {MAX_POSTS_PER_MB} per MB: {limit:,})")
    return spans


def extract_text(text: str, page_url: str | None = None, chrome: LearnedChrome | None = None,
                 model: TaggerModel | None = None) -> list[Article]:
    """Every article in a text dump, in page order; the site's learned `chrome` weighs as chrome. With a
    line-tagger `model` (or one set by `linetagger.use_model`), the tagger reads the posts. A dump's
    leading date marker dates its first article when that article's header shows no date."""
    check_lines(text)
    page = read_page(text, page_url, chrome)
    model = model or active_model()
    articles = extract_tagged(page, page_url, chrome, model) if model is not None else \
        _extract_rules(page, page_url, chrome)
    if page.date is not None and articles and articles[0].published is None:
        articles[0].published = page.date
    if articles and articles[0].title is None and (shown := _shown_title(page)):
        first, _, rest = articles[0].text.partition("\n\n")  # a dump that starts at its headline: the body
        swallowed = rest and first == page.lines[page.clues.first_line].text  # run took it in
        articles[0] = replace(articles[0], title=clean_title(shown), text=rest if swallowed else articles[0].text)
    return articles


def _shown_title(page: Page) -> str | None:
    """The headline part of the page's <title> where the page prints it again on a line of its own: the
    headline the page shows, as the HTML reader takes a heading that a meta title repeats. It titles a
    first article that the readers left without one (they read no line above its body as a headline)."""
    clues = page.clues
    if clues.first_line is None:
        return None
    headline = _headline_text(page.lines[clues.first_line], clues)
    key = _folded(headline)
    shown = key in clues.title_forms and any(x.folded == key for x in page.lines[clues.first_line + 1:])
    return headline if shown or _slug_named(headline, clues.slug) else None


def _slug_named(headline: str, slug: list[str]) -> bool:
    """The URL's slug spells the headline: nearly all its words, and they make most of the headline's."""
    words = set(fold_words(headline))
    common = len(set(slug) & words)
    return bool(slug) and common >= SLUG_NAMED * len(set(slug)) and common >= SLUG_NAMED * len(words)


def _extract_rules(page: Page, page_url: str | None, chrome: LearnedChrome | None) -> list[Article]:
    articles: list[Article] = []
    last: tuple[PostDraft, Mark] | None = None
    for lo, hi, clues in page.posts:
        before = mark(chrome)
        draft = read_post(page.lines, lo, hi, clues, page_url)
        if draft is not None and (article := finish(draft, chrome)) is not None:
            articles.append(article)
            last = draft, before
    if len(articles) > 1:
        return articles  # a republisher's page of posts: the rules' own ground
    return _second_reading(page, page_url, chrome, articles, last)


def _second_reading(page: Page, page_url: str | None, chrome: LearnedChrome | None, articles: list[Article],
                    last: tuple[PostDraft, Mark] | None) -> list[Article]:
    """Where the rules found one post or none, the densest run of prose lines replaces their reading
    when the text gate (extractors/gate.py) expects it to read better; where they found none, only
    when it reads as prose."""
    ours = articles[0].text if articles else ""
    other, extras = densest_beyond(page, ours)
    record = gate.recorder("text")
    title = articles[0].title if articles else None
    facts = text_facts(page.text, ours, other, extras, title is not None and _folded(title) in page.clues.title_forms)
    if not other or (record is None and not gate.current_gate("text").asks(facts)):
        if record is not None:
            record(facts, ours, "")
        return articles
    draft, before = last or (PostDraft(blocks=[], extractor=NAME, page_url=page_url, site=_site(page_url)), mark(chrome))
    blocks = [Block(line) for line in other.split("\n\n")]
    art, got = finish_again(draft, blocks, chrome, articles[0] if articles else None, before,
                            lambda got: record is None and densest_wins(ours, got))
    if record is not None:
        record(facts, ours, got)
    return [art] if art is not None else []


def densest_wins(ours: str, got: str) -> bool:
    """Where the gate asked, the densest run (`got`, finished) replaces the rules' reading; where they
    found no post, only when it reads as prose. A run that holds the rules' post and more is the rest
    of the article (a listicle's sections the run costs cut) or its comments and related posts: the
    gate tells them apart by what the extra lines are (`densest_beyond`)."""
    if not got:
        return False
    return bool(ours) or reads_as_prose(got)


def _furniture(lines: list[Line], i: int) -> bool:
    """A line of the page's furniture around an article: a footer signal, a box heading, a pattern
    row's chrome, a date line, a teaser or a boxed link (comments carry dates, related lists teasers)."""
    line = lines[i]
    return bool(_end_signal(lines, i) or _box_heading(line.text) or line.chrome or line.date or line.teaser
                or line.boxed or COMMENT_AUTHOR.match(line.text))


# The footer signals that open the readers' part of a page: the densest run is cut at them.
COMMENT_SIGNALS = frozenset(("comments", "comment_box", "comment_count", "comments_loaded", "comment_form",
                             "comment_notice", "thoughts_on", "comment_author", "comment_stamp"))


def densest_beyond(page: Page, ours: str) -> tuple[str, RunExtras]:
    """The densest run of prose lines, and what it holds beyond the rules' reading `ours` (the gate's
    `extra_*` facts).

    The run is cut at its first comment signal under their post (or under its own first line): prose
    under "270 Comments" or "53 Responses to X" is the readers', not the article's. Other footer signals
    do not cut it: a "Back to Top" link or a copyright notice stands between the sections of a long page."""
    where = {line.text: line.index for line in page.lines}
    mine = set(ours.split("\n\n")) if ours else set()
    parts = densest_prose(page.text).split("\n\n")
    shared = [k for k, text in enumerate(parts) if text in mine]
    below = shared[-1] if shared else 0
    stop = next((k for k in range(below + 1, len(parts)) if parts[k] in where
                 and _end_signal(page.lines, where[parts[k]]) in COMMENT_SIGNALS), len(parts))
    parts = parts[:stop]
    run = "\n\n".join(parts)
    if not shared:
        return run, RunExtras()
    above, under = parts[:shared[0]], parts[below + 1:]
    if not above and not under:
        return run, RunExtras()
    furniture = sum(1 for text in above + under if text in where and _furniture(page.lines, where[text]))
    return run, RunExtras(float(sum(len(t.split()) for t in above)), float(sum(len(t.split()) for t in under)),
                          furniture / (len(above) + len(under)))


def _site(page_url: str | None) -> str | None:
    return host(page_url) if (page_url or "").startswith(("http:", "https:")) else None


# --- the learned line tagger (extractors.linetagger) ---------------------------------------------------
# The same page read by a model instead of the weights above: each line of a post labelled body, title,
# byline, date, category, caption or chrome by gradient-boosted trees over the predicates of this module
# and `textlines` (as features), a Viterbi pass making the body a run. Used when a model is given
# (`extract_text(..., model=...)`, `linetagger.use_model`); trained and scored leave-one-source-out by
# bench/train_tagger.py and bench/loso.py. The rules stay the default until the tagger beats them there.
TITLE_MIN_P = 0.2  # a post's best title line below this tagger probability: the post shows no headline
BODY_STATE = STATES.index("body")
TITLE_STATE = STATES.index("title")


def _evidence_parts(line: Line, clues: PageClues) -> tuple[float, bool, float]:
    """The page's evidence for this line as its headline, as the tagger reads it: (echo of the
    <title>'s headline part, 1 in full, 0.5 as a prefix; quoted by a footer; slug agreement 0..1)."""
    if line.index == clues.first_line or line.words > TITLE_MAX_WORDS or len(TRAIL_ARROW.findall(line.text)) >= 2:
        return 0.0, False, 0.0
    folded = line.folded
    if len(folded) < 8:
        return 0.0, False, 0.0
    echo = 1.0 if folded in clues.title_forms else 0.5 if any(_prefix_echo(folded, f) for f in clues.title_forms) else 0.0
    slug = _slug_agreement(line, clues.slug) if line.headline else 0.0
    return echo, folded in clues.quoted, slug


def post_hints(lines: list[Line], lo: int, hi: int, clues: PageClues) -> list[LineHints]:
    """What this module's predicates say of each line of lines[lo:hi], for the tagger. A dump repeats
    its menus and labels: what depends on a line's text alone is worked out once per text."""
    by_text: dict[str, tuple] = {}

    def of_text(line: Line) -> tuple:
        got = by_text.get(line.text)
        if got is None:
            text = line.text
            byline = not BY_ALONE.match(text) and line.words <= BYLINE_MAX_WORDS and bool(_byline_text(text).used)
            name = bool(_bare_byline(line))
            marker = _is_header_marker(line)
            got = by_text[text] = (
                bool(_box_heading(text)) or line.chrome == "related_heading",
                len(text) <= 240 and any(rx.search(text) for _, rx in END_SIGNALS),
                _is_interface(line), name, byline, marker, marker or byline or name,
                _similarity(line, clues) if line.words <= TITLE_MAX_WORDS else 0.0,
                bool(BREADCRUMB_HOME.match(text) or GLUED_HOME.match(text) or len(TRAIL_ARROW.findall(text)) >= 2),
            )
        return got

    heads: dict[int, bool] = {}
    evidence: dict[str, tuple[float, bool, float]] = {}

    def heads_post(i: int) -> bool:  # _heads_post, from the cached parts
        if i not in heads:
            line = lines[i]
            heads[i] = of_text(line)[6] or (bool(BY_ALONE.match(line.text)) and bool(_byline(lines, i).used))
        return heads[i]

    out = []
    for i in range(lo, hi):
        line = lines[i]
        box, end, interface, name, byline, marker, _, similar, crumb = of_text(line)
        if BY_ALONE.match(line.text):
            byline = bool(_byline(lines, i).used)
        if not end and COMMENT_AUTHOR.match(line.text) and i + 1 < len(lines) and lines[i + 1].date:
            end = True
        following = [x.index for x in lines[i + 1:i + 4] if not x.chrome or of_text(x)[5]][:2]
        heads_next = bool(following) and (heads_post(following[0]) or (
            len(following) == 2 and lines[following[0]].words >= DEK_MIN_WORDS and heads_post(following[1])))
        if line.index == clues.first_line:
            echo, quoted, slug = 0.0, False, 0.0
        else:
            if line.text not in evidence:
                evidence[line.text] = _evidence_parts(line, clues)
            echo, quoted, slug = evidence[line.text]
        out.append(LineHints(box_heading=box, end_signal=end, interface=interface, name_line=name, byline=byline,
                             header_marker=marker, heads_next=heads_next, title_echo=echo, title_quoted=quoted,
                             slug_agreement=slug, title_similar=similar, breadcrumb=crumb))
    return out


def post_features(lines: list[Line], lo: int, hi: int, clues: PageClues, post_index: int) -> np.ndarray:
    """The tagger's feature matrix of the post in lines[lo:hi]."""
    return post_matrix(lines[lo:hi], post_hints(lines, lo, hi, clues), clues.first_line, post_index)


def _title_line(lines: list[Line], lo: int, states: list[int], proba: np.ndarray, body: list[int]) -> int | None:
    """The post's headline: the line the tagger reads as its title (the likeliest one above the body
    when several are), None when no line is likely enough."""
    title_p = proba[:, TITLE]
    marked = [k for k, s in enumerate(states) if s == TITLE_STATE]
    above = [k for k in range(len(states)) if not body or lo + k < body[0]]
    candidates = marked or above or list(range(len(states)))
    best = max(candidates, key=lambda k: (title_p[k], -k))
    return lo + best if marked or title_p[best] >= TITLE_MIN_P else None


# Pattern-table roles of lines between body lines that finish() files (captions, the source).
SET_INSIDE = (Role.CAPTION, Role.NOTE, Role.CREDIT)
# Which reader fills the header fields: "rules" (read_header alone), "fill" (the tagger's byline,
# date and category lines where the rules found none), "tagger" (the tagger's lines first).
HEADER_READING = "fill"
BYLINE_STATE, DATE_STATE, CATEGORY_STATE = (STATES.index(s) for s in ("byline", "date", "category"))


def _tagged_header(lines: list[Line], lo: int, states: list[int], title: int | None, body_start: int,
                   head: Header) -> None:
    """The header fields from the lines the tagger labels byline, date and category (above the body,
    around the title)."""
    top = max(lo, (title if title is not None else body_start) - UNTITLED_HEADER_LINES)
    authors: list[Author] = []
    published = category = None
    for k in range(top - lo, min(len(states), body_start - lo + 3)):
        i, state = lo + k, states[k]
        if state == BYLINE_STATE and not authors:
            found = _byline(lines, i)
            authors = found.authors or _bare_byline(lines[i])
            published = published or found.date
        elif state == DATE_STATE and published is None:
            published = lines[i].date or (found[0] if (found := lines[i].written_date) else None)
        elif state == CATEGORY_STATE and category is None and (title is None or i < title):
            crumbs = _breadcrumb(lines[i].text, lines[title].text if title is not None else "")
            category = crumbs[-1] if crumbs else lines[i].text if lines[i].words <= LABEL_MAX_WORDS else None
    first = HEADER_READING == "tagger"
    if authors and (first or not head.authors):
        head.authors = merge_authors(authors)
    if published and (first or not head.published):
        head.published = published
    if category and (first or not head.category):
        head.category = category


def read_post_tagged(lines: list[Line], lo: int, hi: int, clues: PageClues, page_url: str | None,
              proba: np.ndarray, model: TaggerModel) -> PostDraft | None:
    """One post in lines[lo:hi], given the tagger's label probabilities of its lines: None when it
    has no body (a headline list, a footer)."""
    states = model.states(proba)
    body = [lo + k for k, s in enumerate(states) if s == BODY_STATE]
    title = _title_line(lines, lo, states, proba, body)
    body = [i for i in body if i != title]
    if not body:
        return None
    # Captions, notes and credits the pattern table knows, set between body lines, go to finish() with
    # them (it files them as captions and the source); so do notes, blurbs and credits right after
    # the last paragraph (the post's source).
    inside = set(body)
    body = [i for i in range(body[0], body[-1] + 1) if i in inside or lines[i].role in SET_INSIDE]
    end = body[-1] + 1
    stop = next((i for i in range(end, hi) if _end_signal(lines, i)), hi)
    while end < stop and (lines[end].role in (Role.NOTE, Role.BLURB, Role.CREDIT, Role.CAPTION)
                          or (lines[end].page_chrome and not _box_heading(lines[end].text))):
        body.append(end)
        end += 1
    kept = [lines[i] for i in body if not _same_line(lines[i], lines[title] if title is not None else None)]
    if _prose_words(kept) < MIN_POST_WORDS:
        return None
    if title is not None:
        head = read_header(lines, title, lo)
        if head.dek_start is not None and head.dek_start >= body[0]:
            head.summary = None  # the tagger reads that paragraph as the body's
    else:  # a post without a headline may still say its category, authors and date
        head = _untitled_header(lines, lo, body[0])
    if HEADER_READING != "rules":
        _tagged_header(lines, lo, states, title, body[0], head)
    return _draft(kept, lines[title] if title is not None else None, head, clues, page_url)


@dataclass
class Page:
    """A dump read into lines, with what the page says about its headline and where its posts are."""

    lines: list[Line]
    clues: PageClues
    posts: list[tuple[int, int, PageClues]]  # [lo, hi) of each post, with its own clues
    text: str  # the dump, without its date marker
    date: str | None = None  # the date marker's date


# A dump that opens with its page's date as a marker ("date 2024-08-05 Headline...": a crawl's text
# export printing the date it read from the page's metadata) starts at the page's first text, not at
# a <title>: the date is the page's, and the rest of the line is the page's first line.
DATE_MARKER = re.compile(r"\A[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?=\s|\Z)[ \t]*")


def read_page(text: str, page_url: str | None = None, chrome: LearnedChrome | None = None) -> Page:
    """The dump's lines, marks and posts, as the rules and the tagger read them."""
    date = None
    if marker := DATE_MARKER.match(text):
        text, date = text[marker.end():], marker.group("date")
    lines = to_lines(to_blocks(clean_text(text)), chrome)
    spans = bounded_posts(lines, text)  # a dump of too many posts is refused before any more work
    mark_sections(lines)
    mark_lists(lines)
    mark_boxes(lines)
    mark_teasers(lines)
    mark_threads(lines)
    clues = page_clues(lines, page_url, titled=date is None)
    return Page(lines, clues, [(lo, hi, replace(clues, quoted=quoted_titles(lines[lo:hi]),
                                                repeated=repeated_titles(lines[lo:hi]))) for lo, hi in spans],
                text, date)


def extract_tagged(page: Page, page_url: str | None, chrome: LearnedChrome | None, model: TaggerModel) -> list[Article]:
    """Every article of a dump read by `read_page`, read by the line tagger `model`."""
    if not page.posts:
        return []
    # one pass of the trees over every line of the page, then each post is read on its own
    features = [post_features(page.lines, lo, hi, clues, k) for k, (lo, hi, clues) in enumerate(page.posts)]
    proba = model.proba(np.vstack(features))
    articles = []
    at = 0
    for lo, hi, clues in page.posts:
        draft = read_post_tagged(page.lines, lo, hi, clues, page_url, proba[at:at + hi - lo], model)
        at += hi - lo
        if draft is not None and (article := finish(draft, chrome)) is not None:
            articles.append(article)
    return articles
