"""The state of the webhook queue, per endpoint, and the findings it calls for.

``govsm webhooks status`` prints :func:`queue_status`; the audit's ``webhooks`` step reports it
with :func:`status_findings`:

* ``webhook-disabled`` (error) — an endpoint answered 410 Gone and gets nothing;
* ``webhook-secret`` (error) — an endpoint's secrets do not resolve: its events wait;
* ``webhook-failed`` (warning) — events were given up (older than the endpoint's maximum age);
* ``webhook-pending`` (info, warning once the oldest has waited an hour) — events not delivered
  yet;
* ``webhook-unconfigured`` (warning) — events wait for an endpoint ``govsm.toml`` no longer has.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from attrs import frozen

from govsm.errors import GovsmError
from govsm.model import Bilingual, Finding, Severity
from govsm.store.webhook_records import DisabledEndpoint, EndpointCounts
from govsm.webhooks.endpoints import WebhookEndpoint
from govsm.webhooks.secrets import SecretReader, endpoint_secrets

if TYPE_CHECKING:
    from govsm.store import Store

#: where the findings are explained
REFERENCE = "https://govsm.readthedocs.io/en/latest/howto/webhooks.html"

#: a pending event older than this makes ``webhook-pending`` a warning
STALE = timedelta(hours=1)


@frozen
class EndpointStatus:
    """One endpoint's part of the queue.

    :param endpoint: its id.
    :param url: its URL as shown (``None``: ``govsm.toml`` no longer has it).
    :param counts: its deliveries by state.
    :param disabled: why it is disabled, if it is (at its current URL).
    """

    endpoint: str
    url: str | None
    counts: EndpointCounts
    disabled: DisabledEndpoint | None = None

    @property
    def configured(self) -> bool:
        """Whether ``govsm.toml`` has this endpoint."""
        return self.url is not None


def queue_status(
    store: Store, organisation: str, endpoints: Sequence[WebhookEndpoint], now: datetime
) -> list[EndpointStatus]:
    """Every configured endpoint, then every other endpoint the queue holds deliveries for."""
    counts = {c.endpoint: c for c in store.webhooks.counts(organisation, now)}
    disabled = store.webhooks.disabled(organisation)
    found = []
    for endpoint in endpoints:
        gone = disabled.get(endpoint.id)
        found.append(
            EndpointStatus(
                endpoint.id,
                endpoint.shown_url,
                counts.get(endpoint.id, EndpointCounts(endpoint.id)),
                gone if gone is not None and gone.url == endpoint.shown_url else None,
            )
        )
    configured = {e.id for e in endpoints}
    found.extend(
        EndpointStatus(ident, None, figures)
        for ident, figures in sorted(counts.items())
        if ident not in configured
    )
    return found


def _finding(
    rule: str, severity: Severity, endpoint: str, message: Bilingual, fix: Bilingual
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        subject=f"webhook:{endpoint}",
        suggestion=fix,
        reference=REFERENCE,
    )


def status_findings(
    statuses: Sequence[EndpointStatus],
    endpoints: Sequence[WebhookEndpoint],
    secrets: SecretReader,
    now: datetime,
) -> list[Finding]:
    """The findings the queue's state calls for (see the module's list)."""
    found: list[Finding] = []
    for endpoint in endpoints:
        try:
            endpoint_secrets(endpoint, secrets)
        except GovsmError as exc:
            where = f"{exc.where}: " if exc.where else ""
            found.append(
                _finding(
                    "webhook-secret",
                    Severity.ERROR,
                    endpoint.id,
                    Bilingual(
                        es=f"los secretos del webhook no se pueden leer: {where}{exc.es}",
                        en=f"the webhook's secrets cannot be read: {where}{exc.en}",
                    ),
                    Bilingual(
                        es="defina la variable o el fichero al que apunta la referencia, con un "
                        "secreto whsec_ (sus eventos esperan en la cola)",
                        en="set the variable or file the reference points to, holding a whsec_ "
                        "secret (its events wait in the queue)",
                    ),
                )
            )
    for status in statuses:
        found.extend(_queue_findings(status, now))
    return found


def _queue_findings(status: EndpointStatus, now: datetime) -> list[Finding]:
    found = []
    counts, ident = status.counts, status.endpoint
    if status.disabled is not None:
        day = status.disabled.at.date().isoformat()
        found.append(
            _finding(
                "webhook-disabled",
                Severity.ERROR,
                ident,
                Bilingual(
                    es=f"desactivado el {day}: {status.disabled.reason.es}; "
                    f"{counts.pending} eventos esperan",
                    en=f"disabled on {day}: {status.disabled.reason.en}; "
                    f"{counts.pending} events wait",
                ),
                Bilingual(
                    es="confirme con el receptor y reactívelo con «govsm webhooks enable», o "
                    "cambie su url o quítelo de govsm.toml",
                    en="check with the receiver and enable it with 'govsm webhooks enable', or "
                    "change its url or remove it from govsm.toml",
                ),
            )
        )
    if not status.configured and counts.pending:
        found.append(
            _finding(
                "webhook-unconfigured",
                Severity.WARNING,
                ident,
                Bilingual(
                    es=f"{counts.pending} eventos esperan a un webhook que govsm.toml ya no tiene",
                    en=f"{counts.pending} events wait for a webhook govsm.toml no longer has",
                ),
                Bilingual(
                    es="vuelva a declararlo en [[webhooks]] para que se entreguen",
                    en="declare it again in [[webhooks]] for them to be delivered",
                ),
            )
        )
    if counts.failed:
        found.append(
            _finding(
                "webhook-failed",
                Severity.WARNING,
                ident,
                Bilingual(
                    es=f"{counts.failed} eventos no se entregaron y se abandonaron",
                    en=f"{counts.failed} events were not delivered and were given up",
                ),
                Bilingual(
                    es="cuando el receptor funcione, reenvíelos con «govsm webhooks replay "
                    f"--failed --endpoint {ident}»",
                    en="once the receiver works, send them again with 'govsm webhooks replay "
                    f"--failed --endpoint {ident}'",
                ),
            )
        )
    if counts.pending and status.configured and status.disabled is None:
        oldest = counts.oldest_pending
        stale = oldest is not None and now - oldest > STALE
        since = f" (desde {oldest.isoformat(timespec='minutes')})" if oldest else ""
        since_en = f" (since {oldest.isoformat(timespec='minutes')})" if oldest else ""
        found.append(
            _finding(
                "webhook-pending",
                Severity.WARNING if stale else Severity.INFO,
                ident,
                Bilingual(
                    es=f"{counts.pending} eventos por entregar{since}",
                    en=f"{counts.pending} events waiting to be delivered{since_en}",
                ),
                Bilingual(
                    es="ejecute «govsm webhooks deliver» con regularidad (cron, un temporizador "
                    "de systemd) y compruebe que el receptor responde",
                    en="run 'govsm webhooks deliver' regularly (cron, a systemd timer) and check "
                    "that the receiver answers",
                ),
            )
        )
    return found
