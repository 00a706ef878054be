"""The development corpus: seven public sources in one shape, cached outside the repository.

    .venv/bin/python bench/corpus.py build [--mirrors DIR] [--shared DIR] [--cache DIR] [--sources NAME...] [-j 2]
    .venv/bin/python bench/corpus.py stats [--cache DIR]

`build` reads the bare git mirrors the `fetch` tool brings (default /work/.mirror, one
`<owner>+<name>/repo` each) and ../shared/benchmarks, and writes, per source,

    <cache>/<source>/pages.jsonl       one record a page (the fields of `Page`, without the lazy ones)
    <cache>/<source>/html/<id>.html    the page's HTML, decoded to UTF-8 (see `decode_html`)
    <cache>/<source>/text/<id>.txt     html_text.extract_text(html, guess_layout=True): the whole-page
                                       dump, made the way ../shared/benchmarks/aeb-text was
    <cache>/<source>/manifest.json     counts, the mirror commit, what was dropped and why

The cache is `--cache`, else $CLEANWIRE_CORPUS, else ~/.cache/cleanwire/corpus. The build is
deterministic (sorted ids, no clock in any file) and idempotent (a file is rewritten only when its
bytes change). A missing mirror is one line saying which repository to fetch, and its source is skipped.

Other scripts import the API (bench/ on sys.path, as the bench scripts do):

    from corpus import sources, pages, Page
    for page in pages("cleaneval"):
        page.html, page.text, page.gold_body, page.gold_title, page.gold_authors, page.gold_date,
        page.page_type, page.url, page.id, page.lang, page.extra

Sources (one name each, the unit of leave-one-source-out) and how their gold is read:

- `aeb`: ../shared/benchmarks/aeb + aeb-text (181 news pages, 2019). Body: `articleBody`; title: the
  aeb-text headline (146 pages, where h1 and og:title agree); the dump is aeb-text's own file.
- `l3s-gn1`: geodrome/page-signal, L3S-GN1 (621 Google News pages, 2008; Kohlschuetter et al.,
  WSDM 2010): `original/` is the page, `annotated/` the same page with every text block wrapped in
  a `<span class="x-nc-selN">`. Body: the text blocks labelled 2 (full text), as page-signal scores
  it; supplemental (3: captions, datelines), related (4) and comments (5) are not body. Title: the
  first block labelled 1 (headline). A block's label is its innermost labelled span; text inside
  `x-nc-invisible` is not content. (The annotated copies lost some non-ASCII characters to `?`,
  which the word tokenisation splits on anyway.) The j-szulc copy (`page-signal-master/`) is the same
  bytes and is not read.
- `cleaneval`: j-szulc/html-cleaning-dataset-merged `cleaneval-dev/` (58 pages, ids `dev-N`) and
  `cleaneval-final/` (681 pages with gold, ids `final-N`): random English web pages (2007). Both were
  annotated under the same CleanEval guidelines, so they are one source. Gold: the text with its
  `URL:` first line and its `<p>`, `<h>`, `<l>` block marks removed; the HTML loses the
  `<text id=... title=... encoding=...>` wrapper CleanEval put around each page (its `id` is the URL).
- `cleanportaleval`: the same repository's `CleanPortalEval-master/` (71 pages of news portals, in the
  CleanEval format, read the same way).
- `readability`: mozilla/readability `test/test-pages/*/` (130 pages; used instead of the j-szulc
  copy, which is an older 116-page snapshot). Body: the text of `expected.html`, which is
  Readability.js's own output kept as a regression fixture (a reviewed system output, not an
  independent annotation: it yields to any other source in deduplication). Its hand-made fixtures
  (lorem-ipsum text, or under 3,000 characters of HTML, written to test one parser rule) are not
  pages of the web and are dropped. Title and authors:
  `expected-metadata.json` `title` and `byline` (Readability's title can keep a site suffix;
  `byline` can be a phrase, not a clean name). URL: the page's canonical or og:url when absolute.
- `dragnet`: j-szulc's `dragnet_data/` restricted to the ids of seomoz/dragnet_data `training.txt`
  (the test split is never read). Body: the Corrected text before the `!@#$%^&*()  COMMENTS` line,
  as its annotators typed it (14 pages type it otherwise: `DRAGNET_COMMENTS`) (the article without
  its comments, Dragnet's "content" task).
- `wcxb`: Murrough-Foley/web-content-extraction-benchmark, `dev/` only (1,497 pages of 2025-26, seven
  page types; `test/` is never opened). Body `main_content`, title, author (one string, kept as the
  single entry of `gold_authors`), `publish_date`, the page type (`category` read as `collection`,
  as its evaluate.py does) and the `with`/`without` snippets in `extra`.

Every source but WCXB: pages whose gold body has no word are dropped (counted in the manifest; WCXB
keeps its 21, which its metric scores 1 for an empty prediction and 0 otherwise); `lang` is
the language the source declares (readability's metadata, bench/aeb_languages.json for AEB), else
the language py3langid identifies in the gold body (`extra["lang_from"]` says which). A page found in
two sources (same normalised URL, or the same first 40 gold words) is kept only in the first of
`DEDUP_ORDER` (sources with independent human gold first; readability last).
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import hashlib
import html as htmllib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIRRORS = Path("/work/.mirror")
DEFAULT_SHARED = ROOT.parent / "shared" / "benchmarks"
CORPUS_VERSION = "4"  # bump when the records' meaning changes (loso's output cache keys on page hashes too)

SOURCES = ("aeb", "l3s-gn1", "cleaneval", "cleanportaleval", "readability", "dragnet", "wcxb")
# Who keeps a page two sources share: independent human gold first, Readability's own output last.
DEDUP_ORDER = ("aeb", "wcxb", "l3s-gn1", "cleaneval", "cleanportaleval", "dragnet", "readability")

REPOS = {  # source -> the mirrors it reads (owner/name)
    "l3s-gn1": ("geodrome/page-signal",),
    "cleaneval": ("j-szulc/html-cleaning-dataset-merged",),
    "cleanportaleval": ("j-szulc/html-cleaning-dataset-merged",),
    "readability": ("mozilla/readability",),
    "dragnet": ("j-szulc/html-cleaning-dataset-merged", "seomoz/dragnet_data"),
    "wcxb": ("Murrough-Foley/web-content-extraction-benchmark",),
}


def default_cache() -> Path:
    env = os.environ.get("CLEANWIRE_CORPUS")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "cleanwire" / "corpus"


# --------------------------------------------------------------------------------------------- API

@dataclass
class Page:
    """One page of one source. `html` and `text` are read from the cache when first used."""

    id: str
    source: str
    url: str | None
    gold_body: str
    gold_title: str | None = None
    gold_authors: list[str] = field(default_factory=list)
    gold_date: str | None = None
    page_type: str | None = None
    lang: str | None = None
    sha1: str = ""  # of the cached HTML and dump: an output cached for another version of the page is stale
    extra: dict = field(default_factory=dict)
    cache: Path | None = field(default=None, repr=False, compare=False)

    @cached_property
    def html(self) -> str:
        return (self.cache / self.source / "html" / f"{self.id}.html").read_text(encoding="utf-8")

    @cached_property
    def text(self) -> str:
        return (self.cache / self.source / "text" / f"{self.id}.txt").read_text(encoding="utf-8")

    def record(self) -> dict:
        rec = asdict(self)
        rec.pop("cache")
        return rec


def sources(cache: Path | None = None) -> list[str]:
    """The sources built in the cache, in `SOURCES` order."""
    cache = cache or default_cache()
    return [s for s in SOURCES if (cache / s / "pages.jsonl").is_file()]


def pages(source: str, cache: Path | None = None) -> Iterator[Page]:
    cache = cache or default_cache()
    path = cache / source / "pages.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"no corpus source {source!r} in {cache}: run `python bench/corpus.py build`")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Page(**json.loads(line), cache=cache)


# ------------------------------------------------------------------------------------ reading git

class Mirror:
    """A bare git mirror read through one `git cat-file --batch` process."""

    def __init__(self, gitdir: Path):
        self.gitdir = gitdir
        self.commit = self._git("rev-parse", "HEAD").strip()
        self._batch: subprocess.Popen | None = None

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.gitdir), *args], check=True,
                              capture_output=True, text=True).stdout

    def ls(self, prefix: str) -> list[str]:
        return sorted(self._git("ls-tree", "-r", "--name-only", self.commit, "--", prefix).splitlines())

    def read(self, path: str) -> bytes | None:
        if self._batch is None:
            self._batch = subprocess.Popen(["git", "--git-dir", str(self.gitdir), "cat-file", "--batch"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._batch.stdin.write(f"{self.commit}:{path}\n".encode())
        self._batch.stdin.flush()
        header = self._batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            return None  # missing, or a large file the mirror lists but does not hold
        data = self._batch.stdout.read(int(header[2]))
        self._batch.stdout.read(1)
        return data

    def close(self) -> None:
        if self._batch is not None:
            self._batch.stdin.close()
            self._batch.wait()
            self._batch = None


def mirror_dir(mirrors: Path, repo: str) -> Path:
    return mirrors / repo.replace("/", "+") / "repo"


# ---------------------------------------------------------------------------------------- decoding

META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
# Browsers' substitutions (WHATWG Encoding): what a page declaring the left one really is.
SUBSTITUTE = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
              "iso8859-11": "cp874", "gb2312": "gbk", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs"}
NOT_A_PAGE_ENCODING = ("utf-16", "utf-32", "utf-7", "rot", "base64", "zlib", "bz2", "hex", "uu", "idna",
                       "punycode", "quopri", "mbcs", "palmos", "undefined")


def _declared(data: bytes) -> str | None:
    head = data[:4096]
    for rx in (XML_ENCODING, META_CHARSET):
        m = rx.search(head)
        if m:
            try:
                name = codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                continue
            if not name.startswith(NOT_A_PAGE_ENCODING):
                return SUBSTITUTE.get(name, name)
    return None


def _after_utf16_bom(data: bytes) -> str | None:
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc, "replace")
    return None


def decode_html(data: bytes) -> str:
    """Bytes as a browser would read them, simplified: a BOM, else UTF-8 when the bytes are UTF-8
    (a page that says latin-1 but is UTF-8 is UTF-8; up to three broken sequences after good
    multi-byte ones are damage to a UTF-8 page), else the declared charset, else
    charset-normalizer's guess, else windows-1252. Bytes no encoding takes become U+FFFD."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    if (text := _after_utf16_bom(data)) is not None:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
    if max(data[:bad], default=0) >= 0x80 and data[bad:].decode("utf-8", "replace").count("\ufffd") <= 3:
        return data.decode("utf-8", "replace")  # UTF-8 before, a few broken sequences after: damage
    declared = _declared(data)
    if declared and declared != "utf-8":
        return data.decode(declared, "replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    enc = best.encoding if best else "cp1252"
    enc = SUBSTITUTE.get(codecs.lookup(enc).name, enc)
    return data.decode(enc, "replace")


def decode_text(data: bytes) -> str:
    """A gold text file: UTF-16 after its BOM (5 of Dragnet's files), UTF-8 (BOM or not), else
    windows-1252."""
    if (text := _after_utf16_bom(data)) is not None:
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


WORD = re.compile(r"\w+")


def tidy(text: str) -> str:
    """Gold text as paragraphs: lines stripped, runs of blank lines made one."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ------------------------------------------------------------------------------------ the sources

@dataclass
class Raw:
    """What a source gives for one page before the workers decode and render it."""

    id: str
    html: bytes
    gold: bytes | str  # str: already text; bytes: the source's gold file, parsed by `gold_parser`
    gold_parser: str = "text"
    url: str | None = None
    gold_title: str | None = None
    gold_authors: list[str] = field(default_factory=list)
    gold_date: str | None = None
    page_type: str | None = None
    lang: str | None = None
    extra: dict = field(default_factory=dict)
    dump: str | None = None  # a ready-made dump (aeb-text) instead of rendering one


CLEANEVAL_WRAPPER = re.compile(rb"""^\s*<text id="([^"]*)"[^>]*>""")


def cleaneval_raw(m: Mirror, folder: str, prefix: str) -> Iterator[Raw]:
    gold_files = {p.rsplit("/", 1)[1][:-4]: p for p in m.ls(f"{folder}/GoldStandard/") if p.endswith(".txt")}
    for path in m.ls(f"{folder}/input/"):
        stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        if not path.endswith(".html") or stem not in gold_files:
            continue
        html = m.read(path) or b""
        url = None
        wrapper = CLEANEVAL_WRAPPER.match(html)
        if wrapper:
            url = wrapper.group(1).decode("utf-8", "replace") or None
            html = html[wrapper.end():]
            html = re.sub(rb"</text>\s*$", b"", html)
        yield Raw(id=f"{prefix}{stem}", html=html, gold=m.read(gold_files[stem]) or b"",
                  gold_parser="cleaneval", url=url)


NOTE_LINE = re.compile(r"<!--(?:(?!-->).)*-->")


def parse_cleaneval_gold(text: str) -> tuple[str, str | None]:
    """(body, URL) of a CleanEval-format gold file: `URL:` line, `<p>`/`<h>`/`<l>` block marks. A line
    that is one HTML comment is the annotator's note ("<!-- this page contains no article -->", on a
    CleanPortalEval page), not text of the page."""
    url = None
    lines = text.replace("\r\n", "\n").split("\n")
    out = []
    for line in lines:
        stripped = line.strip()
        if url is None and not any(o.strip() for o in out) and stripped.startswith("URL:"):
            url = stripped[4:].strip() or None
            continue
        if NOTE_LINE.fullmatch(stripped):
            continue
        mark = re.match(r"\s*<(p|h|l)>", line, re.I)
        if mark:
            out.append("")  # a block mark starts a new paragraph
            line = line[mark.end():]
        out.append(line)
    return tidy(htmllib.unescape("\n".join(out))), url


INLINE = {"a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "small", "span", "strong", "sub", "sup",
          "tt", "u", "label", "q", "s", "strike", "var", "kbd", "samp", "dfn", "acronym", "bdo", "br", "wbr"}


def parse_l3s_annotated(data: bytes) -> tuple[str, str | None]:
    """(full text, headline) of an L3S-GN1 annotated page. Each text node takes the label of its
    innermost `x-nc-selN` span; the nodes under one block element (inline tags crossed, `<br>` a
    line break) make one paragraph of the labels wanted."""
    import lxml.html

    root = lxml.html.fromstring(decode_html(data))
    pieces: list[tuple[str | None, int, str]] = []  # (label, block element's id, text) in page order

    def block_of(el) -> int:
        while el is not None and el.tag.lower() in INLINE:
            el = el.getparent()
        return id(el)

    def walk(el, label: str | None, hidden: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in ("", "script", "style", "noscript", "head", "title"):
            return  # comments and processing instructions too
        cls = el.get("class") or ""
        hidden = hidden or "x-nc-invisible" in cls
        m = re.search(r"x-nc-sel(\d)", cls)
        label = m.group(1) if m else label
        block = block_of(el)
        if tag == "br":
            pieces.append(("br", block, "\n"))
        elif el.text and not hidden:
            pieces.append((label, block, el.text))
        for child in el:
            walk(child, label, hidden)
            if child.tail and not hidden:
                pieces.append((label, block, child.tail))

    walk(root, None, False)

    def paragraphs(wanted: str) -> list[str]:
        out: list[str] = []
        current, block, gap = "", None, False
        for label, blk, text in pieces:
            if blk != block:
                out.append(current)
                current, block, gap = "", blk, False
            if label == wanted:
                current += (" " if gap and current else "") + text
                gap = False
            elif label == "br":
                current += "\n" if current else ""
            else:
                gap = True  # other text between two wanted pieces: keep the words apart
        out.append(current)
        return [p for p in (tidy(p) for p in out) if p]

    heads = paragraphs("1")
    return "\n\n".join(paragraphs("2")), (" ".join(heads[0].split()) if heads else None)


def html_text_of(data: bytes) -> str:
    """Text of an HTML fragment (readability's expected.html), blocks on their own lines."""
    import html_text

    return tidy(html_text.extract_text(decode_html(data), guess_layout=True))


CANONICAL = re.compile(r"""<link[^>]+rel=["']?canonical["']?[^>]*>|<meta[^>]+property=["']og:url["'][^>]*>""", re.I)
HREF = re.compile(r"""(?:href|content)=["'](https?://[^"'\s]+)["']""", re.I)


def page_url(html: str) -> str | None:
    for tag in CANONICAL.findall(html[:200000]):
        m = HREF.search(tag)
        if m and "fakehost" not in m.group(1):
            return htmllib.unescape(m.group(1))
    return None


def raw_aeb(shared: Path) -> Iterator[Raw]:
    truth = json.loads((shared / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    text_truth = json.loads((shared / "aeb-text" / "ground-truth.json").read_text(encoding="utf-8"))
    langs_file = ROOT / "bench" / "aeb_languages.json"
    langs = json.loads(langs_file.read_text(encoding="utf-8")) if langs_file.is_file() else {}
    for key in sorted(truth):
        dump_file = shared / "aeb-text" / "text" / f"{key}.txt"
        yield Raw(id=key, html=gzip.decompress((shared / "aeb" / "html" / f"{key}.html.gz").read_bytes()),
                  gold=truth[key].get("articleBody") or "", url=truth[key].get("url"),
                  gold_title=(text_truth.get(key) or {}).get("title"), page_type="article",
                  lang=langs.get(key, "en"), extra={"lang_from": "aeb_languages.json"},
                  dump=dump_file.read_text(encoding="utf-8") if dump_file.is_file() else None)


def raw_l3s(m: Mirror) -> Iterator[Raw]:
    base = "L3S-GN1-20100130203947-00001"
    urls = {}
    for line in (m.read(f"{base}/url-mapping.txt") or b"").decode("utf-8", "replace").splitlines():
        uid, _, url = line.partition("\t")
        urls[uid.strip("<>").removeprefix("urn:uuid:")] = url.strip() or None
    for path in m.ls(f"{base}/original/"):
        stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        annotated = m.read(f"{base}/annotated/{stem}.html")
        if annotated is None:
            continue
        yield Raw(id=stem, html=m.read(path) or b"", gold=annotated, gold_parser="l3s", url=urls.get(stem),
                  page_type="article")


def raw_readability(m: Mirror) -> Iterator[Raw]:
    base = "test/test-pages/"
    names = sorted({p[len(base):].split("/", 1)[0] for p in m.ls(base)})
    for name in names:
        source, expected = m.read(f"{base}{name}/source.html"), m.read(f"{base}{name}/expected.html")
        if source is None or expected is None:
            continue
        meta = json.loads(m.read(f"{base}{name}/expected-metadata.json") or b"{}")
        byline = (meta.get("byline") or "").strip()
        yield Raw(id=name, html=source, gold=expected, gold_parser="html", gold_title=meta.get("title") or None,
                  gold_authors=[byline] if byline else [], gold_date=meta.get("publishedTime") or None,
                  lang=(meta.get("lang") or "").split("-")[0].lower() or None,
                  extra={"lang_from": "metadata" if meta.get("lang") else None, "readerable": meta.get("readerable"),
                         "site_name": meta.get("siteName"), "excerpt": meta.get("excerpt")})


# The line Dragnet's annotators typed between an article and its comments: "!@#$%^&*()  COMMENTS" on
# 282 of the 296 training pages that have one, and typed otherwise on 14 (one space or three, a tab,
# a CR, "!@ $%^&*()", "!@#$%$%^&*()", "!#@$%^&*()", "!@#$%^&*"): a line of those symbols, then COMMENTS.
DRAGNET_COMMENTS = re.compile(r"^[!@#$%^&*() \t]{6,}COMMENTS[ \t\r]*$", re.MULTILINE)


def dragnet_content(gold: str) -> str:
    """A Corrected file's text above its comments marker (all of it when there is none)."""
    m = DRAGNET_COMMENTS.search(gold)
    return gold[:m.start()] if m else gold


def raw_dragnet(m: Mirror, split: Mirror) -> Iterator[Raw]:
    training = sorted({line.strip() for line in (split.read("training.txt") or b"").decode().splitlines()
                       if line.strip()})
    for stem in training:  # the training split only: test.txt's pages are never read
        html, gold = m.read(f"dragnet_data/input/{stem}.html"), m.read(f"dragnet_data/GoldStandard/{stem}.txt")
        if html is None or gold is None:
            continue
        yield Raw(id=stem, html=html, gold=gold, gold_parser="dragnet")


def raw_wcxb(m: Mirror) -> Iterator[Raw]:
    for path in m.ls("dev/ground-truth/"):  # dev only: test/ is never opened
        stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        data = json.loads(m.read(path) or b"{}")
        gt = data.get("ground_truth")
        html = m.read(f"dev/html/{stem}.html.gz")
        if not isinstance(gt, dict) or html is None:
            continue
        pt = ((data.get("_internal") or {}).get("page_type") or {})
        pt = pt.get("primary", "article") if isinstance(pt, dict) else (pt or "article")
        author = (gt.get("author") or "").strip()
        yield Raw(id=stem, html=gzip.decompress(html), gold=gt.get("main_content") or "", url=data.get("url"),
                  gold_title=gt.get("title") or None, gold_authors=[author] if author else [],
                  gold_date=gt.get("publish_date") or None,
                  page_type="collection" if pt == "category" else pt,
                  extra={"with": gt.get("with") or [], "without": gt.get("without") or []})


# --------------------------------------------------------------------------------- one page's work

def _langid(text: str) -> str | None:
    import py3langid

    sample = " ".join(text.split())[:2000]
    return py3langid.classify(sample)[0] if len(WORD.findall(sample)) >= 5 else None


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def render(raw: Raw) -> tuple[Raw, str, str, str]:
    """(raw, html, dump, gold body) of one page: the CPU-heavy part, run in the worker processes.
    A page that cannot be read comes back with `extra["_error"]` set (one line in the build's log)."""
    try:
        return _render(raw)
    except Exception as exc:  # noqa: BLE001 - one page lost, counted in the manifest, the build goes on
        raw.extra["_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
        raw.html, raw.gold = b"", b""
        return raw, "", "", ""


def _render(raw: Raw) -> tuple[Raw, str, str, str]:
    import html_text

    html = decode_html(raw.html)
    # lxml refuses control characters in text; a browser shows none of them either.
    dump = raw.dump if raw.dump is not None else html_text.extract_text(CONTROL.sub("", html), guess_layout=True)
    gold = raw.gold
    if raw.gold_parser == "cleaneval":
        gold, gold_url = parse_cleaneval_gold(decode_text(gold))
        raw.url = raw.url or gold_url
    elif raw.gold_parser == "l3s":
        gold, raw.gold_title = parse_l3s_annotated(gold)
    elif raw.gold_parser == "html":
        gold = html_text_of(gold)
    elif raw.gold_parser == "dragnet":
        gold = tidy(dragnet_content(decode_text(gold)))
    else:
        gold = tidy(gold if isinstance(gold, str) else decode_text(gold))
    if raw.url is None:
        raw.url = page_url(html)
    if raw.lang is None:
        raw.lang = _langid(gold)
        raw.extra["lang_from"] = "py3langid on the gold body" if raw.lang else None
    raw.html, raw.gold = b"", b""  # not sent back
    return raw, html, dump, gold


# ---------------------------------------------------------------------------------------- building

def norm_url(url: str | None) -> str | None:
    if not url:
        return None
    u = re.sub(r"^[a-z]+://", "", url.strip().lower())
    u = re.sub(r"^www\d?\.", "", u).split("#", 1)[0].rstrip("/")
    return u or None


def gold_fingerprint(gold: str) -> str | None:
    words = WORD.findall(gold.lower())
    return " ".join(words[:40]) if len(words) >= 40 else None


def write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def raws_of(source: str, mirrors: Path, shared: Path) -> tuple[Iterator[Raw] | None, str, list[Mirror]]:
    """(the source's raw pages, where they come from, mirrors to close) or (None, why not, [])."""
    if source == "aeb":
        if not (shared / "aeb" / "ground-truth.json").is_file():
            return None, f"no AEB at {shared}/aeb (../shared/benchmarks beside the checkout)", []
        return raw_aeb(shared), str(shared), []
    opened = []
    for repo in REPOS[source]:
        d = mirror_dir(mirrors, repo)
        if not (d / "HEAD").is_file():
            for m in opened:
                m.close()
            return None, (f"mirror of {repo} missing at {d}: bring it with the fetch tool (github:{repo}) or "
                          f"`git clone --bare` the GitHub repository {repo} into {d}"), []
        opened.append(Mirror(d))
    first = opened[0]
    where = ", ".join(f"{repo}@{m.commit[:12]}" for repo, m in zip(REPOS[source], opened, strict=True))
    if source == "l3s-gn1":
        it = raw_l3s(first)
    elif source == "cleaneval":
        it = (r for folder, prefix in (("cleaneval-dev", "dev-"), ("cleaneval-final", "final-"))
              for r in cleaneval_raw(first, folder, prefix))
    elif source == "cleanportaleval":
        it = cleaneval_raw(first, "CleanPortalEval-master", "")
    elif source == "readability":
        it = raw_readability(first)
    elif source == "dragnet":
        it = raw_dragnet(first, opened[1])
    else:
        it = raw_wcxb(first)
    return it, where, opened


def build(cache: Path, mirrors: Path, shared: Path, wanted: list[str], jobs: int = 2) -> int:
    """Build every wanted source; returns 1 if any was skipped. Deduplication looks at every source
    already in the cache too, so building one source alone gives the same result."""
    import multiprocessing as mp

    rendered: dict[str, list[tuple[Raw, str, str, str]]] = {}
    origin: dict[str, str] = {}
    skipped = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    ctx = mp.get_context("fork")
    with ctx.Pool(jobs) as pool:
        for source in wanted:
            raws, where, opened = raws_of(source, mirrors, shared)
            if raws is None:
                print(f"{source}: skipped: {where}", file=sys.stderr)
                skipped = 1
                continue
            items = list(raws)
            for m in opened:
                m.close()
            out = []
            for i, item in enumerate(pool.imap(render, items, chunksize=4), 1):
                out.append(item)
                if i % 25 == 0 or i == len(items):
                    print(f"\r{source}: {i}/{len(items)} pages rendered", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
            rendered[source], origin[source] = out, where
    child_cpu = sum(os.times()[2:4])

    # Deduplicate against every source, built now or already in the cache, in DEDUP_ORDER.
    seen_url: dict[str, str] = {}
    seen_gold: dict[str, str] = {}
    for source in DEDUP_ORDER:
        if source in rendered:
            keys = [(norm_url(raw.url), gold_fingerprint(gold)) for raw, _h, _d, gold in rendered[source]]
        elif (cache / source / "pages.jsonl").is_file():
            keys = [(norm_url(p.url), gold_fingerprint(p.gold_body)) for p in pages(source, cache)]
        else:
            continue
        kept = []
        for i, (u, g) in enumerate(keys):
            dup_of = (u and seen_url.get(u)) or (g and seen_gold.get(g))
            if dup_of and dup_of != source and source in rendered:
                rendered[source][i][0].extra["_duplicate_of"] = dup_of
                continue
            kept.append((u, g))
        for u, g in kept:
            if u:
                seen_url.setdefault(u, source)
            if g:
                seen_gold.setdefault(g, source)

    for source, items in rendered.items():
        write_source(cache, source, items, origin[source])
    print(f"built {', '.join(rendered) or 'nothing'} in {time.perf_counter() - start:.0f} s "
          f"(CPU {time.process_time() - start_cpu + child_cpu:.0f} s, {jobs} processes) into {cache}",
          file=sys.stderr)
    return skipped


# Readability's hand-made fixtures, not pages of the web: lorem-ipsum text, or a few hundred bytes of markup.
LOREM = re.compile(r"\blorem ipsum\b", re.I)


def write_source(cache: Path, source: str, items: list[tuple[Raw, str, str, str]], origin: str) -> None:
    root = cache / source
    records, dropped = [], {"no gold words": [], "duplicate": {}, "unreadable": {}, "synthetic": []}
    for raw, html, dump, gold in sorted(items, key=lambda it: it[0].id):
        dup = raw.extra.pop("_duplicate_of", None)
        error = raw.extra.pop("_error", None)
        if error:
            print(f"{source}: {raw.id}: cannot read: {error}", file=sys.stderr)
            dropped["unreadable"][raw.id] = error
            continue
        if dup:
            dropped["duplicate"][raw.id] = dup
            continue
        if source == "readability" and (LOREM.search(gold) or len(html) < 3000):
            dropped["synthetic"].append(raw.id)
            continue
        if not WORD.search(gold) and source != "wcxb":  # WCXB's metric scores an empty gold: kept there
            dropped["no gold words"].append(raw.id)
            continue
        write_if_changed(root / "html" / f"{raw.id}.html", html)
        write_if_changed(root / "text" / f"{raw.id}.txt", dump)
        sha1 = hashlib.sha1(html.encode("utf-8") + b"\0" + dump.encode("utf-8")).hexdigest()
        page = Page(id=raw.id, source=source, url=raw.url, gold_body=gold, gold_title=raw.gold_title,
                    gold_authors=raw.gold_authors, gold_date=raw.gold_date, page_type=raw.page_type,
                    lang=raw.lang, sha1=sha1, extra=raw.extra)
        records.append(json.dumps(page.record(), ensure_ascii=False, sort_keys=True))
    kept = {json.loads(r)["id"] for r in records}
    for sub, ext in (("html", ".html"), ("text", ".txt")):  # pages no longer in the source
        for f in (root / sub).glob(f"*{ext}"):
            if f.name[: -len(ext)] not in kept:
                f.unlink()
    write_if_changed(root / "pages.jsonl", "\n".join(records) + "\n")
    manifest = {"source": source, "corpus_version": CORPUS_VERSION, "from": origin, "pages": len(records),
                "with_title": sum('"gold_title": null' not in r for r in records),
                "dropped": {k: len(v) for k, v in dropped.items()},
                "dropped_ids": dropped}
    write_if_changed(root / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    print(f"{source}: {len(records)} pages ({manifest['with_title']} with a title), dropped "
          f"{manifest['dropped']['no gold words']} without gold words, {manifest['dropped']['duplicate']} "
          f"duplicates, {manifest['dropped']['unreadable']} unreadable, {manifest['dropped']['synthetic']} synthetic",
          file=sys.stderr)


def stats(cache: Path) -> None:
    print("| source | pages | with title | with authors | with date | page types | languages |")
    print("|---|---|---|---|---|---|---|")
    for source in sources(cache):
        ps = list(pages(source, cache))
        types: dict[str, int] = {}
        langs: dict[str, int] = {}
        for p in ps:
            types[p.page_type or "-"] = types.get(p.page_type or "-", 0) + 1
            langs[p.lang or "-"] = langs.get(p.lang or "-", 0) + 1
        top = ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda kv: -kv[1])[:4])
        print(f"| {source} | {len(ps)} | {sum(bool(p.gold_title) for p in ps)} | "
              f"{sum(bool(p.gold_authors) for p in ps)} | {sum(bool(p.gold_date) for p in ps)} | "
              f"{', '.join(f'{k} {v}' for k, v in sorted(types.items()))} | {top} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build (or refresh) the cache")
    b.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS, help="where the bare git mirrors are")
    b.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="../shared/benchmarks (AEB)")
    b.add_argument("--cache", type=Path, default=None, help="default $CLEANWIRE_CORPUS or ~/.cache/cleanwire/corpus")
    b.add_argument("--sources", nargs="+", choices=SOURCES, default=list(SOURCES))
    b.add_argument("-j", "--jobs", type=int, default=2)
    s = sub.add_parser("stats", help="counts per source")
    s.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    cache = args.cache or default_cache()
    if args.command == "stats":
        stats(cache)
        return 0
    return build(cache, args.mirrors, args.shared, args.sources, args.jobs)


if __name__ == "__main__":
    raise SystemExit(main())
