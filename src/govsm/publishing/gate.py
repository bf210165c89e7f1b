"""The last look before a post goes out: approval, checks, plugins' veto, clean media.

Scheduling already required the message to be approved; at publish time, before every first
attempt, the gate asks again, because things change between the two:

1. the message still has every approval it needs for its current content (an edit since
   sends it back to approval);
2. the rules, run again *as of now* — an electoral period may have started since the approval,
   a profile may have been paused or archived — find no blocking error;
3. no plugin vetoes it (:func:`~govsm.spec.hookspecs.govsm_before_publish`);
4. its media are files of the workspace, which are read and cleaned of EXIF, XMP, IPTC and
   comments (:func:`govsm.media.cleaning.clean`, Esquema Nacional de Seguridad mp.info.5), their
   alt text kept.

A repost or a quote is refused outright: the adapter contract publishes the organisation's own
text, and sharing another account's post is done on the network. A repeat of a published post
goes out as a new post, judged whole (what the network added to the original is forgotten).

The rules are not run again when the audit already judged the message as it goes out now and
nothing they read changed since (same day, same rules, same policy): the gate then reads the
findings the audit kept (:mod:`govsm.publishing.kept_checks`).

A refusal is a :class:`Refusal` with the reason in Spanish and English; the item fails with it,
and a person can retry it once the cause is gone.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import attrs
from attrs import frozen

from govsm.errors import GovsmError
from govsm.governance import Governance
from govsm.governance.scheduling import approval_shortfall
from govsm.ledger.chain import StoredEntry
from govsm.ledger.record import GovernanceRecord, advance
from govsm.media.cleaning import clean
from govsm.media.probe import local_path
from govsm.model import (
    Bilingual,
    Finding,
    LifecycleState,
    Message,
    MessageKind,
    MessageState,
    Profile,
)
from govsm.plugins import PluginHost
from govsm.publishing.kept_checks import KeptChecks
from govsm.reading.files import read_bytes
from govsm.rules.engine import Checker
from govsm.spec.adapter import UploadMedia
from govsm.store.claims import KeptCheck
from govsm.syncing.limits import profile_channels
from govsm.workspace import Workspace

#: the largest media file uploaded (a network's own limits are lower)
MAX_MEDIA_BYTES = 512 * 1024 * 1024

#: kinds the adapter contract cannot publish: they share another account's post
_NOT_PUBLISHED_BY_GOVSM = frozenset({MessageKind.REPOST, MessageKind.QUOTE})

#: profile states that publish
_PUBLISHING_STATES = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})


class Refusal(Exception):
    """The gate's refusal, with its reason.

    :param reason: why the post may not go out, in Spanish and English.
    :param vetoed_by: the plugin that vetoed it, if a plugin did.
    """

    def __init__(self, reason: Bilingual, vetoed_by: str | None = None) -> None:
        super().__init__(reason.en)
        self.reason = reason
        self.vetoed_by = vetoed_by


@frozen
class Cleared:
    """What the gate lets through: the message as checked and its cleaned media.

    :param message: the message to publish (a repeat's variant text in place).
    :param media: the attachments to upload.
    :param reply_to: the network's id of the post it answers (the worker fills it in).
    """

    message: Message
    media: tuple[UploadMedia, ...]
    reply_to: str | None = None


class PublishGate(Protocol):
    """What a :class:`~govsm.publishing.Worker` asks of its publish-time gate.

    :class:`Gate` is govsm's; a gate of one's own (a stricter one, or a test's) implements the
    same four methods. For each claimed batch the worker asks :meth:`read_after`, reads the
    audit entries after it with the claim when it is not ``None``, passes them to
    :meth:`record`, announces the batch's messages with :meth:`check_ahead`, then calls
    :meth:`clear` for each item before its attempt.
    """

    def read_after(self) -> int | None:
        """Where the worker reads the audit log from, with its claim (``None``: it reads none)."""
        ...

    def record(self, newer: Sequence[StoredEntry] | None = None) -> GovernanceRecord | None:
        """The governance record to clear this batch's messages against.

        :param newer: the entries after :meth:`read_after`, when the worker read them.
        """
        ...

    def check_ahead(
        self,
        pending: Sequence[tuple[Message, str | None, KeptCheck | None]],
        now: datetime,
    ) -> None:
        """The batch's messages, each with its variant text and what the audit kept for it."""
        ...

    def clear(
        self,
        message: Message,
        profile: Profile,
        now: datetime,
        variant: str | None = None,
        *,
        record: GovernanceRecord | None = None,
        kept: KeptCheck | None = None,
    ) -> Cleared:
        """What to publish for ``message``; raise :class:`Refusal` when it may not go out."""
        ...


def _as_now(message: Message, now: datetime, variant: str | None) -> Message:
    """The message as it goes out now: a repeat of a published post is a new post."""
    as_now = attrs.evolve(
        message,
        state=MessageState.SCHEDULED,
        scheduled_at=now,
        published_at=None,
        remote_id=None,
        url=None,
        counted_range=None,
        appended_links=(),
    )
    return as_now if variant is None else attrs.evolve(as_now, text=variant)


class Gate:
    """The publish-time gate of one workspace (a :class:`PublishGate`).

    :param workspace: the organisation (its policy, profiles, rules and folder).
    :param host: the plugin host whose rules and veto hook apply (default: the workspace's).
    """

    def __init__(self, workspace: Workspace, host: PluginHost | None = None) -> None:
        self._workspace = workspace
        self._host = host or workspace.host
        self._governance = Governance.of(workspace)
        own = profile_channels(workspace)
        self._checker = Checker(
            self._host.rules(), self._host.channels(), workspace.snapshot, workspace.root, own
        )
        self._kept = KeptChecks(workspace, self._host, own)
        self._record: GovernanceRecord | None = None
        self._zone = zoneinfo.ZoneInfo(workspace.snapshot.organisation.timezone)
        #: findings of messages checked ahead (:meth:`check_ahead`), by the message's identity
        self._ahead: dict[int, tuple[Message, str | None, date, tuple[Finding, ...]]] = {}

    @property
    def kept(self) -> KeptChecks:
        """How this gate reuses what the audit's checks kept."""
        return self._kept

    def read_after(self) -> int | None:
        """Where the audit log is read from to bring this gate's record up to date.

        The sequence number of the entry before the last one read: that entry is read again,
        to tell that the log below it is the one read (see :meth:`record`). ``None`` when no
        record was read yet, or the log was empty: the next :meth:`record` reads it whole.
        """
        known = self._record
        if known is None or known.head == 0:
            return None
        return known.head - 1

    def record(self, newer: Sequence[StoredEntry] | None = None) -> GovernanceRecord:
        """The governance record as stored now (read it once for several :meth:`clear` calls).

        :param newer: the entries after :meth:`read_after`, as stored, read by the caller (a
            worker reads them with its claim). When the first of them is still the last entry
            this gate read, the record is brought up to date with the others; otherwise — or
            without them — it is read from the store as the governance API reads it.
        :return: a copy the caller may keep.
        """
        known = self._record
        if (
            newer
            and known is not None
            and newer[0].seq == known.head
            and newer[0].hash == known.head_hash
        ):
            self._record = advance(known.copy(), newer[1:])
        else:
            self._record = self._governance.record()
        return self._record.copy()

    def check_ahead(
        self,
        pending: Sequence[tuple[Message, str | None, KeptCheck | None]],
        now: datetime,
    ) -> None:
        """Judge together the messages a batch is about to :meth:`clear`.

        The rules take turns over the batch (:meth:`Checker.check_many
        <govsm.rules.engine.Checker.check_many>`), which costs less than checking each message
        when it is cleared; a message whose checks the audit kept, and that still hold, is not
        checked, and what the audit kept is read here once. :meth:`clear` then uses these
        findings for the same message object with the same variant, if it goes out on the same
        day in the organisation's zone as ``now`` — the rules read the moment a message goes
        out only as its day — and judges it again otherwise. What was judged ahead and not
        cleared is dropped at the next call.

        :param pending: each message with its variant text (or ``None``) and what the audit
            kept for it, as :meth:`clear` will get them.
        :param now: when the batch goes out.
        """
        self._ahead = {}
        day = now.astimezone(self._zone).date()
        todo: list[tuple[Message, str | None, Message]] = []
        for message, variant, kept in pending:
            findings = self._kept.findings(kept, message, now, variant)
            if findings is None:
                todo.append((message, variant, _as_now(message, now, variant)))
            else:
                self._ahead[id(message)] = (message, variant, day, findings)
        if not todo:
            return
        results = self._checker.check_many([(as_now, None) for _, _, as_now in todo])
        for (message, variant, _), result in zip(todo, results, strict=True):
            self._ahead[id(message)] = (message, variant, day, result.findings)

    def _checked_ahead(
        self, message: Message, variant: str | None, now: datetime
    ) -> tuple[Finding, ...] | None:
        """The findings :meth:`check_ahead` found for ``message``, if they hold for ``now``."""
        ahead = self._ahead.pop(id(message), None)
        if ahead is None or ahead[0] is not message or ahead[1] != variant:
            return None
        return ahead[3] if ahead[2] == now.astimezone(self._zone).date() else None

    def clear(
        self,
        message: Message,
        profile: Profile,
        now: datetime,
        variant: str | None = None,
        *,
        record: GovernanceRecord | None = None,
        kept: KeptCheck | None = None,
    ) -> Cleared:
        """Check ``message`` for ``profile`` as of ``now``; return what to publish.

        :param variant: the text of a repeat that goes out with other words.
        :param record: the governance record to find its approvals in (default: read now).
        :param kept: what the audit's checks kept for ``message``, read from the store with it
            (used only while it holds: see :mod:`govsm.publishing.kept_checks`).
        :raises Refusal: the message may not go out (the reason says why).
        """
        record = record if record is not None else self.record()
        lacking = approval_shortfall(record, message)
        if lacking is not None:
            raise Refusal(
                Bilingual(
                    es=f"el mensaje está {message.state.spanish} y no tiene todas sus "
                    f"aprobaciones para su texto actual ({lacking[0]} de {lacking[1]})",
                    en=f"the message is '{message.state}' and lacks approvals for its current "
                    f"text ({lacking[0]} of {lacking[1]})",
                )
            )
        if profile.state not in _PUBLISHING_STATES:
            raise Refusal(
                Bilingual(
                    es=f"el perfil «{profile.id}» está {profile.state.spanish}: no publica",
                    en=f"profile '{profile.id}' is '{profile.state}': it does not publish",
                )
            )
        if message.kind in _NOT_PUBLISHED_BY_GOVSM:
            raise Refusal(
                Bilingual(
                    es=f"govsm no publica una {message.kind.spanish}: los adaptadores publican "
                    "texto propio, y compartir la publicación de otra cuenta se hace en la red",
                    en=f"govsm does not publish a {message.kind}: adapters publish the "
                    "organisation's own text, and sharing another account's post is done on "
                    "the network",
                )
            )
        as_now = _as_now(message, now, variant)
        findings = self._checked_ahead(message, variant, now)
        if findings is None:
            findings = self._kept.findings(kept, message, now, variant)
        if findings is None:
            findings = self._checker.check(as_now).findings
        blocking = [f for f in findings if f.blocking]
        if blocking:
            first = blocking[0]
            more_es = f" (y {len(blocking) - 1} más)" if len(blocking) > 1 else ""
            more_en = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
            raise Refusal(
                Bilingual(
                    es=f"las comprobaciones de hoy lo bloquean: [{first.rule}] "
                    f"{first.message.es}{more_es}",
                    en=f"today's checks block it: [{first.rule}] {first.message.en}{more_en}",
                )
            )
        veto = self._host.before_publish(as_now, profile)
        if veto is not None:
            raise Refusal(veto.reason, vetoed_by=veto.plugin)
        return Cleared(as_now, tuple(self._media(as_now)))

    def _media(self, message: Message) -> list[UploadMedia]:
        root = self._workspace.root
        prepared: list[UploadMedia] = []
        for media in message.media:
            if "://" in media.location or root is None:
                raise Refusal(
                    Bilingual(
                        es=f"«{media.location}» no es un fichero del espacio de trabajo: govsm "
                        "solo sube ficheros que puede limpiar de metadatos",
                        en=f"'{media.location}' is not a file of the workspace: govsm only "
                        "uploads files it can clean of metadata",
                    )
                )
            path = local_path(media.location, root)
            if path is None:
                raise Refusal(
                    Bilingual(
                        es=f"«{media.location}» está fuera del espacio de trabajo",
                        en=f"'{media.location}' is outside the workspace",
                    )
                )
            try:
                data = read_bytes(path, limit=MAX_MEDIA_BYTES, key=media.location)
                cleaned = clean(data, name=media.location)
            except GovsmError as exc:
                raise Refusal(Bilingual(es=exc.es, en=exc.en)) from exc
            prepared.append(
                UploadMedia(
                    kind=media.kind,
                    data=cleaned.data,
                    mime_type=cleaned.mime_type,
                    alt_text=media.alt_text,
                    name=Path(media.location).name,
                )
            )
        return prepared
