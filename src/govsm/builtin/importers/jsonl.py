"""Built-in plugin: the JSON Lines importer (:mod:`govsm.reading.jsonl`)."""

from __future__ import annotations

from govsm.reading.jsonl import read_jsonl_in_context, read_jsonl_lines
from govsm.spec.hookspecs import hookimpl
from govsm.spec.importer import Importer


@hookimpl
def govsm_importers() -> list[Importer]:
    """Declare the JSON Lines importer."""
    return [
        Importer(
            name="jsonl",
            description="Messages as JSON Lines (one govsm Message per line)",
            suffixes=(".jsonl", ".ndjson"),
            read=read_jsonl_lines,
            read_in_context=read_jsonl_in_context,
        )
    ]
