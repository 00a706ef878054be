"""Spider contracts for `scrapy check`."""

from __future__ import annotations

import os
from urllib.parse import urljoin

from scrapy.contracts import Contract


class SiteUrlContract(Contract):
    """@site_url /path/ -- the page at that path of the site under test. The base comes from
    CLEANWIRE_CHECK_BASE_URL, so contracts run against the fixture site on any port."""

    name = "site_url"

    def adjust_request_args(self, args):
        base = os.environ.get("CLEANWIRE_CHECK_BASE_URL")
        if not base:
            raise ValueError("set CLEANWIRE_CHECK_BASE_URL to the site the contracts run against")
        args["url"] = urljoin(base, self.args[0])
        return args
