"""The record an importer plugin returns from :func:`~govsm.spec.hookspecs.govsm_importers`.

An importer reads one file of an organisation and yields, for each item it finds, the
normalised :class:`~govsm.model.Message`; an :class:`Imported` when it also keeps the network's
own record of the item (X's JSON for a tweet), byte for byte, with its SHA-256; or an
:class:`ImportProblem` for an item it cannot read.

>>> import hashlib
>>> from datetime import UTC, datetime
>>> from govsm.model import Direction, MessageKind, MessageState
>>> moment = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
>>> message = Message(organisation="ayto", id="x-1", profile="x-ayto",
...                   direction=Direction.OUTBOUND, kind=MessageKind.POST,
...                   state=MessageState.PUBLISHED, text="Hola", created_at=moment,
...                   published_at=moment, remote_id="1")
>>> item = Imported(message, original='{"tweet": {"id_str": "1"}}', source="x.zip!data/tweets.js")
>>> item.sha256 == hashlib.sha256(b'{"tweet": {"id_str": "1"}}').hexdigest()
True
>>> unwrap(item) is message
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from attrs import field, frozen, validators

from govsm.model import _validate as v
from govsm.model.bilingual import Bilingual
from govsm.model.message import Message
from govsm.model.profile import Profile
from govsm.spec.limits import Limits


@frozen
class ImportProblem:
    """A part of an archive an importer could not read: which file and line, and why.

    An importer yields one instead of raising, so the rest of the file, and every other file,
    still loads; ``govsm audit`` reports each as an error finding.

    :param where: the place, ``file:line`` (or the file alone; ``archive!member`` inside an
        archive).
    :param message: what is wrong, in Spanish and English.
    """

    where: str
    message: Bilingual


@frozen
class Imported:
    """A message with the network's own record of it, as the archive holds it.

    The organisation's record of what it said is then the network's: the original can be kept
    beside the normalised message, and its :attr:`sha256` shows later that it was not changed.

    :param message: the normalised message.
    :param original: the item's record exactly as the archive holds it: its bytes, or its text
        (taken as UTF-8). Not shown in ``repr``.
    :param source: where the record was read (``twitter-2024.zip!data/tweets.js``, with the
        byte where it starts when the importer knows it: ``…!data/tweets.js@1042``).
    :param media_type: what the original is (``application/json`` unless said otherwise).
    """

    message: Message
    original: bytes | str = field(repr=False, validator=validators.instance_of((bytes, str)))
    source: str = field(validator=v.text)
    media_type: str = "application/json"

    @property
    def original_bytes(self) -> bytes:
        """The original as bytes (text encoded as UTF-8)."""
        if isinstance(self.original, bytes):
            return self.original
        return self.original.encode("utf-8", "surrogatepass")

    @property
    def sha256(self) -> str:
        """The SHA-256 of :attr:`original_bytes`, as 64 lower-case hexadecimal digits."""
        return hashlib.sha256(self.original_bytes).hexdigest()


def unwrap(item: Message | Imported | ImportProblem) -> Message | ImportProblem:
    """The message of an :class:`Imported` item; a message or a problem as it is.

    A host that does not keep originals reads every importer's items through it.
    """
    return item.message if isinstance(item, Imported) else item


#: reads one file of an organisation (``path``, ``organisation id``, the workspace's
#: :class:`~govsm.spec.limits.Limits`) and yields its messages, and an :class:`ImportProblem`
#: for each line or record it cannot read (an importer that raises
#: :class:`~govsm.errors.ConfigError` instead loses the rest of that file, not the others).
#: The host has already refused a file over ``limits.file_bytes``, stops taking records after
#: ``limits.records`` and refuses each message over ``text_bytes`` or ``field_bytes``; a reader
#: honours the limits itself to stop reading early (a line it need not hold, a nesting too deep).
#: An importer that keeps each item's original record yields :class:`Imported` items from its
#: :attr:`Importer.read_in_context` instead; its plain reader gives their messages
#: (:func:`unwrap`).
ImportReader = Callable[[Path, str, Limits], Iterator["Message | ImportProblem"]]


@frozen
class ImportContext:
    """What the host knows of the workspace when it asks an importer to read a file.

    :param organisation: the organisation's id.
    :param limits: the workspace's limits.
    :param profiles: the organisation's profiles, so that an importer of a platform's archive
        can tell whose archive it is (X's ``data/account.js`` names the account: the profile of
        the ``x`` channel with that handle).
    """

    organisation: str = field(validator=v.slug)
    limits: Limits = field(factory=Limits)
    profiles: tuple[Profile, ...] = ()


#: reads one file with what the host knows of the workspace (see :class:`ImportContext`); it
#: yields what an :data:`ImportReader` yields, and may yield :class:`Imported` items (a message
#: with the network's own record of it) in place of plain messages
ContextImportReader = Callable[
    [Path, ImportContext], Iterator["Message | Imported | ImportProblem"]
]


@frozen
class Importer:
    """An archive reader.

    :param name: identifier (``jsonl``, ``markdown``, ``x-archive``…).
    :param description: one line saying what it reads.
    :param suffixes: file name endings it reads (``.jsonl``, ``.md``).
    :param read: the function that reads a file (see :data:`ImportReader`).
    :param recognises: for importers that share a suffix with others (an X archive and a
        Mastodon archive are both ``.zip``), whether a file with one of :attr:`suffixes` is of
        its kind, by its content; it must be quick (read a zip's directory, not its members)
        and must not raise. ``None``: every file with a suffix of its is.
    :param read_in_context: reads a file knowing the workspace, and may keep each item's
        original record (see :data:`ContextImportReader`): a host that can tell the
        organisation's profiles and keeps originals calls it, through :meth:`items`, instead
        of :attr:`read`.
    """

    name: str = field(validator=v.slug)
    description: str
    suffixes: tuple[str, ...]
    read: ImportReader = field(eq=False)
    recognises: Callable[[Path], bool] | None = field(default=None, eq=False, kw_only=True)
    read_in_context: ContextImportReader | None = field(default=None, eq=False, kw_only=True)

    def accepts(self, path: Path) -> bool:
        """Whether the importer reads ``path``.

        Its name must end with one of :attr:`suffixes` and, when the importer sniffs content,
        :attr:`recognises` must say yes (a sniffer that raises says no).
        """
        if not any(path.name.endswith(suffix) for suffix in self.suffixes):
            return False
        if self.recognises is None:
            return True
        try:
            return bool(self.recognises(path))
        except Exception:  # a plugin's sniffer must not stop the host choosing an importer
            return False

    def items(
        self, path: Path, context: ImportContext
    ) -> Iterator[Message | Imported | ImportProblem]:
        """Read ``path`` with :attr:`read_in_context` when there is one, else with :attr:`read`.

        A host calls this rather than :attr:`read` when it keeps originals; it passes each item
        through :func:`unwrap` where it needs the message alone.
        """
        if self.read_in_context is not None:
            return self.read_in_context(path, context)
        return self.read(path, context.organisation, context.limits)
