"""Stored series put in the outbox, and what the outbox still lacks of them.

A series kept in the workspace (``series/*.toml``, :mod:`govsm.calendar.series_files`) is a
plan: its occurrences go out only once they are items of the outbox, scheduled under the
governance rules like any post (the message approved for its current content, the person
allowed to schedule on the profile). :func:`schedule_series` puts the occurrences of the coming
days in the outbox — each an item of its own, the first the message's post and the others its
repeats — skipping holidays, electoral periods and the occurrences already there, so running it
again adds nothing. :func:`series_status` says, for the audit, how many occurrences of the
coming days are not in the outbox, and why.

A series' occurrences are instants in the series' own IANA zone (a weekly 17:00 stays at 17:00
local time across the October change); the outbox keeps them in UTC with that zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from attrs import frozen

from govsm.calendar.series_files import SERIES_FOLDER, StoredSeries
from govsm.calendar.windows import organisation_exclusions
from govsm.errors import ConfigError
from govsm.governance import Governance
from govsm.governance.scheduling import approval_shortfall
from govsm.ledger.record import GovernanceRecord
from govsm.model import Bilingual, OutboxItem
from govsm.spec.workspace import WorkspaceView

#: how many days ahead :func:`schedule_series` puts occurrences in the outbox by default
HORIZON_DAYS = 28


@frozen
class SeriesScheduled:
    """What :func:`schedule_series` did with a series' occurrences of the period.

    :param series: the series' id.
    :param items: the outbox items it created, the first occurrence first (empty when every
        occurrence was already scheduled or excluded).
    :param already: the occurrences already in the outbox (left as they are).
    :param skipped: the occurrences on an excluded day, with the day's reason.
    """

    series: str
    items: tuple[OutboxItem, ...]
    already: tuple[datetime, ...]
    skipped: tuple[tuple[date, Bilingual], ...]


@frozen
class SeriesStatus:
    """How much of a series' coming occurrences the outbox holds.

    :param series: the series' id.
    :param message: the message it publishes.
    :param profile: the profile it publishes on.
    :param due: occurrences of the period on days open to publishing.
    :param scheduled: of those, the ones already in the outbox.
    :param skipped: occurrences of the period on excluded days (never scheduled).
    :param blocked: why the missing ones cannot be scheduled now (the message is not approved,
        or does not exist), or ``None`` when ``govsm schedule --series`` would schedule them.
    """

    series: str
    message: str
    profile: str
    due: int
    scheduled: int
    skipped: int
    blocked: Bilingual | None

    @property
    def missing(self) -> int:
        """Occurrences of the period on open days that are not in the outbox."""
        return self.due - self.scheduled


def _occurrences(
    workspace: WorkspaceView, stored: StoredSeries, start: datetime, end: datetime
) -> tuple[list[datetime], list[tuple[date, Bilingual]]]:
    """The series' occurrences from ``start`` to ``end``: open ones, and excluded ones."""
    organisation = workspace.organisation
    found = stored.series.occurrences(start, end)
    if not found:
        return [], []
    first = organisation.local_date(found[0])
    last = organisation.local_date(found[-1])
    exclusions = organisation_exclusions(organisation, workspace.policy, first, last)
    kept: list[datetime] = []
    skipped: list[tuple[date, Bilingual]] = []
    for at in found:
        day = organisation.local_date(at)
        reason = exclusions.reason(day)
        if reason is None:
            kept.append(at)
        else:
            skipped.append((day, reason))
    return kept, skipped


def _other_profile(stored: StoredSeries, profile: str) -> Bilingual | None:
    """Why the series cannot publish its message: the message is of another profile."""
    if profile == stored.profile:
        return None
    return Bilingual(
        es=f"la serie «{stored.series.id}» publica en «{stored.profile}», pero el mensaje "
        f"«{stored.message}» es del perfil «{profile}»",
        en=f"series '{stored.series.id}' publishes on '{stored.profile}', but message "
        f"'{stored.message}' belongs to profile '{profile}'",
    )


def schedule_series(
    gov: Governance,
    workspace: WorkspaceView,
    stored: StoredSeries,
    *,
    by: str,
    days: int = HORIZON_DAYS,
    now: datetime | None = None,
) -> SeriesScheduled:
    """Put the series' occurrences of the next ``days`` days in the outbox.

    Occurrences on a holiday, in an electoral period or on another excluded day are skipped
    and returned with the reason; those already in the outbox for the series' message are left
    alone, so a second run schedules nothing new. The rest are scheduled in one governance
    action (:meth:`govsm.governance.Governance.schedule`), in the series' zone.

    :param gov: the organisation's governance (who may schedule, the approvals).
    :param workspace: the organisation, loaded.
    :param stored: the series.
    :param by: who schedules (an editor, approver or coordinator of the profile).
    :param days: how far ahead, from ``now``.
    :param now: the instant the period starts (default: the governance clock's now).
    :raises ConfigError: the series' profile is not the message's profile.
    :raises GovernanceError: the message is not approved for its current content, or ``by``
        may not schedule on the profile (:meth:`~govsm.governance.Governance.schedule`).
    """
    current = gov.message(stored.message)
    mismatch = _other_profile(stored, current.profile)
    if mismatch is not None:
        raise ConfigError(
            mismatch.es, mismatch.en, where=f"{SERIES_FOLDER}/{stored.series.id}.toml"
        )
    start = now or datetime.now(UTC)
    kept, skipped = _occurrences(workspace, stored, start, start + timedelta(days=days))
    taken = {
        i.due_at
        for i in workspace.store.outbox.items(workspace.organisation.id, message=stored.message)
    }
    already = tuple(at for at in kept if at.astimezone(UTC) in taken)
    new = [at for at in kept if at.astimezone(UTC) not in taken]
    items: Sequence[OutboxItem] = ()
    if new:
        items = gov.schedule(
            stored.message, new[0], by=by, repeats=new[1:], zone=stored.series.zone, at_time=now
        )
    return SeriesScheduled(stored.series.id, tuple(items), already, tuple(skipped))


def series_status(
    workspace: WorkspaceView, series: Sequence[StoredSeries], start: datetime, end: datetime
) -> list[SeriesStatus]:
    """How many of each series' occurrences from ``start`` to ``end`` are in the outbox.

    Reads only: nothing is scheduled. ``blocked`` says why the missing ones could not be
    scheduled now: the message does not exist, belongs to another profile, or lacks approvals
    for its current content (asked only when some are missing: it reads the whole audit log).
    """
    organisation = workspace.organisation
    store = workspace.store
    # the governance record is read from the whole audit log: only when an approval is asked
    record: GovernanceRecord | None = None
    found: list[SeriesStatus] = []
    for stored in series:
        kept, skipped = _occurrences(workspace, stored, start, end)
        taken = {i.due_at for i in store.outbox.items(organisation.id, message=stored.message)}
        scheduled = sum(1 for at in kept if at.astimezone(UTC) in taken)
        message = store.message(organisation.id, stored.message)
        blocked: Bilingual | None = None
        if message is None:
            blocked = Bilingual(
                es=f"el mensaje «{stored.message}» no existe",
                en=f"message '{stored.message}' does not exist",
            )
        elif (mismatch := _other_profile(stored, message.profile)) is not None:
            blocked = mismatch
        elif scheduled < len(kept):  # something missing: could it be scheduled now?
            if record is None:
                record = Governance.of(workspace).record()
            lacking = approval_shortfall(record, message)
            if lacking:
                blocked = Bilingual(
                    es=f"el mensaje «{stored.message}» está {message.state.spanish} y le "
                    f"faltan aprobaciones ({lacking[0]} de {lacking[1]})",
                    en=f"message '{stored.message}' is '{message.state}' and lacks approvals "
                    f"({lacking[0]} of {lacking[1]})",
                )
        found.append(
            SeriesStatus(
                stored.series.id,
                stored.message,
                stored.profile,
                due=len(kept),
                scheduled=scheduled,
                skipped=len(skipped),
                blocked=blocked,
            )
        )
    return found
