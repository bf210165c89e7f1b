"""``govsm governance``: requests, lifecycle changes and approvals from the command line.

A thin layer over :class:`govsm.governance.Governance`: each subcommand acts as the person of
``govsm.toml`` whose ``logins`` include the account running it (:mod:`govsm.cli.actor`; ``--by``
only checks it), and the library checks their roles exactly as it does for any application.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.governance.service import Governance

_BY = click.option(
    "--by",
    default=None,
    metavar="PERSON",
    help="Check that you act as this person (the one your system account is mapped to by "
    "logins in govsm.toml); anyone else is refused.",
)


_SIGN = click.option(
    "--sign",
    "sign",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="KEY",
    help="Sign the decision with this SSH key (private key, or its .pub when ssh-agent holds "
    "it); its public key must be in your signing_keys in govsm.toml.",
)


@contextmanager
def _signed(gov: Governance, key: Path | None) -> Iterator[None]:
    if key is None:
        yield
        return
    from govsm.ledger.signatures import SshSigner

    with gov.signing(SshSigner(key)):
        yield


def _actor(gov: Governance, by: str | None) -> str:
    from govsm.cli.actor import acting_person, system_login

    return acting_person(gov.snapshot(), by, system_login())


@contextmanager
def _governance(state: CliState, workspace: str) -> Iterator[Governance]:
    from govsm.governance.service import Governance

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        yield Governance.of(ws)


def _done(state: CliState, es: str, en: str) -> None:
    click.echo(es if state.language == "es" else en)


@click.group("governance")
def command() -> None:
    """Profile requests, lifecycle changes, delegations and four-eyes approval.

    Every change is checked against the acting person's roles and recorded, hash-chained, in
    the organisation's audit log. A refused action exits with status 1 and says why.
    """


@command.command("status")
@workspace_argument()
@json_option("the state")
@click.pass_obj
def status(state: CliState, workspace: str, as_json: bool) -> None:
    """List pending requests (with what they lack), pending approvals and delegations."""
    with _governance(state, workspace) as gov:
        record = gov.record()
        today = gov.today()
        requests: list[dict[str, Any]] = [
            {
                "id": r.id,
                "unit": r.unit,
                "channel": r.channel,
                "profile": r.profile,
                "requested_by": r.requested_by,
                "requested_at": r.requested_at.isoformat(),
                "missing": [
                    {"key": s.key, "es": s.message.es, "en": s.message.en}
                    for s in gov.shortfalls(r, on=today)
                ],
            }
            for r in record.pending_requests()
        ]
        approvals: list[dict[str, Any]] = [
            {
                "message": w.message.id,
                "profile": w.message.profile,
                "tier": w.tier,
                "tiers": w.tiers,
                "submitted_by": w.submitted_by,
                "approvers": list(w.approvers),
            }
            for w in gov.pending_approvals(on=today)
        ]
        delegations = [
            {
                "id": d.id,
                "person": d.person,
                "delegate": d.delegate,
                "starts_on": d.starts_on.isoformat(),
                "ends_on": d.ends_on.isoformat(),
                "roles": [r.value for r in d.roles],
            }
            for d in record.delegations.values()
        ]
    if as_json:
        emit_json({"requests": requests, "approvals": approvals, "delegations": delegations})
        return
    es = state.language == "es"
    channels = state.host().channels()
    click.echo(("Solicitudes pendientes" if es else "Pending requests") + f": {len(requests)}")
    for item in requests:
        known = channels.get(item["channel"])
        network = known.display_name(state.language) if known is not None else item["channel"]
        click.echo(f"  {item['id']} {item['unit']} {network} ({item['requested_at'][:10]})")
        for missing in item["missing"]:
            click.echo(f"    - {missing['es'] if es else missing['en']}")
    click.echo(("Aprobaciones pendientes" if es else "Pending approvals") + f": {len(approvals)}")
    for waiting in approvals:
        who = ", ".join(waiting["approvers"]) or "—"
        click.echo(
            f"  {waiting['message']} ({waiting['profile']}) {waiting['tier']}/{waiting['tiers']}: "
            + who
        )
    click.echo(("Delegaciones" if es else "Delegations") + f": {len(delegations)}")
    for d in delegations:
        click.echo(f"  {d['id']}: {d['person']} → {d['delegate']} {d['starts_on']}…{d['ends_on']}")


def _read_request(path: Path, organisation: str) -> Any:
    from datetime import UTC, datetime

    from govsm.errors import ConfigError
    from govsm.model import ProfileRequest
    from govsm.serialization import describe_errors, structure

    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"no se puede leer la solicitud: {exc}",
            f"cannot read the request: {exc}",
            where=str(path),
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            "la solicitud debe ser un objeto JSON",
            "the request must be a JSON object",
            where=str(path),
        )
    data = {
        "organisation": organisation,
        "requested_by": "pending",
        "requested_at": datetime.now(UTC).isoformat(),
        **data,
    }
    try:
        return structure(data, ProfileRequest)
    except Exception as exc:
        details = describe_errors(exc)
        if not details:
            raise
        raise ConfigError(
            "; ".join(f"{d.path}: {d.es}" for d in details),
            "; ".join(f"{d.path}: {d.en}" for d in details),
            where=str(path),
        ) from None


@command.command("request")
@workspace_argument(required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_BY
@_SIGN
@click.option("--check", "check_only", is_flag=True, help="Only say what the request lacks.")
@click.pass_obj
def request(
    state: CliState,
    file: Path,
    workspace: str,
    by: str | None,
    sign: Path | None,
    check_only: bool,
) -> None:
    """File the profile request in FILE (JSON: a ProfileRequest without organisation)."""
    with _governance(state, workspace) as gov, _signed(gov, sign):
        by = _actor(gov, by)
        filed = _read_request(file, gov.organisation)
        missing = gov.shortfalls(filed)
        if not check_only:
            filed = gov.submit_request(filed, by=by)
    es = state.language == "es"
    for shortfall in missing:
        click.echo(f"- {shortfall.message.es if es else shortfall.message.en}")
    if check_only:
        _done(state, f"{len(missing)} carencias", f"{len(missing)} shortfalls")
        if missing:
            raise SystemExit(1)
        return
    _done(state, f"Solicitud «{filed.id}» registrada", f"Request '{filed.id}' recorded")


@command.command("decide")
@workspace_argument(required=True)
@click.argument("request_id", metavar="REQUEST")
@click.argument("decision", type=click.Choice(["approve", "reject", "withdraw"]))
@_BY
@_SIGN
@click.option("--reason", default=None, help="Why (required to reject).")
@click.pass_obj
def decide(
    state: CliState,
    request_id: str,
    decision: str,
    workspace: str,
    by: str | None,
    sign: Path | None,
    reason: str | None,
) -> None:
    """Approve, reject or withdraw a pending profile request."""
    with _governance(state, workspace) as gov, _signed(gov, sign):
        by = _actor(gov, by)
        if decision == "approve":
            profile = gov.approve_request(request_id, by=by, reason=reason)
            _done(
                state,
                f"Aprobada: perfil «{profile.id}» en estado {profile.state.spanish}",
                f"Approved: profile '{profile.id}' in state '{profile.state}'",
            )
        elif decision == "reject":
            gov.reject_request(request_id, by=by, reason=reason or "")
            _done(state, "Rechazada", "Rejected")
        else:
            gov.withdraw_request(request_id, by=by, reason=reason)
            _done(state, "Retirada", "Withdrawn")


@command.command("profile")
@workspace_argument(required=True)
@click.argument("profile_id", metavar="PROFILE")
@click.argument(
    "change", type=click.Choice(["activate", "dormant", "archive", "retire", "transfer"])
)
@_BY
@_SIGN
@click.option("--reason", required=True, help="Why.")
@click.option("--unit", default=None, help="The unit that receives it (for transfer).")
@click.pass_obj
def profile(
    state: CliState,
    profile_id: str,
    change: str,
    workspace: str,
    by: str | None,
    sign: Path | None,
    reason: str,
    unit: str | None,
) -> None:
    """Change a profile's lifecycle state, retire it or transfer it to another unit."""
    from govsm.errors import GovernanceError
    from govsm.model import LifecycleState

    with _governance(state, workspace) as gov, _signed(gov, sign):
        by = _actor(gov, by)
        if change == "transfer":
            if unit is None:
                raise GovernanceError("el traspaso necesita --unit", "a transfer needs --unit")
            changed = gov.transfer(profile_id, unit, by=by, reason=reason)
        elif change == "retire":
            changed = gov.retire(profile_id, by=by, reason=reason)
        else:
            target = {
                "activate": LifecycleState.ACTIVE,
                "dormant": LifecycleState.DORMANT,
                "archive": LifecycleState.ARCHIVED,
            }[change]
            changed = gov.transition(profile_id, target, by=by, reason=reason)
    _done(
        state,
        f"«{changed.id}»: {changed.state.spanish}, unidad {changed.unit}",
        f"'{changed.id}': {changed.state}, unit {changed.unit}",
    )


@command.command("message")
@workspace_argument(required=True)
@click.argument("message_id", metavar="MESSAGE")
@click.argument("action", type=click.Choice(["submit", "approve", "reject"]))
@_BY
@_SIGN
@click.option("--reason", default=None, help="Why (required to reject).")
@click.option("--comment", default=None, help="A comment with the approval.")
@click.option(
    "--tier",
    type=click.IntRange(min=1),
    default=None,
    help="Approve only this tier (the one you saw waiting): if someone approved it meanwhile, "
    "nothing is saved and you are told who.",
)
@click.pass_obj
def message(
    state: CliState,
    message_id: str,
    action: str,
    workspace: str,
    by: str | None,
    sign: Path | None,
    reason: str | None,
    comment: str | None,
    tier: int | None,
) -> None:
    """Send a draft for approval, approve its next tier, or send it back."""
    with _governance(state, workspace) as gov, _signed(gov, sign):
        by = _actor(gov, by)
        if action == "submit":
            result = gov.submit(message_id, by=by)
        elif action == "approve":
            result = gov.approve(message_id, by=by, comment=comment, tier=tier)
        else:
            result = gov.reject(message_id, by=by, reason=reason or "")
    _done(state, f"«{result.id}»: {result.state.spanish}", f"'{result.id}': {result.state}")


@command.command("sync")
@workspace_argument(required=True)
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
@click.pass_obj
def sync(state: CliState, workspace: str, dry_run: bool) -> None:
    """Write what the record decided into govsm.toml, keeping its comments and layout.

    Profiles opened through approved requests are added; the state, state date and unit the
    API changed after the file declared them are rewritten. A second run changes nothing.
    """
    from govsm.errors import ConfigError
    from govsm.workspace.sync import sync_manual

    with state.open(workspace) as ws:
        if ws.config is None:
            raise ConfigError(
                "sync necesita la carpeta del espacio de trabajo, no un almacén",
                "sync needs the workspace folder, not a store",
            )
        ws.load()
        changes = sync_manual(ws.config, ws.store, write=not dry_run)
    es = state.language == "es"
    for change in changes:
        click.echo(f"{change.profile}: {change.what.es if es else change.what.en}")
    if not changes:
        _done(state, "govsm.toml ya declara lo que decidió el registro", "govsm.toml already "
              "declares what the record decided")  # fmt: skip
    elif dry_run:
        _done(state, f"{len(changes)} cambios (sin escribir)", f"{len(changes)} changes (not "
              "written)")  # fmt: skip
    else:
        _done(state, f"{len(changes)} cambios escritos en govsm.toml",
              f"{len(changes)} changes written to govsm.toml")  # fmt: skip
