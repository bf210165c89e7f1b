"""Profile requests left waiting too long for the coordinating unit's decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from govsm.health.references import DOCS
from govsm.health.rule_ids import REQUEST_WAITING
from govsm.model import Bilingual, Finding, ProfileRequest, RequestState, Severity

#: days a profile request may wait for a decision when the workspace has no policy (govsm's
#: choice: a month, the usual deadline to answer internal requests; see :doc:`/reference/health`)
DEFAULT_REQUEST_WAITING_DAYS = 30


def waiting_findings(
    requests: Iterable[ProfileRequest], today: date, zone: ZoneInfo, limit: int
) -> list[Finding]:
    """A :data:`~govsm.health.rule_ids.REQUEST_WAITING` finding per request left waiting.

    That is, each pending request undecided for more than ``limit`` days on ``today``.

    :param requests: the profile requests (only pending ones are looked at).
    :param today: the day of the check.
    :param zone: the organisation's time zone, to turn the request's instant into a day.
    :param limit: the days a request may wait.
    """
    findings: list[Finding] = []
    for request in requests:
        if request.state is not RequestState.PENDING:
            continue
        days = (today - request.requested_at.astimezone(zone).date()).days
        if days <= limit:
            continue
        findings.append(
            Finding(
                rule=REQUEST_WAITING,
                severity=Severity.WARNING,
                subject=f"request:{request.id}",
                message=Bilingual(
                    es=f"La solicitud «{request.id}» ({request.unit}, {request.channel}) lleva "
                    f"{days} días sin resolver (el plazo de la política es {limit})",
                    en=f"Request '{request.id}' ({request.unit}, {request.channel}) has waited "
                    f"{days} days for a decision (the policy's limit is {limit})",
                ),
                suggestion=Bilingual(
                    es="La unidad coordinadora debe aprobarla, rechazarla con un motivo o pedir "
                    "a la unidad que la complete o la retire",
                    en="The coordinating unit should approve it, reject it with a reason or ask "
                    "the unit to complete or withdraw it",
                ),
                reference=DOCS,
            )
        )
    return findings
