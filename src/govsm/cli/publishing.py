"""``govsm worker``, ``govsm outbox``, ``govsm pause`` and ``govsm resume``.

A thin layer over :class:`govsm.publishing.Worker` and the outbox decisions of
:class:`govsm.governance.Governance`: the person acting is the one whose ``logins`` include the
account running the command (``--by`` only checks it), and their roles are checked by the
library.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.governance import _BY, _actor, _done, _governance
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.governance import Governance

_PROFILE = click.option("--profile", default=None, metavar="PROFILE", help="Only this profile.")


@click.command("worker")
@workspace_argument()
@click.option(
    "--until-idle", is_flag=True, help="Stop when nothing is due instead of waiting for more."
)
@click.option(
    "--poll",
    type=click.FloatRange(min=0.05),
    default=5.0,
    show_default=True,
    help="Seconds between looks at the outbox when nothing is due.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="The most due items claimed at a time; a worker claims about a second's work "
    "(1: each outcome recorded before the next claim).",
)
@click.pass_obj
def worker(state: CliState, workspace: str, until_idle: bool, poll: float, batch: int) -> None:
    """Publish the organisation's due posts through its network plugins.

    Several workers may run at once: processes on one machine with SQLite, any number of
    machines with PostgreSQL. SIGTERM (or Ctrl-C) lets the current attempt finish, records the
    outcomes, gives back the items not yet tried, then stops.
    """
    from govsm.publishing import Worker

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        runner = Worker(ws, batch=batch)
        signal.signal(signal.SIGTERM, lambda *_: runner.stop())
        try:
            summary = runner.run(poll=poll, until_idle=until_idle)
        except KeyboardInterrupt:  # pragma: no cover - interactive
            runner.stop()
            return
    done = sorted(summary.outcomes.items())
    counts_es = ", ".join(f"{_SPANISH.get(k, k)} {v}" for k, v in done) or "0"
    counts_en = ", ".join(f"{k} {v}" for k, v in done) or "0"
    _done(state, f"Elementos tratados: {counts_es}", f"Items handled: {counts_en}")


#: the worker's outcomes in Spanish
_SPANISH = {
    "published": "publicados",
    "failed": "fallidos",
    "deferred": "aplazados",
    "unconfirmed": "sin confirmar",
    "released": "devueltos",
}


@click.command("outbox")
@workspace_argument()
@click.option("--failed", "only_failed", is_flag=True, help="Only failed and unconfirmed items.")
@click.option("--retry", "retry_item", metavar="ITEM", help="Put a failed item back, due now.")
@click.option("--cancel", "cancel_item", metavar="ITEM", help="Take an item off the queue.")
@click.option("--reason", default=None, help="Why the item is cancelled (recorded).")
@_BY
@json_option("the items")
@click.pass_obj
def outbox(
    state: CliState,
    workspace: str,
    only_failed: bool,
    retry_item: str | None,
    cancel_item: str | None,
    reason: str | None,
    by: str | None,
    as_json: bool,
) -> None:
    """List the outbox — due, published, failed, unconfirmed — or retry or cancel an item.

    A failed item shows the network's reason; a person retries it (``--retry``) once the cause
    is gone, or cancels it (``--cancel ITEM --reason …``). Both are recorded in the audit log.
    """
    if retry_item and cancel_item:
        raise click.UsageError("give --retry or --cancel, not both")
    if cancel_item and not reason:
        raise click.UsageError("--cancel needs --reason")
    with _governance(state, workspace) as gov:
        if retry_item:
            gov.retry_item(retry_item, by=_actor(gov, by))
            _done(state, f"«{retry_item}» vuelve a la cola", f"'{retry_item}' is back in the queue")
            return
        if cancel_item:
            gov.cancel_item(cancel_item, by=_actor(gov, by), reason=reason or "")
            _done(state, f"«{cancel_item}» cancelado", f"'{cancel_item}' cancelled")
            return
        _list(state, gov, only_failed, as_json)


def _list(state: CliState, gov: Governance, only_failed: bool, as_json: bool) -> None:
    from govsm.model import OutboxState

    wanted = [OutboxState.FAILED, OutboxState.UNCONFIRMED] if only_failed else None
    organisation = gov.snapshot().organisation
    rows: list[dict[str, Any]] = [
        {
            "id": i.id,
            "message": i.message,
            "profile": i.profile,
            "due_at": i.due_at.isoformat(),
            "local": organisation.local_time(i.due_at).isoformat(),
            "state": str(i.state),
            "attempts": i.attempts,
            "repeat_of": i.repeat_of,
            "remote_id": i.remote_id,
            "url": i.url,
            "error": None if i.error is None else {"es": i.error.es, "en": i.error.en},
        }
        for i in gov.store.outbox.items(gov.organisation, states=wanted)
    ]
    pauses = [
        {**p, "since": p["since"].isoformat()} for p in gov.store.outbox.pauses(gov.organisation)
    ]
    if as_json:
        emit_json({"items": rows, "pauses": pauses})
        return
    es = state.language == "es"
    for paused in pauses:
        label = "PAUSA" if es else "PAUSED"
        click.echo(f"{label} {paused['scope']}: {paused['reason']}")
    for row in rows:
        shown = OutboxState(row["state"]).spanish if es else row["state"]
        line = f"{row['local'][:16]}  {row['profile']:<24} {row['message']:<20} {shown}"
        if row["error"]:
            line += f" — {row['error']['es' if es else 'en']}"
        click.echo(f"{row['id']}  {line}")
    _done(state, f"{len(rows)} elementos", f"{len(rows)} items")


@click.command("pause")
@workspace_argument()
@click.option("--all", "everything", is_flag=True, help="Pause every profile.")
@_PROFILE
@click.option("--reason", required=True, help="Why (shown in status and the audit).")
@_BY
@click.pass_obj
def pause(
    state: CliState,
    workspace: str,
    everything: bool,
    profile: str | None,
    reason: str,
    by: str | None,
) -> None:
    """Stop publishing (a crisis pause), for one profile or all, before the next claim."""
    if everything == (profile is not None):
        raise click.UsageError("give either --all or --profile PROFILE")
    with _governance(state, workspace) as gov:
        new = gov.pause(by=_actor(gov, by), reason=reason, profile=profile)
    scope = profile or "*"
    if new:
        _done(state, f"Publicación en pausa: {scope}", f"Publishing paused: {scope}")
    else:
        _done(state, f"Ya estaba en pausa: {scope}", f"Already paused: {scope}")


@click.command("resume")
@workspace_argument()
@click.option("--all", "everything", is_flag=True, help="Lift the pause of every profile.")
@_PROFILE
@_BY
@click.pass_obj
def resume(
    state: CliState, workspace: str, everything: bool, profile: str | None, by: str | None
) -> None:
    """Lift a crisis pause (the one of all profiles, or of one)."""
    if everything == (profile is not None):
        raise click.UsageError("give either --all or --profile PROFILE")
    with _governance(state, workspace) as gov:
        lifted = gov.resume(by=_actor(gov, by), profile=profile)
    scope = profile or "*"
    if lifted:
        _done(state, f"Publicación reanudada: {scope}", f"Publishing resumed: {scope}")
    else:
        _done(state, f"No había pausa: {scope}", f"There was no pause: {scope}")
        raise SystemExit(1)
