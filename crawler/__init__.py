"""The Scrapy project: a thin spider over `extractors`, and pipelines that validate, deduplicate
and write crash-safe JSONL."""

import warnings

from scrapy.exceptions import ScrapyDeprecationWarning

# spidermon and scrapy-redis still call Scrapy APIs deprecated in 2.13+ (Spider.log, the spider
# argument of the stats methods); the warnings say nothing a cleanwire user can act on.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module=r"(spidermon|scrapy_redis)(\.|$)")
