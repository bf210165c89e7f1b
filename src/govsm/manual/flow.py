"""The approval flow: which way a message takes in each scope, and the rows a diagram draws.

Built from the policy: ``approval_tiers`` and ``approve_replies`` are the general rule (or an
``[[policy.approval_rules]]`` entry scoped to the organisation, which overrides them); every
rule scoped to an área or a profile is a path of its own, and so is every área or profile that
has approvers of its own, with the general number of tiers. Approvers are the people holding
the ``approver`` role there, or for the whole organisation, on the reference day.

:func:`diagram_rows` turns the flow into rows of boxes in one language, which
:mod:`~govsm.manual.flow_svg` and :mod:`~govsm.manual.flow_mermaid` draw.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen

from govsm.manual.labels import Labels
from govsm.manual.refs import Names, PersonRef
from govsm.manual.responsibilities import ApprovalFlow, ApprovalPath
from govsm.model import ApprovalRule, Policy, Role, ScopeKind

_SCOPE_ORDER = {ScopeKind.ORGANISATION: 0, ScopeKind.UNIT: 1, ScopeKind.PROFILE: 2}


def build_flow(names: Names, policy: Policy | None, today: date) -> ApprovalFlow:
    """The approval flow of ``policy`` on ``today``: the general rule first, then exceptions.

    Without a policy there is no flow (no paths).
    """
    if policy is None:
        return ApprovalFlow(paths=())
    snap = names.snapshot
    active = {p.id for p in snap.people if p.active_on(today)}
    approvers: dict[tuple[ScopeKind, str | None], list[str]] = {}
    for role in snap.roles:
        if role.role is Role.APPROVER and role.person in active and role.in_force_on(today):
            approvers.setdefault((role.scope, role.target), []).append(role.person)
    rules: dict[tuple[ScopeKind, str | None], ApprovalRule] = {
        (rule.scope, rule.target): rule for rule in policy.approval_rules
    }
    general = rules.get((ScopeKind.ORGANISATION, None))
    tiers = general.tiers if general is not None else policy.approval_tiers
    replies = general.replies if general is not None else policy.approve_replies
    everyone = approvers.get((ScopeKind.ORGANISATION, None), [])
    unit_of = {p.id: p.unit for p in snap.profiles}
    paths = [
        ApprovalPath(
            scope=ScopeKind.ORGANISATION,
            target=None,
            tiers=tiers,
            replies=replies,
            approvers=names.people(tuple(everyone)),
        )
    ]
    scopes = {key for key in (*rules, *approvers) if key[0] is not ScopeKind.ORGANISATION}
    for scope, target in sorted(scopes, key=lambda k: (_SCOPE_ORDER[k[0]], k[1] or "")):
        rule = rules.get((scope, target))
        own = list(approvers.get((scope, target), []))
        if scope is ScopeKind.PROFILE:
            own += approvers.get((ScopeKind.UNIT, unit_of.get(target or "")), [])
        who = tuple(dict.fromkeys([*own, *everyone]))
        paths.append(
            ApprovalPath(
                scope=scope,
                target=names.unit(target) if scope is ScopeKind.UNIT else None,
                tiers=rule.tiers if rule is not None else tiers,
                replies=rule.replies if rule is not None else replies,
                approvers=names.people(who),
                profile=names.profile(target) if scope is ScopeKind.PROFILE else None,
            )
        )
    return ApprovalFlow(paths=tuple(paths))


@frozen
class Box:
    """A box of a diagram row.

    :param kind: ``draft``, ``tier``, ``scheduled``, ``published`` or ``reply``.
    :param title: its first line.
    :param detail: further lines (the approvers of a tier).
    """

    kind: str
    title: str
    detail: tuple[str, ...] = ()


@frozen
class DiagramRow:
    """One row of the approval diagram: a scope's path, or the replies that need no approval.

    :param label: what the row is for.
    :param boxes: from the draft (or the reply) to the published message.
    :param edges: the label of the arrow after each box but the last (empty: none).
    :param reject: the label of the arrows that take rejected messages from each tier box
        back to the first box (empty: the row has no tier).
    """

    label: str
    boxes: tuple[Box, ...]
    edges: tuple[str, ...]
    reject: str = ""


def scope_name(path: ApprovalPath, t: Labels) -> str:
    """The scope of ``path`` as a heading: the general rule, an área or a profile."""
    if path.scope is ScopeKind.ORGANISATION:
        return t("flow.path.organisation")
    if path.scope is ScopeKind.UNIT:
        return t("flow.path.unit", name=path.target or "")
    return t("flow.path.profile", name=t.profile(path.profile) if path.profile else "")


def approver_names(path: ApprovalPath, t: Labels) -> str:
    """Who may approve on ``path``, or "any approver" when the workspace names nobody."""
    return ", ".join(p.name for p in path.approvers) or t("flow.anyone")


def diagram_rows(flow: ApprovalFlow, t: Labels) -> tuple[DiagramRow, ...]:
    """The rows of the diagram of ``flow`` in ``t``'s language."""
    rows = []
    for path in flow.paths:
        what = t("flow.posts_replies") if path.replies else t("flow.posts")
        detail = _wrap(path.approvers, t)
        boxes = [
            Box("draft", t("flow.draft")),
            *(Box("tier", t("flow.tier", n=n), detail) for n in range(1, path.tiers + 1)),
            Box("scheduled", t("flow.scheduled")),
            Box("published", t("flow.published")),
        ]
        if path.tiers:
            edges = ["", *([t("flow.approved")] * path.tiers), ""]
        else:
            edges = [t("flow.no_approval"), ""]
        rows.append(
            DiagramRow(
                label=f"{scope_name(path, t)} · {what}",
                boxes=tuple(boxes),
                edges=tuple(edges),
                reject=t("flow.rejected") if path.tiers else "",
            )
        )
    if any(not path.replies for path in flow.paths):
        rows.append(
            DiagramRow(
                label=t("flow.replies_row"),
                boxes=(Box("reply", t("flow.reply")), Box("published", t("flow.published"))),
                edges=("",),
            )
        )
    return tuple(rows)


def flow_summary(flow: ApprovalFlow, t: Labels) -> tuple[str, ...]:
    """The flow in sentences: the diagram's text alternative, one sentence per path."""
    lines = []
    for path in flow.paths:
        scope = scope_name(path, t)
        what = t("flow.posts_replies") if path.replies else t("flow.posts")
        who = approver_names(path, t)
        if path.tiers == 0:
            lines.append(t("flow.summary.none", scope=scope, what=what))
        elif path.tiers == 1:
            lines.append(t("flow.summary.one", scope=scope, what=what, approvers=who))
        else:
            lines.append(
                t("flow.summary.many", scope=scope, what=what, n=path.tiers, approvers=who)
            )
    if any(not path.replies for path in flow.paths):
        lines.append(t("flow.summary.replies", scope=t("flow.replies_row")))
    return tuple(lines)


#: the longest line of approvers' names in a tier box, in characters
BOX_LINE = 30


def _wrap(approvers: tuple[PersonRef, ...], t: Labels) -> tuple[str, ...]:
    """The approvers' names in at most two lines of :data:`BOX_LINE` characters."""
    names = [p.name for p in approvers] or [t("flow.anyone")]
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + 2 + len(name) <= BOX_LINE:
            lines[-1] = f"{lines[-1]}, {name}"
        else:
            lines.append(name)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + ", …"]
    limit = BOX_LINE + 4
    return tuple(line if len(line) <= limit else line[: limit - 1] + "…" for line in lines)
