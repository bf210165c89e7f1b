"""The audit events a workspace load records for the profiles ``govsm.toml`` registers or moves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from govsm.ledger.chain import WORKSPACE_ACTOR, AuditEvent
from govsm.model import LifecycleState, Profile

if TYPE_CHECKING:
    from govsm.store import StateChange


def state_change_events(
    changes: Sequence[StateChange],
    profiles: Mapping[str, Profile],
    at: datetime,
    *,
    actor: str = WORKSPACE_ACTOR,
    source: str = "govsm.toml",
) -> list[AuditEvent]:
    """The events a save's profile state changes record.

    A new profile is ``profile.registered`` (details: channel, handle, unit, state); a changed
    one is ``profile.state_changed`` (details: ``from`` and ``to``). ``source`` says where the
    change came from.
    """
    events: list[AuditEvent] = []
    for change in changes:
        profile = profiles.get(change.profile)
        if change.old is None:
            details: dict[str, Any] = {"state": change.new.value, "source": source}
            if profile is not None:
                details.update(channel=profile.channel, handle=profile.handle, unit=profile.unit)
            action = "profile.registered"
        else:
            old: LifecycleState = change.old
            details = {"from": old.value, "to": change.new.value, "source": source}
            action = "profile.state_changed"
        events.append(AuditEvent(at, actor, action, change.profile, details))
    return events
