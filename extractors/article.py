"""The Article record every extractor returns, and the identities derived from it.

`id` names the article (the same post on any page, in any run); `content_hash` names one version
of its text, so a re-crawl can tell "seen" from "changed".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache
from typing import Any

from extractors.sanitize import fix_surrogates
from extractors.version import __version__

WORD_RE = re.compile(r"\w+")
# How many leading words of the body go into `id`: enough to tell apart two posts that share a
# headline ("Weekly briefing"), few enough that an edit further down keeps the identity.
ID_WORDS = 40


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Source:
    """The outlet the republisher copied from; `truncated` when only part of the article is here."""

    name: str | None = None
    url: str | None = None
    truncated: bool = False


@dataclass(frozen=True)
class Rights:
    """What the publisher says about reuse of the page (see `extractors.rights`): robots directives
    addressed to every robot, and its TDM Reservation Protocol answer (None: it gives none)."""

    robots: list[str] = field(default_factory=list)
    tdm_reservation: bool | None = None
    tdm_policy: str | None = None
    tdm_source: str | None = None  # "header", "meta" or "tdmrep.json": where the reservation was read


@dataclass(frozen=True)
class ExtractorInfo:
    name: str
    version: str = __version__


@dataclass(frozen=True)
class WarcLocation:
    """A page's record in a WARC file, as Common Crawl's index gives it: the gzip member at
    `offset`, `length` bytes long (`dd`/`zcat` get the raw record back), and its WARC-Record-ID."""

    filename: str
    offset: int
    length: int | None = None
    record_id: str | None = None


@dataclass
class Article:
    title: str | None
    text: str
    page_url: str | None = None
    url: str | None = None
    site: str | None = None
    category: str | None = None
    authors: list[Author] = field(default_factory=list)
    published: str | None = None
    summary: str | None = None
    image_captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    language: str | None = None
    extractor: ExtractorInfo = field(default_factory=lambda: ExtractorInfo("cleanwire"))
    id: str = ""
    word_count: int = 0
    content_hash: str = ""
    warc: WarcLocation | None = None  # where the page is archived, when it is
    language_confidence: float | None = None
    rights: Rights = field(default_factory=Rights)

    def __post_init__(self) -> None:
        # Strings reach a record from JSON-LD escapes ("\ud800"), attributes and the caller's URL
        # too: every one must encode as UTF-8 before it is hashed or written.
        for name in _field_names(Article):
            if (value := getattr(self, name)) is not (new := _encodable(value)):
                setattr(self, name, new)
        self.word_count = len(WORD_RE.findall(self.text))
        self.content_hash = content_hash(self.text)
        self.id = article_id(self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict, keys in schema order: what `dataclasses.asdict` gives, without its deep
        copy of every value (every string of every article: about 3% of a WARC batch's CPU)."""
        return {key: _plain(getattr(self, key)) for key in FIELD_ORDER}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        art = cls(
            title=d["title"],
            text=d["text"],
            page_url=d["page_url"],
            url=d["url"],
            site=d["site"],
            category=d["category"],
            authors=[Author(**a) for a in d["authors"]],
            published=d["published"],
            summary=d["summary"],
            image_captions=list(d["image_captions"]),
            credits=list(d["credits"]),
            source=Source(**d["source"]),
            language=d["language"],
            extractor=ExtractorInfo(**d["extractor"]),
            warc=WarcLocation(**d["warc"]) if d.get("warc") else None,
            language_confidence=d.get("language_confidence"),  # absent from records made before it
            rights=Rights(**d.get("rights") or {}),
        )
        return art


FIELD_ORDER = (
    "id", "url", "page_url", "site", "category", "title", "authors", "published", "summary",
    "text", "image_captions", "credits", "source", "language", "word_count", "content_hash",
    "extractor", "warc", "language_confidence", "rights",
)


def _plain(value: Any) -> Any:
    """A record's value as JSON data: dataclasses as dicts (fields in order), lists copied."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return kind(_plain(v) for v in value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    return {name: _plain(getattr(value, name)) for name in _field_names(kind)}


_SCALARS = frozenset((str, int, float, bool, type(None)))


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def fold(text: str | None) -> str:
    """Case, accent-form, quote and spacing differences must not change an identity."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(WORD_RE.findall(text))


def _encodable(value: Any) -> Any:
    """`value` with lone surrogates replaced in every string it holds; the same object if none."""
    if isinstance(value, str):  # a subclass too (lxml's string results are one)
        return fix_surrogates(value)
    kind = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, list):
        cleaned = [_encodable(v) for v in value]
        return value if all(a is b for a, b in zip(cleaned, value, strict=True)) else cleaned
    if is_dataclass(kind):  # by its field names, looked up once per class (every article has five)
        changed = {name: new for name in _field_names(kind) if (new := _encodable(old := getattr(value, name))) is not old}
        return replace(value, **changed) if changed else value
    return value


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def article_id(title: str | None, text: str) -> str:
    """Stable across pages and runs: built from what the article says, never from where it was seen
    (a post has no URL in a text dump and a different one on every mirror)."""
    head = " ".join(fold(text[: ID_WORDS * 40]).split()[:ID_WORDS])
    key = f"{fold(title)}\n{head}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
