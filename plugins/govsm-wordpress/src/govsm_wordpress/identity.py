"""Names of what the adapter reads: message ids, remote ids, authors' names.

* a post's remote id is its WordPress id (``"123"``); a comment's is ``"comment-<id>"``, so the
  two never collide within a profile;
* a message's id is ``<profile>-post-<id>`` or ``<profile>-in-comment-<id>``, cut to govsm's 64
  characters;
* an inbound comment's ``reply_to_remote`` is the remote id of what it answers: the post
  (``"123"``) or, for an answer to another comment, that comment (``"comment-45"``), so that
  ``govsm sync`` threads it under the message it answers when the store holds it.
"""

from __future__ import annotations

import re
import unicodedata

#: the longest message id govsm takes
ID_LIMIT = 64

#: Unicode categories never kept in an author's name: controls, formats (zero-width and
#: direction marks), surrogates, private use, line and paragraph separators
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})

#: blank letters that are not in those categories but show nothing
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")

_SURROGATE = re.compile("[\ud800-\udfff]")


def comment_remote_id(comment_id: int) -> str:
    """A comment's remote id.

    :param comment_id: WordPress's id of the comment.
    :return: ``comment-<id>``.
    """
    return f"comment-{comment_id}"


def message_id(profile_id: str, suffix: str) -> str:
    """A message id: the profile's id and a suffix, the profile's id cut to fit 64 characters.

    :param profile_id: the profile's id (a slug).
    :param suffix: e.g. ``post-123``.
    :return: the id.

    >>> message_id("blog-cultura", "in-comment-45")
    'blog-cultura-in-comment-45'
    """
    room = ID_LIMIT - len(suffix) - 1
    head = profile_id[:room].rstrip("-._") or "wp"
    return f"{head}-{suffix}"


def clean_text(text: str) -> str:
    """Text govsm can store: NUL characters dropped, lone surrogates replaced.

    :param text: the text.
    :return: the text, cleaned.
    """
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def shown_name(name: object) -> str | None:
    r"""A commenter's name as govsm can hold it: without invisible characters.

    An emoji sequence joined with U+200D comes out as its parts; a name with nothing visible
    left is ``None``.

    :param name: ``author_name`` as WordPress gives it.
    :return: the name, or ``None``.

    >>> shown_name("Vecina \u200b Pérez")
    'Vecina Pérez'
    """
    if not isinstance(name, str):
        return None
    kept = "".join(
        char
        for char in clean_text(name)
        if unicodedata.category(char) not in _HIDDEN_CATEGORIES and char not in _BLANK_LETTERS
    )
    return " ".join(kept.split()) or None
