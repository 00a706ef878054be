"""Log a dropped article as one short line with its reason, not the whole article text."""

import logging

from scrapy import logformatter


class CleanwireLogFormatter(logformatter.LogFormatter):
    def dropped(self, item, exception, response, spider):
        return {
            "level": getattr(exception, "level", logging.WARNING),
            "msg": "dropped article: %(exception)s",
            "args": {"exception": exception},
        }

    def scraped(self, item, response, spider):
        # The default prints the whole article at DEBUG; the URL is enough.
        return {"level": logging.DEBUG, "msg": "extracted %(id)s from %(src)s",
                "args": {"id": item.get("id"), "src": getattr(response, "url", "?")}}
