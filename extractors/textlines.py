"""What one line of a text dump looks like: prose, a headline, a date, a label.

A dump has lost its markup, so every decision about a line rests on what the line itself shows:
its length, its punctuation, its share of function words (the small words running text is made of,
in whatever language the page is in), whether it reads as a date. Each feature below is named and
says why it exists; the thresholds are data, not branches.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from itertools import islice

from extractors import stopwords
from extractors.patterns import Role, match
from extractors.rules import LOWER, Block

# --- lengths ---------------------------------------------------------------------------------
# Scripts written without spaces between words (Chinese, Japanese, Thai...): a line's length in
# "words" is its letters divided by this (about two characters a word in running Chinese text)...
CHARS_PER_WORD_UNSPACED = 2
# ...and by this in Thai, Lao, Khmer and Burmese, whose vowels and tone marks are code points of their
# own (about six a word): a Thai headline of eleven words is some seventy of them (read as two a word,
# 36 "words": no headline, and the Zox theme's Thai pages lost their title). Four, not six: Thai writes
# no full stop, so its paragraphs are prose by length alone (PROSE_LONG_WORDS), from 120 code points on.
CHARS_PER_WORD_SOUTHEAST = 4
# A paragraph of running text has at least this many words (a one-clause body paragraph, "He
# declined to comment on the report.", has seven); shorter lines are headings, labels, links.
PROSE_MIN_WORDS = 7
# ...and a line this long is prose even without closing punctuation (a paragraph cut by the
# dump, a long sentence ending in a link).
PROSE_LONG_WORDS = 30
# A line of running text that lost its closing punctuation (a paragraph ending in a link): this
# long, this rich in function words, and in sentence case (a headline of this length is Title Case
# or short).
PROSE_UNCLOSED_WORDS = 20
PROSE_UNCLOSED_FUNCTION_SHARE = 0.3
PROSE_UNCLOSED_CAPITAL_SHARE = 0.3
# Share of a line's words that are the page language's function words, below which a line is a
# list of names, figures or links, whatever punctuation closes it, not running text.
PROSE_MIN_FUNCTION_SHARE = 0.1
# A headline is a few words to a long sentence's worth; longer lines are paragraphs.
HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS = 2, 30
# A line with this many commas is a list (keywords, names), not a headline.
HEADLINE_MAX_COMMAS = 4
# A label (category, section, byline name) is a few words at most.
LABEL_MAX_WORDS = 4

# Characters that close a sentence (Latin, CJK, Arabic, Devanagari full stops), and the quotes and
# brackets that may follow them.
SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'”’»)\]]*$")
# Endings that introduce what follows ("such as:", "including:"): part of running text too.
CLAUSE_END = re.compile(r"[:;,][\"'”’»)\]]*$")
# Combining marks that belong inside words (Indic vowel signs, Arabic and Hebrew points, Thai and
# Myanmar marks, Latin accents written apart): \w does not match them, so without them a Hindi
# word falls apart into several.
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
         "\u0900-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u0f18-\u0fbc\u102b-\u103e\u17b4-\u17d3"
         "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f")
LETTER = rf"(?:[^\W\d_]|[{MARKS}])"
WORD = re.compile(rf"[^\W\d_]{LETTER}*(?:['’]{LETTER}+)*")
SOUTHEAST_RANGES = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Burmese, Khmer
SOUTHEAST = re.compile(rf"[{SOUTHEAST_RANGES}]")
UNSPACED = re.compile(rf"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff{SOUTHEAST_RANGES}]")
FOLD_WORD = re.compile(rf"(?:\w|[{MARKS}])+")
# A headline starts with a capital (or a digit, a quote); "in Afghan Business", "get the app" are
# labels and buttons. "iPhone", "eBay" (a capital inside the first word) still read as headlines. Small
# letters of every script with capitals ("świadkowie", "в Україні"), not Latin-1's alone.
LOWER_START = re.compile(rf"^[^\w]*{LOWER}(?:{LOWER}|['’-])*(?:\s|$)")
# A list item ("– point", "• point") is not a headline, nor is a line carrying a link.
BULLET_START = re.compile(r"^[-–—•·*▪►]\s")
URL_INSIDE = re.compile(r"https?://|www\.\w", re.IGNORECASE)
# A photo credit inside a line: a caption, whatever else the line says.
PHOTO_CREDIT = re.compile(r"\((?:photo|image|picture|file photo|credit)s?\s*[:/]|\|\s*photo\s*:|"
                          # a sentence closed by its credit: "... in Beijing. Photo: AFP", "... cutter. Navy Photo"
                          r"[.!?]\s+(?:(?:photo|image|picture)s?(?: credit)?\s*:\s*\S.{0,60}|(?:[\w.'’-]+\s+){1,3}photo)$",
                          re.IGNORECASE)
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A line that opens with an HTML tag is markup printed as text (a <noscript> block's contents, a
# tracking pixel): long, but no sentence, whatever the page's language says of its function words.
MARKUP_LINE = re.compile(r"^</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)


# --- function words --------------------------------------------------------------------------
# jusText's stop-word lists (100 languages) give the function words of the page's language; the
# list that covers most of the page's words is its language. Pages in scripts no list covers
# (Chinese, Japanese) fall back to length and punctuation alone.
FUNCTION_LIST_MIN_SHARE = 0.15
FUNCTION_SAMPLE = 300


def function_words(texts: list[str]) -> frozenset[str]:
    """The function words of the language most of `texts` is written in (empty when none fits);
    a sample of FUNCTION_SAMPLE texts tells it as well as a whole archive does."""
    counts: Counter[str] = Counter()
    total = 0  # words as `word_count` counts them: a Japanese page's few spaced words are not most of it
    for text in islice((t for t in texts if not MARKUP_LINE.match(t)), FUNCTION_SAMPLE):  # markup has no language
        words = WORD.findall(text)
        counts.update(w.casefold() for w in words)
        total += word_count(text, words)
    if not total:
        return frozenset()
    lists, index = stopwords.stoplists(), stopwords.index()
    hits: Counter[str] = Counter()
    for word, n in counts.items():
        for lang in index.get(word, ()):
            hits[lang] += n
    if not hits:
        return frozenset()
    lang, best = hits.most_common(1)[0]
    return lists[lang] if best / total >= FUNCTION_LIST_MIN_SHARE else frozenset()


def token_table(words: str) -> frozenset[str]:
    """A table of words written as one whitespace-separated string."""
    return frozenset(words.split())


# --- dates -----------------------------------------------------------------------------------
# Month names by month, in the languages of the pages read: English, French, German, Spanish, Italian,
# Portuguese and Dutch...
WESTERN_MONTHS = (
    "january jan janvier janv januar jän enero ene gennaio gen janeiro januari",
    "february feb février févr fevrier februar febrero febbraio fevereiro fev februari",
    "march mar mars märz maerz marzo março marco maart",
    "april apr avril abril aprile",
    "may mai mayo maggio maio mei",
    "june jun juin juni junio giugno junho",
    "july jul juillet juli julio luglio julho",
    "august aug août aout agosto ago augustus",
    "september sep sept septembre septiembre settembre setembro set",
    "october oct octobre oktober octubre ottobre outubro out okt",
    "november nov novembre noviembre novembro",
    "december dec décembre decembre dezember dez diciembre dic dicembre dezembro",
)
# ...and Slavic ones as dates print them: the genitive ("20 квітня 2021", "5 марта 2023") and the
# three-letter abbreviation ("20 кві 2021"); Russian, Ukrainian and Polish pages read as the others do.
SLAVIC_MONTHS = (
    "января янв січня січ stycznia sty",
    "февраля фев лютого лют lutego lut",
    "марта мар березня бер marca",
    "апреля апр квітня кві kwietnia kwi",
    "мая май травня тра maja",
    "июня июн червня чер czerwca cze",
    "июля июл липня лип lipca",
    "августа авг серпня сер sierpnia sie",
    "сентября сен вересня вер września wrz",
    "октября окт жовтня жов października paź",
    "ноября ноя листопада лис listopada",
    "декабря дек грудня гру grudnia gru",
)
# ...and the other languages of news as their dates print them: Nordic forms the others lack, Romanian,
# Turkish, Hungarian, Finnish, Indonesian and Malay, Arabic, and the Czech and Greek genitives ("12 března
# 2024", "12 Μαρτίου 2024"). Left out: Malay's "Mac" (the computer: "Mac 12, 2024"), and Croatian (its
# "listopada" is October, Polish November).
OTHER_MONTHS = (
    "ianuarie ocak ledna ιανουαρίου január tammikuuta يناير",
    "februarie şubat února φεβρουαρίου február helmikuuta فبراير",
    "martie marts března μαρτίου március maaliskuuta maret مارس",
    "aprilie nisan dubna απριλίου április huhtikuuta أبريل",
    "maj mayıs května μαΐου május toukokuuta مايو",
    "iunie haziran června ιουνίου június kesäkuuta يونيو",
    "iulie temmuz července ιουλίου július heinäkuuta julai يوليو",
    "augusti ağustos srpna αυγούστου augusztus elokuuta agustus ogos أغسطس",
    "septembrie eylül září σεπτεμβρίου szeptember syyskuuta سبتمبر",
    "octombrie ekim října οκτωβρίου október lokakuuta أكتوبر",
    "noiembrie kasım listopadu νοεμβρίου marraskuuta نوفمبر",
    "decembrie aralık prosince δεκεμβρίου joulukuuta desember disember ديسمبر",
)
MONTHS: dict[str, int] = {}
for _n, _names in enumerate(zip(WESTERN_MONTHS, SLAVIC_MONTHS, OTHER_MONTHS, strict=True), start=1):
    for _name in " ".join(_names).split():
        MONTHS.setdefault(_name, _n)
MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"  # "października", "σεπτεμβρίου": twelve letters
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
YEAR = r"(?P<year>(?:19|20)\d{2})"
TIME_CORE = r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?"
TIME = rf"(?:(?:,|\bat|\bum|\bà|\balle|\bàs|-|\|)?\s*{TIME_CORE})?"
# The written forms of a date a page prints beside a post, with an optional time after it.
# A year ends where its digits do, not at a word boundary: a theme may glue the next label to it
# ("October 5, 2023China in Focus").
DATE_FORMS = (
    re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}(?!\d)\s*{TIME}", re.IGNORECASE),      # October 1, 2017
    re.compile(rf"\b{DAY}\s+(?:de\s+)?{MONTH},?\s+(?:de\s+)?{YEAR}(?!\d)\s*{TIME}", re.IGNORECASE),  # 1 October 2017
    re.compile(rf"\b{YEAR}[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d)(?:[T ]\s*{TIME_CORE})?", re.IGNORECASE),
    re.compile(rf"\b(?P<a>\d{{1,2}})[./-](?P<b>\d{{1,2}})[./-]{YEAR}(?!\d)\s*{TIME}", re.IGNORECASE),
    re.compile(rf"\b{MONTH}\s+{DAY}\s+{TIME_CORE}\s+{YEAR}(?!\d)", re.IGNORECASE),  # Mar 7 06:48 2008 (ctime's order)
    # 2024年3月12日 (Chinese, Japanese), 2024년 3월 12일 (Korean): words in these scripts are not spaced,
    # so the year starts after any character but a digit
    re.compile(rf"(?<!\d){YEAR}\s*[年년]\s*(?P<m>\d{{1,2}})\s*[月월]\s*(?P<d>\d{{1,2}})\s*[日일](?:\s*{TIME_CORE})?"),
    re.compile(rf"(?<!\d){YEAR}\.\s+{MONTH}\s+{DAY}(?!\d)\s*{TIME}", re.IGNORECASE),  # 2024. március 12. (Hungarian)
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}}),?\s+(?:năm\s+)?{YEAR}(?!\d)", re.IGNORECASE),  # 12 tháng 3 năm 2024
)
ANY_YEAR = re.compile(YEAR)  # what every one of DATE_FORMS holds
# Words that may stand beside a date on a date line ("Updated 1:39 am EST, Wednesday, ...").
DATE_LINE_WORDS = token_table("""
published posted updated last modified on at am pm est edt cst cdt pst pdt et pt ct gmt utc cet cest bst ist
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun date time
publié mis à jour le veröffentlicht aktualisiert am um uhr publicado actualizado em às el de pubblicato il alle
""")
TIME_ONLY = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)
# Counters a theme prints beside a post's date or byline ("Dec 18, 2025 ⋅ 10 min read", "May 3, 2017
# By Jane Doe 4 Comments", "30 min · 6279 words"): they belong to the header, so the line stays a date
# line or a byline.
HEADER_COUNTS = re.compile(r"\b\d+(?:,\d{3})*\s+(?:comments?|responses?|replies|shares?|views?|words|"
                           r"min(?:ute)?s?(?:\s+read)?)\b", re.IGNORECASE)


def _numeric_day_month(a: int, b: int) -> tuple[int, int] | None:
    """(day, month) of 'a/b/yyyy' when only one reading is a real date (26-02-2022), else None."""
    readings = {(d, m) for d, m in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31}
    return readings.pop() if len(readings) == 1 else None


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """(ISO date or date-time, match) for the first unambiguous date written in `text`."""
    if ANY_YEAR.search(text) is None:
        return None  # every form holds a year: one search instead of eight on most lines of a page
    for form in DATE_FORMS:
        for m in form.finditer(text):
            g = m.groupdict()
            year = int(g["year"])
            if g.get("month") is not None:
                month = MONTHS.get(g["month"].casefold().rstrip("."))
                day = int(g["day"])
            elif g.get("m") is not None:
                month, day = int(g["m"]), int(g["d"])
            else:
                dm = _numeric_day_month(int(g["a"]), int(g["b"]))
                if dm is None:
                    continue
                day, month = dm
            if month is None:
                continue
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            iso = found.isoformat()
            if g.get("hour") is not None:
                hour, minute = int(g["hour"]), int(g["minute"])
                ampm = (g.get("ampm") or "").replace(".", "").lower()
                if ampm == "pm" and hour < 12:
                    hour += 12
                elif ampm == "am" and hour == 12:
                    hour = 0
                with contextlib.suppress(ValueError):  # "25:99" is not a time: keep the date alone
                    iso = datetime(year, month, day, hour, minute).isoformat(timespec="minutes")
            return iso, m
    return None


def date_line(text: str) -> str | None:
    """The date of a line that is a date and nothing more ("Updated 1:39 am EST, Wednesday,
    November 20, 2019", "26-02-2022 10:30"); None for a sentence that mentions a date."""
    if len(text) > 80:
        return None
    found = find_date(text)
    if found is None:
        return None
    iso, m = found
    rest = HEADER_COUNTS.sub(" ", TIME_ONLY.sub(" ", text[:m.start()] + " " + text[m.end():]))
    leftover = [w for w in WORD.findall(rest) if w.casefold() not in DATE_LINE_WORDS]
    return iso if len(leftover) <= 1 else None


# --- one line ----------------------------------------------------------------------------------
@dataclass
class Line:
    """A dump line with the features every later decision reads."""

    index: int
    block: Block
    words: int
    function_share: float
    capital_share: float  # share of its longer words that start with a capital letter
    sentence_end: bool
    clause_end: bool
    chrome: str | None  # name of the pattern row that calls it chrome, if any
    role: Role | None  # role of the pattern row that matches it, if any
    date: str | None  # ISO date when the line is a date line
    teaser: bool = False  # the excerpt of a teaser in a list of other articles (set by the page pass)
    listed: bool = False  # an item of a list or table that a paragraph introduces ("...such as:")
    boxed: bool = False  # a link in a box of links under a box heading ("Related", "Read next")
    thread: bool = False  # a comment's header with more after it: a thread starts here (set by the page pass)
    section_link: bool = False  # a "Back to top" link with another below it: it ends a section, not the page
    function: frozenset[str] = field(default=frozenset(), repr=False)  # the page language's function words

    @property
    def text(self) -> str:
        return self.block.text

    @cached_property
    def written_date(self) -> tuple[str, re.Match[str]] | None:
        """The first date written in the line (`find_date`): header readers ask it of one line many times."""
        return find_date(self.text)

    @cached_property
    def folded(self) -> str:
        """The line's words, folded (see `fold_words`), joined by single spaces."""
        return " ".join(fold_words(self.text))

    @property
    def prose(self) -> bool:
        """Running text: long enough, closes like a sentence (or is very long), and is made of
        sentences: a line of names, figures or links that ends in a full stop has few function words."""
        if self.chrome or self.date or self.words < PROSE_MIN_WORDS or URL_LINE.match(self.text) \
                or MARKUP_LINE.match(self.text):
            return False
        if not (self.sentence_end or self.clause_end or self.words >= PROSE_LONG_WORDS or (
                self.words >= PROSE_UNCLOSED_WORDS and self.function_share >= PROSE_UNCLOSED_FUNCTION_SHARE
                and self.capital_share < PROSE_UNCLOSED_CAPITAL_SHARE)):
            return False
        return self.function_share >= PROSE_MIN_FUNCTION_SHARE or self.function_share < 0

    @property
    def headline(self) -> bool:
        """Shaped like a headline: a few words, a letter, no closing full stop, not a date or chrome."""
        text = self.text
        return (HEADLINE_MIN_WORDS <= self.words <= HEADLINE_MAX_WORDS and self.role is None and not self.date
                and not text.endswith((".", ":", ";", ",")) and not URL_LINE.match(text)
                and not LOWER_START.match(text) and text.count("|") < 2 and not PHOTO_CREDIT.search(text)
                and not BULLET_START.match(text) and not URL_INSIDE.search(text)
                and text.count(",") < HEADLINE_MAX_COMMAS)

    @property
    def page_chrome(self) -> bool:
        """Chrome by the page's own shape, not by the site's learned chrome: what the header reads as the
        page prints it (a section label or a writer's name over every post of a site is learned too, and
        learning must not cost a site's tenth page what its first one reads)."""
        return self.chrome not in (None, "learned")

    @property
    def label(self) -> bool:
        """A short label: a section name, a name (learned chrome too: see `page_chrome`)."""
        return 1 <= self.words <= LABEL_MAX_WORDS and not self.page_chrome and not self.date \
            and not self.text.endswith((".", ":", ";", ",", "?", "!")) and not URL_LINE.match(self.text)


def word_count(text: str, words: list[str]) -> int:
    """Words of a line (`words`: its WORD matches); letters of unspaced scripts count by their share."""
    unspaced = 0 if text.isascii() else len(UNSPACED.findall(text))
    if not unspaced:
        return len(words)
    southeast = len(SOUTHEAST.findall(text))
    spaced = len(WORD.findall(UNSPACED.sub(" ", text)))
    # a line of a few letters is still a word ("จีน", a section label)
    return max(1, spaced + (unspaced - southeast) // CHARS_PER_WORD_UNSPACED + southeast // CHARS_PER_WORD_SOUTHEAST)


def make_line(index: int, block: Block, function: frozenset[str],
              seen: dict[str, dict[str, object]] | None = None) -> Line:
    """The features of one line; `seen` keeps them per distinct text for the rest of the page (a
    dump repeats its menus, labels and buttons: each is read once)."""
    text = block.text
    features = seen.get(text) if seen is not None else None
    if features is None:
        features = _features(text, function)
        if seen is not None:
            seen[text] = features
    return Line(index=index, block=block, function=function, **features)  # type: ignore[arg-type]


def _features(text: str, function: frozenset[str]) -> dict[str, object]:
    words = WORD.findall(text)
    # -1 when the page's language has no function-word list (the feature says nothing then)
    share = sum(w.casefold() in function for w in words) / len(words) if words and function else -1.0
    longer = [w for w in words if len(w) >= 4]
    capitals = sum(w[0].isupper() for w in longer) / len(longer) if longer else 0.0
    found = match(text)
    role = found[0].role if found else None
    return {"words": word_count(text, words), "function_share": share, "capital_share": capitals,
            "sentence_end": bool(SENTENCE_END.search(text)), "clause_end": bool(CLAUSE_END.search(text)),
            "chrome": found[0].name if found and role in (Role.DROP, Role.SEPARATOR) else None,
            "role": role, "date": date_line(text)}


# Particles inside names ("Ursula von der Leyen", "Bashar al-Assad") that are function words too.
NAME_PARTICLES = token_table("de van von der den da di du la le bin al el dos das del")
# Given names frequent enough in Wikipedia to be in jusText's English stop-word list: in a name line
# ("David Morris") they are a name, not running text.
GIVEN_NAMES = token_table("david john james robert george william")
NOT_FUNCTION_IN_NAMES = NAME_PARTICLES | GIVEN_NAMES


def has_function_words(text: str, function: frozenset[str]) -> bool:
    """True when `text` holds a function word of the page's language other than a name particle:
    "The Impeachment Clock" is not a name, "Ursula von der Leyen" is."""
    return any((w := word.casefold()) in function and w not in NOT_FUNCTION_IN_NAMES for word in WORD.findall(text))


def fold_words(text: str) -> list[str]:
    """Lower-cased words with accents and punctuation gone, for comparing a line with a title or a slug."""
    text = text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        if len(decomposed) != len(text):  # accents to strip (curly quotes alone decompose to nothing)
            text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return FOLD_WORD.findall(text)
