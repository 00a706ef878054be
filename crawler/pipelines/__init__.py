"""Item pipelines, one job each, wired in ITEM_PIPELINES (crawler/settings.py) in this order:

validate (JSON Schema) -> deduplicate within the crawl -> skip what earlier runs wrote -> write JSONL
-> check the written text for chrome.
"""
