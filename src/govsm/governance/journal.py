"""Governance journals: past requests, decisions, transitions and approvals, replayed once.

A journal is a JSON Lines file that ``[archives] governance`` names in ``govsm.toml``. Each line
is one action of :class:`~govsm.governance.Governance`, done by a person at an instant::

    {"id": "j-0001", "at": "2025-02-03T10:00:00+01:00", "by": "carme-puig",
     "do": "request.submit", "request": {"id": "sol-01", "unit": "cultura", ...}}
    {"id": "j-0002", "at": "2025-02-10T12:00:00+01:00", "by": "marta-soler",
     "do": "request.approve", "request": "sol-01", "reason": "..."}

Loading a workspace replays the lines not applied yet, in order, through the API: the same
permission checks and validations as a live call, and the same audit entries, each carrying the
line's ``id``. A line that fails (a permission, an illegal transition, a malformed line) is a
:class:`JournalProblem` naming the file and line; the rest go on. Replaying again applies nothing.

The actions (``do``) and their fields:

- ``request.submit``: ``request``, a :class:`~govsm.model.ProfileRequest` without
  ``organisation``, ``requested_by`` and ``requested_at``
- ``request.approve``: ``request`` (id), ``reason`` (optional)
- ``request.reject``: ``request`` (id), ``reason``
- ``request.withdraw``: ``request`` (id), ``reason`` (optional)
- ``profile.transition``: ``profile``, ``to`` (a lifecycle state), ``reason``
- ``profile.transfer``: ``profile``, ``unit``, ``reason``
- ``profile.retire``: ``profile``, ``reason``
- ``delegation.grant``: ``delegation``, a :class:`~govsm.model.Delegation` without
  ``organisation``
- ``delegation.revoke``: ``delegation`` (id)
- ``message.draft``: ``message``, a :class:`~govsm.model.Message` without ``organisation``,
  ``direction``, ``state``, ``author`` and ``created_at``
- ``message.edit``: ``message`` (id) and the texts to change (``text``, ``title``,
  ``content_warning``, ``language``, ``campaign``)
- ``message.submit``: ``message`` (id)
- ``message.approve``: ``message`` (id), ``comment`` (optional)
- ``message.reject``: ``message`` (id), ``reason``
- ``message.schedule``: ``message`` (id), ``due`` (an instant with its offset), ``repeats``
  (optional: more instants, each a post of its own), ``variants`` (optional: a text per
  repeat), ``zone`` (optional: the IANA zone it is planned in)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from govsm.errors import ConfigError, GovsmError
from govsm.governance.service import Governance
from govsm.model import Bilingual, Delegation, Direction, Message, MessageState, ProfileRequest
from govsm.model.instant import showable
from govsm.reading.bounds import check_record, size_problem, utf8_size, within
from govsm.reading.files import decode_line, parse_json, read_bytes
from govsm.serialization import describe_errors, structure
from govsm.spec.limits import Limits

#: every action a journal line may name
ACTIONS: tuple[str, ...] = (
    "request.submit",
    "request.approve",
    "request.reject",
    "request.withdraw",
    "profile.transition",
    "profile.transfer",
    "profile.retire",
    "delegation.grant",
    "delegation.revoke",
    "message.draft",
    "message.edit",
    "message.submit",
    "message.approve",
    "message.reject",
    "message.schedule",
)


@frozen
class JournalProblem:
    """A journal line that could not be applied.

    :param file: the journal file.
    :param line: the line number (from 1).
    :param message: what went wrong, in Spanish and English.
    """

    file: str
    line: int
    message: Bilingual


@frozen
class ReplayResult:
    """What replaying journals did.

    :param applied: lines applied now.
    :param skipped: lines applied by an earlier load.
    :param problems: lines that failed.
    """

    applied: int = 0
    skipped: int = 0
    problems: tuple[JournalProblem, ...] = ()


class _LineError(GovsmError):
    """What is wrong with one journal line (the hostile text it quotes shown escaped)."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(es, en)


def _text(line: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = line.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _LineError(f"falta «{key}» (texto) en la línea", f"the line lacks '{key}' (text)")
    return value


def _record(line: Mapping[str, Any], key: str, cls: type[Any], extra: dict[str, Any]) -> Any:
    data = line.get(key)
    if not isinstance(data, dict):
        raise _LineError(f"«{key}» debe ser un objeto", f"'{key}' must be an object")
    try:
        return structure({**extra, **data}, cls)
    except Exception as exc:
        details = describe_errors(exc, key)
        if not details:
            raise
        raise _LineError(
            "; ".join(f"{d.path}: {d.es}" for d in details),
            "; ".join(f"{d.path}: {d.en}" for d in details),
        ) from None


def _apply(gov: Governance, line: Mapping[str, Any], by: str, at: datetime) -> None:
    org = gov.organisation
    do = line["do"]
    if do == "request.submit":
        placeholder = {"organisation": org, "requested_by": by, "requested_at": at.isoformat()}
        gov.submit_request(_record(line, "request", ProfileRequest, placeholder), by=by, at=at)
    elif do == "request.approve":
        gov.approve_request(
            str(_text(line, "request")), by=by, reason=_text(line, "reason", required=False), at=at
        )
    elif do == "request.reject":
        gov.reject_request(
            str(_text(line, "request")), by=by, reason=str(_text(line, "reason")), at=at
        )
    elif do == "request.withdraw":
        gov.withdraw_request(
            str(_text(line, "request")), by=by, reason=_text(line, "reason", required=False), at=at
        )
    elif do == "profile.transition":
        from govsm.model import LifecycleState

        to = str(_text(line, "to"))
        if to not in {s.value for s in LifecycleState}:
            raise _LineError(f"estado desconocido «{to}»", f"unknown state '{to}'")
        gov.transition(
            str(_text(line, "profile")),
            LifecycleState(to),
            by=by,
            reason=str(_text(line, "reason")),
            at=at,
        )
    elif do == "profile.transfer":
        gov.transfer(
            str(_text(line, "profile")),
            str(_text(line, "unit")),
            by=by,
            reason=str(_text(line, "reason")),
            at=at,
        )
    elif do == "profile.retire":
        gov.retire(str(_text(line, "profile")), by=by, reason=str(_text(line, "reason")), at=at)
    elif do == "delegation.grant":
        gov.delegate(_record(line, "delegation", Delegation, {"organisation": org}), by=by, at=at)
    elif do == "delegation.revoke":
        gov.revoke_delegation(str(_text(line, "delegation")), by=by, at=at)
    elif do == "message.draft":
        extra = {
            "organisation": org,
            "direction": Direction.OUTBOUND.value,
            "state": MessageState.DRAFT.value,
            "created_at": at.isoformat(),
        }
        gov.draft(_record(line, "message", Message, extra), by=by, at=at)
    elif do == "message.edit":
        fields = {k: v for k, v in line.items() if k not in {"id", "at", "by", "do", "message"}}
        editable = {"text", "title", "content_warning", "language", "campaign"}
        for key, value in fields.items():
            if key not in editable or not isinstance(value, str):
                raise _LineError(
                    f"«{key}» no se puede editar desde un diario (texto: "
                    f"{', '.join(sorted(editable))})",
                    f"'{key}' cannot be edited from a journal (text: "
                    f"{', '.join(sorted(editable))})",
                )
        gov.edit(str(_text(line, "message")), by=by, at=at, **fields)
    elif do == "message.submit":
        gov.submit(str(_text(line, "message")), by=by, at=at)
    elif do == "message.approve":
        gov.approve(
            str(_text(line, "message")),
            by=by,
            comment=_text(line, "comment", required=False),
            at=at,
        )
    elif do == "message.reject":
        gov.reject(str(_text(line, "message")), by=by, reason=str(_text(line, "reason")), at=at)
    elif do == "message.schedule":
        repeats = line.get("repeats", [])
        variants = line.get("variants", [])
        if not isinstance(repeats, list) or not isinstance(variants, list):
            raise _LineError(
                "«repeats» y «variants» son listas", "'repeats' and 'variants' are lists"
            )
        gov.schedule(
            str(_text(line, "message")),
            _instant(line.get("due"), "due"),
            by=by,
            repeats=[_instant(value, "repeats") for value in repeats],
            variants=[None if v is None else str(v) for v in variants],
            zone=_text(line, "zone", required=False),
            at_time=at,
        )


def _parse(raw: str, limits: Limits) -> tuple[str, str, datetime, dict[str, Any]]:
    if not within(raw, limits.line_bytes):
        problem = size_problem(
            utf8_size(raw), limits.line_bytes, "text_bytes + field_bytes", "la línea", "the line"
        )
        raise _LineError(problem.es, problem.en)
    try:
        line = parse_json(raw, "")
        check_record(line, limits, "")
    except ConfigError as exc:
        raise _LineError(exc.es, exc.en) from None
    if not isinstance(line, dict):
        raise _LineError("la línea no es un objeto JSON", "the line is not a JSON object")
    ident = str(_text(line, "id"))
    by = str(_text(line, "by"))
    do = str(_text(line, "do"))
    if do not in ACTIONS:
        raise _LineError(
            f"acción desconocida «{do}»; posibles: {', '.join(ACTIONS)}",
            f"unknown action '{do}'; possible: {', '.join(ACTIONS)}",
        )
    try:
        at = datetime.fromisoformat(str(_text(line, "at")))
    except ValueError:
        raise _LineError(
            "«at» no es un instante ISO 8601", "'at' is not an ISO 8601 instant"
        ) from None
    if at.tzinfo is None:
        raise _LineError(
            "«at» necesita la zona horaria (p. ej. +01:00)",
            "'at' needs its offset (e.g. +01:00)",
        )
    if not showable(at):
        raise _LineError(
            f"«at» = {at.isoformat()} está demasiado cerca de los extremos del calendario "
            "(años 1 y 9999)",
            f"'at' = {at.isoformat()} is too close to the ends of the calendar (years 1 and 9999)",
        )
    return ident, by, at, line


def read_lines(path: Path, limits: Limits | None = None) -> Iterator[tuple[int, str | ConfigError]]:
    """The non-blank lines of a journal with their numbers; a line not in UTF-8 is its error.

    Lines end at a line feed (a carriage return before it is dropped), as JSON Lines says: a
    U+2028 or U+0085 inside a JSON string does not cut a line in two.

    :param limits: the file may take ``file_bytes`` and hold ``records`` lines (the defaults
        when ``None``).
    :raises ConfigError: the file cannot be read, or is over a limit.
    """
    limits = limits or Limits()
    data = read_bytes(path, limit=limits.file_bytes, key="file_bytes")
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number > limits.records:
            raise ConfigError(
                f"el diario pasa de {limits.records} líneas ([limits] records): no se lee más",
                f"the journal has more than {limits.records} lines ([limits] records): "
                "read no further",
                where=f"{path}:{number}",
            )
        try:
            line = decode_line(raw.removesuffix(b"\r"), f"{path}:{number}")
        except ConfigError as exc:
            yield number, exc
            continue
        if line.strip():
            yield number, line


def replay(
    gov: Governance,
    files: list[Path],
    *,
    shown: Callable[[Path], str] = str,
    limits: Limits | None = None,
) -> ReplayResult:
    """Apply the journals' lines not applied yet, in file and line order.

    :param shown: how to name a file in problems (e.g. relative to the workspace).
    :param limits: the sizes to hold each journal and line to (the defaults when ``None``).
    """
    limits = limits or Limits()
    applied = skipped = 0
    problems: list[JournalProblem] = []
    done = gov.record().journal
    seen: dict[str, tuple[str, int]] = {}
    for path in files:
        try:
            lines = list(read_lines(path, limits))
        except GovsmError as exc:
            problems.append(JournalProblem(shown(path), 0, Bilingual(es=exc.es, en=exc.en)))
            continue
        for number, raw in lines:
            try:
                if isinstance(raw, ConfigError):
                    raise _LineError(raw.es, raw.en)
                ident, by, at, line = _parse(raw, limits)
                if ident in seen:
                    first = seen[ident]
                    raise _LineError(
                        f"el id «{ident}» ya se usó en {first[0]}:{first[1]}",
                        f"id '{ident}' was already used at {first[0]}:{first[1]}",
                    )
                seen[ident] = (shown(path), number)
                if ident in done:
                    skipped += 1
                    continue
                # checked again holding the lock: another process may have applied it since
                with gov.serialised():
                    if ident in gov.record().journal:
                        skipped += 1
                        continue
                    with gov.journal_line(ident):
                        _apply(gov, line, by, at)
                applied += 1
            except (_LineError, GovsmError) as exc:
                problems.append(
                    JournalProblem(shown(path), number, Bilingual(es=exc.es, en=exc.en))
                )
    return ReplayResult(applied=applied, skipped=skipped, problems=tuple(problems))


def _instant(value: object, key: str) -> datetime:
    """An instant with its offset, from a journal line's ``key``."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise _LineError(
            f"«{key}» necesita instantes ISO 8601 con su desfase horario",
            f"'{key}' needs ISO 8601 instants with their offset",
        )
    return moment
