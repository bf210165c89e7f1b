"""``govsm schedule``: the publishing plan, its iCalendar file, scheduling and suggestions.

A thin layer over :mod:`govsm.publishing.planning` (the plan of the outbox, checked by
:mod:`govsm.calendar`), :meth:`govsm.governance.Governance.schedule` and
:func:`govsm.calendar.suggestions.suggest_slots`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govsm.cli.context import CliState, emit_json
from govsm.cli.governance import _BY, _actor, _done
from govsm.cli.options import json_option, workspace_argument

if TYPE_CHECKING:
    from govsm.calendar.plan import Plan
    from govsm.governance import Governance
    from govsm.workspace import Workspace


def _instant(text: str, zone: str) -> datetime:
    """An instant from ``text``; a time without offset is read in ``zone`` (wall time)."""
    from govsm.calendar.planned import zone_info
    from govsm.calendar.recurrence import localise

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not an ISO 8601 time (2027-01-08T09:30, or with its offset)"
        ) from None
    if moment.tzinfo is None:
        return localise(moment, zone_info(zone))
    return moment


@click.command("schedule")
@workspace_argument()
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), help="First day shown.")
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    help="Days shown (default 7), or put in the outbox with --series (default 28).",
)
@click.option("--ics", type=click.Path(dir_okay=False, path_type=Path), help="Write the plan here.")
@click.option("--add", "message", metavar="MESSAGE", help="Schedule this approved message.")
@click.option("--at", "at_text", metavar="TIME", help="When --add's message goes out.")
@click.option("--repeat", "repeats", multiple=True, metavar="TIME", help="A repeat (repeatable).")
@click.option(
    "--off-hours", is_flag=True, help="Repeat it in the next afternoon and weekend windows."
)
@click.option("--variant", "variants", multiple=True, help="A repeat's own text (in order).")
@click.option("--rrule", metavar="RULE", help="Repeat as an RFC 5545 rule (FREQ=WEEKLY;COUNT=4).")
@click.option(
    "--series",
    "series_id",
    metavar="SERIES",
    help="Put a stored series' (series/SERIES.toml) coming occurrences in the outbox.",
)
@click.option("--suggest", "suggest_for", metavar="PROFILE", help="Best slots of a profile.")
@click.option("--profile", "only_profile", metavar="PROFILE", help="Only this profile's posts.")
@click.option("--unit", "only_unit", metavar="UNIT", help="Only this unit's posts.")
@_BY
@json_option("the plan")
@click.pass_obj
def command(
    state: CliState,
    workspace: str,
    first: datetime | None,
    days: int | None,
    ics: Path | None,
    message: str | None,
    at_text: str | None,
    repeats: tuple[str, ...],
    off_hours: bool,
    variants: tuple[str, ...],
    rrule: str | None,
    series_id: str | None,
    suggest_for: str | None,
    only_profile: str | None,
    only_unit: str | None,
    by: str | None,
    as_json: bool,
) -> None:
    """Show the publishing plan of the coming days, with what is wrong with it.

    Caps exceeded, posts too close together, outside a profile's posting windows, on a holiday
    or in an electoral period, and clashes between units on one channel are listed under the
    plan; ``--ics`` writes it as an iCalendar file for the calendar staff already use.
    ``--profile`` or ``--unit`` keep one profile's or one unit's posts (and their issues).
    ``--add MESSAGE --at TIME`` schedules an approved message (times without an offset are read
    in the organisation's zone), with repeats: ``--repeat TIME``, ``--off-hours`` (the next
    afternoon and weekend windows), or ``--rrule RULE`` (an RFC 5545 series from ``--at``, kept on
    its local hour across DST; occurrences on holidays and in electoral periods are skipped and
    named). ``--series SERIES`` puts the occurrences of the next ``--days`` days (28 by default)
    of the series kept in ``series/SERIES.toml`` in the outbox, skipping excluded days and the
    occurrences already there (a second run adds nothing). ``--suggest PROFILE`` ranks a
    profile's hours by its own history.
    """
    from govsm.governance import Governance

    with state.open(workspace) as ws:
        if ws.config is not None:
            ws.load()
        if message is not None:
            extra = _series(state, ws, at_text, rrule) if rrule else ()
            _add(
                state,
                Governance.of(ws),
                ws,
                message,
                at_text,
                repeats + extra,
                off_hours,
                variants,
                by,
            )
        elif series_id is not None:
            _schedule_series(state, Governance.of(ws), ws, series_id, days or 28, by)
        elif suggest_for is not None:
            _suggest(state, ws, suggest_for, as_json)
        else:
            _show(
                state,
                ws,
                first.date() if first else None,
                days or 7,
                ics,
                as_json,
                (only_profile, only_unit),
            )


def _add(
    state: CliState,
    gov: Governance,
    ws: Workspace,
    message: str,
    at_text: str | None,
    repeats: tuple[str, ...],
    off_hours: bool,
    variants: tuple[str, ...],
    by: str | None,
) -> None:
    from govsm.calendar.repeat import plan_repeats
    from govsm.calendar.windows import organisation_exclusions, unit_parents

    if at_text is None:
        raise click.UsageError("--add needs --at TIME")
    zone = ws.organisation.timezone
    at = _instant(at_text, zone)
    extra = [_instant(t, zone) for t in repeats]
    es = state.language == "es"
    if off_hours:
        found = gov.message(message)
        profile = ws.profile(found.profile)
        channel = ws.channels()[profile.channel]
        day = ws.organisation.local_date(at)
        planned = plan_repeats(
            at,
            policy=ws.policy,
            profile=profile.id,
            unit=profile.unit,
            channel=channel,
            zone=zone,
            exclusions=organisation_exclusions(
                ws.organisation, ws.policy, day, date(day.year + 1, 12, 31)
            ),
            parents=unit_parents(ws.units),
        )
        for skipped in planned.skipped:
            click.echo(f"  − {skipped.day}: {skipped.reason.es if es else skipped.reason.en}")
        for kind, why in planned.unplaced:
            click.echo(f"  ! {kind}: {why.es if es else why.en}")
        for repeat in planned.repeats:
            click.echo(f"  + {repeat.text.es if es else repeat.text.en}")
            if repeat.needs_variant and len(variants) < len(extra) + 1:
                click.echo(
                    "    (la red rechaza el mismo texto: añada --variant)"
                    if es
                    else "    (the network refuses the same text: add --variant)"
                )
        extra += [r.at for r in planned.repeats]
    items = gov.schedule(message, at, by=_actor(gov, by), repeats=extra, variants=variants)
    for item in items:
        local = ws.organisation.local_time(item.due_at)
        click.echo(f"{item.id}  {local:%Y-%m-%d %H:%M}  {item.profile}")
    _done(state, f"{len(items)} elementos programados", f"{len(items)} items scheduled")


def _schedule_series(
    state: CliState, gov: Governance, ws: Workspace, series_id: str, days: int, by: str | None
) -> None:
    from govsm.calendar.series_files import read_one_series
    from govsm.publishing.series import schedule_series

    stored = read_one_series(ws.root, series_id)
    done = schedule_series(gov, ws, stored, by=_actor(gov, by), days=days)
    es = state.language == "es"
    for day, reason in done.skipped:
        click.echo(f"  − {day}: {reason.es if es else reason.en}")
    for at in done.already:
        local = ws.organisation.local_time(at)
        click.echo(
            f"  = {local:%Y-%m-%d %H:%M}  " + ("ya programada" if es else "already scheduled")
        )
    for item in done.items:
        local = ws.organisation.local_time(item.due_at)
        click.echo(f"{item.id}  {local:%Y-%m-%d %H:%M}  {item.profile}")
    _done(state, f"{len(done.items)} elementos programados", f"{len(done.items)} items scheduled")


def _series(state: CliState, ws: Workspace, at_text: str | None, rule: str) -> tuple[str, ...]:
    """The occurrences after the first of the series ``rule`` from ``--at``, as repeat times."""
    from govsm.calendar.recurrence import Series
    from govsm.calendar.windows import organisation_exclusions
    from govsm.errors import GovsmError

    if at_text is None:
        raise click.UsageError("--rrule needs --at TIME (the series' first occurrence)")
    zone = ws.organisation.timezone
    first = _instant(at_text, zone).astimezone(ws.organisation.local_time().tzinfo)
    try:
        found = Series("cli", first.replace(tzinfo=None), zone, rule).occurrences()
    except GovsmError:
        raise  # Series names what is wrong with the rule, in both languages
    except ValueError as exc:
        raise click.BadParameter(f"not an RFC 5545 rule: {exc}", param_hint="--rrule") from None
    if len(found) > MAX_SERIES:
        raise click.BadParameter(
            f"the series has {len(found)} occurrences; give COUNT or UNTIL (at most {MAX_SERIES})",
            param_hint="--rrule",
        )
    days = [ws.organisation.local_date(o) for o in found]
    exclusions = organisation_exclusions(ws.organisation, ws.policy, min(days), max(days))
    es = state.language == "es"
    kept = []
    for occurrence, day in zip(found[1:], days[1:], strict=True):
        reason = exclusions.reason(day)
        if reason is None:
            kept.append(occurrence.isoformat())
        else:
            click.echo(f"  − {day}: {reason.es if es else reason.en}")
    return tuple(kept)


#: the most occurrences ``--rrule`` schedules at once
MAX_SERIES = 400


def _suggest(state: CliState, ws: Workspace, profile_id: str, as_json: bool) -> None:
    from govsm.calendar.suggestions import suggest_slots
    from govsm.calendar.windows import unit_parents

    profile = ws.profile(profile_id)
    found = suggest_slots(
        ws.store.messages(ws.organisation.id, profile=profile.id),
        profile=profile.id,
        unit=profile.unit,
        channel=profile.channel,
        zone=ws.organisation.timezone,
        policy=ws.policy,
        top=10,
        parents=unit_parents(ws.units),
    )
    if as_json:
        emit_json(
            {
                "profile": found.profile,
                "basis": found.basis.value,
                "posts": found.posts,
                "responses": found.responses,
                "explanation": {"es": found.explanation.es, "en": found.explanation.en},
                "slots": [
                    {
                        "weekday": s.weekday.value,
                        "hour": s.hour,
                        "posts": s.posts,
                        "responses": s.responses,
                        "score": s.score,
                    }
                    for s in found.slots
                ],
            }
        )
        return
    es = state.language == "es"
    click.echo(found.explanation.es if es else found.explanation.en)
    for slot in found.slots:
        confidence = slot.confidence.es if es else slot.confidence.en
        click.echo(f"  {slot.weekday.value} {slot.hour:02d}:00  {confidence}")


def _show(
    state: CliState,
    ws: Workspace,
    first: date | None,
    days: int,
    ics: Path | None,
    as_json: bool,
    only: tuple[str | None, str | None],
) -> None:
    from govsm.atomic import write_output
    from govsm.calendar.ics import plan_to_ics
    from govsm.calendar.plan import plan_to_json
    from govsm.calendar.series_files import read_series
    from govsm.publishing.planning import outbox_plan

    organisation = ws.organisation
    zone = organisation.local_time().tzinfo
    day = first or organisation.local_date()
    series = read_series(ws.root)
    plan = outbox_plan(ws, datetime.combine(day, time(0, 0), tzinfo=zone), days, series)
    if only != (None, None):
        plan = _only(ws, plan, *only)
    if ics is not None:
        wanted = {p.message for p in plan.posts} | {s.message for s in series}
        texts = {
            ident: m.text
            for ident in wanted
            if (m := ws.store.message(organisation.id, ident)) is not None
        }
        shown = {post.series for post in plan.posts}
        # a plan narrowed to a profile or unit carries only the series it shows
        kept = [s for s in series if only == (None, None) or s.series.id in shown]
        data = plan_to_ics(plan, organisation.name, organisation.timezone, texts=texts, series=kept)
        write_output(ics, data.decode("utf-8"))
    if as_json:
        emit_json(plan_to_json(plan))
        return
    _print(state, plan, ics)
    if not plan.posts:
        _next(state, ws, plan.end)


def _only(ws: Workspace, plan: Plan, profile: str | None, unit: str | None) -> Plan:
    """The plan's posts of one profile or unit, and the issues that involve them."""
    import attrs

    if profile is not None:
        ws.profile(profile)
    keep = {p.id for p in ws.profiles if p.id == profile or (unit is not None and p.unit == unit)}
    return attrs.evolve(
        plan,
        posts=tuple(p for p in plan.posts if p.profile in keep),
        issues=tuple(i for i in plan.issues if keep & set(i.profiles)),
    )


def _next(state: CliState, ws: Workspace, after: datetime) -> None:
    """Say when the next scheduled post is, when the period shown has none."""
    from govsm.publishing.planning import LIVE

    later = [i for i in ws.store.outbox.items(ws.organisation.id, states=LIVE) if i.due_at >= after]
    if later:
        local = ws.organisation.local_time(later[0].due_at)
        _done(
            state,
            f"La siguiente publicación programada es del {local:%Y-%m-%d %H:%M} "
            f"(govsm schedule --from {local:%Y-%m-%d})",
            f"The next scheduled post is on {local:%Y-%m-%d %H:%M} "
            f"(govsm schedule --from {local:%Y-%m-%d})",
        )


def _print(state: CliState, plan: Plan, ics: Path | None) -> None:
    from govsm.calendar.planned import zone_info

    es = state.language == "es"
    tz = zone_info(plan.zone)
    last = plan.end.astimezone(tz).date() - timedelta(days=1)
    click.echo(
        ("Plan de publicación" if es else "Publishing plan")
        + f" {plan.start.astimezone(tz):%Y-%m-%d} … {last:%Y-%m-%d} ({plan.zone})"
    )
    shown_day = None
    for post in plan.posts:
        local = post.local(plan.zone)
        if local.date() != shown_day:
            shown_day = local.date()
            name = (_DAYS_ES if es else _DAYS_EN)[shown_day.weekday()]
            click.echo(f"  {name} {shown_day:%Y-%m-%d}")
        campaign = f" [{post.campaign}]" if post.campaign else ""
        click.echo(f"    {local:%H:%M}  {post.profile:<24} {post.message}{campaign}")
    if not plan.posts:
        click.echo("  (nada programado)" if es else "  (nothing scheduled)")
    for issue in plan.issues:
        click.echo(f"  ! {issue.text.es if es else issue.text.en}")
    if ics is not None:
        click.echo(f"iCalendar: {ics}")
    posts, issues = len(plan.posts), len(plan.issues)
    _done(
        state,
        f"{posts} {'publicación' if posts == 1 else 'publicaciones'}, "
        f"{issues} {'incidencia' if issues == 1 else 'incidencias'}",
        f"{posts} post{'' if posts == 1 else 's'}, {issues} issue{'' if issues == 1 else 's'}",
    )


_DAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
