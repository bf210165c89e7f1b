"""One message published the way an organisation publishes it: approved, scheduled, sent.

An adapter's end-to-end test needs a post on the network that went there as govsm sends posts:
drafted by an editor, approved under the policy, scheduled, and published by the outbox's
worker through the adapter govsm's plugins build (or the ones given). :func:`publish_now` does
all of it through the public API (:class:`~govsm.governance.Governance`,
:class:`~govsm.publishing.Worker`) and returns the message as the store then holds it, with the
network's remote id.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from govsm.model import Direction, Message, MessageKind, MessageState

if TYPE_CHECKING:
    from govsm.publishing import AdapterFactory
    from govsm.workspace import Workspace


def publish_now(
    ws: Workspace,
    profile: str,
    ident: str,
    text: str,
    *,
    editor: str,
    approver: str,
    language: str | None = None,
    adapters: AdapterFactory | None = None,
) -> Message:
    """Draft, submit, approve and schedule a post for now; the worker publishes it.

    :param ws: an open workspace whose policy lets ``editor`` draft for ``profile`` and
        ``approver`` approve.
    :param profile: the profile to post on.
    :param ident: the message's id.
    :param text: what it says.
    :param editor: who drafts, submits and schedules it.
    :param approver: who approves it.
    :param language: the language it declares (BCP 47), if any.
    :param adapters: the worker's adapters, by profile (default: those the plugins build).
    :returns: the message as stored after publication (state ``published``, its remote id).
    :raises AssertionError: the worker did not publish it (the outbox says why:
        ``govsm outbox --failed``).
    """
    from govsm.governance import Governance
    from govsm.publishing import Worker

    gov = Governance.of(ws)
    message = Message(
        organisation=ws.organisation.id,
        id=ident,
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        language=language,
        created_at=datetime.now(UTC) - timedelta(hours=1),
    )
    gov.draft(message, by=editor)
    gov.submit(message.id, by=editor)
    gov.approve(message.id, by=approver)
    gov.schedule(message.id, datetime.now(UTC), by=editor)
    handled = Worker(ws, adapters=adapters).run(until_idle=True).handled
    published = ws.store.message(ws.organisation.id, ident)
    if published is None or published.state is not MessageState.PUBLISHED:
        state = published.state.value if published is not None else "missing"
        raise AssertionError(
            f"{ident!r} was not published (worker handled {handled} item(s); state: {state})"
        )
    if published.remote_id is None:
        raise AssertionError(f"{ident!r} was published without the network's remote id")
    return published
