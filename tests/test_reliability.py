"""Issue 19's recipes, one test each: inputs an independent fuzzer found escaping the library's
contract (a ValueError from a URL, an article without a word) or its bounds (a parser that builds
far more than the markup says). Synthetic inputs in the shapes it reported."""

from __future__ import annotations

import pytest
from conftest import TEXT_FIXTURES

from extractors import extract
from extractors.errors import ExtractionError

BAD_URLS = ["http://[::1", "http://[:::1]/", "http://h:99999999/", "http://h:port/", "http://[::1]:99999/"]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("kind", ["text", "html"])
def test_a_url_no_parser_takes_is_no_url(url, kind):
    """The slug, the site and the links read the page's URL through one helper that never raises:
    the caller's URL is kept as given, its host is unknown."""
    seed = TEXT_FIXTURES[0].read_text(encoding="utf-8")
    content = seed if kind == "text" else "<html><body><article><h1>Harbour budget</h1><p>" + seed.replace(
        "\n\n", "</p><p>") + "</p></article></body></html>"
    arts = extract(content, url, kind=kind)
    assert arts and all(a.page_url == url and a.site is None for a in arts)


def test_url_helper_parses_or_says_none():
    from extractors.urls import host, join, parse_url

    for url in BAD_URLS:
        assert parse_url(url) is None and host(url) is None
        assert join(url, "/a") is None and join("https://news.example/x", url) is None
    assert host("https://WWW.News.Example:8080/a?b#c") == "www.news.example"
    assert join("https://news.example/2024/a.html", "../b.html") == "https://news.example/b.html"
    assert parse_url("http://[::1]:8080/a").port == 8080
    assert parse_url(None) is None and host("") is None


@pytest.mark.parametrize("body", ["&#0;" * 10_000, ", " * 1_000_000, "\u2014 \u00b7 " * 1000])
def test_an_article_always_has_a_word(body):
    """A body of characters that are no word (NULs the parser turns into U+FFFD, a 2-million-character
    line of ', ') is no article: the schema asks word_count >= 1."""
    page = f"<html><body><article><p>{body}</p></article></body></html>"
    assert extract(page, "https://news.example/a") == []
    assert extract(body, "https://news.example/a", kind="text") == []


def test_extraction_error_is_importable_from_the_package():
    import extractors

    assert extractors.ExtractionError is ExtractionError and "ExtractionError" in extractors.__all__
