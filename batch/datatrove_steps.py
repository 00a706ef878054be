"""The batch on datatrove (`pip install -e '.[datatrove]'`): WARC/WET in, one Document per article out.

Three datatrove stages, run by any of its executors (local processes, Slurm, Ray):

1. datatrove's WarcReader (HTTP 200 responses only, each record's place kept) -> `ExtractArticles`
   (cleanwire's extractors and schema gate) -> JsonlWriter (articles per task) -> ExactDedupSignature
   keyed on the article id;
2. ExactFindDedups over all tasks' signatures;
3. each task re-reads its own articles -> ExactDedupFilter -> JsonlWriter: the dataset, every
   article once across all tasks, lines in cleanwire's article shape.

A post's copy from its own page beats a teaser copy of it on another page (`document_priority`), as
the crawl's teaser hold does.
"""


from collections.abc import Iterator
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.exact_dedup import (
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)
from datatrove.pipeline.readers import JsonlReader, WarcReader
from datatrove.pipeline.writers import JsonlWriter

from batch.inputs import sniff_kind
from batch.runner import Options, SiteFilter, url_filter
from batch.work import extract_page
from extractors.article import FIELD_ORDER
from extractors.schema import validation_errors

ARTICLES, SIGNATURES, DUPLICATES = "articles", "signatures", "duplicates"


class ArchiveReader(WarcReader):
    """datatrove's WarcReader, plus what a dataset needs: only HTTP 200 responses (the stock reader
    also passes error pages and redirects), each page's kind (WET conversion -> text) and its
    record's place (`warc`: file, offset, length, id). warcio reads the gzip members itself so the
    offsets are those of the file."""

    def __init__(self, data_folder, **kwargs: Any) -> None:
        kwargs.setdefault("compression", None)
        super().__init__(data_folder, **kwargs)

    def read_file(self, filepath: str) -> Iterator[Document]:
        from datatrove.pipeline.readers.warc import process_record
        from warcio.archiveiterator import ArchiveIterator

        with self.data_folder.open(filepath, "rb", compression=self.compression) as f:
            records = ArchiveIterator(f)
            for i, record in enumerate(records):
                with self.track_time():
                    if record.rec_type == "response" and record.http_headers.get_statuscode() != "200":
                        continue
                    data = process_record(record)
                    if not data:
                        continue
                    records.read_to_end(record)
                    data["kind"] = "text" if record.rec_type == "conversion" else "html"
                    data["warc"] = {"filename": self.data_folder.resolve_paths(filepath), "offset": records.get_record_offset(),
                                    "length": records.get_record_length(), "record_id": data["id"]}
                    document = self.get_document_from_dict(data, filepath, i)
                if document:
                    yield document


class ExtractArticles(PipelineStep):
    """One page Document in, one Document per valid article out (text = article text, id = article
    id, metadata = the other article fields). `profile` (a crawler site profile's name or file) and
    `domains` keep only those sites' article pages, as `python -m extractors` does."""

    name = "📰 cleanwire articles"
    type = "🔨 - EXTRACT"

    def __init__(self, profile: str | None = None, domains: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.options = Options(domains=tuple(domains), profile=SiteFilter.load(profile) if profile else None)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        keep = url_filter(self.options)
        site = getattr(self.options.profile, "name", None)
        for page in data:
            url = page.metadata.get("url")
            if keep is not None and not (url and keep(url)):
                self.stat_update("filtered")
                continue
            self.stat_update("pages")
            with self.track_time():
                kind = page.metadata.get("kind") or sniff_kind(page.text[:1024].encode())
                rows, error = extract_page(str(page.id), url, kind, page.text, page.metadata.get("warc"), site)
            if error:
                self.stat_update("pages_failed")
                continue
            for row in rows:
                if validation_errors(row):
                    self.stat_update("invalid")
                    continue
                self.stat_update("articles")
                yield article_document(row)


def article_document(row: dict[str, Any]) -> Document:
    return Document(text=row["text"], id=row["id"],
                    metadata={k: v for k, v in row.items() if k not in ("text", "id")})


def article_line(self, document: Document) -> dict[str, Any]:
    """JsonlWriter adapter: the line in cleanwire's article shape (as the crawl writes it)."""
    row = {**document.metadata, "id": document.id, "text": document.text}
    return {key: row.get(key) for key in FIELD_ORDER}


def article_from_line(self, data: dict[str, Any], path: str, id_in_file: int | str) -> dict[str, Any]:
    """JsonlReader adapter: a line written by `article_line` back into a Document's parts."""
    return {"text": data["text"], "id": data["id"],
            "metadata": {k: v for k, v in data.items() if k not in ("text", "id")}}


def article_id(document: Document) -> bytes:
    """The dedup key (bytes: datatrove's default xxhash takes no str)."""
    return document.id.encode()


def own_page_first(document: Document) -> int:
    """A post's copy from its own page (fuller date, byline, captions) outranks a teaser copy."""
    meta = document.metadata
    return 2 if meta.get("url") and meta.get("url") == meta.get("page_url") else 1


DEDUP = ExactDedupConfig(content_getter=article_id, document_priority=own_page_first)


class OwnRankReader(JsonlReader):
    """Stage 3: each task reads back exactly the file it wrote in stage 1 (the dedup filter finds
    duplicates by their index in it), or nothing if that task found no article."""

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        name = f"{rank:05d}.jsonl.gz"
        if self.data_folder.exists(name):
            for document in self.read_file(name):
                self.stat_update("documents")
                yield document


def stages(archives: str, output: str, work: str, profile: str | None = None, domains: tuple[str, ...] = (),
           glob_pattern: str = "**/*.warc*") -> list[list[PipelineStep]]:
    """The three stages' steps; `archives`, `output` and `work` are local paths or fsspec URLs
    (s3://...) that every task can reach."""
    return [
        [ArchiveReader(archives, glob_pattern=glob_pattern), ExtractArticles(profile, domains),
         JsonlWriter(f"{work}/{ARTICLES}", adapter=article_line), ExactDedupSignature(f"{work}/{SIGNATURES}", DEDUP)],
        [ExactFindDedups(f"{work}/{SIGNATURES}", f"{work}/{DUPLICATES}", DEDUP)],
        [OwnRankReader(f"{work}/{ARTICLES}", adapter=article_from_line), ExactDedupFilter(f"{work}/{DUPLICATES}", DEDUP),
         JsonlWriter(output, adapter=article_line)],
    ]


def run_local(archives: str, output: str, work: str, tasks: int = 2, workers: int = -1,
              profile: str | None = None, domains: tuple[str, ...] = ()) -> None:
    """All three stages with datatrove's LocalPipelineExecutor (stage 2 is one task)."""
    extract, find, write = stages(archives, output, work, profile, domains)
    first = LocalPipelineExecutor(extract, tasks=tasks, workers=workers, logging_dir=f"{work}/logs/extract")
    second = LocalPipelineExecutor(find, tasks=1, logging_dir=f"{work}/logs/find", depends=first)
    third = LocalPipelineExecutor(write, tasks=tasks, workers=workers, logging_dir=f"{work}/logs/write", depends=second)
    third.run()


def main(argv: list[str] | None = None) -> int:
    """`python -m batch.datatrove_steps ARCHIVES OUTPUT WORK [--tasks N] [--workers N]
    [--profile NAME] [--domain D]`"""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("archives", help="folder (or fsspec URL) of .warc / .warc.gz / .warc.wet.gz files")
    ap.add_argument("output", help="folder for the dataset's JSONL files")
    ap.add_argument("work", help="folder for the intermediate articles, signatures and logs")
    ap.add_argument("--tasks", type=int, default=2)
    ap.add_argument("--workers", type=int, default=-1)
    ap.add_argument("--profile", help="a crawler site profile: its domains' article pages only")
    ap.add_argument("--domain", action="append", default=[], help="only this domain's pages (repeatable)")
    args = ap.parse_args(argv)
    run_local(args.archives, args.output, args.work, args.tasks, args.workers, args.profile, tuple(args.domain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
