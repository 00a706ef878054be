"""The raw archive of a crawl: every fetched page as WARC records (`ARCHIVE_ENABLED`), and the same
crawl replayed from such an archive (`ARCHIVE_REPLAY`) to re-extract a dataset without the network.

writer.py       WARC files: one gzip member per record, one write() per request/response pair, rotated by size
middleware.py   the downloader middleware that archives every response, and tells the spider where
replay.py       the download handler that answers requests from archives instead of the network
addon.py        ARCHIVE_REPLAY set: that handler, no politeness delays, a fresh seen-store, the report
report.py       new / changed / gone against the dataset the archive came from
"""
