"""The JSON Schema and the Article dataclass describe the same record."""

from __future__ import annotations

import dataclasses

from extractors.article import FIELD_ORDER, Article, Author, Rights, Source
from extractors.schema import article_schema, validation_errors

# Fields added after the first datasets were written: optional in the schema, so older records
# still validate; every record written now carries them.
ADDED_LATER = {"warc", "language_confidence", "rights"}


def test_schema_and_dataclass_have_the_same_fields():
    schema = article_schema()
    dataclass_fields = {f.name for f in dataclasses.fields(Article)}
    assert set(schema["properties"]) == dataclass_fields == set(FIELD_ORDER)
    assert set(schema["required"]) == dataclass_fields - ADDED_LATER
    assert set(schema["properties"]["authors"]["items"]["properties"]) == {f.name for f in dataclasses.fields(Author)}
    assert set(schema["properties"]["source"]["properties"]) == {f.name for f in dataclasses.fields(Source)}
    rights = schema["properties"]["rights"]
    assert set(rights["properties"]) == set(rights["required"]) == {f.name for f in dataclasses.fields(Rights)}


def test_round_trip_and_invalid_records_are_caught():
    art = Article(title="T", text="One paragraph.\n\nAnother one.", authors=[Author("A B", "X")],
                  source=Source("Outlet", None, True), published="2024-05-14T08:30:00+00:00")
    d = art.to_dict()
    assert list(d) == list(FIELD_ORDER)
    assert validation_errors(d) == []
    assert Article.from_dict(d).to_dict() == d
    assert validation_errors({**d, "published": "14 May 2024"})
    assert validation_errors({**d, "text": ""})
    assert validation_errors({**d, "extra": 1})
    assert validation_errors({k: v for k, v in d.items() if k != "source"})
    older = {k: v for k, v in d.items() if k not in ADDED_LATER}  # a record written before the new fields
    assert validation_errors(older) == []
    assert Article.from_dict(older).to_dict() == d
    reserved = {**d, "rights": {"robots": ["noai"], "tdm_reservation": True,
                                "tdm_policy": "https://x.test/policy.json", "tdm_source": "header"}}
    assert validation_errors(reserved) == []
    assert Article.from_dict(reserved).to_dict() == reserved
    assert validation_errors({**d, "rights": {**reserved["rights"], "tdm_source": "rumour"}})
    assert validation_errors({**d, "language_confidence": 1.5})


def test_the_record_is_the_dataclass_as_data_and_shares_no_list_with_it():
    """`to_dict` skips `dataclasses.asdict`'s deep copy: the same record, and lists still its own."""
    from extractors.article import WarcLocation

    art = Article(title="T", text="One paragraph.", authors=[Author("A B", "X"), Author("C D")], image_captions=["c"],
                  credits=["k"], source=Source("Outlet", "https://x.test/a", True), language="en",
                  language_confidence=0.9, warc=WarcLocation("crawl.warc.gz", 10, 20, "<urn:uuid:1>"),
                  rights=Rights(["noai"], True, "https://x.test/policy.json", "meta"))
    d = art.to_dict()
    full = dataclasses.asdict(art)
    assert d == {key: full[key] for key in FIELD_ORDER} and list(d) == list(FIELD_ORDER)
    d["image_captions"].append("x")
    d["rights"]["robots"].append("noindex")
    assert art.image_captions == ["c"] and art.rights.robots == ["noai"]


def test_id_ignores_where_and_how_the_text_was_spaced():
    a = Article(title="Same  Title", text="Body\u00a0text here.", page_url="file:///a")
    b = Article(title="same title", text="Body text   here.", page_url="https://x.test/b", url="https://x.test/b")
    assert a.id == b.id and a.content_hash == b.content_hash
    assert Article(title="Other", text="Body text here.").id != a.id


def test_the_compiled_check_agrees_with_jsonschema_on_valid_and_broken_records():
    """The fast path (fastjsonschema) may only say "valid" where jsonschema does: every field of a
    real record broken in each way the schema forbids."""
    from extractors.schema import _fast_check, _validator

    art = Article(title="T", text="One paragraph.\n\nAnother one.", authors=[Author("A B", "X")],
                  source=Source("Outlet", "https://x.test/a", True), published="2024-05-14T08:30:00+00:00",
                  language="en", language_confidence=0.9)
    d = art.to_dict()
    d["warc"] = {"filename": "a.warc.gz", "offset": 0, "length": 10, "record_id": "<urn:uuid:1>"}
    broken = [None, "", "x" * 3, -1, 1.5, 2, [], [1], {}, {"name": 1}, True, "14 May 2024", "zz"]
    records = [d, {**d, "extra": 1}] + [{k: v for k, v in d.items() if k != key} for key in d]
    records += [{**d, key: value} for key in d for value in broken]
    records += [{**d, key: {**d[key], sub: value}} for key in ("source", "extractor", "warc", "rights")
                for sub in d[key] for value in broken]
    records += [{**d, "authors": [{"name": value, "affiliation": None}]} for value in broken]
    fast, full = _fast_check(), _validator()
    rejected = 0
    for record in records:
        try:
            fast(record)
            fast_valid = True
        except Exception:  # noqa: BLE001 - fastjsonschema's JsonSchemaException
            fast_valid = False
        assert fast_valid == full.is_valid(record), record
        rejected += not fast_valid
    assert rejected > 300
