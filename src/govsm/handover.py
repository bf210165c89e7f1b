"""The term handover pack: what a new government team inherits, in one folder.

Every four years the people change and the profiles stay (seed 004). :func:`build_handover`
gathers, from a loaded workspace and its store: the inventory of profiles and their state, the
custody list of credentials (the *references* and who keeps them — never a secret: govsm does
not read them), the requests waiting for a decision, the messages waiting for approval, the
citizens' messages still unanswered, a few key figures, and the health findings.
:func:`write_handover` writes it as ``handover.json`` and ``handover.md`` (in Spanish and English
side by side, like every govsm report: labels, states, networks and what a request lacks are
written in both; ids, names and addresses as they are).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from govsm.atomic import write_text_atomic
from govsm.governance.service import Governance
from govsm.health import check_health
from govsm.model import (
    WAITING_STATES,
    Channel,
    Finding,
    LifecycleState,
    MessageKind,
    MessageState,
)
from govsm.serialization import unstructure
from govsm.store.message_figures import MessageFigures

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView


@frozen
class HandoverPack:
    """Everything the handover holds, as plain data ready for JSON.

    :param organisation: id and name.
    :param as_of: the day it is about.
    :param profiles: the inventory: one row per profile (declared and recorded).
    :param custody: one row per profile with a credential reference: the reference, the owner,
        the other responsible people and the unit's head.
    :param requests: requests waiting for a decision.
    :param approvals: messages waiting for approval.
    :param unanswered: citizens' messages not answered yet, oldest first.
    :param figures: key figures.
    :param findings: the health findings on that day.
    """

    organisation: Mapping[str, str]
    as_of: date
    profiles: Sequence[Mapping[str, Any]]
    custody: Sequence[Mapping[str, Any]]
    requests: Sequence[Mapping[str, Any]]
    approvals: Sequence[Mapping[str, Any]]
    unanswered: Sequence[Mapping[str, Any]]
    figures: Mapping[str, Any]
    findings: Sequence[Finding]

    def to_json(self) -> dict[str, Any]:
        """The pack as JSON data."""
        return {
            "organisation": dict(self.organisation),
            "as_of": self.as_of.isoformat(),
            "profiles": [dict(p) for p in self.profiles],
            "custody": [dict(c) for c in self.custody],
            "requests": [dict(r) for r in self.requests],
            "approvals": [dict(a) for a in self.approvals],
            "unanswered": [dict(u) for u in self.unanswered],
            "figures": dict(self.figures),
            "findings": unstructure(list(self.findings)),
        }


def build_handover(workspace: WorkspaceView, today: date) -> HandoverPack:
    """Gather the handover pack of a loaded workspace on ``today``."""
    org = workspace.organisation
    store = workspace.store
    gov = Governance.of(workspace)
    record = gov.record()
    people = {p.id: p for p in workspace.people}
    units = {u.id: u for u in workspace.units}
    declared = {p.id for p in workspace.profiles}
    last = store.last_published(org.id)
    channels = workspace.channels()

    def name(person: str | None) -> str | None:
        if person is None:
            return None
        who = people.get(person)
        if who is None:
            return person
        return who.name + (f" (baja / left {who.left_on})" if who.left_on else "")

    inventory: list[dict[str, Any]] = []
    custody: list[dict[str, Any]] = []
    for profile in sorted(store.profiles(org.id), key=lambda p: (p.unit, p.channel, p.id)):
        published = last.get(profile.id)
        inventory.append(
            {
                "id": profile.id,
                "channel": profile.channel,
                "network": _network(channels.get(profile.channel), profile.channel),
                "handle": profile.handle,
                "url": profile.url,
                "unit": profile.unit,
                "state": profile.state.value,
                "state_since": profile.state_since.isoformat() if profile.state_since else None,
                "owner": name(profile.owner),
                "last_published": (org.local_date(published).isoformat() if published else None),
                "in_manual": profile.id in declared,
            }
        )
        if profile.credential is not None:
            head = units[profile.unit].head if profile.unit in units else None
            custody.append(
                {
                    "profile": profile.id,
                    "credential_ref": profile.credential.ref,
                    "scheme": profile.credential.scheme,
                    "owner": name(profile.owner),
                    "responsible": [name(p) for p in profile.responsible[1:]],
                    "unit_head": name(head),
                    "contact_email": profile.contact_email,
                }
            )
    requests = []
    for r in record.pending_requests():
        shortfalls = gov.shortfalls(r, on=today)
        requests.append(
            {
                "id": r.id,
                "unit": r.unit,
                "channel": r.channel,
                "network": _network(channels.get(r.channel), r.channel),
                "profile": r.profile,
                "requested_by": name(r.requested_by),
                "requested_at": r.requested_at.isoformat(),
                "waiting_days": (today - org.local_date(r.requested_at)).days,
                "missing": [s.key for s in shortfalls],
                "missing_text": [{"es": s.message.es, "en": s.message.en} for s in shortfalls],
            }
        )
    approvals = [
        {
            "message": w.message.id,
            "profile": w.message.profile,
            "tier": w.tier,
            "tiers": w.tiers,
            "submitted_by": name(w.submitted_by),
            "submitted_at": w.submitted_at.isoformat(),
            "approvers": [name(a) for a in w.approvers],
        }
        for w in gov.pending_approvals(on=today)
    ]
    year_ago = datetime.combine(
        today - timedelta(days=365), datetime.min.time(), org.local_time().tzinfo
    )
    # counted by the database; only the unanswered messages listed are read whole
    counted = MessageFigures(store).figures(org.id, year_ago)
    unanswered: list[dict[str, Any]] = [
        {
            "message": message.id,
            "profile": message.profile,
            "kind": message.kind.value,
            "received_at": message.created_at.isoformat(),
            "waiting_days": (today - org.local_date(message.created_at)).days,
            "state": message.state.value,
        }
        for message in MessageFigures(store).inbound_in_states(org.id, WAITING_STATES)
    ]
    unanswered.sort(key=lambda u: (u["received_at"], u["message"]))
    live = [p for p in inventory if p["state"] in ("active", "dormant")]
    figures = {
        "profiles": len(inventory),
        "profiles_by_state": dict(sorted(Counter(p["state"] for p in inventory).items())),
        "live_profiles": len(live),
        "published_last_365_days": sum(counted.published_since.values()),
        "published_last_365_days_by_profile": counted.published_since,
        "inbound_last_365_days": counted.inbound_since,
        "inbound_by_state": counted.inbound_by_state,
        "unanswered": len(unanswered),
        "pending_requests": len(requests),
        "pending_approvals": len(approvals),
        "delegations_recorded": len(record.delegations),
        "audit_log_entries": record.head,
    }
    return HandoverPack(
        organisation={"id": org.id, "name": org.name},
        as_of=today,
        profiles=inventory,
        custody=custody,
        requests=requests,
        approvals=approvals,
        unanswered=unanswered,
        figures=figures,
        findings=check_health(workspace, today),
    )


def _network(channel: Channel | None, channel_id: str) -> dict[str, str]:
    """A network's name for a Spanish and an English reader (its id when no plugin declares it)."""
    if channel is None:
        return {"es": channel_id, "en": channel_id}
    return {"es": channel.display_name("es"), "en": channel.name}


def _both(es: str, en: str) -> str:
    """``es / en``, or one of them when they are the same."""
    return es if es == en else f"{es} / {en}"


#: the key figures' names, in Spanish and English
_FIGURES: Mapping[str, tuple[str, str]] = {
    "profiles": ("Perfiles", "Profiles"),
    "profiles_by_state": ("Perfiles por estado", "Profiles by state"),
    "live_profiles": ("Perfiles vivos", "Live profiles"),
    "published_last_365_days": ("Publicados en 365 días", "Published in 365 days"),
    "published_last_365_days_by_profile": (
        "Publicados en 365 días, por perfil",
        "Published in 365 days, by profile",
    ),
    "inbound_last_365_days": ("Recibidos en 365 días", "Received in 365 days"),
    "inbound_by_state": ("Recibidos por estado", "Received by state"),
    "unanswered": ("Sin responder", "Unanswered"),
    "pending_requests": ("Solicitudes pendientes", "Pending requests"),
    "pending_approvals": ("Aprobaciones pendientes", "Pending approvals"),
    "delegations_recorded": ("Delegaciones registradas", "Delegations recorded"),
    "audit_log_entries": ("Entradas del registro de auditoría", "Audit log entries"),
}


def _figure(key: str, value: Any) -> str:
    """A key figure's value as people read it, states in both languages."""
    if key == "profiles_by_state":
        parts = [LifecycleState(s).counted(n) for s, n in value.items()]
        return _both(", ".join(p.es for p in parts), ", ".join(p.en for p in parts)) or "—"
    if key == "inbound_by_state":
        es = ", ".join(f"{MessageState(s).spanish}: {n}" for s, n in value.items())
        en = ", ".join(f"{s}: {n}" for s, n in value.items())
        return _both(es, en) or "—"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or "—"
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value) or "—"
    text = str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(headers: Sequence[str], keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "_Ninguno / None._\n"
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines.extend("| " + " | ".join(_cell(row.get(k)) for k in keys) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def render_markdown(pack: HandoverPack) -> str:
    """The pack as one Markdown document, headings in Spanish / English."""
    org = pack.organisation
    figures = pack.figures
    parts = [
        f"# Traspaso de legislatura / Term handover — {_cell(org['name'])}\n",
        f"A fecha de / As of: **{pack.as_of.isoformat()}**. "
        "Las credenciales se listan solo como referencias; govsm nunca lee ni guarda secretos. / "
        "Credentials are listed as references only; govsm never reads or stores secrets.\n",
        "## Cifras clave / Key figures\n",
        _table(
            ["Cifra / Figure", "Valor / Value"],
            ["k", "v"],
            [
                {"k": _both(*_FIGURES.get(k, (k, k))), "v": _figure(k, v)}
                for k, v in figures.items()
            ],
        ),
        "## Inventario de perfiles / Profile inventory\n",
        _table(
            [
                "Perfil / Profile",
                "Red / Network",
                "Cuenta / Handle",
                "Unidad / Unit",
                "Estado / State",
                "Desde / Since",
                "Responsable / Owner",
                "Última publicación / Last post",
                "En el manual / In the manual",
            ],
            [
                "id",
                "network",
                "handle",
                "unit",
                "state",
                "state_since",
                "owner",
                "last_published",
                "in_manual",
            ],
            [
                {
                    **p,
                    "network": _both(p["network"]["es"], p["network"]["en"]),
                    "state": _both(LifecycleState(p["state"]).spanish, p["state"]),
                    "in_manual": "sí / yes" if p["in_manual"] else "no",
                }
                for p in pack.profiles
            ],
        ),
        "## Custodia de credenciales / Credential custody\n",
        _table(
            [
                "Perfil / Profile",
                "Referencia / Reference",
                "Responsable / Owner",
                "Suplentes / Backups",
                "Jefatura de la unidad / Unit head",
                "Correo / E-mail",
            ],
            ["profile", "credential_ref", "owner", "responsible", "unit_head", "contact_email"],
            pack.custody,
        ),
        "## Solicitudes pendientes / Open requests\n",
        _table(
            [
                "Solicitud / Request",
                "Unidad / Unit",
                "Red / Network",
                "Solicitante / By",
                "Días / Days",
                "Falta / Missing",
            ],
            ["id", "unit", "network", "requested_by", "waiting_days", "missing"],
            [
                {
                    **r,
                    "network": _both(r["network"]["es"], r["network"]["en"]),
                    "missing": [_both(m["es"], m["en"]) for m in r["missing_text"]],
                }
                for r in pack.requests
            ],
        ),
        "## Aprobaciones pendientes / Pending approvals\n",
        _table(
            [
                "Mensaje / Message",
                "Perfil / Profile",
                "Nivel / Tier",
                "De / Of",
                "Enviado por / Submitted by",
                "Pueden aprobar / May approve",
            ],
            ["message", "profile", "tier", "tiers", "submitted_by", "approvers"],
            pack.approvals,
        ),
        "## Conversaciones sin responder / Unanswered conversations\n",
        _table(
            [
                "Mensaje / Message",
                "Perfil / Profile",
                "Tipo / Kind",
                "Recibido / Received",
                "Días / Days",
                "Estado / State",
            ],
            ["message", "profile", "kind", "received_at", "waiting_days", "state"],
            [
                {
                    **u,
                    "kind": _both(MessageKind(u["kind"]).spanish, u["kind"]),
                    "state": _both(MessageState(u["state"]).spanish, u["state"]),
                }
                for u in pack.unanswered
            ],
        ),
        "## Salud de los perfiles / Profile health\n",
        _table(
            ["Gravedad / Severity", "Regla / Rule", "Sujeto / Subject", "Hallazgo / Finding"],
            ["severity", "rule", "subject", "message"],
            [
                {
                    "severity": _both(f.severity.spanish, f.severity.value),
                    "rule": f.rule,
                    "subject": f.subject,
                    "message": f"{f.message.es} / {f.message.en}",
                }
                for f in pack.findings
            ],
        ),
    ]
    return "\n".join(parts)


def write_handover(pack: HandoverPack, folder: Path) -> list[Path]:
    """Write ``handover.json`` and ``handover.md`` into ``folder`` (created if needed).

    Both are rendered before either is written, and each file is written to a temporary file
    first and renamed, so a failure never leaves a half-written pack.
    """
    as_json = json.dumps(pack.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    as_markdown = render_markdown(pack)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_text_atomic(folder / "handover.json", as_json),
        write_text_atomic(folder / "handover.md", as_markdown),
    ]


def write_pack_manual(workspace: WorkspaceView, today: date, folder: Path) -> list[Path]:
    """Render the usage manual into ``folder``: every official language, HTML and Markdown."""
    from govsm.manual import build_manual, manual_languages, write_manual

    document = build_manual(workspace, today)
    languages = list(manual_languages(document.languages))
    return list(write_manual(document, folder, languages, ["html", "markdown"]))
