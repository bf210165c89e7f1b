"""The :class:`~govsm.spec.export_source.ExportSource` of a workspace: its store, read as it goes.

The organisation, its units and profiles come from the store (what the last load saved); the
messages stream from it (:mod:`govsm.store.selected_messages`) a chunk at a time, so an export's
memory does not grow with the history. Before an exporter sees a message, the reader leaves out
one that is over the workspace's ``[limits]`` — its text over ``text_bytes``, its title, content
warning, a media description or a link over ``field_bytes`` — and says which and why
(:attr:`StoreReader.left_out`): an export is meant to be read by other programs, and a 10 MB post
in a feed is more likely an accident than a message.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from govsm.channels.addresses import post_address
from govsm.exporting.checks import MessageChecks
from govsm.model import Bilingual, Message
from govsm.spec.export_source import ExportItem, ExportSource, MessageQuery, Selection
from govsm.spec.limits import Limits
from govsm.store.selected_messages import Oversized, Selected, count_selected, stream_selected

if TYPE_CHECKING:
    from govsm.workspace import Workspace


class StoreReader:
    """Reads the messages of an export from a workspace's store.

    Called with a query, it is a :data:`~govsm.spec.export_source.MessageReader`; its :meth:`count`
    is a :data:`~govsm.spec.export_source.MessageCounter`.

    :param workspace: the workspace, loaded into its store.
    """

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._store = workspace.store
        self._limits: Limits = workspace.limits
        self._checks: MessageChecks | None = None
        organisation = workspace.organisation.id
        channels = workspace.host.channels()
        self._addresses = {
            profile.id: (channels.get(profile.channel), profile)
            for profile in self._store.profiles(organisation)
        }
        #: the messages left out, each with why, in the order they were met
        self.left_out: list[Bilingual] = []
        #: how many messages were given to the exporter
        self.exported = 0

    @property
    def checked(self) -> int:
        """How many messages were checked because no stored result held."""
        return self._checks.checked if self._checks is not None else 0

    def count(self, query: MessageQuery) -> int:
        """How many messages ``query`` selects (texts over the limit not counted)."""
        return count_selected(self._store, query, max_text_bytes=self._limits.text_bytes)

    def __call__(self, query: MessageQuery) -> Iterator[ExportItem]:
        """Stream the items of ``query``, with their addresses and, when asked, findings."""
        context = None
        if query.findings:
            if self._checks is None:
                self._checks = MessageChecks(self._workspace)
            context = self._checks.context
        stream = stream_selected(
            self._store, query, context=context, max_text_bytes=self._limits.text_bytes
        )
        return self._items(stream, query.findings)

    def _items(
        self, stream: Generator[Selected | Oversized, None, None], findings: bool
    ) -> Iterator[ExportItem]:
        try:
            for selected in stream:
                if isinstance(selected, Oversized):
                    self._leave_out(_too_long(selected, self._limits))
                    continue
                message = selected.message
                why = _over_field_limit(message, self._limits)
                if why is not None:
                    self._leave_out(why)
                    continue
                channel, profile = self._addresses.get(message.profile, (None, None))
                found = None
                if findings and self._checks is not None:
                    found = self._checks.findings(message, selected.findings)
                self.exported += 1
                yield ExportItem(message, post_address(channel, profile, message), found)
        finally:  # an exporter that stops early gives the connection back at once
            stream.close()

    def _leave_out(self, why: Bilingual) -> None:
        if why not in self.left_out:  # an exporter may read the messages twice
            self.left_out.append(why)


def open_source(
    workspace: Workspace, selection: Selection | None = None, *, now: datetime | None = None
) -> tuple[ExportSource, StoreReader]:
    """The export source of ``workspace``'s store, and the reader behind it.

    :param selection: what to export (default: everything).
    :param now: the moment of the export (default: now).
    :returns: the source, and its reader (which counts what it gave and left out).
    :raises StoreError: the organisation is not in the store (load the workspace first).
    :raises ConfigError: the selection names a profile or unit the organisation does not have.
    """
    store = workspace.store
    snapshot = store.snapshot(workspace.organisation.id)
    reader = StoreReader(workspace)
    source = ExportSource(
        organisation=snapshot.organisation,
        generated_at=now or datetime.now(UTC),
        read=reader,
        count=reader.count,
        units=snapshot.units,
        profiles=snapshot.profiles,
        channels=tuple(workspace.host.channels().values()),
        selection=selection or Selection(),
        settings=workspace.config.plugins if workspace.config is not None else {},
    )
    return source, reader


def _too_long(item: Oversized, limits: Limits) -> Bilingual:
    return Bilingual(
        es=f"mensaje «{item.message}» del perfil «{item.profile}»: su texto ocupa "
        f"{item.text_bytes} bytes, más que el límite [limits] text_bytes ({limits.text_bytes}); "
        "no se ha exportado",
        en=f"message '{item.message}' of profile '{item.profile}': its text takes "
        f"{item.text_bytes} bytes, more than the limit [limits] text_bytes ({limits.text_bytes}); "
        "it was not exported",
    )


def _over_field_limit(message: Message, limits: Limits) -> Bilingual | None:
    """Why ``message`` is left out for a field over ``field_bytes``, or ``None``."""
    cap = limits.field_bytes
    for name, value in _fields(message):
        if value is None or len(value) * 4 <= cap:  # at most 4 bytes a character: surely within
            continue
        size = len(value.encode("utf-8"))
        if size > cap:
            return Bilingual(
                es=f"mensaje «{message.id}» del perfil «{message.profile}»: «{name}» ocupa "
                f"{size} bytes, más que el límite [limits] field_bytes ({cap}); no se ha exportado",
                en=f"message '{message.id}' of profile '{message.profile}': '{name}' takes "
                f"{size} bytes, more than the limit [limits] field_bytes ({cap}); it was not "
                "exported",
            )
    return None


def _fields(message: Message) -> Iterator[tuple[str, str | None]]:
    """A message's texts other than its text, each with its name."""
    yield "title", message.title
    yield "content_warning", message.content_warning
    yield "url", message.url
    for index, link in enumerate(message.links):
        yield f"links[{index}]", link
    for index, media in enumerate(message.media):
        yield f"media[{index}].alt_text", media.alt_text
        yield f"media[{index}].location", media.location
