"""Publishers' opt-out: count the rights signals of every article, and drop the reserved ones for
users who build training corpora (`DROP_TDM_RESERVED`, off by default)."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from crawler.pipelines.base import StatsPipeline


class RightsPipeline(StatsPipeline):
    """`cleanwire/rights/tdm_reserved`, `cleanwire/rights/robots/<directive>` for every valid
    article; with DROP_TDM_RESERVED on, an article whose TDMRep answer is "reserved", or whose
    robots directives include one of TDM_RESERVED_DIRECTIVES (default `noai`), is dropped
    (`cleanwire/dropped/tdm_reserved`)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.drop_reserved = settings.getbool("DROP_TDM_RESERVED", False)
        self.directives = {d.lower() for d in settings.getlist("TDM_RESERVED_DIRECTIVES", ["noai"])}

    def process_item(self, item: Any, spider=None) -> Any:
        rights = ItemAdapter(item).get("rights") or {}
        robots = rights.get("robots") or []
        for directive in robots:
            self.stats.inc_value(f"cleanwire/rights/robots/{directive.split(':')[0]}")
        reserved = rights.get("tdm_reservation") is True or bool(self.directives.intersection(robots))
        if reserved:
            self.stats.inc_value("cleanwire/rights/tdm_reserved")
            if self.drop_reserved:
                raise self.drop("tdm_reserved", ItemAdapter(item).asdict())
        return item
