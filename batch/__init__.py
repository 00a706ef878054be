"""cleanwire's batch: page files, directories and WARC/WET archives to article JSONL on all cores
(`python -m extractors`, `python -m batch`, `cleanwire-extract`), the chrome store and its listing
(`python -m batch.chrome`), and the same batch as datatrove steps.

Imports go one way: `batch` uses the `extractors` library, which never imports `batch`.
"""
