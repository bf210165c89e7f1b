"""The hook implementations that put each of govsm's events in the webhook queue.

A :class:`WebhookRelay` is a plugin object: registered on a
:class:`~govsm.plugins.PluginHost`, it hears the five event hooks (published, failed, profile
status changed, inbound received, SLA breached) and stores each event once, with a delivery to
every endpoint of the workspace that subscribes to its type (:meth:`WebhookQueue.enqueue
<govsm.store.webhook_queue.WebhookQueue.enqueue>`). It sends nothing: ``govsm webhooks deliver``
does, so a slow receiver never holds up publishing or loading.

When the event is queued: govsm fires these hooks right after it commits what caused them
(the publication's outcome, the snapshot, the batch of messages), so the event is queued in
its own transaction immediately after — not in the same one; a crash between the two loses
the event. A hook fired inside :meth:`Store.serialised <govsm.Store.serialised>` queues the
event in that transaction. :class:`govsm.Workspace` attaches a relay to its host when
``govsm.toml`` has ``[[webhooks]]``; an application with its own host calls
:meth:`WebhookRelay.attach`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from govsm.model import Bilingual, LifecycleState, Message, Profile
from govsm.spec.hookspecs import hookimpl
from govsm.store.webhook_records import StoredEvent
from govsm.webhooks import events
from govsm.webhooks.endpoints import WebhookEndpoint

if TYPE_CHECKING:
    from govsm.plugins import PluginHost
    from govsm.store import Store

log = logging.getLogger(__name__)

#: the name a relay is registered under, per organisation
PLUGIN_NAME = "govsm.webhooks:{organisation}"


def _now() -> datetime:
    return datetime.now(UTC)


class WebhookRelay:
    """Queues the events of one organisation for its webhooks.

    :param store: gives the store to queue in (called at each event, so a workspace's store
        is opened only when an event comes).
    :param organisation: the organisation's id; events of other organisations are ignored.
    :param endpoints: the workspace's ``[[webhooks]]``.
    :param clock: when an event happened (the moment its hook fires).
    """

    def __init__(
        self,
        store: Callable[[], Store],
        organisation: str,
        endpoints: Sequence[WebhookEndpoint],
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._store = store
        self.organisation = organisation
        self.endpoints = tuple(endpoints)
        self._clock = clock

    @classmethod
    def attach(
        cls,
        host: PluginHost,
        store: Callable[[], Store],
        organisation: str,
        endpoints: Sequence[WebhookEndpoint],
    ) -> WebhookRelay:
        """Register a relay on ``host`` (replacing one registered before for the organisation).

        :return: the relay registered.
        """
        relay = cls(store, organisation, endpoints)
        name = PLUGIN_NAME.format(organisation=organisation)
        if host.manager.get_plugin(name) is not None:
            host.manager.unregister(name=name)
        host.manager.register(relay, name=name)
        return relay

    def queue(self, event: events.WebhookEvent) -> list[str]:
        """Store ``event`` with a delivery to each endpoint that subscribes to it.

        :return: the endpoints it was queued for (none: no endpoint wants it, or it is another
            organisation's).
        """
        if event.organisation != self.organisation:
            return []
        wanted = {e.id: e.shown_url for e in self.endpoints if e.wants(event.type)}
        if not wanted:
            return []
        stored = StoredEvent(event.organisation, event.id, event.type.value, event.at, event.body)
        queued = self._store().webhooks.enqueue(self.organisation, stored, wanted)
        log.info("webhook event %s (%s) queued for %s", event.id, event.type, queued)
        return queued

    @hookimpl
    def govsm_message_published(self, message: Message, profile: Profile, remote_id: str) -> None:
        """Queue ``message.published``."""
        self.queue(events.published(message, profile, remote_id, at=self._clock()))

    @hookimpl
    def govsm_message_failed(self, message: Message, profile: Profile, reason: Bilingual) -> None:
        """Queue ``message.failed``."""
        self.queue(events.failed(message, profile, reason, at=self._clock()))

    @hookimpl
    def govsm_profile_status_changed(
        self,
        profile: Profile,
        old: LifecycleState | None,
        new: LifecycleState,
        actor: str,
        reason: str,
    ) -> None:
        """Queue ``profile.status_changed``."""
        self.queue(events.status_changed(profile, old, new, actor, reason, at=self._clock()))

    @hookimpl
    def govsm_inbound_received(self, message: Message, profile: Profile) -> None:
        """Queue ``inbound.received``."""
        self.queue(events.received(message, profile, at=self._clock()))

    @hookimpl
    def govsm_sla_breached(
        self, message: Message, profile: Profile, target_hours: float, elapsed_hours: float
    ) -> None:
        """Queue ``sla.breached``, once per message and target.

        The event's id is :func:`~govsm.webhooks.events.breach_id`'s.
        """
        ident = events.breach_id(message, target_hours)
        event = events.breached(
            message, profile, target_hours, elapsed_hours, at=self._clock(), ident=ident
        )
        self.queue(event)

    def __repr__(self) -> str:
        ids = ", ".join(e.id for e in self.endpoints)
        return f"<WebhookRelay {self.organisation} → {ids}>"
