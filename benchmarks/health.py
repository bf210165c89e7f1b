"""`govsm health` on a large synthetic SQLite store, beside the bare SQL anchor.

    python benchmarks/health.py --profiles 10000 --messages 1000000

Generates an organisation with ``--profiles`` profiles (a tenth of them with a mistake health
reports) and ``--messages`` messages (90 % published posts, 10 % inbound mentions) straight into
a SQLite store in a temporary folder with ``Store.save_snapshot`` and ``Store.save_messages``,
then times, best of ``--repeat`` runs:

* ``check_health(workspace, today)``: everything the command does after loading;
* ``last_published(store, org)``: its one aggregate query, decoded;
* the anchor: the same query in bare SQL (one correlated ``max(published_at)`` per profile)
  through the ``sqlite3`` module on the same database file.

Since schema revision 0004 the store has the covering index
``ix_messages_last_published (organisation_id, profile_id, direction, state, published_at)``;
before it, the same figures were 3,215 ms for ``check_health`` on 10,000 profiles and 1,000,000
messages (a ``GROUP BY`` that read every table row).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from govsm.health import check_health, last_published
from govsm.model import (
    Direction,
    LifecycleState,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    OrganisationSnapshot,
    Person,
    Policy,
    Profile,
    Unit,
)
from govsm.plugins import PluginHost
from govsm.store import Store
from govsm.workspace import Workspace

ORG = "ajuntament-bench"
TODAY = date(2026, 11, 20)
CHANNELS = ("x", "mastodon", "facebook", "instagram", "bluesky", "youtube", "linkedin")
# the same shape as Store.last_published: one max() per profile, answered from the covering
# index ix_messages_last_published (revision 0004) with one backward step per profile
ANCHOR = (
    "SELECT p.id, (SELECT max(m.published_at) FROM messages m "
    "WHERE m.organisation_id = p.organisation_id AND m.profile_id = p.id "
    "AND m.direction = 'outbound' AND m.state = 'published') "
    "FROM profiles p WHERE p.organisation_id = ?"
)


def snapshot(profiles: int) -> OrganisationSnapshot:
    """An organisation with ``profiles`` profiles; one in ten breaks a health rule."""
    org = Organisation(
        id=ORG,
        name="Ajuntament de Prova",
        kind=OrganisationKind.AYUNTAMIENTO,
        languages=("ca-valencia", "es"),
        timezone="Europe/Madrid",
        domains=("prova.example",),
    )
    units = (Unit(organisation=ORG, id="comunicacio", name="Comunicació"),)
    people = tuple(
        Person(
            organisation=ORG,
            id=f"persona-{i}",
            name=f"Persona {i}",
            left_on=date(2025, 1, 1) if i % 50 == 0 else None,
        )
        for i in range(500)
    )
    made = []
    for i in range(profiles):
        made.append(
            Profile(
                organisation=ORG,
                id=f"perfil-{i:05d}",
                channel=CHANNELS[i % len(CHANNELS)],
                handle=f"@perfil{i}",
                unit="comunicacio",
                theme=f"Tema {i}",
                audience=("veïns",),
                responsible=(f"persona-{i % 500}", f"persona-{(i + 1) % 500}"),
                contact_email=(
                    f"perfil{i}@gmail.com" if i % 100 == 7 else f"perfil{i}@prova.example"
                ),
                state=LifecycleState.ACTIVE,
                opened_on=date(2020, 1, 1),
            )
        )
    policy = Policy(organisation=ORG, version="bench", coordinating_unit="comunicacio")
    return OrganisationSnapshot(
        organisation=org, units=units, people=people, profiles=tuple(made), policy=policy
    )


def messages(count: int, profiles: int) -> Iterator[Message]:
    """``count`` messages over the last year; some profiles (every 13th) stop in spring."""
    rng = random.Random(2026)
    start = datetime(2025, 11, 20, tzinfo=UTC)
    for n in range(count):
        p = rng.randrange(profiles)
        days = rng.uniform(0, 150 if p % 13 == 0 else 365)
        at = start + timedelta(days=days)
        if n % 10 == 9:
            yield Message(
                organisation=ORG,
                id=f"m-{n:07d}",
                profile=f"perfil-{p:05d}",
                direction=Direction.INBOUND,
                kind=MessageKind.MENTION,
                state=MessageState.NEW,
                text="Una pregunta",
                created_at=at,
            )
        else:
            yield Message(
                organisation=ORG,
                id=f"m-{n:07d}",
                profile=f"perfil-{p:05d}",
                direction=Direction.OUTBOUND,
                kind=MessageKind.POST,
                state=MessageState.PUBLISHED,
                text="Avís municipal",
                created_at=at,
                published_at=at + timedelta(minutes=5),
            )


def best(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """(best, median) wall time in seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times)


def main() -> None:
    """Generate the store, time health and the anchor, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = Store.open(f"sqlite:///{path}")
        began = time.perf_counter()
        snap = snapshot(args.profiles)
        store.save_snapshot(snap)
        store.save_messages(ORG, messages(args.messages, args.profiles), batch_size=5000)
        generated = time.perf_counter() - began
        size = path.stat().st_size / 2**20
        host = PluginHost()
        workspace = Workspace(snap, host, store=store)
        findings = check_health(workspace, TODAY)
        health_best, health_median = best(args.repeat, lambda: check_health(workspace, TODAY))
        query_best, query_median = best(args.repeat, lambda: last_published(store, ORG))
        raw = sqlite3.connect(path)
        rows = raw.execute(ANCHOR, (ORG,)).fetchall()
        anchor_best, anchor_median = best(
            args.repeat, lambda: raw.execute(ANCHOR, (ORG,)).fetchall()
        )
        raw.close()
        store.close()
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    print(
        f"store: {args.profiles} profiles, {args.messages} messages, {size:.0f} MiB, "
        f"generated and saved in {generated:.1f} s"
    )
    published = sum(1 for _, last in rows if last is not None)
    print(f"profiles with a publication: {published}; findings: {len(findings)} {by_rule}")
    print(f"best / median of {args.repeat} runs:")
    print(f"  check_health       {health_best * 1000:8.1f} ms / {health_median * 1000:8.1f} ms")
    print(f"  last_published     {query_best * 1000:8.1f} ms / {query_median * 1000:8.1f} ms")
    print(f"  anchor (bare SQL)  {anchor_best * 1000:8.1f} ms / {anchor_median * 1000:8.1f} ms")
    print(f"  check_health / anchor: {health_best / anchor_best:.2f}x")
    print(f"  last_published / anchor: {query_best / anchor_best:.2f}x")


if __name__ == "__main__":
    main()
