"""HTML extraction on real markup: the Zox News reference pages, the seed posts rendered as pages,
a generic WordPress page, a page with no article, and inputs that are not pages at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.errors import ExtractionError
from extractors.html import extract_html
from extractors.textdump import extract_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML = FIXTURES / "html"
PAGE_URL = "https://news.example.test/page/{}/"  # the page URL the expected files were made with
STRIP_TEXTS = ("Connect with us", "Advertisement", "You may like", "Comment text that must not end up",
               "Trending", "Sidebar latest", "Mega menu teaser", "Leave a Reply", "Related Topics",
               "Continue Reading", "Up Next", "author bio paragraph", "R1 related post title")
SEEDS = {"seed-000": "000_9ede4c6966f39e8a.txt", "seed-001": "001_15d4a64d3e04f5ce.txt"}


def extract_fixture(name: str):
    return extract_html((HTML / f"{name}.html").read_bytes(), PAGE_URL.format(name))


def all_text(article) -> str:
    return "\n".join([article.title or "", article.text, article.summary or "", *article.image_captions,
                      *(a.name for a in article.authors)])


# --- the Zox News reference pages --------------------------------------------------------------
def test_reference_single_post_main_and_teasers():
    arts = extract_fixture("zox-reference-single")
    assert [a.title for a in arts] == ["A1 Title: Ministers Meet Ahead of Summit", "T1 Title: Trade Talks Resume",
                                       "T2 Title: Envoys Sign Accord"]
    main, t1, t2 = arts
    assert main.url == "https://news.example.test/2024/05/14/a1-slug/"
    assert main.published == "2024-05-14T08:30:00+00:00"  # the SEO meta carries the time; <time> only the day
    assert [a.name for a in main.authors] == ["Jane Doe"]
    assert main.category == "World" and main.summary == "A1 excerpt sentence."
    assert main.image_captions == ["A1 photo credit: Agency / Photographer", "A1 inline image caption"]
    paragraphs = main.text.split("\n\n")
    assert paragraphs[0].startswith("A1 body paragraph 1.") and paragraphs[-1] == "A1 body paragraph 6 (last)."
    assert "A1 subheading" in paragraphs and "A1 quoted statement." in paragraphs
    assert "inline link and bold text" in main.text
    assert (t1.url, t1.published, [a.name for a in t1.authors]) == (
        "https://news.example.test/2024/05/13/t1-slug/", "2024-05-13", ["John Roe"])
    assert t1.text.count("\n\n") == 3 and t1.summary == "T1 excerpt sentence."
    assert (t2.url, t2.published) == ("https://news.example.test/2024/05/12/t2-slug/", "2024-05-12")


def test_reference_autoload_articles_each_their_own():
    arts = extract_fixture("zox-reference-autoload")
    assert [(a.url, a.published) for a in arts] == [
        ("https://news.example.test/2024/05/14/a1-slug/", "2024-05-14T08:30:00+00:00"),
        ("https://news.example.test/2024/05/13/t1-slug/", "2024-05-13"),
        ("https://news.example.test/2024/05/12/t2-slug/", None),  # no date in its markup: none invented
    ]
    assert [a.text for a in arts][1:] == ["T1 body paragraph 1.\n\nT1 body paragraph 2 (last).",
                                          "T2 body paragraph 1 (only)."]
    assert arts[2].authors == []  # article 3 has no byline: nothing borrowed from article 1


@pytest.mark.parametrize("name", ["zox-reference-single", "zox-reference-autoload", *SEEDS, "generic-wordpress"])
def test_no_chrome_in_any_field(name):
    if not (HTML / f"{name}.html").exists():
        pytest.fail(f"fixture {name}.html missing: run python fixtures/sitegen.py")
    for art in extract_fixture(name):
        for needle in STRIP_TEXTS:
            assert needle.casefold() not in all_text(art).casefold(), (art.title, needle)


def test_sticky_nav_title_is_not_the_headline():
    html = (HTML / "zox-reference-single.html").read_text(encoding="utf-8")
    html = html.replace('<h1 class="mvp-post-title left entry-title" itemprop="headline">A1 Title: Ministers Meet Ahead of Summit</h1>', "")
    main = extract_html(html, "https://news.example.test/x/")[0]
    assert main.title is None and main.text.startswith("A1 body paragraph 1.")


def test_site_names_the_republisher_and_can_force_a_profile():
    html = (HTML / "zox-reference-single.html").read_bytes()
    assert extract_html(html, "https://news.example.test/x/")[0].site == "news.example.test"
    forced = extract_html(html.replace(b"mvp-content-main", b"xx-content-main").replace(b"zox-news", b"xx"),
                          None, site="zox-news")
    assert forced[0].site == "zox-news"


# --- fixtures with hand-reviewed expectations ---------------------------------------------------
EXPECTED = sorted(p.name.removesuffix(".expected.json") for p in HTML.glob("*.expected.json"))


@pytest.mark.parametrize("name", EXPECTED)
def test_matches_reviewed_expectation(name):
    expected = json.loads((HTML / f"{name}.expected.json").read_text(encoding="utf-8"))
    got = [a.to_dict() for a in extract_fixture(name)]
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        for field, value in e.items():
            assert g[field] == value, f"article {i} field {field}"


# --- HTML and text dump of the same posts agree ----------------------------------------------------
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_html_and_text_of_the_same_posts_agree(name):
    if not (HTML / f"{name}.html").exists():
        pytest.fail(f"fixture {name}.html missing: run python fixtures/sitegen.py")
    html_arts = extract_fixture(name)
    text_arts = extract_text((FIXTURES / "text" / SEEDS[name]).read_text(encoding="utf-8"))
    assert len(html_arts) == len(text_arts) == 4
    for h, t in zip(html_arts, text_arts, strict=True):
        for field in ("title", "category", "summary", "text", "image_captions", "credits", "id"):
            assert getattr(h, field) == getattr(t, field), (t.title, field)
        assert (h.source.name, h.source.truncated) == (t.source.name, t.source.truncated)
        # the text dump lost the theme's byline markup; the body's "Author:" lines agree exactly
        assert set(t.authors) <= set(h.authors)
        assert t.url is None and h.url and h.url.startswith("https://news.example.test/20")
        assert t.published is None and h.published is not None
        assert h.source.url and h.source.url.startswith("https://")  # the note's link


def test_page_without_article_gives_nothing():
    assert extract_fixture("no-article") == []


# --- bytes, charsets and bad input -----------------------------------------------------------------
def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><p>{body}</p></article></body></html>"


@pytest.mark.parametrize(("data", "word"), [
    (page("Café au lait in Zürich is served every morning.", '<meta charset="windows-1252">').encode("cp1252"), "Café"),
    (page("Café au lait in Zürich is served every morning.", '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">').encode("latin-1"), "Zürich"),
    (b"\xef\xbb\xbf" + page("Café au lait in Zürich is served every morning.").encode("utf-8"), "Café"),
    # declared wrongly: UTF-8 bytes under a legacy or impossible declaration
    (page("Café au lait in Zürich is served every morning.", '<meta charset="iso-8859-1">').encode("utf-8"), "Café"),
    (page("Café au lait in Zürich is served every morning.", '<meta charset="utf-16">').encode("utf-8"), "Zürich"),
    (page("Café au lait in Zürich is served every morning.", '<meta charset="no-such-charset">').encode("utf-8"), "Café"),
])
def test_charset_sniffing(data, word):
    arts = extract_html(data, "https://example.org/a")
    assert len(arts) == 1 and word in arts[0].text


def test_undecodable_bytes_are_replaced_not_fatal():
    arts = extract_html(page("Broken \xff bytes in a sentence that is long enough.").encode("latin-1")
                        .replace(b"<head>", b'<head><meta charset="utf-8">'), None)
    assert "\ufffd" in arts[0].text


@pytest.mark.parametrize("data", [b"", "", "   \n\t", "<html></html>", "<html><body></body></html>"])
def test_empty_pages_give_no_articles(data):
    assert extract_html(data) == []


def test_truncated_page_still_reads_what_arrived():
    html = (HTML / "zox-reference-single.html").read_text(encoding="utf-8")
    cut = html[: html.index("A1 body paragraph 4.")]
    arts = extract_html(cut, "https://news.example.test/x/")
    assert arts and arts[0].title == "A1 Title: Ministers Meet Ahead of Summit"
    assert arts[0].text.endswith("A1 quoted statement.")


@pytest.mark.parametrize(("data", "message"), [
    (bytes(range(256)) * 40, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
    (json.dumps({"items": [{"html": "<p>x</p>"}]}), "JSON"),
    ("plain words and nothing else", "no HTML markup"),
    (b"<html><body>" + b"<div>" * 10_000 + b"<p>deep</p>", "levels deep"),
    (b"<html><body>" + b"<p>a</p>" * 100_000, "elements"),
    (b"<html><body><p>" + b"x" * (20 * 1024 * 1024) + b"</p></body></html>", "MB"),
])
def test_not_a_page_is_a_clear_error(data, message):
    # Time and memory bounds are measured in bench/, not asserted here; pytest-timeout guards hangs.
    with pytest.raises(ExtractionError, match=message):
        extract_html(data)
    assert issubclass(ExtractionError, ValueError)


def test_deep_but_legal_nesting_is_read():
    # Deeper than libxml2 (trafilatura's parser) accepts, within cleanwire's own limit.
    para = "<p>The council approved the harbour budget after a long debate about dredging costs.</p>"
    html = ("<html><body>" + "<div>" * 1500 + "<article><h1>Harbour budget</h1>" + para * 3
            + "<p>Ferry services resume on Monday.</p></article>" + "</div>" * 1500)
    arts = extract_html(html)
    assert len(arts) == 1 and arts[0].title == "Harbour budget"
    assert arts[0].text.endswith("Ferry services resume on Monday.")


# --- kinds of page that went wrong (synthetic pages in the shape of real ones) ------------------------
SENTENCES = [
    "The harbour council approved the dredging budget on Tuesday after a debate that ran past midnight.",
    "Engineers told members that silt in the northern channel has halved the depth ships can use since spring.",
    "Ferry operators said the cancelled winter sailings cost them more than the new budget line itself.",
    "A second vote on the lighthouse repairs was put off until the survey of the old tower is finished.",
    "Residents of the quay asked for night work to be limited to weekdays while the dredgers are in port.",
    "The mayor said the first contracts would be signed before the end of the month if the state agrees.",
]


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{s} {s}</p>" for s in sentences)


def test_body_inside_noscript_is_read():
    html = ('<html><head><title>Dredging budget</title></head><body><div id="app"></div>'
            f'<noscript><article><h1>Dredging budget</h1>{paragraphs(SENTENCES)}</article></noscript>'
            '<noscript><p>Please enable JavaScript.</p></noscript></body></html>')
    text = extract_html(html)[0].text
    assert SENTENCES[0] in text and SENTENCES[-1] in text and "JavaScript" not in text


def test_widget_class_on_the_post_wrapper_does_not_delete_the_post():
    html = ('<html><body><div class="entry themeform share">' + paragraphs(SENTENCES)
            + '<div class="share"><a href="https://facebook.com/x">Share on Facebook</a></div></div>'
            '<aside class="sidebar"><p>Sidebar latest: an unrelated headline about the regional football cup final.</p>'
            '</aside></body></html>')
    text = extract_html(html)[0].text
    assert SENTENCES[0] in text and SENTENCES[-1] in text
    assert "Facebook" not in text and "Sidebar" not in text


def test_soft_hyphens_and_zero_width_characters_do_not_reach_the_text():
    html = ("<html><head><title>Dredg\u00ading budget</title></head><body><article>"
            + paragraphs(SENTENCES[:3]).replace("dredging", "dredg&shy;ing").replace("channel", "chan\u200bnel")
            + "</article></body></html>")
    art = extract_html(html)[0]
    assert "dredging budget" in art.text and "northern channel" in art.text and art.title == "Dredging budget"
    assert not any(ch in art.text + art.title for ch in "\u00ad\u200b")


def test_body_split_over_repeated_containers_is_read_whole():
    chunk = '<div class="grid rail"><div class="body body__container article__body">{}</div><div class="rail-ad"></div></div>'
    html = ('<html><body><article><h1>Dredging budget</h1><div class="chunks">'
            + chunk.format(paragraphs(SENTENCES[:2])) + '<div class="full-bleed-ad"></div>'
            + chunk.format(paragraphs(SENTENCES[2:4])) + chunk.format(paragraphs(SENTENCES[4:]))
            + '</div></article></body></html>')
    text = extract_html(html)[0].text
    positions = [text.find(s) for s in SENTENCES]
    assert -1 not in positions and positions == sorted(positions)


def test_reprint_notice_is_not_taken_for_the_body():
    # The body is loose text in <div>s; precision mode alone keeps only the notice box.
    body = "<br>".join(f"{s} {s}" for s in SENTENCES)
    html = ("<html><head><title>Dredging budget</title></head><body><div class='story'><div class='txt'>"
            f"{body}</div></div><div class='reprint'><p>This copy is for your personal use only.</p></div></body></html>")
    text = extract_html(html)[0].text
    assert SENTENCES[0] in text and SENTENCES[-1] in text


@pytest.mark.parametrize("data", [
    # (within the element limit, 20,000, which refuses larger pages before this count)
    b"<html><body>" + b"<DiV>" * 10_000 + b"<p>deep</p>",  # any letter case
    b"<html><body>" + b"<section>" * 5_000 + b"</section>" * 5_000,  # closed again: still that deep
    b"<html><body>" + b"</div>" * 5_000 + b"<div/>" * 5_000,  # stray end tags open nothing
])
def test_hostile_nesting_is_refused(data):
    with pytest.raises(ExtractionError, match="levels deep"):
        extract_html(data)
