"""``govsm webhooks deliver|status|replay|enable``: the webhook queue from the command line.

A thin layer over :mod:`govsm.webhooks`: events are queued by the commands that cause them
(``govsm worker``, loading, syncing) and sent by ``deliver``, which cron or a systemd timer
runs every minute or so. See :doc:`/howto/webhooks`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from govsm.cli.context import CliState, echo_table, emit_json
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.webhooks.delivery import DeliveryReport
    from govsm.webhooks.endpoints import WebhookEndpoint
    from govsm.workspace import Workspace

_LIMIT = click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Attempt at most this many deliveries (default: all that are due).",
)


def _endpoints(ws: Workspace) -> tuple[WebhookEndpoint, ...]:
    from govsm.errors import ConfigError

    if ws.config is None:
        raise ConfigError(
            "los webhooks se leen de govsm.toml: abra la carpeta del espacio de trabajo, no el "
            "almacén",
            "webhooks are read from govsm.toml: open the workspace folder, not the store",
        )
    return ws.config.webhooks


def _deliver(ws: Workspace, limit: int | None) -> DeliveryReport:
    from govsm.webhooks.delivery import Deliverer
    from govsm.webhooks.secrets import workspace_reader

    config = ws.config
    assert config is not None
    reader = workspace_reader(config.root, config.readable_folders)
    deliverer = Deliverer(ws.store, ws.organisation.id, _endpoints(ws), reader)
    return deliverer.run(limit)


def _report_data(report: DeliveryReport) -> dict[str, Any]:
    return {
        "attempts": [
            {
                "event": a.event,
                "endpoint": a.endpoint,
                "state": a.state.value,
                "status": a.answer.status,
                "error": None
                if a.answer.error is None
                else {"es": a.answer.error.es, "en": a.answer.error.en},
            }
            for a in report.attempts
        ],
        "delivered": report.delivered,
        "given_up": report.given_up,
        "released": report.released,
        "disabled": list(report.disabled),
        "problems": [
            {"endpoint": p.endpoint, "es": p.problem.es, "en": p.problem.en}
            for p in report.problems
        ],
    }


def _report(report: DeliveryReport, language: str) -> None:
    for attempt in report.attempts:
        why = f": {attempt.answer.error.get(language)}" if attempt.answer.error else ""
        click.echo(f"{attempt.event} → {attempt.endpoint}: {attempt.state.value}{why}")
    for problem in report.problems:
        click.echo(f"{problem.endpoint}: {problem.problem.get(language)}", err=True)
    if language == "es":
        click.echo(
            f"{report.delivered} entregados, {len(report.attempts) - report.delivered} por "
            f"reintentar o abandonados, {report.released} sin intentar, "
            f"{report.given_up} abandonados, {len(report.disabled)} webhooks desactivados"
        )
    else:
        click.echo(
            f"{report.delivered} delivered, {len(report.attempts) - report.delivered} to retry "
            f"or given up, {report.released} not attempted, {report.given_up} given up, "
            f"{len(report.disabled)} webhooks disabled"
        )


def _exit(report: DeliveryReport) -> None:
    if report.given_up or report.disabled or report.problems:
        raise SystemExit(1)


@click.group("webhooks")
def command() -> None:
    """Send govsm's events to the [[webhooks]] of govsm.toml, signed per Standard Webhooks."""


@command.command("deliver")
@workspace_argument()
@_LIMIT
@json_option("every attempt and the totals")
@click.pass_obj
def deliver(state: CliState, workspace: str, limit: int | None, as_json: bool) -> None:
    """Send the events that are due; retry later what fails.

    Each event goes to every endpoint that subscribes to it, signed with each of its secrets.
    A receiver that is down gets nothing more in this pass; its events wait, with exponential
    back-off, until it is back or they pass the endpoint's max_age_hours. A 410 Gone disables
    the endpoint. Exits 1 when an event was given up, an endpoint was disabled, or an
    endpoint's secrets do not resolve.
    """
    with state.open(workspace) as ws:
        report = _deliver(ws, limit)
    if as_json:
        emit_json(_report_data(report))
    else:
        _report(report, state.language)
    _exit(report)


@command.command("status")
@workspace_argument()
@json_option("each endpoint's deliveries by state")
@click.pass_obj
def status(state: CliState, workspace: str, as_json: bool) -> None:
    """Show each endpoint's events: pending (and due), delivered, given up; and if disabled."""
    from govsm.webhooks.reporting import queue_status

    now = datetime.now(UTC)
    with state.open(workspace) as ws:
        found = queue_status(ws.store, ws.organisation.id, _endpoints(ws), now)
    rows: list[dict[str, Any]] = [
        {
            "endpoint": s.endpoint,
            "url": s.url,
            "pending": s.counts.pending,
            "due": s.counts.due,
            "delivered": s.counts.delivered,
            "failed": s.counts.failed,
            "oldest_pending": None
            if s.counts.oldest_pending is None
            else s.counts.oldest_pending.isoformat(),
            "disabled": None
            if s.disabled is None
            else {
                "at": s.disabled.at.isoformat(),
                "es": s.disabled.reason.es,
                "en": s.disabled.reason.en,
            },
        }
        for s in found
    ]
    if as_json:
        emit_json({"endpoints": rows})
        return
    if not rows:
        click.echo(
            "No hay webhooks configurados."
            if state.language == "es"
            else "No webhooks are configured."
        )
        return
    spanish = state.language == "es"
    headers = (
        ("webhook", "url", "por entregar", "vencidos", "entregados", "abandonados", "estado")
        if spanish
        else ("webhook", "url", "pending", "due", "delivered", "given up", "state")
    )
    table: list[tuple[str, ...]] = []
    for row in rows:
        if row["url"] is None:
            shown = "no está en govsm.toml" if spanish else "not in govsm.toml"
        elif row["disabled"]:
            shown = "desactivado" if spanish else "disabled"
        else:
            shown = "activo" if spanish else "active"
        table.append(
            (
                str(row["endpoint"]),
                str(row["url"] or "—"),
                str(row["pending"]),
                str(row["due"]),
                str(row["delivered"]),
                str(row["failed"]),
                shown,
            )
        )
    echo_table(headers, table)


def _instant(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"«{text}» no es un instante ISO 8601 / '{text}' is not an ISO 8601 instant",
            param_hint=option,
        ) from None
    if value.tzinfo is None:
        raise click.BadParameter(
            f"indique el desfase de «{text}» / give the offset of '{text}' (+01:00, Z)",
            param_hint=option,
        )
    return value


@command.command("replay")
@workspace_argument()
@click.option(
    "--event", "events", multiple=True, metavar="ID", help="An event's webhook-id (repeat)."
)
@click.option(
    "--since",
    default=None,
    metavar="INSTANT",
    help="Events from this instant on (ISO 8601 with offset).",
)
@click.option("--until", default=None, metavar="INSTANT", help="Events before this instant.")
@click.option(
    "--type", "types", multiple=True, metavar="TYPE", help="Only events of this type (repeat)."
)
@click.option("--endpoint", default=None, metavar="ID", help="Only to this webhook.")
@click.option("--failed", is_flag=True, help="Only deliveries that were given up.")
@click.option("--queue-only", is_flag=True, help="Queue them again without delivering now.")
@json_option("what was queued and what the delivery did")
@click.pass_obj
def replay(
    state: CliState,
    workspace: str,
    events: tuple[str, ...],
    since: str | None,
    until: str | None,
    types: tuple[str, ...],
    endpoint: str | None,
    failed: bool,
    queue_only: bool,
    as_json: bool,
) -> None:
    """Send chosen events again, with their original webhook-id, then deliver what is due.

    Choose by --event, --since (and --until), --failed; --type and --endpoint narrow it. Only
    endpoints that subscribe to an event's type get it. Receivers that kept an event drop the
    copy by its webhook-id.
    """
    from govsm.errors import ConfigError
    from govsm.webhooks.events import EventType
    from govsm.webhooks.replaying import replay as queue_again

    try:
        kinds = [EventType(t) for t in types] if types else None
    except ValueError:
        known = ", ".join(e.value for e in EventType)
        raise ConfigError(
            f"tipo de evento desconocido; los tipos son: {known}",
            f"unknown event type; the types are: {known}",
            where="--type",
        ) from None
    with state.open(workspace) as ws:
        queued = queue_again(
            ws.store,
            ws.organisation.id,
            _endpoints(ws),
            datetime.now(UTC),
            ids=events,
            since=_instant(since, "--since"),
            until=_instant(until, "--until"),
            types=kinds,
            endpoint=endpoint,
            failed=failed,
        )
        report = None if queue_only else _deliver(ws, None)
    if as_json:
        emit_json(
            {
                "queued": [{"event": e, "endpoint": p} for e, p in queued],
                "delivery": None if report is None else _report_data(report),
            }
        )
    else:
        click.echo(
            f"{len(queued)} envíos en cola de nuevo"
            if state.language == "es"
            else f"{len(queued)} deliveries queued again"
        )
        if report is not None:
            _report(report, state.language)
    if report is not None:
        _exit(report)


@command.command("enable")
@workspace_argument(required=True)
@click.argument("endpoint")
@click.pass_obj
def enable(state: CliState, workspace: str, endpoint: str) -> None:
    """Enable a webhook that was disabled because it answered 410 Gone.

    The audit log records who enabled it (the person whose logins include the account running
    govsm). Its waiting events go out on the next deliver.
    """
    from govsm.cli.actor import acting_person, system_login

    with state.open(workspace) as ws:
        known = {e.id for e in _endpoints(ws)}
        if endpoint not in known:
            from govsm.errors import ConfigError

            raise ConfigError(
                f"no hay ningún webhook «{endpoint}» en govsm.toml",
                f"there is no webhook '{endpoint}' in govsm.toml",
                where="webhooks",
            )
        person = acting_person(ws.snapshot, None, system_login())
        done = ws.store.webhooks.enable(ws.organisation.id, endpoint, person, datetime.now(UTC))
    if state.language == "es":
        click.echo(f"{endpoint}: reactivado" if done else f"{endpoint}: no estaba desactivado")
    else:
        click.echo(f"{endpoint}: enabled" if done else f"{endpoint}: was not disabled")
