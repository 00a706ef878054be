"""The dataset report: one HTML page a person reads to judge a JSONL file, written beside it at the
end of every crawl and for any JSONL by `python -m crawler.datasetreport FILE.jsonl`.

Scrapy-free: figures from the records (and, when the crawl left them, its stats and monitor
verdicts), charts as static SVG (pygal) inside one self-contained page (Jinja2). No script, font or
image is loaded from anywhere: the page declares a Content-Security-Policy that forbids it.
"""

from crawler.datasetreport.figures import Figures, figures_of
from crawler.datasetreport.render import render, write_report

__all__ = ["Figures", "figures_of", "render", "write_report"]
