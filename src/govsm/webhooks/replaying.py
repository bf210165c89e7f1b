"""Sending chosen events again, under their original ``webhook-id``.

A receiver that lost its data, or one that was fixed after govsm gave its events up, asks for
them again: :func:`replay` puts the chosen deliveries back in the queue, due at once, and the
next :meth:`Deliverer.run <govsm.webhooks.delivery.Deliverer.run>` sends them with the same
id and body as the first time (a receiver that kept them drops them by id). Only an explicit
replay ever sends a delivered event again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from govsm.errors import ConfigError
from govsm.store.webhook_records import DeliveryState
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.events import EventType

if TYPE_CHECKING:
    from govsm.store import Store


def _chosen(endpoints: Sequence[WebhookEndpoint], endpoint: str | None) -> list[WebhookEndpoint]:
    if endpoint is None:
        return list(endpoints)
    for candidate in endpoints:
        if candidate.id == endpoint:
            return [candidate]
    known = ", ".join(e.id for e in endpoints) or "—"
    raise ConfigError(
        f"no hay ningún webhook «{endpoint}» en govsm.toml (hay: {known})",
        f"there is no webhook '{endpoint}' in govsm.toml (there are: {known})",
        where="webhooks",
    )


def replay(
    store: Store,
    organisation: str,
    endpoints: Sequence[WebhookEndpoint],
    now: datetime,
    *,
    ids: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    types: Sequence[EventType] | None = None,
    endpoint: str | None = None,
    failed: bool = False,
) -> list[tuple[str, str]]:
    """Queue chosen events again for the endpoints that subscribe to them.

    Choose events by id (``ids``), by time (``since`` included, ``until`` excluded), by type,
    or the ones given up (``failed``); the choices combine. At least one of ``ids``, ``since``
    and ``failed`` is required, so a replay never resends the whole history by mistake.

    :param endpoint: only this endpoint (default: every configured one).
    :return: the (event, endpoint) pairs queued.
    :raises ConfigError: nothing chosen, an unknown endpoint, or an endpoint disabled by a 410
        (enable it first).
        An id not in the queue is a :class:`ConfigError` too, and nothing is queued.
    """
    if not ids and since is None and not failed:
        raise ConfigError(
            "indique qué eventos repetir: sus identificadores, --since o --failed",
            "say which events to replay: their ids, --since or --failed",
        )
    targets = _chosen(endpoints, endpoint)
    disabled = store.webhooks.disabled(organisation)
    for target in targets:
        gone = disabled.get(target.id)
        if gone is not None and gone.url == target.shown_url and endpoint is not None:
            raise ConfigError(
                f"el webhook «{target.id}» está desactivado (respondió 410): reactívelo antes "
                "con «govsm webhooks enable»",
                f"webhook '{target.id}' is disabled (it answered 410): enable it first with "
                "'govsm webhooks enable'",
                where=f"webhooks.{target.id}",
            )
    live = [t for t in targets if t.id not in disabled or disabled[t.id].url != t.shown_url]
    chosen = store.webhooks.events(
        organisation,
        ids=list(ids) if ids else None,
        since=since,
        until=until,
        types=[t.value for t in types] if types is not None else None,
    )
    missing = sorted(set(ids) - {event.id for event in chosen})
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise ConfigError(
            f"no hay eventos de webhook con estos identificadores (o no son de ese periodo o "
            f"tipo): {shown}",
            f"there are no webhook events with these ids (or not of that period or type): {shown}",
        )
    failed_pairs: set[tuple[str, str]] | None = None
    if failed:
        failed_pairs = {
            (d.event.id, d.endpoint)
            for d in store.webhooks.deliveries(organisation, states=[DeliveryState.FAILED])
        }
    pairs = [
        (event.id, target.id)
        for event in chosen
        for target in live
        if target.wants(EventType(event.type))
        and (failed_pairs is None or (event.id, target.id) in failed_pairs)
    ]
    return store.webhooks.replay(organisation, pairs, now)
