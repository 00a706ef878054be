"""The library's contract under hostile input: articles (possibly none) or an ExtractionError with a
one-line reason, never another exception. Seeded inputs mutated from the fixtures, a hundred of
each kind of bench/fuzz.py (which runs 100,000 with a time limit each; its figures are in README)."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from conftest import ROOT, bench_module

fuzz = bench_module("fuzz")

SEED = 20260501
PER_KIND = 100
# Not a benchmark: a hang detector. The slowest input of a bench run takes a few seconds.
HANG_S = 20.0


# The bench's sizes, less the large ones that only cost time here (a 3 MB attribute, 500,000
# repeats on one line, a 2 MB dump); every limit is still crossed (elements, nesting, JSON depth).
SMALLER = {"ATTR_SIZES": (10_000, 100_000, 1_000_000), "ELEMENT_COUNTS": (1_000, 20_500, 100_000),
           "LINE_COUNTS": (500, 5_000), "LONG_LINE_REPEATS": (1_000, 20_000), "DUMP_COPIES": (5, 20),
           "CLONE_TAGS": (100, 600), "CLONE_BLOCKS": (1_000, 6_000), "END_TAG_COUNTS": (5_000, 30_000),
           "TEASER_SIZES": (0.05, 0.3)}


@pytest.mark.parametrize("kind", list(fuzz.KINDS))
def test_hostile_inputs_give_articles_or_extraction_error(kind, monkeypatch):
    for name, sizes in SMALLER.items():
        monkeypatch.setattr(fuzz, name, sizes)
    corpus = fuzz.corpus(shared=False)
    results: Counter[str] = Counter()
    defects = []
    for index in range(PER_KIND):
        case = fuzz.KINDS[kind](random.Random(f"{SEED}:{kind}:{index}"), corpus)
        start = time.perf_counter()
        result, message = fuzz.run_case(case)
        seconds = time.perf_counter() - start
        results[result.split(":")[0]] += 1
        if not result.startswith(("articles:", "ExtractionError")) or result.endswith("not-one-line") \
                or seconds > HANG_S:
            defects.append(f"#{index} ({case.note}): {result} {message} in {seconds:.1f} s")
    assert not defects, "\n".join(defects[:20])
    assert results["articles"] > 0 or kind in ("bom", "json"), results  # mutations must not all be refusals


# --- the kinds of input the first fuzz run found escaping, one by one --------------------------------
def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><h1>Harbour budget</h1><p>{body}</p></article></body></html>"


BODY = "Café owners in Zürich say the new harbour budget leaves the ferry timetable unchanged for now."


@pytest.mark.parametrize("charset", ["zlib", "base64", "rot13", "bz2", "hex", "uu", "idna", "punycode", "utf-7",
                                     "utf-16", "utf-32", "unicode_escape", "undefined", "x-no-such"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_declared_charset_is_untrusted(charset, encoding):
    from extractors import extract_html

    arts = extract_html(page(BODY, f'<meta charset="{charset}">').encode(encoding), "https://news.example/a")
    assert len(arts) == 1 and "Café owners in Zürich" in arts[0].text  # UTF-8, else detected


def test_utf8_cut_mid_character_under_a_legacy_declaration_stays_utf8():
    from extractors import extract_html

    data = page(BODY + " Über", '<meta charset="iso-8859-1">').encode("utf-8")
    cut = data[: data.index("Über".encode()) + 1]  # half of the two bytes of "Ü"
    arts = extract_html(cut, "https://news.example/a")
    assert "Café owners in Zürich" in arts[0].text and "Ã" not in arts[0].text


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_deep_json_is_data_and_deep_json_ld_is_skipped(depth):
    from extractors import extract_html
    from extractors.errors import ExtractionError

    with pytest.raises(ExtractionError, match="JSON"):
        extract_html("[" * depth + "]" * depth)
    ld = '<script type="application/ld+json">' + '{"a":' * depth + '{"headline": "Deep"}' + "}" * depth + "</script>"
    arts = extract_html(page(BODY, ld), "https://news.example/a")
    assert arts[0].title == "Harbour budget"  # the block was not read, the page was


def test_json_ld_strings_and_links_that_cannot_be_encoded_or_parsed():
    from extractors import extract_html

    ld = '<script type="application/ld+json">{"headline": "Bad \\ud800 escape", "author": {"name": "A \\udfff"}}</script>'
    links = '<link rel="canonical" href="http://[::1"><a href="http://[broken/">x</a><a href="http://h:99999999/">y</a>'
    arts = extract_html(page(BODY + links.replace("<link", "<i").replace(">x<", ">x <"), ld + links), "http://[::1")
    assert len(arts) == 1
    assert arts[0].title == "Bad \ufffd escape" and arts[0].authors[0].name == "A \ufffd"
    assert arts[0].url == arts[0].page_url == "http://[::1" and arts[0].site is None  # the caller's URL, as given
    arts[0].to_dict()["title"].encode("utf-8")


def test_lone_surrogates_in_string_subclasses_are_replaced_too():
    from extractors.article import Article, Author

    class Text(str):  # as lxml hands out an XPath's string results
        pass

    art = Article(title=Text("Bad \ud800 title"), text=Text("Body \udcff text"), authors=[Author(Text("A \ud800"))])
    assert (art.title, art.text, art.authors[0].name) == ("Bad \ufffd title", "Body \ufffd text", "A \ufffd")
    art.to_dict()["title"].encode("utf-8")


def test_text_dump_with_lone_surrogates_and_controls():
    from extractors import extract_text

    raw = (ROOT / "fixtures" / "text" / "000_9ede4c6966f39e8a.txt").read_bytes()
    broken = raw.replace(b"China", b"Ch\xffna", 3).decode("utf-8", errors="surrogateescape")
    broken = broken.replace("\n\n", "\n\x0c\x00\x1b\n", 5).replace("the ", "the \x93quoted\x94 ", 2)
    arts = extract_text(broken)
    assert len(arts) == 4
    text = "\n".join(a.text for a in arts)
    assert "Ch\ufffdna" in text and "\u201cquoted\u201d" in text  # cp1252 quotes read as Latin-1
    assert not any(c in text for c in "\x00\x0c\x1b\x93")
    for art in arts:
        art.to_dict()["text"].encode("utf-8")


def test_element_and_fallback_bounds_are_cheap_prechecks():
    from extractors import extract_html
    from extractors.errors import ExtractionError
    from extractors.html import SECOND_OPINION_MAX_TAGS
    from extractors.sanitize import MAX_ELEMENTS

    with pytest.raises(ExtractionError, match=f"{MAX_ELEMENTS + 4:,} elements"):
        extract_html(page(BODY + "<p>a</p>" * (MAX_ELEMENTS - 2)))
    with pytest.raises(ExtractionError, match="an element with 300,000 attributes"):  # minutes to parse
        extract_html(page(BODY).replace("<p>", "<p" + "".join(f" a{k}" for k in range(300_000)) + ">"))
    # One paragraph crowded with inline elements: read, as its text.
    arts = extract_html(page(BODY + " <i>word</i>" * 19_000))
    assert arts and arts[0].text.startswith("Café owners") and arts[0].text.endswith("word word word")
    # Many short paragraphs under the limit: read (without trafilatura's quadratic fallbacks).
    arts = extract_html(page(BODY + "</p><ul>" + "<li>a</li>" * 2 * SECOND_OPINION_MAX_TAGS + "</ul><p>End."))
    assert arts and arts[0].text.startswith("Café owners")


def test_a_class_token_repeated_a_million_times_is_looked_up_once():
    """`class="share share ..."` (1.2 MB, one chrome token 200,000 times): the selector table adds a
    token's rows once, not once per repeat (the quadratic lookup took minutes; bench/fuzz.py found it)."""
    from extractors import extract_html

    hostile = page(BODY).replace("<article>", '<div class="' + "share " * 200_000 + '"><article>')
    start = time.perf_counter()
    arts = extract_html(hostile)
    assert time.perf_counter() - start < HANG_S  # a hang detector, as above
    assert arts and arts[0].text == BODY


def test_a_huge_attribute_on_an_open_formatting_tag_is_not_cloned():
    """An unclosed `<s data-x="...1 MB...">` is cloned by the parser for every block after it (HTML's
    reconstruction of formatting elements): the value is emptied first, so the parsed page is about
    the size of its text, not 150 copies of the attribute (900 MB of peak memory before)."""
    from extractors import dom, extract_html

    paragraphs = "".join(f"<p>{BODY} ({n})</p>" for n in range(40))
    hostile = page(BODY).replace("<article>", f'<article><div><s data-x="{"a" * 1_000_000}">x</div>{paragraphs}')
    assert len(dom.parse(dom.decode(hostile)).html) < 20_000
    arts = extract_html(hostile)
    assert arts and "now. (0)" in arts[0].text and "now. (39)" in arts[0].text
