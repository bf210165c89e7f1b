r"""The idempotency marker: an HTML comment at the end of a post's content.

WordPress takes no idempotency key, and a post's ``meta`` is writable through the REST API only
for keys a plugin registered with ``show_in_rest`` (an unregistered key is dropped without an
error: checked on WordPress 6.1). So the adapter writes the key where every WordPress keeps it
and its search finds it: an HTML comment after the text,

.. code-block:: html

    <!-- govsm:eca51f94384661b983b792785c5ab4b4 (no borrar / do not remove) -->

WordPress stores it in ``content.raw`` and renders it as an invisible comment; an edit that
changes the text around it keeps it (a person editing the post does not see it unless they open
the code editor). The key itself is not written: its SHA-256 (first 32 hex digits) is, so that
no key can end the comment early (``--``) nor split WordPress's search into several words.

>>> marker_comment("outbox-item-17")
'<!-- govsm:eca51f94384661b983b792785c5ab4b4 (no borrar / do not remove) -->'
>>> carries("<p>Aviso</p>\n" + marker_comment("outbox-item-17"), "outbox-item-17")
True
"""

from __future__ import annotations

import hashlib
import re

#: what starts every marker, and the word WordPress's search looks for
PREFIX = "govsm:"

#: hex digits of the key's SHA-256 kept in the marker (128 bits)
DIGITS = 32

#: what follows the token inside the comment, for the people who see it in the code editor
NOTE = "(no borrar / do not remove)"

_ANY_MARKER = re.compile(r"<!--\s*govsm:[0-9a-f]{" + str(DIGITS) + r"}\b[^>]*?-->\n?")


def marker_token(idempotency_key: str) -> str:
    """The word that identifies the post made with ``idempotency_key``.

    :param idempotency_key: the outbox item's key.
    :return: ``govsm:`` and 32 hex digits.
    """
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()
    return PREFIX + digest[:DIGITS]


def marker_comment(idempotency_key: str) -> str:
    """The HTML comment appended to the content of the post made with ``idempotency_key``.

    :param idempotency_key: the outbox item's key.
    :return: the comment.
    """
    return f"<!-- {marker_token(idempotency_key)} {NOTE} -->"


def carries(raw_content: str, idempotency_key: str) -> bool:
    """Whether a post's raw content holds the marker of ``idempotency_key``.

    :param raw_content: ``content.raw`` (``context=edit``).
    :param idempotency_key: the key.
    :return: ``True`` when the marker is there.
    """
    token = marker_token(idempotency_key)
    return re.search(r"<!--\s*" + re.escape(token) + r"\b", raw_content) is not None


def without_markers(raw_content: str) -> str:
    """A post's raw content without govsm's markers (to compare its text).

    :param raw_content: ``content.raw``.
    :return: the content, markers removed.
    """
    return _ANY_MARKER.sub("", raw_content)
