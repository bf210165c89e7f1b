"""How much govsm reads of one thing before it refuses it: the workspace's ``[limits]``.

Every limit has a default that no real public body's archive comes near, so a workspace only
sets ``[limits]`` to raise one on purpose (a blog that publishes books) or lower one (an
intranet that accepts uploads from the public). Each refusal is a bilingual message naming the
file, the line or record, the size found and the limit's key, and everything else still loads.

>>> Limits().text_bytes
1048576
>>> Limits(records=0)
Traceback (most recent call last):
...
govsm.errors.ModelError: records: debe ser un número entero positivo, no 0
records: must be a positive whole number, not 0
"""

from __future__ import annotations

from typing import Any

import attrs
from attrs import field, frozen

from govsm.errors import ModelError

#: the deepest nesting a limit may allow: Python's JSON and TOML parsers recurse per level
MAX_DEPTH = 200

#: the size ``govsm.toml`` itself may have; it is read before its own ``[limits]`` are known
MANUAL_FILE_BYTES = 16 * 1024 * 1024

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ModelError(
            f"{attribute.name}: debe ser un número entero positivo, no {value!r}",
            f"{attribute.name}: must be a positive whole number, not {value!r}",
            field=attribute.name,
        )


def _followable(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if value > MAX_DEPTH:
        raise ModelError(
            f"{attribute.name}: {value} niveles de anidamiento superan el máximo que govsm "
            f"puede seguir ({MAX_DEPTH})",
            f"{attribute.name}: {value} levels of nesting exceed the most govsm can follow "
            f"({MAX_DEPTH})",
            field=attribute.name,
        )


@frozen
class Limits:
    """The sizes past which govsm refuses an input instead of reading it (``[limits]``).

    The host applies them to every importer: a file over :attr:`file_bytes` is not opened, a
    file yielding more than :attr:`records` records stops there, and a message whose text or
    any other field is too large is refused with a finding. An importer receives the limits
    as the third argument of its reader so it can stop reading early, too.

    :param text_bytes: the text of one message, in UTF-8 bytes (1 MiB).
    :param field_bytes: any other single text: a title, an author, a link, an id, a name or a
        value of ``govsm.toml`` (64 KiB).
    :param file_bytes: one file an importer or the journal replay reads (256 MiB). A JSON Lines
        line may be as long as the text limit plus the field limit.
    :param records: the records (lines of JSON Lines, entries) read from one file (5,000,000).
    :param depth: how deep JSON and TOML values may nest (64; at most :data:`MAX_DEPTH`).
    :param member_bytes: one member of a ``.zip`` or ``.tar`` archive (a platform's download of
        an account's data), uncompressed (4 GiB).
    :param archive_bytes: everything read out of one archive, uncompressed, all members
        together (16 GiB).
    :param archive_ratio: how many times its compressed size a member may expand to, once it
        is past 1 MiB (200): a deflated text rarely passes 20, a zip bomb passes 1,000.
    :param archive_members: the members one archive may list (500,000); each costs memory
        when the archive is opened.
    """

    text_bytes: int = field(default=1 * MIB, validator=_positive)
    field_bytes: int = field(default=64 * KIB, validator=_positive)
    file_bytes: int = field(default=256 * MIB, validator=_positive)
    records: int = field(default=5_000_000, validator=_positive)
    depth: int = field(default=64, validator=[_positive, _followable])
    member_bytes: int = field(default=4 * GIB, validator=_positive)
    archive_bytes: int = field(default=16 * GIB, validator=_positive)
    archive_ratio: int = field(default=200, validator=_positive)
    archive_members: int = field(default=500_000, validator=_positive)

    @property
    def line_bytes(self) -> int:
        """The longest line of a JSON Lines file: a message's text and its other fields."""
        return self.text_bytes + self.field_bytes
