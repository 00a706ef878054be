"""Fuzz the extractors the way a hostile user would: real pages mutated, each through the public API.

    .venv/bin/python bench/fuzz.py [--inputs 100000] [--seed 1] [--timeout 20] [--wall 120] [--workers 2]
                                   [--kinds truncate,charset,...] [--save DIR] [--json FILE]

Every input is built from (seed, index) alone, so any reported input is rebuilt exactly with
`--only INDEX`. Sources: the fixtures, and when present beside the checkout (../shared) the AEB
pages, their text dumps, the seeds and the reference pages. Each input runs in a worker process
under a time limit; the contract checked is the library's: articles (possibly none) or an
`ExtractionError`, nothing else, within the limit. The limit is on the worker's CPU time (a
machine shared with other work stretches wall time, not CPU time), with a wall-clock backstop of
`--wall` seconds for an input that waits instead of computing. Reported: inputs by kind, exceptions
by type, timeouts, the slowest inputs (CPU and wall seconds) and the workers' peak RSS.

The mutation kinds (`KINDS`) are shared with tests/test_fuzz.py, which runs a few hundred of each.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import platform
import random
import re
import resource
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


# --- sources ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    html: tuple[bytes, ...]
    text: tuple[str, ...]


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@cache
def corpus(shared: bool = True, limit: int | None = None) -> Corpus:
    """Fixture pages and dumps; with `shared`, also the benchmark pages beside the checkout."""
    html_paths = sorted((ROOT / "fixtures").rglob("*.html"))
    text_paths = sorted((ROOT / "fixtures" / "text").glob("*.txt"))
    if shared and SHARED.is_dir():
        html_paths += sorted((SHARED / "benchmarks" / "aeb" / "html").glob("*.html.gz"))[:limit]
        html_paths += sorted((SHARED / "reference").glob("*.html"))
        text_paths += sorted((SHARED / "benchmarks" / "aeb-text" / "text").glob("*.txt"))[:limit]
        text_paths += sorted((SHARED / "seeds").glob("*.txt"))
    return Corpus(html=tuple(_read(p) for p in html_paths),
                  text=tuple(_read(p).decode("utf-8", errors="replace") for p in text_paths))


# --- cases --------------------------------------------------------------------------------------
@dataclass
class Case:
    kind: str
    api: str  # "html" (extract_html) or "text" (extract_text)
    payload: str | bytes
    note: str  # what was done, for the report
    url: str | None = "https://news.example/2024/05/01/post/"


Mutator = Callable[[random.Random, Corpus], Case]


def _pos(rng: random.Random, page: bytes, lo: float = 0.0) -> int:
    """A tag boundary at a random place (after the first `lo` share of the page)."""
    start = rng.randrange(int(len(page) * lo), max(len(page), 1))
    found = page.find(b"<", start)
    return found if found >= 0 else len(page)


def _body(rng: random.Random, page: bytes) -> int:
    """A tag boundary inside the body, where an article's markup sits."""
    b = page.find(b"<body")
    return _pos(rng, page, 0.3) if b < 0 else max(_pos(rng, page, 0.3), page.find(b">", b) + 1)


def _insert(page: bytes, at: int, blob: bytes) -> bytes:
    return page[:at] + blob + page[at:]


def truncate(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    cut = rng.choice([rng.randrange(len(page)), rng.randrange(min(len(page), 4096)), rng.randrange(64)])
    return Case("truncate", "html", page[:cut], f"cut at byte {cut} of {len(page)}")


SPECIAL_BYTES = b"<>\"'&=/\x00\xff\xfe\x80\xc0\xed\xf4\n;#"


def byteflip(rng: random.Random, c: Corpus) -> Case:
    page = bytearray(rng.choice(c.html))
    n = rng.choice([1, 3, 10, 100, max(1, len(page) // 100), max(1, len(page) // 10)])
    for _ in range(n):
        page[rng.randrange(len(page))] = rng.choice(SPECIAL_BYTES) if rng.random() < 0.5 else rng.randrange(256)
    return Case("byteflip", "html", bytes(page), f"{n} bytes changed")


# Names codecs.lookup accepts that are not text encodings, that cannot decode arbitrary bytes, or
# that do not exist; then real legacy charsets.
HOSTILE_CHARSETS = (
    "zlib", "zlib_codec", "zip", "base64", "base_64", "base64_codec", "bz2", "hex", "hex_codec", "rot13",
    "rot_13", "uu", "uu_codec", "quopri", "quotedprintable", "idna", "punycode", "utf-16", "utf-16le",
    "utf-16be", "utf-32", "utf-32be", "utf-7", "utf_8_sig", "unicode_escape", "raw_unicode_escape",
    "unicode-internal", "mbcs", "oem", "cp65001", "x-user-defined", "undefined", "string_escape",
    "palmos", "charmap", "ascii", "", "x" * 60, "utf-8\x00", "../../etc/passwd", "utf-8;charset=zlib",
)
LEGACY_CHARSETS = ("windows-1252", "iso-8859-1", "shift_jis", "euc-jp", "iso-2022-jp", "gb18030", "big5",
                   "euc-kr", "koi8-r", "windows-1251", "iso-8859-7", "cp437", "mac-roman", "hz", "tis-620")
_DECLARATION = re.compile(rb"<meta[^>]+charset[^>]*>", re.IGNORECASE)


def charset(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    name = rng.choice(HOSTILE_CHARSETS + LEGACY_CHARSETS)
    form = rng.choice(['<meta charset="{}">', "<meta charset={}>",
                       '<meta http-equiv="Content-Type" content="text/html; charset={}">',
                       '<?xml version="1.0" encoding="{}"?>'])
    decl = form.format(name).encode("latin-1", errors="replace")
    page = _DECLARATION.sub(b"", page, count=1)
    page = decl + page if decl.startswith(b"<?xml") or rng.random() < 0.3 else page.replace(b"<head>", b"<head>" + decl, 1)
    note = f"declared {name!r}"
    if rng.random() < 0.5:  # the body really in some other encoding
        target = rng.choice(LEGACY_CHARSETS + ("utf-16-le", "utf-16-be", "utf-32", "utf-7", "latin-1"))
        page = page.decode("utf-8", errors="replace").encode(target, errors="replace")
        note += f", bytes in {target}"
    return Case("charset", "html", page, note)


BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
        b"+/v8", b"\xf7\x64\x4c", b"\x0e\xfe\xff", b"\xfb\xee\x28", b"\x84\x31\x95\x33")


def bom(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    mark = rng.choice(BOMS)
    encoding = rng.choice(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "latin-1"])
    body = page.decode("utf-8", errors="replace").encode(encoding, errors="replace")
    if rng.random() < 0.2:
        body = body[: rng.randrange(1, 8)]  # a BOM and almost nothing
    return Case("bom", "html", mark * rng.choice([1, 1, 2]) + body, f"BOM {mark!r} over {encoding}")


BLOCK_NEST = ("div", "section", "blockquote", "ul", "ol", "li", "article", "aside", "main", "p", "table", "td", "dl")
INLINE_NEST = ("span", "b", "i", "a", "em", "font", "small", "strong", "u", "sub", "q", "label")
NEST_DEPTHS = (50, 500, 1990, 2000, 2001, 2500, 10_000, 100_000)


def nesting(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    tag = rng.choice(BLOCK_NEST + INLINE_NEST + ("table><tr><td", "ul><li", "div><p"))
    depth = rng.choice(NEST_DEPTHS)
    text = rng.choice([b"", b"x", b"word " * 5])
    open_ = f"<{tag}>".encode() + text
    close = b"".join(f"</{t.split()[0]}>".encode() for t in reversed(tag.split("><")))
    blob = open_ * depth + b"deep" + (close * depth if rng.random() < 0.6 else b"")
    return Case("nesting", "html", _insert(page, _body(rng, page), blob), f"{depth} x <{tag}>")


MB = 1_000_000  # sizes are reported in decimal megabytes

ATTR_SIZES = (10_000, 100_000, 1_000_000, 3_000_000)


def attribute(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    size = rng.choice(ATTR_SIZES)
    name = rng.choice(["class", "id", "style", "href", "title", "data-x", "srcset", "content", "itemprop", "lang"])
    unit = rng.choice([b"a", b"ab ", b"&amp;", b"<p>", b"\xe2\x80\x8b", b"share ", b"'", b"\""])
    value = unit * (size // len(unit))
    quote = rng.choice([b'"', b"'", b""])
    attr = b" " + name.encode() + b"=" + quote + value + (quote if rng.random() < 0.9 else b"")
    count = rng.choice([1, 1, 1, 3, 7])
    if rng.random() < 0.2:  # many attributes on one element instead of one long one
        attr = b"".join(b" a%d=%s" % (k, unit) for k in range(size // 10))
    for _ in range(count):
        at = rng.choice([page.find(b"<body") + 5, page.find(b"<html") + 5, _body(rng, page) + 2])
        page = _insert(page, max(at, 0), attr)
    return Case("attribute", "html", page, f"{count} x {name}= {size} bytes of {unit!r}"
                if not attr.startswith(b" a0=") else f"{count} x {size // 10} attributes")


TINY = (b"<p>a</p>", b"<div>a</div>", b"<span>a</span>", b'<a href="/x">a</a>', b"<br>", b"<li>a</li>",
        b"<td>a", b"<img src=x>", b"<option>a", b"<i>a</i> ", b"<p>a b c d e f g h</p>", b"<h2>a</h2>",
        b"<div><p>a</p></div>", b"<!-- c -->", b"<p>")
ELEMENT_COUNTS = (1_000, 10_000, 19_000, 20_500, 50_000, 100_000, 200_000)


def elements(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    el = rng.choice(TINY)
    n = rng.choice(ELEMENT_COUNTS)
    return Case("elements", "html", _insert(page, _body(rng, page), el * n), f"{n} x {el!r}")


def nul(rng: random.Random, c: Corpus) -> Case:
    page = bytearray(rng.choice(c.html))
    how = rng.choice(["few", "run", "interleaved", "head"])
    if how == "few":
        for _ in range(rng.choice([1, 5, 50])):
            page.insert(rng.randrange(len(page)), 0)
    elif how == "run":
        at = rng.randrange(len(page))
        page[at:at] = b"\x00" * rng.choice([10, 1000, 100_000])
    elif how == "interleaved":
        page = bytearray(b"".join(bytes([b, 0]) for b in page[: rng.randrange(1, 20_000)]))
    else:
        page[0:0] = b"\x00" * rng.choice([1, 100])
    return Case("nul", "html", bytes(page), f"NUL bytes: {how}")


JSON_DEPTHS = (100, 900, 1_000, 5_000, 100_000, 1_000_000)


def _deep_json(rng: random.Random, depth: int) -> str:
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}"), ('{"@graph":[', "]}"), ('{"author":', "}")])
    body = rng.choice(['"x"', "1", "{}", '{"headline": "deep"}'])
    return opener * depth + body + (closer * depth if rng.random() < 0.8 else "")


def jsonish(rng: random.Random, c: Corpus) -> Case:
    depth = rng.choice(JSON_DEPTHS)
    how = rng.choice(["document", "jsonld", "jsonld-types", "html-in-json", "graph"])
    if how == "document":  # a JSON response saved as a page
        payload = _deep_json(rng, depth).encode()
    elif how == "jsonld":
        page = rng.choice(c.html)
        block = b'<script type="application/ld+json">' + _deep_json(rng, depth).encode() + b"</script>"
        payload = page.replace(b"</head>", block + b"</head>", 1)
        how += f" depth {depth}"
    elif how == "jsonld-types":  # every field of the wrong type
        page = rng.choice(c.html)
        value = rng.choice(['[1,2]', '{"a":{"b":1}}', "null", "1e999", "true", '"' + "x" * 10_000 + '"',
                            '[{"name":[{"name":{"name":1}}]}]', '"2024-13-45T99:99"', '"\\ud800"'])
        obj = ("{" + ",".join(f'"{k}":{value}' for k in ("@type", "headline", "datePublished", "author",
                                                          "articleSection", "articleBody", "@graph")) + "}")
        block = f'<script type="application/ld+json">{obj}</script>'.encode()
        payload = page.replace(b"</head>", block + b"</head>", 1)
        how += f" {value[:30]}"
    elif how == "html-in-json":
        page = rng.choice(c.html).decode("utf-8", errors="replace")
        payload = json.dumps({"html": page, "nested": json.loads("[" * 50 + "]" * 50)}).encode()
    else:
        n = rng.choice([1_000, 100_000])
        items = ",".join(['{"@type":"NewsArticle","headline":"h","datePublished":"2024-01-01"}'] * n)
        page = rng.choice(c.html)
        payload = page.replace(b"</head>", b'<script type="application/ld+json">{"@graph":[' + items.encode()
                               + b"]}</script></head>", 1)
        how += f" of {n}"
    return Case("json", "html", payload, f"{how}, depth {depth}")


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hello</text>'
       + b'<g>' * 3000 + b'</g>' * 3000 + b"</svg>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'.encode()
                     for i in range(9))
          + b"]><html><body><p>&lol8;</p></body></html>")


def xmlish(rng: random.Random, c: Corpus) -> Case:
    how = rng.choice(["feed", "sitemap", "svg", "laughs", "xhtml", "svg-in-page", "cdata", "pi"])
    if how == "feed":
        payload = (ROOT / "fixtures" / "site" / "feed" / "index.xml").read_bytes() \
            if (ROOT / "fixtures" / "site" / "feed" / "index.xml").exists() else b"<rss><channel><item><title>t</title></item></channel></rss>"
    elif how == "sitemap":
        payload = (ROOT / "fixtures" / "site" / "sitemap.xml").read_bytes()
    elif how == "svg":
        payload = SVG
    elif how == "laughs":
        payload = LAUGHS
    elif how == "xhtml":
        payload = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" ' \
                  b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">' + rng.choice(c.html)
    elif how == "svg-in-page":
        page = rng.choice(c.html)
        payload = _insert(page, _body(rng, page), SVG * rng.choice([1, 20]))
    elif how == "cdata":
        page = rng.choice(c.html)
        payload = _insert(page, _body(rng, page), b"<![CDATA[" + b"<p>x</p>" * 1000 + rng.choice([b"]]>", b""]))
    else:
        page = rng.choice(c.html)
        payload = b'<?xml-stylesheet href="x"?><?php echo 1; ?>' + page
    return Case("xml", "html", payload, how)


HOSTILE_URLS = (
    "http://[::1", "http://[::1]]/", "https://[gibberish]/x", "http://[", "//[::1", "http://a:b:c/",
    "http://host:99999999/", "http://host:-1/", "http://user@:80", "http://%zz/", "http://ex ample.com/",
    "http://xn--/", "http://xn--a.example/", "http://\u2100.example/", "http://\udcff.example/", "http://a\x00b/",
    "javascript:alert(1)", "data:text/html,<p>x</p>", "file:///etc/passwd", "\\\\server\\share", "http:",
    "http://" + "a" * 70_000 + ".example/", "https://example.com/" + "%" * 5000, "mailto:", " ", "#", "?",
    "http://ex\u00e4mple.com/\u00e9t\u00e9", "http://[fe80::1%25eth0]/", "http://[v1.x]/", "ftp://x/y",
)


def links(rng: random.Random, c: Corpus) -> Case:
    page = rng.choice(c.html)
    bad = rng.choice(HOSTILE_URLS)
    raw = bad.encode("utf-8", errors="surrogateescape") if rng.random() < 0.8 else bad.encode("latin-1", errors="replace")
    tags = [b'<link rel="canonical" href="%s">', b'<meta property="og:url" content="%s">', b'<a href="%s">x</a>',
            b'<div itemid="%s">', b'<base href="%s">']
    for _ in range(rng.choice([1, 3, 20])):
        snippet = rng.choice(tags).replace(b"%s", raw)
        at = page.find(b"</head>") if b"<link" in snippet or b"<meta" in snippet or b"<base" in snippet else _body(rng, page)
        page = _insert(page, max(at, 0), snippet)
    page = re.sub(rb'href="[^"]*"', lambda m: b'href="' + raw + b'"' if rng.random() < 0.2 else m.group(0), page)
    url = rng.choice([None, "https://news.example/p/", bad, "http://[::1]:8080/p", "file:///tmp/x.html"])
    case = Case("links", "html", page, f"links to {bad[:60]!r}, page url {str(url)[:40]!r}")
    case.url = url
    return case


LINE_COUNTS = (10_000, 100_000)
LONG_LINE_REPEATS = (10_000, 500_000)
DUMP_COPIES = (10, 200)


def _garble(rng: random.Random, text: str) -> str:
    """What a broken upstream leaves in a str: lone surrogates, controls, stray marks."""
    junk = ["\ud800", "\udfff", "\udc80", "\ud83d", "\ude00", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b",
            "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\u202e", "\u200b",
            "\u0301" * 1000, "\U0010ffff", "\r", "\r\n"]
    cuts = sorted(rng.randrange(len(text) + 1) for _ in range(rng.choice([1, 10, 100, max(1, len(text) // 20)])))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "".join(piece + rng.choice(junk) for piece in pieces[:-1]) + pieces[-1]


def surrogates(rng: random.Random, c: Corpus) -> Case:
    if rng.random() < 0.5:
        text = rng.choice(c.text)
        how = rng.choice(["garble", "escape"])
        if how == "escape":  # bytes mangled, then read with errors="surrogateescape"
            raw = bytearray(text.encode("utf-8"))
            for _ in range(rng.choice([1, 20, 500])):
                raw[rng.randrange(len(raw))] = rng.randrange(128, 256)
            text = raw.decode("utf-8", errors="surrogateescape")
        else:
            text = _garble(rng, text)
        return Case("surrogates", "text", text, f"dump, {how}")
    page = rng.choice(c.html).decode("utf-8", errors="replace")
    return Case("surrogates", "html", _garble(rng, page), "page as str, garbled")


def textdump(rng: random.Random, c: Corpus) -> Case:
    text = rng.choice(c.text)
    how = rng.choice(["truncate", "flip", "lines", "longline", "separators", "cr", "patterns", "empty", "marks",
                      "wrapped"])
    if how == "truncate":
        text = text[: rng.randrange(len(text) + 1)]
    elif how == "flip":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(rng.choice([1, 50, 1000])):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        text = raw.decode(rng.choice(["utf-8", "latin-1", "cp1252"]), errors=rng.choice(["replace", "surrogateescape", "ignore"]))
    elif how == "lines":
        text = "\n".join(rng.choice(["a", "", "Continue Reading", "Published", "on", "By A B", "x y z."])
                         for _ in range(rng.choice(LINE_COUNTS)))
    elif how == "longline":
        text = text + "\n" + rng.choice(["word ", "a", "Read the rest of this article on ", "(Photo: "]) * rng.choice(LONG_LINE_REPEATS)
    elif how == "separators":
        text = "\n\nContinue Reading\n\n".join([text] * rng.choice(DUMP_COPIES))
    elif how == "cr":
        text = text.replace("\n", rng.choice(["\r", "\r\r\n", "\u2028", "\x0b", "\x0c", "\x1c", "\x85"]))
    elif how == "patterns":  # near-misses for the pattern table's regular expressions, at length
        stem = rng.choice(["Read the rest of this article on ", "This article was republished from ",
                           "The post ", "By ", "Source: ", "Photo: ", "Continue reading on ", "Translated by "])
        text = "\n\n".join([stem + rng.choice(["a", "a ", "(", ". ", "appeared first on "]) * rng.choice([50, 150, 1000])] * 30)
    elif how == "wrapped":  # each line goes on in lower case from the one before, and none ends a sentence
        text = "\n".join(f"{rng.choice(['and', 'the', 'of'])} line {i} goes on in lower case and ends no sentence"
                          for i in range(rng.choice(LINE_COUNTS)))
    elif how == "empty":
        text = rng.choice(["", " ", "\n" * 1000, "\x00" * 100, "\ufeff", "\u00a0\u200b" * 500])
    else:
        text = "".join(ch + "\u0301" * rng.choice([0, 0, 50]) for ch in text[:20_000])
    return Case("text", "text", text, how)


# --- the kinds an independent check found escaping (issue 19) ---------------------------------------
FORMATTING = ("b", "i", "u", "s", "em", "strong", "font", "small", "big", "code", "tt", "strike", "nobr", "a")
CLONE_TAGS = (100, 600, 3000)
CLONE_BLOCKS = (1000, 6000, 30_000)


def clones(rng: random.Random, c: Corpus) -> Case:
    """Formatting elements left open in a block that closes, then many blocks: the parser clones
    every one of them into each later block (HTML's reconstruction of formatting elements)."""
    n, blocks = rng.choice(CLONE_TAGS), rng.choice(CLONE_BLOCKS)
    names = rng.choice([("b",), FORMATTING, ("a",), ("font", "nobr")])
    value = rng.choice(["", "v" * 100, "v" * 4000, "v" * 4095])
    upper = rng.random() < 0.2
    how = rng.choice(["div", "select", "table", "li", "p", "identical"])
    tags = []
    for j in range(n):
        name = rng.choice(names)
        tag = f"<{name}>" if how == "identical" else f'<{name} class="c{j}{value}">'
        tags.append({"select": tag + "<select></" + name + "></select>", "table": tag + "<table></" + name + ">",
                     "li": "<li>" + tag + "x", "p": "<p>" + tag + "x"}.get(how, tag))
    block = rng.choice(["<p>word word</p>", "<li>word</li>", "<div>word</div>", "\n<p>word word", "<td>word</td>"])
    page = ("<html><body><div>" + "".join(tags) + "</div>" + block * blocks) if how != "li" else \
        ("<html><body><ul>" + "".join(tags) + "</ul>" + block * blocks)
    if upper:
        page = re.sub(r"</?[a-z]+", lambda m: m.group(0).upper(), page)
    if rng.random() < 0.3:  # inside a real page
        real = rng.choice(c.html)
        return Case("clones", "html", _insert(real, _body(rng, real), page.encode()),
                    f"{n} x {how} {'/'.join(names)} value {len(value)}, {blocks} blocks, in a page")
    return Case("clones", "html", page.encode(), f"{n} x {how} {'/'.join(names)} value {len(value)}, "
                f"{blocks} x {block.strip()!r}{', upper case' if upper else ''}")


END_TAG_FLOODS = ("</p>", "</br>", "</p></br>", "</P></BR>", "<p>a", "<b><div></b>x</div>", "<b><p>x</b>y</p>",
                  "<a><b><i><div>", "</div>", "</td></tr>", "</li>")
END_TAG_COUNTS = (5_000, 20_000, 100_000, 200_000)


def endtags(rng: random.Random, c: Corpus) -> Case:
    """End tags that make elements (a stray </p>, </br>) or misnested ones the adoption agency
    rebuilds, by the ten thousand."""
    unit, n = rng.choice(END_TAG_FLOODS), rng.choice(END_TAG_COUNTS)
    blob = unit * n + ("</p>" * n if unit == "<p>a" else "")
    real = rng.choice(c.html)
    payload = _insert(real, _body(rng, real), blob.encode()) if rng.random() < 0.5 else f"<html><body>{blob}".encode()
    return Case("endtags", "html", payload, f"{n} x {unit!r}")


TEASER_SIZES = (0.1, 0.5, 0.95, 2.9, 3.0)
SENTENCES = ("The minister said the plan would be reviewed again next year by the board.",
             "Officials in the capital declined to comment on the report before the vote on Friday.")


def teasers(rng: random.Random, c: Corpus) -> Case:
    """Teaser-shaped dumps: "Continue Reading", a sentence, "Read more", a Title Case line, repeated;
    and floods of short lines."""
    size = rng.choice(TEASER_SIZES) * MB
    how = rng.choice(["teaser", "teaser-long", "short-lines", "titles", "post-and-lines"])
    if how == "teaser":
        unit = f"Continue Reading\n{rng.choice(SENTENCES)}\nRead more\nSenior Officials Meet In Tokyo\n"
    elif how == "teaser-long":
        unit = "Continue Reading\nSenior Officials Meet In Tokyo\n" + (rng.choice(SENTENCES) + "\n") * rng.choice([6, 30, 100])
    elif how == "short-lines":
        unit = rng.choice(["x\n", "Tokyo Meet\n", "Read more\n", "a\n\n"])
    elif how == "titles":
        unit = "Senior Officials Meet In Tokyo\n"
    else:
        unit = "Continue Reading\nSenior Officials Meet In Tokyo\n" + SENTENCES[0] + "\n" + "Tokyo Meet\n" * rng.choice([20, 100, 1000])
    text = unit * max(1, int(size // len(unit)))
    return Case("teasers", "text", text, f"{how}, {len(text) / MB:.2f} MB")


def urls(rng: random.Random, c: Corpus) -> Case:
    """A page or dump read with a URL no parser takes (the slug, the site key and links read it)."""
    url = rng.choice(HOSTILE_URLS + ("http://[:::1]/", "http://[::1]:99999/a-slug-of-words", "https://h:port/x"))
    if rng.random() < 0.5:
        case = Case("urls", "text", rng.choice(c.text), f"dump at {url[:60]!r}")
    else:
        case = Case("urls", "html", rng.choice(c.html), f"page at {url[:60]!r}")
    case.url = url
    return case


def nulflood(rng: random.Random, c: Corpus) -> Case:
    """Characters that are no word: NUL references and bytes, U+FFFD, a line of ", " two million long."""
    how = rng.choice(["nul-refs", "nul-refs-alone", "comma-line", "nul-text", "fffd-text"])
    if how.startswith("nul-refs"):
        real = rng.choice(c.html)
        blob = b"&#0;" * rng.choice([1000, 10_000, 100_000])
        payload = _insert(real, _body(rng, real), blob) if how == "nul-refs" else \
            b"<html><body><article><p>" + blob + b"</p></article></body></html>"
        return Case("nulflood", "html", payload, f"{how}, {len(blob) // 4} x &#0;")
    if how == "comma-line":
        line = ", " * rng.choice([100_000, 1_000_000])
        if rng.random() < 0.5:
            return Case("nulflood", "html", f"<html><body><article><p>{line}</p></article></body></html>".encode(), how)
        return Case("nulflood", "text", rng.choice(c.text) + "\n" + line, how)
    text = rng.choice(c.text)
    junk = "\x00" if how == "nul-text" else "\ufffd"
    n = rng.choice([1000, 100_000])
    at = rng.randrange(len(text) + 1)
    return Case("nulflood", "text", text[:at] + junk * n + text[at:], f"{how}, {n}")


KINDS: dict[str, Mutator] = {
    "truncate": truncate,
    "byteflip": byteflip,
    "charset": charset,
    "bom": bom,
    "nesting": nesting,
    "attribute": attribute,
    "elements": elements,
    "nul": nul,
    "json": jsonish,
    "xml": xmlish,
    "links": links,
    "surrogates": surrogates,
    "text": textdump,
    "clones": clones,
    "endtags": endtags,
    "teasers": teasers,
    "urls": urls,
    "nulflood": nulflood,
}


def make_case(seed: int, index: int, kinds: tuple[str, ...], c: Corpus) -> Case:
    rng = random.Random(f"{seed}:{index}")
    return KINDS[kinds[index % len(kinds)]](rng, c)


# --- running --------------------------------------------------------------------------------------
@dataclass
class Outcome:
    index: int
    kind: str
    note: str
    size: int
    seconds: float  # wall
    result: str  # "articles:N", "ExtractionError", an exception type name, or "timeout"
    message: str = ""
    rss_mb: float = 0.0
    cpu: float = 0.0  # CPU seconds of the worker for this input
    rss_start_mb: float = 0.0  # the worker's RSS when the input began (what earlier inputs left held)


def run_case(case: Case) -> tuple[str, str]:
    """(result, message): the contract is articles or ExtractionError; anything else is a defect."""
    from extractors import extract_html, extract_text
    from extractors.errors import ExtractionError

    try:
        if case.api == "text":
            arts = extract_text(case.payload if isinstance(case.payload, str) else case.payload.decode("utf-8", "replace"),
                                case.url)
        else:
            arts = extract_html(case.payload, case.url)
        for art in arts:  # what a caller does next must work too
            json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")
    except ExtractionError as exc:
        message = str(exc)
        if "\n" in message or not message:
            return "ExtractionError:not-one-line", message[:300]
        return "ExtractionError", message[:200]
    except BaseException as exc:  # noqa: BLE001 - that is the finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.extract_tb(exc.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(tb)
                      if "extractors" in f.filename), tb[-1].name if tb else "?")
        return type(exc).__name__, f"{where}: {str(exc)[:200]}"
    return f"articles:{len(arts)}", ""


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux: "5" to clear_refs), so the next reading is one input's."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _input_peak_mb(reset: bool) -> float:
    """The peak RSS since the reset (the input's, the worker's baseline included); else the worker's."""
    if reset:
        try:
            return int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
        except (OSError, AttributeError):
            pass
    return _rss_mb()


def _worker(conn: Connection, seed: int, kinds: tuple[str, ...], shared: bool) -> None:
    c = corpus(shared)
    import trafilatura  # noqa: F401

    import extractors.html  # noqa: F401 - import cost outside the first input's time

    while True:
        try:
            index = conn.recv()
        except EOFError:  # the parent is gone
            return
        if index is None:
            return
        case = make_case(seed, index, kinds, c)
        reset = _reset_peak()
        before = _input_peak_mb(reset)
        start, cpu = time.perf_counter(), time.process_time()
        result, message = run_case(case)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = len(case.payload) if isinstance(case.payload, bytes) else len(case.payload.encode("utf-8", "surrogatepass"))
        conn.send(Outcome(index, case.kind, case.note, size, seconds, result, message, _input_peak_mb(reset), cpu,
                          before))


@dataclass
class Report:
    inputs: int = 0
    by_kind: Counter = field(default_factory=Counter)
    results: Counter = field(default_factory=Counter)  # articles / ExtractionError / exception types
    failures: list[Outcome] = field(default_factory=list)
    slowest: list[Outcome] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    peak_rss_input: Outcome | None = None
    base_rss_mb: float = 0.0  # a worker after its first input: interpreter, libraries, the corpus
    wall_s: float = 0.0
    reasons: Counter = field(default_factory=Counter)
    # The bound README states per MB of input: the costliest input under 1 MB, and the highest
    # CPU seconds per MB among larger ones.
    worst_small: Outcome | None = None
    worst_per_mb: Outcome | None = None
    worst_small_rss: Outcome | None = None  # the largest rise of RSS for an input under 1 MB (its own, on Linux)

    def add(self, o: Outcome) -> None:
        self.inputs += 1
        self.by_kind[o.kind] += 1
        bucket = "articles" if o.result.startswith("articles:") else o.result
        self.results[bucket] += 1
        if bucket == "ExtractionError":
            self.reasons[re.sub(r"[\d.,]+", "N", o.message)[:70]] += 1
        elif bucket != "articles":
            self.failures.append(o)
        self.slowest = sorted([*self.slowest, o], key=lambda x: -x.cpu)[:10]
        if o.rss_mb and (not self.base_rss_mb or o.rss_mb < self.base_rss_mb):
            self.base_rss_mb = o.rss_mb
        if o.rss_mb > self.peak_rss_mb:
            self.peak_rss_mb, self.peak_rss_input = o.rss_mb, o
        if o.size < MB:
            if self.worst_small is None or o.cpu > self.worst_small.cpu:
                self.worst_small = o
            if self.worst_small_rss is None or o.rss_mb - o.rss_start_mb > \
                    self.worst_small_rss.rss_mb - self.worst_small_rss.rss_start_mb:
                self.worst_small_rss = o
        elif self.worst_per_mb is None or o.cpu / o.size > self.worst_per_mb.cpu / self.worst_per_mb.size:
            self.worst_per_mb = o


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(n: int, seed: int, kinds: tuple[str, ...], timeout: float, workers: int, shared: bool,
        save: Path | None = None, progress: bool = True, wall: float = 120.0) -> Report:
    report = Report()
    start = time.perf_counter()
    pending = iter(range(n))
    procs: dict[Connection, tuple[Process, int | None, float, float]] = {}  # (proc, input, wall start, CPU start)
    reported = 0

    def spawn() -> Connection:
        parent, child = Pipe()
        proc = Process(target=_worker, args=(child, seed, kinds, shared), daemon=True)
        proc.start()
        child.close()
        procs[parent] = (proc, None, 0.0, 0.0)
        return parent

    def feed(conn: Connection) -> None:
        index = next(pending, None)
        proc = procs[conn][0]
        if index is None:
            conn.send(None)
            proc.join(5)
            del procs[conn]
            return
        conn.send(index)
        procs[conn] = (proc, index, time.monotonic(), _cpu_seconds(proc.pid))

    for _ in range(workers):
        feed(spawn())
    try:
        while procs:
            ready = wait(list(procs), timeout=1.0)
            for conn in ready:
                try:
                    outcome: Outcome = conn.recv()
                except EOFError:  # the worker died (out of memory, a crash in C code)
                    proc, index, _, _ = procs.pop(conn)
                    proc.join(1)
                    outcome = _lost(index, seed, kinds, shared, f"worker died (exit {proc.exitcode})", "crash")
                    report.add(outcome)
                    feed(spawn())
                    continue
                report.add(outcome)
                if save and outcome in report.failures:
                    _save(save, seed, kinds, shared, outcome)
                feed(conn)
            now = time.monotonic()
            for conn, (proc, index, began, cpu_began) in list(procs.items()):
                cpu = _cpu_seconds(proc.pid) - cpu_began if index is not None else 0.0
                if index is not None and (cpu > timeout or now - began > wall):
                    proc.kill()
                    proc.join()
                    del procs[conn]
                    outcome = _lost(index, seed, kinds, shared, f"over {timeout:g} s CPU or {wall:g} s", "timeout")
                    outcome.seconds, outcome.cpu = now - began, cpu
                    report.add(outcome)
                    if save:
                        _save(save, seed, kinds, shared, outcome)
                    feed(spawn())
            if progress and report.inputs // 1000 > reported:
                reported = report.inputs // 1000
                print(f"  {report.inputs}/{n} inputs, {time.perf_counter() - start:.0f} s, "
                      f"{dict(report.results)}", file=sys.stderr, flush=True)
    finally:  # interrupted (Ctrl-C, SIGTERM): no worker outlives the run
        for proc, *_ in procs.values():
            proc.kill()
    report.wall_s = time.perf_counter() - start
    return report


def _lost(index: int | None, seed: int, kinds: tuple[str, ...], shared: bool, message: str, result: str) -> Outcome:
    case = make_case(seed, index or 0, kinds, corpus(shared))
    size = len(case.payload) if isinstance(case.payload, bytes) else len(case.payload)
    return Outcome(index or 0, case.kind, case.note, size, 0.0, result, message)


def _save(directory: Path, seed: int, kinds: tuple[str, ...], shared: bool, o: Outcome) -> None:
    case = make_case(seed, o.index, kinds, corpus(shared))
    directory.mkdir(parents=True, exist_ok=True)
    data = case.payload if isinstance(case.payload, bytes) else case.payload.encode("utf-8", "surrogatepass")
    (directory / f"{o.index}-{o.kind}-{o.result}.{case.api}").write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0, help="CPU seconds per input")
    ap.add_argument("--wall", type=float, default=120.0, help="wall-clock seconds per input (backstop)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ",".join(KINDS))
    ap.add_argument("--no-shared", action="store_true", help="fixtures only, even when ../shared exists")
    ap.add_argument("--only", type=int, help="run one input (by index) in this process and print it")
    ap.add_argument("--save", type=Path, help="write failing inputs here")
    ap.add_argument("--json", type=Path, help="write the report as JSON")
    args = ap.parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    shared = not args.no_shared
    if args.only is not None:
        case = make_case(args.seed, args.only, kinds, corpus(shared))
        start = time.perf_counter()
        result = run_case(case)
        print(f"#{args.only} {case.kind} ({case.note}, {len(case.payload)} bytes): {result} "
              f"in {time.perf_counter() - start:.2f} s, peak RSS {_rss_mb():.0f} MB")
        return 0

    c = corpus(shared)
    print(f"fuzz: {args.inputs} inputs, seed {args.seed}, {len(c.html)} pages + {len(c.text)} dumps, "
          f"{args.workers} workers, limit {args.timeout:.0f} s CPU / {args.wall:.0f} s wall per input; "
          f"{platform.python_version()} on {platform.machine()}",
          file=sys.stderr)
    rep = run(args.inputs, args.seed, kinds, args.timeout, args.workers, shared, args.save, wall=args.wall)
    print(f"\ninputs: {rep.inputs} in {rep.wall_s:.0f} s ({dict(sorted(rep.by_kind.items()))})")
    print(f"results: {dict(rep.results.most_common())}")
    print("ExtractionError reasons: " + "; ".join(f"{k} ({v})" for k, v in rep.reasons.most_common(12)))
    print(f"exceptions other than ExtractionError: {len([f for f in rep.failures if f.result != 'timeout'])}, "
          f"timeouts: {rep.results['timeout']}")
    for f in rep.failures[:30]:
        print(f"  #{f.index} {f.kind} ({f.note}): {f.result} {f.message}")
    print("slowest:")
    for o in rep.slowest[:5]:
        print(f"  #{o.index} {o.kind} ({o.note}, {o.size / 1e6:.2f} MB): {o.cpu:.2f} s CPU, {o.seconds:.2f} s wall"
              f" -> {o.result}")
    if rep.peak_rss_input:
        p = rep.peak_rss_input
        print(f"peak worker RSS: {rep.peak_rss_mb:.0f} MB (first reached at #{p.index} {p.kind}: {p.note}, "
              f"{p.size / 1e6:.2f} MB); a worker's RSS after its first input: {rep.base_rss_mb:.0f} MB")
    if rep.worst_small is not None:
        w = rep.worst_small
        print(f"per MB: any input under 1 MB within {w.cpu:.2f} s CPU (#{w.index} {w.kind}: {w.note})", end="")
        if (m := rep.worst_per_mb) is not None:
            print(f"; larger ones within {m.cpu / (m.size / MB):.2f} s CPU per MB (#{m.index} {m.kind}: {m.note}, "
                  f"{m.size / 1e6:.2f} MB)", end="")
        print()
    if (r := rep.worst_small_rss) is not None:
        print(f"memory: any input under 1 MB within {r.rss_mb - r.rss_start_mb:.0f} MB over the worker's RSS when "
              f"it began ({r.rss_start_mb:.0f} MB; #{r.index} {r.kind}: {r.note})")
    if args.json:
        args.json.write_text(json.dumps({
            "worst_small": asdict(rep.worst_small) if rep.worst_small else None,
            "worst_per_mb": asdict(rep.worst_per_mb) if rep.worst_per_mb else None,
            "worst_small_rss": asdict(rep.worst_small_rss) if rep.worst_small_rss else None,
            "inputs": rep.inputs, "wall_s": rep.wall_s, "by_kind": rep.by_kind, "results": rep.results,
            "failures": [asdict(f) for f in rep.failures], "slowest": [asdict(o) for o in rep.slowest],
            "peak_rss_mb": rep.peak_rss_mb, "base_rss_mb": rep.base_rss_mb, "reasons": rep.reasons, "seed": args.seed,
        }, indent=1))
    return 1 if rep.failures else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup in `run`
    sys.exit(main())
