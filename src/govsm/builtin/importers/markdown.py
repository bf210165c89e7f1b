"""Built-in plugin: the Markdown drafts importer (:mod:`govsm.reading.drafts`)."""

from __future__ import annotations

from govsm.reading.drafts import read_draft
from govsm.spec.hookspecs import hookimpl
from govsm.spec.importer import Importer


@hookimpl
def govsm_importers() -> list[Importer]:
    """Declare the Markdown drafts importer."""
    return [
        Importer(
            name="markdown",
            description="Draft posts as Markdown with TOML front matter (+++)",
            suffixes=(".md", ".markdown"),
            read=read_draft,
        )
    ]
