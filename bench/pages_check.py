"""Header fields (title, category, authors, date) and chrome of the text-dump reader on real page texts.

    .venv/bin/python bench/pages_check.py [--cache FILE] [--gold FILE] [--show] [--final]
                                          [--train-per-fold] [--tagger MODULE:FUNCTION]

The pages are real page texts from the `pages` corpus (the text of a page from its start, about
2,000 characters), read the way a user reads a dump: `extract_text(text)` with no URL (the CLI
without `--url`), and again with the page's URL. The texts are kept OUTSIDE the repository (text
from the web is for measuring, never committed): `~/.cache/cleanwire/pages/pages.jsonl`, one
`{"url", "site", "text"}` a line, copied from the corpus's search results. What is committed is
`bench/pages_gold.jsonl`: per page its URL, site, fold, `final` flag and the hand-checked gold. A
page whose cached text does not show its gold (the search returned another copy of the address
when the cache was rebuilt) is skipped and counted (`unshown`).

Leave-site-out: every site is in one fold (0-4, a stable hash of the site), so a rule or a model
scored on a fold was chosen without any page of that fold's sites. A fifth of the sites (another
stable hash) is the final check: left out of every figure unless `--final` is given, which
reports those sites alone. `--final` is for the end of a piece of work, measured once; never tune
on it.

Figures: title right / all pages (a page that shows no headline is right only when the reader
gives none: no invented title); category right / pages that show one; authors right / pages
with a byline; date right / pages that show one; for each field, how many pages got a value the
page does not show (invented); chrome: gold chrome lines found in any article's text (should
be 0). Titles are compared after NFKC, case folding and collapsing non-word characters (as
bench/aeb_text.py does); categories case-insensitively; authors as sets of names, case-folded;
dates by their first ten characters (`published` may carry a time). A page the reader returns no
article for has null fields; the report counts the title misses that are such pages (a text that
shows a headline and no body: the reader gives no article, by design).

Learned readers (`--train-per-fold`): for each fold, `train(pages)` is called with the pages of
the OTHER folds (final sites never included) and the reader it returns scores the fold. The
function is named by `--tagger MODULE:FUNCTION` (default `extractors.tagger:train`):

    def train(pages: list[Page]) -> Reader: ...
    # Page: url, site, text, gold (Gold: title, category, authors, date, chrome)
    # Reader: any callable (text: str, url: str | None) -> list[extractors.Article]

Without `--train-per-fold` every fold is read by today's rules (`extract_text`), which were not
chosen on these pages. With `--final` and `--train-per-fold`, the tagger is trained once on every
non-final page.

Labelling conventions (how the gold was hand-labelled; a new page must follow them)
--------------------------------------------------------------------------------------
Which article: the first article the text shows: the page's main post; on a tag, archive or home
page that prints one post in full (or a single teaser), that post. A listing (several teasers, a
section front, a search page) keeps all fields null: the reader must not invent an article's
header from it.

title: the headline as the text shows it (compared normalised, see above); null when the text
shows none (it starts in the body, shows only a dek, a caption or a summary, or the headline is
only in the URL). A `<title>`-shaped line "Headline | Site", "Headline - Outlet", "Headline «
SITE", or a feed importer's "Headline - The Source Outlet", gives the headline without the site
or outlet. A column, series or genre prefix written as part of the headline stays ("Police
blotter: ...", "Commentary: ...", "FAKE ALERT: ...", "Feature: ..."); a columnist's name in front
("Joseph A. Bosco: Straight Talk on Taiwan") is the byline, not the title. Text glued before the
headline on its line is not the title: a breadcrumb ("Start United States USA — mix <title>"), a
date marker, a label ("Speech to Text for <title>"), a bullet. A headline shown only at the end of a
breadcrumb, or only under the body, is still the title. Printed twice, it is one title.

category: the section or category label the page shows for the article: a short label line just
above the title or glued to it ("China", "WORLD", "Posted inMalaysia", "AGAMI BRIEF"); the element
just before the title in a breadcrumb ("Home / World / <title>" -> World, "Politics ❯ ... ❯ X ❯
<title>" -> X, "Cambodia / General news" -> General news); "Topic | X"; "Category: X", "Filed
under: X", "Posted in X", "This entry was posted in X, Y" (several -> the first); a section label
that only a print-edition line gives ("Asia October 3rd 2020" -> Asia). Not a category: the site
or publication name, the source outlet an aggregator prints above a feed item ("Tribune Online",
"Hot Air"), tags and keyword lists, archive headings ("Archive for 'X'", "Tag: X", "Monthly
Archives: ..."), a series number ("JPRI Working Paper No. 124"), menus.

authors: the names a byline gives for the article's writer(s), each as printed without "By",
"Author:", ranks and honorifics ("Capt.", "Dr."), and without the affiliation: "By X", "By X and
Y", "by A, B, C", "X | Outlet", "Author: X, University", a bare name line in the header, a name
printed twice (avatar, then link) counts once, "Name: Headline", "Date: ... Author: X", "(X)"
closing an Indonesian article, a letter's signature, an author box or first-person bio under the
body ("About X", "I am X, a journalist at ..."), a byline under the body ("By X – Translated by
Y" -> X). Agencies, desks and staff bylines count as printed ("Reuters", "AFP", "Xinhua", "DPA",
"CGTN", "BenarNews staff", "BS Web Team", "NTD Newsroom", "Sports Reporter", "Times Fact Check");
a personal user handle counts ("johnraff"), a site's generic login does not ("admin", "CNFadmin",
"clpstaff"). Not a byline: an agency dateline ("HANOI (AP) —", "(Reuters) –"), foot credits
("Reporting by", "Writing by", "Edited by", "Edited By:", "Translated by", "Source: X"), a
guest author named only inside a note, photo credits, people quoted in the body.

date: the YYYY-MM-DD of the date the page shows for the article (its publication date; an
"Updated" date when that is the only one): a date line under or above the title, a byline's
date, "Published <date>", a blog's date header, "Post on MM/DD/YYYY", and the corpus's own
" date YYYY-MM-DD" marker at the start of some dumps. When a byline date and the marker disagree,
the byline's (a forum's marker can be the forum's). Null when the page gives no full date: a month
or year only ("January 2019", the marker " date 2024-01"), a week range, no year ("May 23",
"New Delhi, Aug 05"), a relative age ("3 weeks ago"), a date only inside the headline, a date
that lost a part ("13, 2018"), or a site's today-clock weeks away from the article's URL date.

chrome: lines of the text, copied exactly, that must never appear in an article's `text`, taken
from the article's span (title to just under the last body paragraph) and its header: share,
comment, newsletter, paywall and rating widgets; "Source link", "Read more/Read also/READ MORE:"
links, related-story links set inside the body; ad, embed and template placeholders ("spot_img",
"ARTICLE AD BOX", "[[nid:N]]", "{{ ... }}", "YouTube video", "block", image file names);
republication notes, feed footers and syndication disclaimers; author bio boxes; tag lines;
page counters. Not chrome: captions, credits, deks and bylines (they are fields of their own),
subheadings, quoted tweets, and furniture far from the article (site menus, footers).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from aeb_text import norm_title  # noqa: E402

from extractors.article import Article  # noqa: E402
from extractors.textdump import extract_text  # noqa: E402

DEFAULT_CACHE = Path.home() / ".cache" / "cleanwire" / "pages" / "pages.jsonl"
DEFAULT_GOLD = ROOT / "bench" / "pages_gold.jsonl"
DEFAULT_TAGGER = "extractors.tagger:train"
FOLDS = 5
FINAL_SHARE = 5  # one site in FINAL_SHARE is in the final check
FIELDS = ("title", "category", "authors", "date")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
CHROME_SUBSTRING_MIN = 25  # a chrome line this long also counts when merged into a longer paragraph

Reader = Callable[[str, "str | None"], list[Article]]


# --- the split ------------------------------------------------------------------------------------
def site_of(url: str) -> str:
    """The page's site: its host, without a leading "www."."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def fold_of(site: str) -> int:
    """Leave-site-out fold 0-4: all pages of a site in one fold, stable across runs and machines."""
    return _hash(site) % FOLDS


def is_final(site: str) -> bool:
    """A fifth of the sites, drawn by another hash: the final check, left out of tuning."""
    return _hash("final/" + site) % FINAL_SHARE == 0


# --- pages and gold -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Gold:
    title: str | None
    category: str | None
    authors: tuple[str, ...]
    date: str | None
    chrome: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    url: str
    site: str
    fold: int
    final: bool
    text: str
    gold: Gold
    notes: str = ""


class GoldError(ValueError):
    """A gold line that breaks the file's rules (one line of explanation)."""


def read_gold_line(raw: str, lineno: int) -> dict:
    try:
        row = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GoldError(f"line {lineno}: not JSON ({exc.msg})") from None
    missing = {"url", "site", "fold", "final", "title", "category", "authors", "date", "chrome"} - row.keys()
    if missing:
        raise GoldError(f"line {lineno}: missing {sorted(missing)}")
    site = site_of(row["url"])
    if row["site"] != site or row["fold"] != fold_of(site) or row["final"] != is_final(site):
        raise GoldError(f"line {lineno}: site/fold/final do not match the URL's ({site}, {fold_of(site)}, "
                        f"{is_final(site)})")
    if row["date"] is not None and not DATE.match(row["date"]):
        raise GoldError(f"line {lineno}: date {row['date']!r} is not YYYY-MM-DD")
    if not isinstance(row["authors"], list) or not isinstance(row["chrome"], list):
        raise GoldError(f"line {lineno}: authors and chrome must be lists")
    return row


def load_gold(path: Path) -> list[dict]:
    rows, seen = [], set()
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        row = read_gold_line(raw, lineno)
        if row["url"] in seen:
            raise GoldError(f"line {lineno}: {row['url']} labelled twice")
        seen.add(row["url"])
        rows.append(row)
    return rows


def load_pages(cache: Path, gold_path: Path) -> tuple[list[Page], list[str]]:
    """The gold pages with their cached text, and the URLs of gold pages missing from the cache."""
    texts = {}
    for raw in cache.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            row = json.loads(raw)
            texts[row["url"]] = row["text"]
    pages, missing = [], []
    for row in load_gold(gold_path):
        if row["url"] not in texts:
            missing.append(row["url"])
            continue
        gold = Gold(row["title"], row["category"], tuple(row["authors"]), row["date"], tuple(row["chrome"]))
        pages.append(Page(row["url"], row["site"], row["fold"], row["final"], texts[row["url"]], gold,
                          row.get("notes", "")))
    return pages, missing


def unshown(page: Page) -> list[str]:
    """The gold values (title, category, authors, chrome lines) that the cached text does not show: the
    labels were made on another copy of the page (the `pages` corpus can return another excerpt of an
    address when the cache is rebuilt), so the page says nothing about the reader."""
    text = norm_title(page.text)
    values = [page.gold.title, page.gold.category, *page.gold.authors, *page.gold.chrome]
    return [v for v in values if v and norm_title(v) not in text]


# --- scoring --------------------------------------------------------------------------------------
def _norm_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def fields_of(articles: list[Article]) -> dict[str, object]:
    """The header fields of the first article (null fields when there is none)."""
    if not articles:
        return {"title": None, "category": None, "authors": (), "date": None}
    first = articles[0]
    return {"title": first.title, "category": first.category, "authors": tuple(a.name for a in first.authors),
            "date": (first.published or "")[:10] or None}


def same(field_name: str, got: object, want: object) -> bool:
    if field_name == "title":
        return norm_title(got) == norm_title(want)  # type: ignore[arg-type]
    if field_name == "category":
        return _norm_name(got or "") == _norm_name(want or "")  # type: ignore[arg-type]
    if field_name == "authors":
        return {_norm_name(n) for n in got} == {_norm_name(n) for n in want}  # type: ignore[union-attr]
    return (got or None) == (want or None)


def chrome_left(chrome: Iterable[str], articles: list[Article]) -> list[str]:
    """The gold chrome lines that reached an article's text (as a paragraph, or inside a longer one)."""
    paragraphs = {" ".join(p.split()) for a in articles for p in a.text.split("\n\n")}
    flat = " ".join(" ".join(a.text.split()) for a in articles)
    left = []
    for line in chrome:
        line = " ".join(line.split())
        if line in paragraphs or (len(line) >= CHROME_SUBSTRING_MIN and line in flat):
            left.append(line)
    return left


@dataclass
class Tally:
    pages: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    shown: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    invented: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    chrome_lines: int = 0  # gold chrome lines on these pages
    chrome_left: int = 0  # ...found in an article's text
    chrome_pages: int = 0  # pages with at least one left
    # pages read as no article although they show a headline: a text with no body (the headline
    # alone, or printed twice) gives no article by design, so its title is a miss no header rule takes
    titled_no_article: int = 0

    def add(self, other: Tally) -> None:
        self.pages += other.pages
        for f in FIELDS:
            self.right[f] += other.right[f]
            self.shown[f] += other.shown[f]
            self.invented[f] += other.invented[f]
        self.chrome_lines += other.chrome_lines
        self.chrome_left += other.chrome_left
        self.chrome_pages += other.chrome_pages
        self.titled_no_article += other.titled_no_article

    def score(self, field_name: str) -> tuple[int, int]:
        """(right, out of): titles over all pages, the other fields over the pages that show one."""
        if field_name == "title":
            return self.right["title"], self.pages
        return self.right[field_name], self.shown[field_name]


def score_page(page: Page, articles: list[Article], tally: Tally) -> list[str]:
    """Add one page to the tally; the differences, for --show."""
    got = fields_of(articles)
    want = {"title": page.gold.title, "category": page.gold.category, "authors": page.gold.authors,
            "date": page.gold.date}
    tally.pages += 1
    tally.titled_no_article += bool(want["title"]) and not articles
    diffs = [] if articles or not want["title"] else ["no article (the reader found no body)"]
    for f in FIELDS:
        shown = bool(want[f])
        tally.shown[f] += shown
        ok = same(f, got[f], want[f])
        # a field the page does not show counts for the title only (no invented title); for the
        # others, an invented value is counted apart and the page is not in the denominator
        if shown or f == "title":
            tally.right[f] += ok
        if not shown and got[f]:
            tally.invented[f] += 1
        if not ok:
            diffs.append(f"{f}: got {got[f]!r}, want {want[f]!r}")
    left = chrome_left(page.gold.chrome, articles)
    tally.chrome_lines += len(page.gold.chrome)
    tally.chrome_left += len(left)
    tally.chrome_pages += bool(left)
    diffs.extend(f"chrome left: {line[:100]!r}" for line in left)
    return diffs


# --- readers --------------------------------------------------------------------------------------
def rules_reader(text: str, url: str | None) -> list[Article]:
    return extract_text(text, url)


def load_trainer(spec: str) -> Callable[[list[Page]], Reader]:
    module_name, _, func = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SystemExit(f"pages_check: no tagger to train: cannot import {module_name} ({exc})") from None
    trainer = getattr(module, func or "train", None)
    if not callable(trainer):
        raise SystemExit(f"pages_check: no tagger to train: {module_name} has no function {func or 'train'}")
    return trainer


def evaluate(pages: list[Page], readers: dict[int, Reader], with_url: bool, show: bool) -> dict[int, Tally]:
    tallies: dict[int, Tally] = {}
    for page in pages:
        reader = readers[page.fold]
        articles = reader(page.text, page.url if with_url else None)
        diffs = score_page(page, articles, tallies.setdefault(page.fold, Tally()))
        if show and diffs:
            print(f"{page.url}  [fold {page.fold}{', final' if page.final else ''}]")
            for d in diffs:
                print("   ", d)
    return tallies


# --- report ---------------------------------------------------------------------------------------
def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.0f}%)" if total else "-"


def report(label: str, tallies: dict[int, Tally]) -> Tally:
    overall = Tally()
    for t in tallies.values():
        overall.add(t)
    print(f"\n{label}: {overall.pages} pages")
    print(f"  {'':9} {'overall':>15}  " + "  ".join(f"{'fold ' + str(k):>13}" for k in sorted(tallies)))
    for f in FIELDS:
        cells = "  ".join(f"{_pct(*tallies[k].score(f)):>13}" for k in sorted(tallies))
        print(f"  {f:9} {_pct(*overall.score(f)):>15}  {cells}   invented on {overall.invented[f]}")
    print(f"  {'chrome':9} {overall.chrome_left} of {overall.chrome_lines} gold chrome lines left in text, "
          f"on {overall.chrome_pages} pages")
    print(f"  {'':9} {overall.titled_no_article} title misses are pages read as no article (no body found)")
    return overall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="page texts (JSONL, outside the repository)")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="hand-checked labels (bench/pages_gold.jsonl)")
    parser.add_argument("--show", action="store_true", help="print every page whose fields differ")
    parser.add_argument("--final", action="store_true",
                        help="score the final fifth of the sites only (measure once, at the end; never tune on it)")
    parser.add_argument("--train-per-fold", action="store_true",
                        help="train the tagger on the other folds for each fold (see --tagger)")
    parser.add_argument("--tagger", default=DEFAULT_TAGGER, help="MODULE:FUNCTION of the trainer (default %(default)s)")
    parser.add_argument("--no-url", action="store_true", help="only the CLI-without-URL reading")
    args = parser.parse_args(argv)

    if not args.cache.is_file():
        print(f"pages_check: no page cache at {args.cache} (page texts are not committed; see the docstring)",
              file=sys.stderr)
        return 2
    try:
        pages, missing = load_pages(args.cache, args.gold)
    except (OSError, GoldError, json.JSONDecodeError) as exc:
        print(f"pages_check: {args.gold}: {exc}", file=sys.stderr)
        return 2
    if missing:
        print(f"pages_check: {len(missing)} gold pages are not in the cache (skipped), e.g. {missing[0]}",
              file=sys.stderr)
    if stale := [p.url for p in pages if unshown(p)]:
        print(f"pages_check: {len(stale)} cached texts do not show their gold (another copy of the page: skipped), "
              f"e.g. {stale[0]}", file=sys.stderr)
    scored = [p for p in pages if p.final == args.final and p.url not in stale]
    folds = sorted({p.fold for p in scored})
    if args.train_per_fold:
        trainer = load_trainer(args.tagger)
        train_pool = [p for p in pages if not p.final]
        if args.final:
            reader = trainer(train_pool)
            readers = dict.fromkeys(folds, reader)
        else:
            readers = {k: trainer([p for p in train_pool if p.fold != k]) for k in folds}
    else:
        readers = dict.fromkeys(folds, rules_reader)

    sites = {p.site for p in scored}
    what = "FINAL CHECK (sites held out of all tuning)" if args.final else "development folds (final sites left out)"
    print(f"{len(scored)} pages from {len(sites)} sites: {what}; reader: "
          f"{args.tagger + ' trained per fold' if args.train_per_fold else 'rules (extract_text)'}")
    report("CLI without URL: extract_text(text)", evaluate(scored, readers, with_url=False, show=args.show))
    if not args.no_url:
        report("with the page's URL: extract_text(text, url)", evaluate(scored, readers, with_url=True, show=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
