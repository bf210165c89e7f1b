"""The outbox as a plan: what goes out in a period, and what is wrong with it.

:func:`outbox_plan` turns the organisation's outbox items into the calendar engine's
:class:`~govsm.calendar.planned.PlannedPost` records and builds the
:class:`~govsm.calendar.plan.Plan` of a period with every check of :mod:`govsm.calendar`: daily
caps, minimum spacing, posting windows, holidays and electoral periods, and clashes between
units on one channel. Posts already published in the period count towards the caps and the
spacing, as they did on the network; the occurrences of stored series
(:mod:`govsm.calendar.series_files`) are planned beside the outbox's items. :func:`attention`
lists what a person must look at in the outbox itself: failed and unconfirmed items, items
overdue (due and not out: is a worker running?), and the pauses in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from attrs import frozen

from govsm.calendar.plan import Plan, build_plan
from govsm.calendar.planned import PlannedPost
from govsm.calendar.series_files import StoredSeries
from govsm.calendar.windows import organisation_exclusions, unit_parents
from govsm.model import Bilingual, Message, OutboxItem, OutboxState, Profile
from govsm.spec.workspace import WorkspaceView

#: the states of an item still to go out
LIVE = (OutboxState.SCHEDULED, OutboxState.CLAIMED, OutboxState.UNCONFIRMED)

#: how late a due item may be before it is called overdue
OVERDUE_AFTER = timedelta(minutes=30)


def planned(
    items: Iterable[OutboxItem],
    profiles: Sequence[Profile],
    messages: dict[str, Message] | None = None,
) -> list[PlannedPost]:
    """The planned posts of ``items``: live ones when due, published ones when they went out.

    Items of profiles no longer known, and cancelled or failed ones, are left out.

    :param messages: the items' messages by id, for their campaign (optional).
    """
    by_id = {p.id: p for p in profiles}
    posts: list[PlannedPost] = []
    for item in items:
        profile = by_id.get(item.profile)
        if profile is None:
            continue
        if item.state in LIVE:
            at = item.due_at
        elif item.state is OutboxState.PUBLISHED:
            at = item.published_at or item.due_at
        else:
            continue
        message = (messages or {}).get(item.message)
        posts.append(
            PlannedPost(
                message=item.message,
                profile=item.profile,
                channel=profile.channel,
                unit=profile.unit,
                at=at,
                campaign=message.campaign if message is not None else None,
                zone=item.zone,
            )
        )
    return posts


def outbox_plan(
    workspace: WorkspaceView,
    start: datetime,
    days: int = 7,
    series: Sequence[StoredSeries] = (),
) -> Plan:
    """The plan of the ``days`` days from ``start`` of the workspace's outbox, checked.

    :param workspace: the organisation, loaded (its store holds the outbox).
    :param start: the period's first instant, aware.
    :param days: the period's length.
    :param series: stored series whose occurrences in the period are planned too.
    """
    organisation = workspace.organisation
    store = workspace.store
    end = start + timedelta(days=days)
    items = [
        i
        for i in store.outbox.items(organisation.id, due_before=end + timedelta(days=1))
        if i.due_at >= start - timedelta(days=1) or i.state is OutboxState.PUBLISHED
    ]
    messages = {
        m.id: m
        for m in (store.message(organisation.id, ident) for ident in {i.message for i in items})
        if m
    }
    first = organisation.local_date(start)
    exclusions = organisation_exclusions(
        organisation, workspace.policy, first, first + timedelta(days=days)
    )
    profiles = {profile.id: profile for profile in workspace.profiles}
    # an occurrence already put in the outbox (govsm schedule --series) is planned once, as
    # the outbox's item
    queued = {(i.message, i.due_at) for i in items}
    recurring = [
        post
        for stored in series
        for post in stored.posts(profiles, start - timedelta(days=1), end + timedelta(days=1))
        if (post.message, post.at) not in queued
    ]
    return build_plan(
        [*planned(items, workspace.profiles, messages), *recurring],
        policy=workspace.policy,
        zone=organisation.timezone,
        start=start,
        days=days,
        exclusions=exclusions,
        parents=unit_parents(workspace.units),
    )


@frozen
class Attention:
    """An outbox item, or a pause, a person must look at.

    :param kind: ``failed``, ``unconfirmed``, ``overdue`` or ``paused``.
    :param subject: the item's id, or the paused scope (``*``: every profile).
    :param profile: the item's profile, if an item.
    :param message: the item's message, if an item.
    :param text: what is wrong and what to do, in Spanish and English.
    """

    kind: str
    subject: str
    profile: str | None
    message: str | None
    text: Bilingual


def attention(workspace: WorkspaceView, now: datetime) -> list[Attention]:
    """Failed, unconfirmed and overdue items, and the pauses in force, in that order."""
    organisation = workspace.organisation
    store = workspace.store
    found: list[Attention] = []
    states = [OutboxState.FAILED, OutboxState.UNCONFIRMED, OutboxState.SCHEDULED]
    for item in store.outbox.items(organisation.id, states=states):
        local = organisation.local_time(item.due_at).strftime("%Y-%m-%d %H:%M")
        reason = item.error or Bilingual(es="sin detalle", en="no detail")
        if item.state is OutboxState.FAILED:
            text = Bilingual(
                es=f"La publicación de «{item.message}» en {item.profile} prevista el {local} "
                f"falló: {reason.es}. Reinténtela (govsm outbox --retry {item.id}) o cancélela",
                en=f"Publishing '{item.message}' on {item.profile}, due {local}, failed: "
                f"{reason.en}. Retry it (govsm outbox --retry {item.id}) or cancel it",
            )
        elif item.state is OutboxState.UNCONFIRMED:
            text = Bilingual(
                es=f"No se sabe si «{item.message}» salió en {item.profile} ({local}): se "
                f"preguntará a la red antes de reenviarlo ({reason.es})",
                en=f"Whether '{item.message}' went out on {item.profile} ({local}) is unknown: "
                f"the network is asked before it is sent again ({reason.en})",
            )
        elif item.due_at + OVERDUE_AFTER < now:
            text = Bilingual(
                es=f"«{item.message}» debía salir en {item.profile} el {local} y no ha salido: "
                "¿hay algún proceso «govsm worker» en marcha?",
                en=f"'{item.message}' was due on {item.profile} at {local} and has not gone "
                "out: is a 'govsm worker' running?",
            )
        else:
            continue
        kind = "overdue" if item.state is OutboxState.SCHEDULED else str(item.state)
        found.append(Attention(kind, item.id, item.profile, item.message, text))
    for pause in store.outbox.pauses(organisation.id):
        scope = pause["scope"]
        es_scope = "todos los perfiles" if scope == "*" else f"el perfil {scope}"
        en_scope = "every profile" if scope == "*" else f"profile {scope}"
        since: date = organisation.local_date(pause["since"])
        found.append(
            Attention(
                "paused",
                scope,
                None if scope == "*" else scope,
                None,
                Bilingual(
                    es=f"Publicación en pausa para {es_scope} desde el {since} "
                    f"({pause['paused_by']}): {pause['reason']}",
                    en=f"Publishing is paused for {en_scope} since {since} "
                    f"({pause['paused_by']}): {pause['reason']}",
                ),
            )
        )
    return found
