"""Curation: the feeds a profile or unit follows, turned into drafts that go through approval.

A workspace's ``[[sources]]`` (:mod:`govsm.workspace.sources_config`) name RSS 2.0, Atom and
JSON Feed documents. :func:`curate` reads them (:mod:`~govsm.curation.fetching`), takes their
entries apart (:mod:`~govsm.curation.parsing`), leaves out what was drafted before or says the
same thing under another link (:mod:`~govsm.curation.dedup`), writes one draft per new entry
and profile (:mod:`~govsm.curation.drafting`), saves the drafts and checks them against the
organisation's rules. The drafts then follow the governance API like any other: an editor
submits them, an approver approves them. See :doc:`/howto/curate`.
"""

from govsm.curation.curating import CuratedDraft, CurationReport, SourceReport, curate
from govsm.curation.errors import SourceError
from govsm.curation.fetching import Fetched, Fetcher
from govsm.curation.parsing import Feed, FeedEntry, read_feed

__all__ = [
    "CuratedDraft",
    "CurationReport",
    "Feed",
    "FeedEntry",
    "Fetched",
    "Fetcher",
    "SourceError",
    "SourceReport",
    "curate",
    "read_feed",
]
