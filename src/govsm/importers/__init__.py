"""Readers that turn archives (JSON Lines, Markdown drafts, network exports) into messages."""

from govsm.importers.spec import Importer, ImportReader

__all__ = ["ImportReader", "Importer"]
