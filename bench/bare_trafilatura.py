"""The baseline a user would otherwise run: `trafilatura.extract` on every page of a directory, one
process, one JSON line per page. bench/aeb.py times its whole process against `python -m extractors`.

    python bench/bare_trafilatura.py DIR -o out.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path


def pages(root: Path):
    for path in sorted(root.rglob("*")):
        name = path.name.lower()
        if name.endswith((".html.gz", ".htm.gz")):
            yield path, gzip.decompress(path.read_bytes())
        elif name.endswith((".html", ".htm")):
            yield path, path.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    import trafilatura

    with args.output.open("w", encoding="utf-8") as out:
        for path, data in pages(args.dir):
            text = trafilatura.extract(data.decode("utf-8", errors="replace")) or ""
            out.write(json.dumps({"page_url": path.resolve().as_uri(), "text": text}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
