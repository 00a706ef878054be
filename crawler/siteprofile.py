"""Site profiles: what to crawl on one site, as data (`crawler/profiles/<name>.json`).

Adding a site is adding a file: start URLs, sitemaps, feeds, allowed domains, which paths are
articles and which are listings, which to never fetch, and the theme the extractor should expect.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

# importlib.resources, not a file path: profiles load from a zipped scrapyd egg as well.
PROFILE_DIR = resources.files("crawler").joinpath("profiles")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SiteProfile:
    name: str
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    listing_patterns: tuple[str, ...] = ()
    deny_patterns: tuple[str, ...] = ()
    theme: str | None = None
    serve: str | None = None  # a local directory the crawl serves itself on 127.0.0.1
    description: str = ""
    _compiled: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict, compare=False, repr=False)

    def _patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        if kind not in self._compiled:
            self._compiled[kind] = tuple(re.compile(p) for p in getattr(self, f"{kind}_patterns"))
        return self._compiled[kind]

    def is_article(self, path: str) -> bool:
        return any(p.search(path) for p in self._patterns("article"))

    def is_listing(self, path: str) -> bool:
        return any(p.search(path) for p in self._patterns("listing"))

    def is_denied(self, path: str) -> bool:
        return any(p.search(path) for p in self._patterns("deny"))

    def serve_path(self) -> Path | None:
        if not self.serve:
            return None
        path = Path(self.serve)
        return path if path.is_absolute() else PROJECT_ROOT / path


def available_profiles() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in PROFILE_DIR.iterdir() if p.name.endswith(".json"))


def load_profile(name_or_path: str) -> SiteProfile:
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR.joinpath(f"{name_or_path}.json")
    if not path.is_file():
        raise ValueError(f"no site profile {name_or_path!r}; known: {', '.join(available_profiles())}")
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(SiteProfile) if not f.name.startswith("_")}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"profile {path.name}: unknown keys {sorted(unknown)}")
    return SiteProfile(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})
