"""TeaserHold: a teaser copy waits for its own page, and is never lost."""

from crawler.teasers import TeaserHold


def art(url, kind):
    return {"url": url, "kind": kind}


def fetchable(url):
    return url.startswith("https://site.test/")


def test_teaser_waits_and_the_pages_own_copy_replaces_it():
    hold = TeaserHold()
    now, fetch = hold.sort({"https://site.test/a/"}, [art("https://site.test/a/", "main"),
                                                      art("https://site.test/b/", "teaser"),
                                                      art("https://other.test/c/", "teaser")], fetchable)
    assert [a["kind"] for a in now] == ["main", "teaser"]  # the off-site teaser cannot wait
    assert fetch == ["https://site.test/b/"]
    now, fetch = hold.sort({"https://site.test/b/"}, [art("https://site.test/b/", "main"),
                                                      art("https://site.test/a/", "teaser")], fetchable)
    assert now == [art("https://site.test/b/", "main"), art("https://site.test/a/", "teaser")]
    assert fetch == [] and hold.held == {} and hold.superseded == 1


def test_failed_or_empty_pages_release_their_teasers_and_drain_releases_the_rest():
    hold = TeaserHold()
    hold.sort({"https://site.test/a/"}, [art("https://site.test/a/", "main"), art("https://site.test/b/", "t"),
                                         art("https://site.test/c/", "t"), art("https://site.test/d/", "t")],
              fetchable)
    assert hold.release(["https://site.test/b/"]) == [art("https://site.test/b/", "t")]  # its page failed
    now, _ = hold.sort({"https://site.test/c/"}, [], fetchable)  # its page had no article
    assert now == [art("https://site.test/c/", "t")]
    assert hold.drain() == [art("https://site.test/d/", "t")]  # the crawl ends: never lost
    assert hold.held == {}
    # once a page was fetched, later teasers of it go straight out (the pipeline drops them)
    now, fetch = hold.sort({"https://site.test/e/"}, [art("https://site.test/e/", "main"),
                                                      art("https://site.test/b/", "t")], fetchable)
    assert len(now) == 2 and fetch == []
