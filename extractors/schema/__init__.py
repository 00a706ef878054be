"""The Article JSON Schema, loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def article_schema() -> dict[str, Any]:
    """Read as package data, so it also loads from a zipped scrapyd egg, where it has no path."""
    return json.loads(resources.files(__name__).joinpath("article.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(article_schema())


def validation_errors(record: dict[str, Any]) -> list[str]:
    """Human-readable schema violations of one record (empty when valid)."""
    validator = _validator()
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))]
