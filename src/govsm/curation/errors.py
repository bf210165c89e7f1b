"""The error a source that cannot be read raises: what is wrong, naming the source."""

from __future__ import annotations

from govsm.errors import GovsmError


class SourceError(GovsmError):
    """A source could not be read: unreachable, refused, too large, too slow or not a feed.

    ``where`` names the source (its id, and the URL without its query, or the file); the
    message says what is wrong in Spanish and English. Curation reports it for that source and
    goes on with the others.
    """

    exit_code = 1
