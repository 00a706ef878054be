"""The republisher spider: listing pages, sitemaps and feeds in; every article on each page out.

Thin on purpose: what to crawl comes from a site profile, what a page holds from `extractors`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.internet.defer import CancelledError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler import signals as cw_signals
from crawler.extensions.shutdown import ShutdownCancelled
from crawler.extraction import PageExtractor, chrome_memory
from crawler.localsite import LocalSite
from crawler.middlewares.redirectloop import BadRedirect, RedirectLoop
from crawler.rights import add_response_rights
from crawler.siteprofile import SiteProfile, load_profile
from crawler.teasers import TeaserHold
from extractors.dom import decode, parse
from extractors.errors import ExtractionError
from extractors.meta import absolute
from extractors.urls import host, join, parse_url

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")
STAT = "cleanwire/pages"
LINK_CACHE_MAX = 200_000  # distinct hrefs remembered; bounds memory on huge sites
SITEMAP_MAX_URLS = 50_000  # the sitemaps protocol's limit per file; the rest of a larger one is not read


class RepublisherSpider(scrapy.Spider):
    """scrapy crawl republisher [-a profile=NAME] [-a start_urls=URL,URL -a allowed_domains=D,D]
    [-a base_url=URL] [-a site=NAME]"""

    name = "republisher"

    def __init__(self, profile: str | None = None, start_urls: str | None = None,
                 allowed_domains: str | None = None, base_url: str | None = None,
                 site: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if profile is None and start_urls is None:
            profile = "fixture"
        self.profile: SiteProfile = load_profile(profile) if profile else SiteProfile(name=site or "adhoc")
        if start_urls:
            self.profile = _with(self.profile, start_urls=_csv(start_urls), sitemaps=(), feeds=())
        if allowed_domains:
            self.profile = _with(self.profile, allowed_domains=_csv(allowed_domains))
        self.site = site or (self.profile.name if profile else None)
        self.base_url = base_url
        self.local_site: LocalSite | None = None
        # URLs this process already asked for: a news page links the same posts dozens of times,
        # and a set lookup is far cheaper than a Request through the scheduler's dupefilter.
        self.requested: set[str] = set()
        self.link_cache: dict[str, str | None] = {}
        self.shutting_down = False
        self.allowed_domains = list(self.profile.allowed_domains) or [
            name for u in self.profile.start_urls if (name := host(u))]

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extractor = PageExtractor(crawler.settings.getint("EXTRACT_WORKERS", 0),
                                         chrome_memory(crawler.settings), crawler.settings.getint("CHROME_REFRESH", 0))
        spider.extract_enabled = crawler.settings.getbool("EXTRACT_ENABLED", True)
        spider.teasers = TeaserHold() if crawler.settings.getbool("TEASER_HOLD", True) else None
        spider.follow_max = crawler.settings.getint("FOLLOW_MAX_LINKS", 5000)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_shutdown, signal=cw_signals.shutdown_started)
        return spider

    async def on_shutdown(self) -> None:
        """SIGINT/SIGTERM: the teaser copies still waiting for their own page go to the pipelines
        now (their pages will not be fetched), so every scraped article is published."""
        self.shutting_down = True
        held = self.teasers.drain() if self.teasers is not None else []
        self.crawler.stats.inc_value("cleanwire/articles/teaser_fallback", len(held))
        for article in held:
            await self.crawler.engine.scraper.start_itemproc_async(article, response=None)

    def on_idle(self, spider: scrapy.Spider) -> None:
        """Nothing left to fetch: write the teasers still held (their pages never gave a copy)."""
        if self.teasers is not None and self.teasers.held:
            # A data: request needs no network and carries the callback that yields them.
            self.crawler.engine.crawl(scrapy.Request("data:,", self.release_held, dont_filter=True,
                                                     meta={"allow_offsite": True}))
            raise DontCloseSpider

    def release_held(self, response: Response) -> Iterable[dict[str, Any]]:
        held = self.teasers.drain() if self.teasers is not None else []
        self.crawler.stats.inc_value("cleanwire/articles/teaser_fallback", len(held))
        yield from held

    def on_closed(self, spider: scrapy.Spider) -> None:
        self.extractor.close()
        if self.local_site is not None:
            self.local_site.stop()

    # --- where to start --------------------------------------------------------------------

    def resolve(self, url: str) -> str:
        parts = parse_url(url)
        if parts is None:
            raise ValueError(f"profile {self.profile.name!r} has a URL no parser takes: {url!r}")
        if parts.scheme:
            return url
        if self.base_url is None and self.profile.serve_path() is not None:
            self.local_site = LocalSite(self.profile.serve_path()).start()
            self.base_url = self.local_site.base
            logger.info("serving %s at %s", self.profile.serve_path(), self.base_url)
        if self.base_url is None:
            raise ValueError(f"profile {self.profile.name!r} has a relative URL {url!r}; pass -a base_url=...")
        joined = join(self.base_url, url)
        if joined is None:
            raise ValueError(f"{url!r} on {self.base_url!r} is no URL")
        return joined

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.profile.sitemaps:
            yield scrapy.Request(self.resolve(url), self.parse_sitemap, errback=self.on_error)
        for url in self.profile.feeds:
            yield scrapy.Request(self.resolve(url), self.parse_feed, errback=self.on_error)
        for url in self.profile.start_urls:
            yield scrapy.Request(self.resolve(url), self.parse, errback=self.on_error)

    # --- callbacks -------------------------------------------------------------------------

    async def parse(self, response: Response) -> AsyncIterator[Any]:
        """Articles on an article page, then the same-site links worth following.

        @site_url /2024/04/16/is-journalist-vicky-xu-preparing-to-return-to-china/
        @returns items 1 1
        @scrapes id title text source page_url
        @returns requests 1
        """
        self.crawler.stats.inc_value(f"{STAT}/fetched")
        if not is_html(response):
            self.crawler.stats.inc_value(f"{STAT}/skipped/not_html")
            logger.warning("not an HTML page, skipped: %s (%s)", response.url,
                           response.headers.get(b"Content-Type", b"?").decode("latin-1"))
            return
        path = parse_url(response.url).path  # Scrapy made a Request of it: it parses
        refused = False
        if self.extract_enabled and (not self.profile.article_patterns or self.profile.is_article(path)):
            result = await self.extractor.extract(response.body, response.url, self.site)
            for article in result.articles:  # where the page's raw bytes are (crawler/archive/)
                article["warc"] = response.meta.get("warc")
            if result.error:
                refused = True
                self.crawler.stats.inc_value(f"{STAT}/skipped/unreadable")
                logger.warning("page skipped: %s: %s", response.url, result.error)
            else:
                self.crawler.stats.inc_value(f"{STAT}/with_articles" if result.articles else f"{STAT}/without_articles")
                self.crawler.stats.inc_value("cleanwire/articles/extracted", len(result.articles))
                add_response_rights(result.articles, response)  # headers and tdmrep.json: crawl-side signals
                if self.extractor.chrome is not None:
                    self.crawler.stats.inc_value("cleanwire/chrome/dropped", len(result.chrome_taken))
                    self.crawler.stats.set_value("cleanwire/chrome/learned", self.extractor.learned())
                articles, teaser_pages = result.articles, []
                if self.teasers is not None:
                    superseded = self.teasers.superseded
                    articles, teaser_pages = self.teasers.sort(page_urls(response), result.articles,
                                                               self.will_fetch)
                    self.crawler.stats.inc_value("cleanwire/articles/teaser_superseded",
                                                 self.teasers.superseded - superseded)
                for article in articles:
                    yield article
                for url in teaser_pages:
                    if url not in self.requested:
                        self.requested.add(url)
                        yield scrapy.Request(url, self.parse, errback=self.on_error)
        elif self.teasers is not None:
            for article in self.teasers.release(page_urls(response)):
                yield article
        for url in self.follow_links(response, refused):
            yield scrapy.Request(url, self.parse, errback=self.on_error)

    def will_fetch(self, url: str) -> bool:
        """A same-site article page this crawl fetches (so a teaser of it can wait for it)."""
        return self.link_target(url, url) == url and self.profile.is_article(parse_url(url).path)

    def parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """A sitemap lists the site's pages (or further sitemaps); every listed page is fetched."""
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # noqa: BLE001 - lxml raises several types for garbage
            self.crawler.stats.inc_value(f"{STAT}/skipped/bad_sitemap")
            logger.warning("not a readable sitemap: %s", response.url)
            return
        callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse
        for count, entry in enumerate(sitemap):
            if count == SITEMAP_MAX_URLS:
                self.crawler.stats.inc_value("cleanwire/links/capped")
                logger.warning("more than %d URLs in a sitemap, the rest not read: %s", SITEMAP_MAX_URLS, response.url)
                return
            url = _join(response.url, entry.get("loc") or "")
            if url is not None and self.allowed(url):
                yield scrapy.Request(url, callback, errback=self.on_error)

    def parse_feed(self, response: Response) -> Iterable[scrapy.Request]:
        """RSS <item><link> and Atom <entry><link href>."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value(f"{STAT}/skipped/bad_feed")
            return
        links = response.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href").getall()
        if len(links) > self.follow_max:
            self.crawler.stats.inc_value("cleanwire/links/capped")
            logger.warning("more than %d links in a feed, the first followed (FOLLOW_MAX_LINKS): %s",
                           self.follow_max, response.url)
        for link in links[:self.follow_max]:
            url = _join(response.url, link)
            if url is not None and self.allowed(url):
                yield scrapy.Request(url, self.parse, errback=self.on_error)

    def on_error(self, failure: Failure) -> Iterable[dict[str, Any]]:
        """One line and one stat per failed page; the crawl goes on (with the teaser copies that
        waited for this page). Not itself a generator function: Scrapy reads the source of a
        generator errback on every call (its cache is keyed by the bound method, new with each
        request), 5 ms a failed page: a 3,000-page 404 storm spent 15 s of CPU in it."""
        return self._failed(failure)

    def _failed(self, failure: Failure) -> Iterator[dict[str, Any]]:
        request = failure.request
        if failure.check(ShutdownCancelled) or (self.shutting_down and not failure.check(HttpError)):
            reason = "shutdown"  # cut at shutdown: not the page's failure
        elif failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
            reason = "timeout"
        elif failure.check(CannotResolveHostError, DNSLookupError):
            reason = "dns"
        elif failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
            reason = "connection_refused"
        elif failure.check(ResponseDataLossError):
            reason = "data_loss"
        elif failure.check(DownloadCancelledError, CancelledError):
            reason = "too_large"  # over DOWNLOAD_MAXSIZE while downloading
        elif failure.check(RedirectLoop):
            reason = "redirect_loop"
        elif failure.check(BadRedirect):
            reason = "bad_redirect"
        elif failure.check(IgnoreRequest):
            # robots.txt, offsite, or a middleware's decision; Scrapy says which in words only
            message = str(failure.value)
            reason = "too_many_redirects" if "max redirections" in message else \
                "too_large" if "DOWNLOAD_MAXSIZE" in message else "ignored"
        else:
            reason = type(failure.value).__name__
        self.crawler.stats.inc_value(f"{STAT}/failed/{reason}")
        retries = request.meta.get("retry_times", 0)
        origin = request.meta.get("redirect_urls", [None])[0]
        # Scrapy has already said at WARNING level that a response was over DOWNLOAD_MAXSIZE; a
        # shutdown said once that it cuts what is in flight.
        logger.log(logging.DEBUG if reason in ("too_large", "shutdown") else logging.WARNING, "fetch failed (%s%s): %s%s",
                   reason, f", {retries} retries" if retries else "", request.url,
                   f" (redirected from {origin})" if origin else "")
        if self.teasers is not None:
            yield from self.teasers.release([request.url, *request.meta.get("redirect_urls", [])])
        self.crawler.signals.send_catch_log(cw_signals.request_processed, request=request)  # Redis: done with it

    # --- link following --------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        parts = parse_url(url)
        if parts is None or parts.scheme not in ("http", "https"):
            return False
        host = parts.hostname or ""
        if self.allowed_domains and not any(host == d or host.endswith("." + d) for d in self.allowed_domains):
            return False
        return not self.profile.is_denied(parts.path)

    def follow_links(self, response: Response, refused: bool = False) -> Iterable[str]:
        """Same-site article and listing links, each once per process, and at most FOLLOW_MAX_LINKS
        new ones from one page. The page is parsed within the extractors' bounds (size, binary
        data, elements, attributes, nesting): lexbor alone spends 35 s on 100,000 nested divs that
        the extractor refuses at once. `refused`: the extractor has already said why in the log."""
        if not isinstance(response, TextResponse):
            return
        try:
            tree = parse(decode(response.body))
        except ExtractionError as exc:
            self.crawler.stats.inc_value("cleanwire/links/unreadable")
            logger.log(logging.DEBUG if refused else logging.WARNING, "links not followed: %s: %s", response.url, exc)
            return
        new = 0
        for node in tree.css("a[href]"):
            url = self.link_target(response.url, node.attributes.get("href") or "")
            if url is None or url in self.requested:
                continue
            if new == self.follow_max:
                self.crawler.stats.inc_value("cleanwire/links/capped")
                logger.warning("more than %d new links on one page, the rest not followed (FOLLOW_MAX_LINKS): %s",
                               self.follow_max, response.url)
                return
            self.requested.add(url)
            new += 1
            yield url

    def link_target(self, page_url: str, href: str) -> str | None:
        """The URL to follow for a link, or None. Pages repeat the same menu, sidebar and teaser
        links, so decisions on absolute and root-relative links are cached."""
        href = href.strip()
        cacheable = href.startswith(("/", "http:", "https:")) and not href.startswith("//")
        if cacheable and href in self.link_cache:
            return self.link_cache[href]
        url = _join(page_url, href)
        target = None
        if url is not None and self.allowed(url):
            path = parse_url(url).path  # _join returns only URLs that parse
            if self.profile.is_article(path) or self.profile.is_listing(path) or not (
                    self.profile.article_patterns or self.profile.listing_patterns):
                target = url
        if cacheable and len(self.link_cache) < LINK_CACHE_MAX:
            self.link_cache[href] = target
        return target


def page_urls(response: Response) -> set[str]:
    """Every URL this response answers: the one asked for, those redirected from, the final one."""
    return {response.url, response.request.url, *response.request.meta.get("redirect_urls", [])}


def is_html(response: Response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
    if ctype:
        return ctype in HTML_TYPES
    return isinstance(response, TextResponse) and response.body.lstrip()[:1] == b"<"


def _join(base: str, href: str) -> str | None:
    """`href` resolved against `base`, without its fragment; None for a link no URL parser takes
    ('http://[::1', a port out of range), as a browser ignores it."""
    url = absolute(href, base)
    return url.split("#", 1)[0] if url else None


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _with(profile: SiteProfile, **changes: Any) -> SiteProfile:
    from dataclasses import replace

    return replace(profile, **changes)
