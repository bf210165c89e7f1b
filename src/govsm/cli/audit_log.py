"""``govsm audit-log``: verify the organisation's hash-chained audit log and export it.

``verify`` exits 0 when the chain is intact, 1 when an entry was changed, removed, inserted or
moved (naming the first bad one) or, with ``--against``, when the log is shorter than or differs
from what a report saw, 2 when the workspace or the store cannot be opened. ``export``
writes who did what and when as CSV or JSON, for a transparency request (Ley 19/2013).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from govsm.atomic import write_output
from govsm.cli.context import CliState, emit_json
from govsm.cli.options import json_option, store_option, workspace_argument
from govsm.errors import ConfigError

if TYPE_CHECKING:
    from govsm.ledger.chain import AuditEntry, StoredEntry, Verification
    from govsm.ledger.witness import Witness


def verification_data(result: Verification) -> dict[str, Any]:
    """The outcome of a verification as plain JSON data."""
    return {
        "organisation": result.organisation,
        "ok": result.ok,
        "entries": result.entries,
        "head_hash": result.head_hash,
        "bad_seq": result.bad_seq,
        "problem": None if result.problem is None else result.problem.value,
        "message": None
        if result.message is None
        else {"es": result.message.es, "en": result.message.en},
    }


@click.group("audit-log")
def command() -> None:
    """Verify and export the tamper-evident audit log (who did what, and when)."""


@command.command("verify")
@workspace_argument()
@store_option()
@json_option("the outcome")
@click.option(
    "--against",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    metavar="REPORT",
    help="Also compare with the head an audit report (its folder or summary.json) or a "
    "transparency export recorded: a log cut or rewritten since is reported.",
)
@click.pass_obj
def verify_command(
    state: CliState, workspace: str, store_url: str | None, as_json: bool, against: Path | None
) -> None:
    """Check the audit log's hash chain, entry by entry, and against a report's head.

    Exit status 0 when it is intact; 1 when an entry was changed, removed, inserted or moved,
    naming the first bad entry and what is wrong with it, when a signed entry's signature is not
    by a key its actor declared (``signing_keys``), or when the log is shorter than, or differs
    from, what ``--against`` recorded (the chain alone cannot see its newest entries deleted).
    """
    from govsm.ledger.chain import verify
    from govsm.ledger.signatures import check_entries
    from govsm.ledger.witness import compare

    witness = witness_of(against) if against is not None else None
    with state.open(workspace, store_url) as ws:
        organisation = ws.organisation.id
        stored = ws.store.audit_entries(organisation)
        keys = {p.id: p.signing_keys for p in ws.snapshot.people}
    result = verify(organisation, stored)
    cut = compare(stored, witness) if witness is not None else None
    signed, forged = check_entries(organisation, stored, keys)
    es = state.language == "es"
    if forged:
        if as_json:
            bad = [{"seq": seq, "es": why.es, "en": why.en} for seq, why in forged]
            emit_json({**verification_data(result), "signatures": {"signed": signed, "bad": bad}})
        else:
            label = click.style("error  ", fg="red")
            for seq, why in forged:
                click.echo(f"{label} audit-log {seq}: {why.get(state.language)}")
        raise SystemExit(1)
    if cut is not None:
        if as_json:
            emit_json({**verification_data(result), "against": {"es": cut.es, "en": cut.en}})
        else:
            label = click.style("error  ", fg="red")
            place = witness.seq if witness is not None else ""
            click.echo(f"{label} audit-log {place}: {cut.get(state.language)}")
        raise SystemExit(1)
    if as_json:
        emit_json(verification_data(result))
    elif result.ok:
        click.echo(
            f"Registro de auditoría de {organisation}: {result.entries} entradas, cadena intacta."
            if es
            else f"Audit log of {organisation}: {result.entries} entries, chain intact."
        )
        click.echo(("Hash de cabeza: " if es else "Head hash: ") + result.head_hash)
        if signed:
            click.echo(
                f"{signed} entradas firmadas, firmas comprobadas."
                if es
                else f"{signed} signed entries, signatures verified."
            )
    else:
        assert result.message is not None
        label = click.style("error  ", fg="red")
        click.echo(f"{label} audit-log {result.bad_seq}: {result.message.get(state.language)}")
        click.echo(
            "        → "
            + (
                "compare con una copia de seguridad o una exportación anterior; el registro "
                "no es fiable a partir de esta entrada"
                if es
                else "compare with a backup or an earlier export; the log cannot be trusted "
                "from this entry on"
            )
        )
    if not result.ok:
        raise SystemExit(1)


def witness_of(path: Path) -> Witness:
    """The head an audit report (its folder or ``summary.json``) or a transparency export saw.

    :raises ConfigError: the file is not one of those, naming it.
    """
    from govsm.ledger.witness import Witness
    from govsm.model import Bilingual
    from govsm.reading.files import parse_json, read_text

    file = path / "summary.json" if path.is_dir() else path
    data = parse_json(read_text(file, limit=256 * 1024 * 1024), str(file))
    source = Bilingual(es=f"el informe {file}", en=f"the report {file}")
    if isinstance(data, dict) and isinstance(data.get("steps"), list):
        for step in data["steps"]:
            summary = step.get("summary") if isinstance(step, dict) else None
            if isinstance(step, dict) and step.get("name") == "audit-log" and summary:
                entries, digest = summary.get("entries"), summary.get("head_hash")
                if summary.get("ok") is False and isinstance(summary.get("bad_seq"), int):
                    entries = summary["bad_seq"] - 1  # the last good entry
                if isinstance(entries, int) and isinstance(digest, str):
                    return Witness(entries, digest, source)
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        listed = data["entries"]
        digest = data.get("head_hash")
        seq = listed[-1].get("seq") if listed and isinstance(listed[-1], dict) else 0
        if isinstance(seq, int) and isinstance(digest, str):
            return Witness(seq, digest, source)
    raise ConfigError(
        "no es un informe de govsm audit (summary.json con el paso audit-log) ni una "
        "exportación del registro: no dice qué cabeza vio",
        "is neither a govsm audit report (summary.json with the audit-log step) nor an "
        "export of the log: it does not say which head it saw",
        where=str(file),
    )


def _readable(stored: StoredEntry) -> AuditEntry:
    """The record of a stored entry; unreadable details are exported as their stored text."""
    from govsm.ledger.chain import AuditEntry

    try:
        return stored.entry()
    except ValueError:
        return AuditEntry(
            organisation=stored.organisation,
            seq=stored.seq,
            at=stored.at,
            actor=stored.actor,
            action=stored.action,
            subject=stored.subject,
            details={"unreadable": stored.details_text},
            prev_hash=stored.prev_hash,
            hash=stored.hash,
        )


@command.command("export")
@workspace_argument()
@store_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="json",
    show_default=True,
    help="CSV (one row per entry) or JSON (with the verification and head hash).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.pass_obj
def export_command(
    state: CliState, workspace: str, store_url: str | None, fmt: str, output: Path | None
) -> None:
    """Export who did what and when, for a transparency request (Ley 19/2013).

    Every entry: organisation, sequence number, instant (UTC), actor, action, subject, details
    and the hashes that let anyone re-check the chain. The log is verified first: a broken
    chain is still exported (JSON says ``"verified": false``), with a warning and exit status 1.
    """
    from datetime import UTC, datetime

    from govsm.ledger.chain import verify
    from govsm.ledger.export import export_csv, export_json

    with state.open(workspace, store_url) as ws:
        organisation = ws.organisation.id
        stored = ws.store.audit_entries(organisation)
    result = verify(organisation, stored)
    entries = [_readable(s) for s in stored]
    as_csv = fmt == "csv"
    text = export_csv(entries) if as_csv else export_json(entries, result, datetime.now(UTC))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text)
        click.echo(
            (
                f"{len(entries)} entradas exportadas a {output}"
                if state.language == "es"
                else f"{len(entries)} entries exported to {output}"
            ),
            err=True,
        )
    if not result.ok:
        assert result.message is not None
        click.echo(
            f"govsm: aviso/warning: {result.message.es} / {result.message.en}",
            err=True,
        )
        raise SystemExit(1)
