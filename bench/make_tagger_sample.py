"""Write the synthetic text dumps the line tagger's test checks the shipped model on.

    .venv/bin/python bench/make_tagger_sample.py [--out fixtures/tagger/sample.jsonl] [--pages 40]

Every page is made up (no text from the web is committed): sentences are drawn from small phrase
tables, laid out in the shapes whole-page dumps take (a <title> line, menus, headline lists, a
header with category, byline and date, the body with captions and ad labels, related lists,
comments, footers; forum threads; republisher posts between "Continue Reading" separators). Each
record is {"id", "url", "text", "body", "title"}: the gold body is the article's paragraphs. Fixed
seed: the same file on every run.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "tagger" / "sample.jsonl"
SEED = 16

SUBJECTS = ["The harbour council", "A spokesperson for the ministry", "Local growers", "The regional bank",
            "Residents of the old quarter", "Officials in the capital", "The ferry operator", "Researchers at the institute",
            "The school board", "Shop owners near the station", "The water authority", "Two of the largest exporters"]
VERBS = ["said on Tuesday that", "warned last week that", "expect that", "have argued for months that",
         "told reporters that", "confirmed in a statement that", "believe that", "noted in their annual report that"]
CLAUSES = ["the new timetable would start in the spring", "prices had risen faster than wages over the year",
           "the project was running about six months behind schedule", "demand for cold storage kept growing",
           "a second phase would depend on the budget vote", "the repairs to the sea wall were finished early",
           "visitor numbers had returned to their level before the pandemic", "the plan needed more public consultation",
           "the new rules would apply to all small businesses from January", "most of the funding came from local taxes",
           "the river had reached its highest level in a decade", "the talks would resume after the holiday"]
TAILS = ["", " according to figures released this month", " despite objections from several members",
         " in a move welcomed by most traders", " although details were not yet public"]
HEAD_WORDS = ["Harbour", "Ferry", "Council", "Growers", "Bank", "River", "School", "Market", "Port", "Station",
              "Budget", "Tea", "Winter", "Bridge", "Festival", "Water"]
HEAD_VERBS = ["plans", "delays", "opens", "backs", "rejects", "weighs", "expands", "cuts", "wins", "faces"]
HEAD_OBJS = ["new timetable", "cold-chain berths", "repair programme", "tax relief", "second phase",
             "rail link", "export push", "summer schedule", "flood defences", "price freeze"]
NAMES = ["Mei Lin", "Tao Zhang", "Ana Costa", "Jonas Berg", "Priya Nair", "Omar Haddad", "Lena Vogel", "Sam Okafor"]
SITES = ["Harbour Lines", "Mekong Monitor", "Northern Dispatch", "Valley Courier", "Coastal Ledger"]
MENU = ["Home", "World", "Business", "Politics", "Sport", "Culture", "Opinion", "Video", "Subscribe", "Sign In"]
CATEGORIES = ["Economy", "World", "Politics", "Business", "Environment"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}{rng.choice(TAILS)}."


def paragraph(rng: random.Random, lo: int = 1, hi: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def headline(rng: random.Random) -> str:
    return f"{rng.choice(HEAD_WORDS)} {rng.choice(HEAD_VERBS)} {rng.choice(HEAD_OBJS)}"


def date(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2025)}"


def article(rng: random.Random, n: int) -> dict:
    site = rng.choice(SITES)
    title = f"{headline(rng)} as {rng.choice(['talks', 'costs', 'crowds', 'rains'])} {rng.choice(['grow', 'stall', 'ease'])}"
    slug = title.lower().replace(" ", "-")
    body = [paragraph(rng, 1, 4) for _ in range(rng.randint(3, 9))]
    lines: list[str] = [f"{title} | {site}"] if rng.random() < 0.7 else []
    lines += rng.sample(MENU, rng.randint(4, 9))
    if rng.random() < 0.5:
        lines += [headline(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.6:
        lines.append(rng.choice(CATEGORIES))
    lines.append(title)
    if rng.random() < 0.7:
        lines.append(f"By {rng.choice(NAMES)}")
    if rng.random() < 0.7:
        lines.append(date(rng))
    text_lines = []
    for k, para in enumerate(body):
        text_lines.append(para)
        if k == 1 and rng.random() < 0.3:
            lines_extra = ["Advertisement"] if rng.random() < 0.5 else [f"{paragraph(rng, 1, 1)[:-1]} (Photo: {site})"]
            text_lines += lines_extra
    lines += text_lines
    if rng.random() < 0.6:
        lines += ["Related Articles"] + [headline(rng) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.4:
        lines += ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
    lines += [f"© {rng.randint(2015, 2025)} {site}. All rights reserved.", "Privacy Policy", "Contact"]
    url = f"https://{site.lower().replace(' ', '')}.example/{slug}/" if rng.random() < 0.6 else None
    return {"id": f"article-{n:02d}", "url": url, "text": "\n\n".join(lines) + "\n", "body": "\n\n".join(body),
            "title": title}


def forum(rng: random.Random, n: int) -> dict:
    site = rng.choice(SITES) + " Forum"
    title = f"How do I {rng.choice(['renew', 'apply for', 'cancel', 'transfer'])} a {rng.choice(['ferry pass', 'residence permit', 'market stall licence'])}?"
    posts = [paragraph(rng, 1, 3) for _ in range(rng.randint(3, 6))]
    lines = [f"{title} - {site}"] + rng.sample(MENU, 5) + [title]
    for post in posts:
        lines += [rng.choice(NAMES).replace(" ", "_").lower(), date(rng), post, "Reply"]
    lines += ["Powered by a forum engine", "Terms of use"]
    return {"id": f"forum-{n:02d}", "url": None, "text": "\n\n".join(lines) + "\n", "body": "\n\n".join(posts),
            "title": title}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    records = [forum(rng, n) if n % 5 == 4 else article(rng, n) for n in range(args.pages)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} pages to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
