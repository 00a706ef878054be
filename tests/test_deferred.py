"""A page read once without learned chrome, the chrome applied afterwards (`extractors.deferred`),
gives exactly what reading it with that chrome gives: on the fixture site (a theme with teasers), on
generated pages with a blurb in every body, and on benchmark pages."""

from __future__ import annotations

import copy
import gzip
import random
from dataclasses import replace

import pytest
from conftest import FIXTURES, ROOT
from test_chrome import BLURB, SIDEBAR, article, site_pages, url

from extractors import extract
from extractors.chrome import LearnedChrome, fingerprint
from extractors.deferred import AsRead, as_read, read, settle, touched

AEB = ROOT.parent / "shared" / "benchmarks" / "aeb" / "html"


def fixture_site() -> list[tuple[str, bytes]]:
    root = FIXTURES / "site"
    return [(f"http://127.0.0.1:8000/{p.parent.relative_to(root).as_posix()}/", p.read_bytes())
            for p in sorted(root.rglob("index.html"))]


def blurb_pages() -> list[tuple[str, bytes]]:
    """HTML posts of one site, each with its own text and the site's blurb and sidebar inside the body."""
    rng = random.Random(5)
    pages = []
    for n in range(8):
        title, body = article(rng, n)
        paragraphs = "".join(f"<p>{p}</p>" for p in [*body[:2], SIDEBAR[1], *body[2:], BLURB])
        pages.append((url(n), f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                              f"{paragraphs}</article></body></html>".encode()))
    return pages


def learned_from(pages: list[tuple[str, bytes]], every: int, extra: tuple[str, ...] = ()) -> LearnedChrome:
    """A chrome naming every `every`-th paragraph of the pages' articles (and `extra`): real text,
    so that many posts lose a paragraph or more."""
    fps = {fingerprint(p) for p in extra}
    for page_url, html in pages:
        for art in extract(html, page_url):
            fps.update(fingerprint(p) for p in art.text.split("\n\n")[1::every])
    return LearnedChrome(frozenset(fps - {None}))


def check(pages: list[tuple[str, bytes]], learned: LearnedChrome, kind: str = "html") -> tuple[int, int]:
    """Every page: `settle` agrees with a reading with the chrome, articles and dropped count alike.
    Returns (pages the chrome touched, pages that must be read again)."""
    hit = again = 0
    for page_url, content in pages:
        reading = read(content, page_url, kind=kind)
        direct_chrome, later_chrome = copy.deepcopy(learned), copy.deepcopy(learned)
        direct = [a.to_dict() for a in extract(content, page_url, kind=kind, chrome=direct_chrome)]
        hit += touched(reading, later_chrome)
        settled = settle(reading, later_chrome)
        if settled is None:
            again += 1
            continue
        assert [a.to_dict() for a in settled] == direct, page_url
        assert later_chrome.dropped == direct_chrome.dropped, page_url
        if (kept := as_read(reading)) is not None:  # the posts as the batch keeps them: the same articles
            compact = settle(replace(reading, posts=kept), copy.deepcopy(learned))
            assert [(reading.articles[a.index] if isinstance(a, AsRead) else a).to_dict() for a in compact] == direct
    return hit, again


def test_the_fixture_sites_posts_and_teasers_settle_as_read_with_the_chrome():
    pages = fixture_site()
    hit, again = check(pages, learned_from(pages, every=3))
    # read again: the listing pages whose teasers the chrome leaves under 200 characters, where the
    # page's declared language may decide the article's (a third of every text is learned here)
    assert hit >= 30 and again <= 4


def test_a_blurb_in_every_body_leaves_each_post_without_a_second_reading():
    pages = blurb_pages()
    learned = LearnedChrome(frozenset({fingerprint(BLURB), fingerprint(SIDEBAR[1])}))
    hit, again = check(pages, learned)
    assert hit == len(pages) and again == 0
    for page_url, html in pages:
        (art,) = settle(read(html, page_url), learned)
        assert BLURB not in art.text and SIDEBAR[1] not in art.text


def test_the_posts_kept_without_their_text_only_when_they_are_the_articles_in_order():
    pages = fixture_site()
    readings = [read(html, page_url) for page_url, html in pages]
    several = [r for r in readings if len({a.id for a in r.articles}) > 1]
    assert all(as_read(r) is not None for r in readings if r.posts) and several
    for reading in several:
        kept = as_read(reading)
        assert [a.index for _, a in kept if a is not None][:2] == [0, 1]
        assert all(a.id == reading.articles[a.index].id for _, a in kept if a is not None)
        assert as_read(replace(reading, articles=reading.articles[::-1])) is None  # read another way


def test_untouched_pages_keep_their_reading_and_text_dumps_touched_are_read_again():
    dumps = [(url(n), dump) for n, (dump, _, _) in enumerate(site_pages()[:4])]
    nothing = LearnedChrome(frozenset({fingerprint("a paragraph no page of this site has ever shown")}))
    reading = read(dumps[0][1], dumps[0][0], kind="text")
    assert settle(reading, nothing) is reading.articles and settle(reading, None) is reading.articles
    hit, again = check(dumps, LearnedChrome(frozenset({fingerprint(BLURB)})), kind="text")
    assert hit == again == len(dumps)  # the tagger weighs learned lines: only a new reading is exact


@pytest.mark.skipif(not AEB.is_dir(), reason=f"benchmark not found at {AEB} (it lives beside the checkout)")
def test_benchmark_pages_settle_as_read_with_the_chrome():
    paths = sorted(AEB.glob("*.html.gz"))[::12]  # 16 pages of as many sites
    pages = [(f"https://aeb.example/{p.name.removesuffix('.html.gz')}/", gzip.decompress(p.read_bytes())) for p in paths]
    hit, again = check(pages, learned_from(pages, every=3))
    assert hit >= len(pages) - 2 and again <= 1


def test_the_batch_settles_a_page_to_the_lines_of_a_reading_with_the_chrome():
    """The batch's one pass (`batch.work.read_pages`, then `settle_pages` for a page the chrome
    touches) writes the lines a reading with the chrome writes, whether the chrome touches every post
    of a page or one of them (the others keep the lines made when the page was read)."""
    from batch.spill import Shelf, get
    from batch.work import Unit, prepared, read_pages, rows_of, settle_pages

    pages = fixture_site()
    one_story = next(arts[0] for page_url, html in pages if len(arts := extract(html, page_url)) > 1)
    chromes = {"every post": learned_from(pages, every=3),
               "one story": LearnedChrome(frozenset({fingerprint(p) for p in one_story.text.split("\n\n")[1::3]} - {None}))}
    units = [Unit("file", f"page-{n}.html", kind="html", data=html, url=page_url) for n, (page_url, html) in enumerate(pages)]
    settled, mixed = {}, 0
    with Shelf() as shelf:
        for name, learned in chromes.items():
            settled[name] = 0
            for read_ in read_pages(copy.deepcopy(units), shelf.folder):
                unit = read_.unit
                if not touched(read(unit.data, unit.url), learned):
                    continue
                unit.chrome = copy.deepcopy(learned)
                ((_, _, rows, error, dropped, again),) = settle_pages([read_])
                expected_chrome = copy.deepcopy(learned)
                expected = prepared(rows_of(extract(unit.data, unit.url, chrome=expected_chrome), unit))
                assert error is None and [r.line for r in rows] == [r.line for r in expected], (name, unit.url)
                assert dropped == expected_chrome.dropped
                settled[name] += not again
                as_read = {row.line for row in get(read_.rows)}
                mixed += 0 < sum(r.line in as_read for r in rows) < len(rows)
    assert settled["every post"] >= 25 and settled["one story"] >= 4 and mixed >= 4
