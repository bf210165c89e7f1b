"""What the networks' counts kept by ``govsm sync`` say of each profile, over a period.

``govsm sync`` reads, at each run, the profile's counts (``followers``…) and those of its posts
published in the last 30 days (``replies``, ``reposts``, ``likes``, ``comments``…), and keeps
each with the instant it was read (:meth:`SyncState.save_metrics
<govsm.store.sync_state.SyncState.save_metrics>`). :func:`metrics_report` reads them back for
the period that ends at ``until`` and lasts ``days``:

* **followers** — the first and the last reading of ``followers`` within the period, and the
  change between them (none when the network gives no followers, or no sync ran in the
  period);
* **posts** — the profile's outbound messages the store holds as published within the period
  with a network id; **measured** are those with any count kept;
* **interactions** — for each measured post, the sum of its last reading of each count in
  :data:`INTERACTIONS`; then their total and the mean per measured post. A count read at a sync
  is the count on that day: a post read the day after it went out has had one day to gather
  interactions, so the mean says most about posts a sync read some days after they went out;
* **impressions** — the same sum for ``impressions``, where the network gives it.

Nothing is asked of the network here: the figures are as fresh as the last sync, whose instant
each profile's figures name (``last_read``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from attrs import frozen

from govsm.model import Bilingual, Direction, MessageState
from govsm.spec.export_source import MessageQuery
from govsm.store.selected_messages import selected_remote_ids
from govsm.workspace import Workspace

if TYPE_CHECKING:
    from govsm.store import Store

__all__ = ["INTERACTIONS", "MetricsReport", "ProfileMetrics", "metrics_lines", "metrics_report"]

#: the counts of a post that are someone's interaction with it
INTERACTIONS = ("replies", "reposts", "quotes", "likes", "comments")

#: how the figures are measured, as the command prints it
HOW_MEASURED = Bilingual(
    es="Cifras de las lecturas que guardó govsm sync (no se consulta la red): seguidores, la "
    "primera y la última lectura del periodo; interacciones (respuestas, difusiones, citas, "
    "«me gusta», comentarios), la última lectura de cada publicación del periodo con métricas.",
    en="Figures from the readings govsm sync kept (the network is not asked): followers, the "
    "first and the last reading in the period; interactions (replies, reposts, quotes, likes, "
    "comments), the last reading of each post of the period with metrics.",
)


@frozen
class ProfileMetrics:
    """One profile's figures over the period (see the module's description).

    :param profile: the profile's id.
    :param followers_first: the first ``followers`` reading in the period.
    :param followers_last: the last one.
    :param posts: posts published in the period with a network id.
    :param measured: those of them with any count kept.
    :param interactions: the sum of their last interaction counts.
    :param impressions: the sum of their last ``impressions``, when any post has one.
    :param last_read: the last instant a count of the profile or its posts was read.
    """

    profile: str
    followers_first: int | None
    followers_last: int | None
    posts: int
    measured: int
    interactions: int
    impressions: int | None
    last_read: datetime | None

    @property
    def followers_change(self) -> int | None:
        """Followers gained (negative: lost) between the first and the last reading."""
        if self.followers_first is None or self.followers_last is None:
            return None
        return self.followers_last - self.followers_first

    @property
    def per_post(self) -> float | None:
        """Interactions per measured post, to two decimals (``None`` without one)."""
        return round(self.interactions / self.measured, 2) if self.measured else None

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON data."""
        return {
            "profile": self.profile,
            "followers_first": self.followers_first,
            "followers_last": self.followers_last,
            "followers_change": self.followers_change,
            "posts": self.posts,
            "measured": self.measured,
            "interactions": self.interactions,
            "interactions_per_post": self.per_post,
            "impressions": self.impressions,
            "last_read": self.last_read.isoformat() if self.last_read else None,
        }


@frozen
class MetricsReport:
    """The figures of every profile with counts kept, over ``since`` to ``until``.

    :param unmeasured: the profiles with no count kept in the period (no sync read them).
    """

    since: datetime
    until: datetime
    profiles: tuple[ProfileMetrics, ...]
    unmeasured: tuple[str, ...]


def metrics_report(
    workspace: Workspace,
    *,
    days: int = 30,
    until: datetime | None = None,
    profiles: tuple[str, ...] = (),
) -> MetricsReport:
    """The figures of the workspace's profiles over the ``days`` that end at ``until``.

    :param until: the period's end (default: now).
    :param profiles: only these profiles (default: all).
    :raises ValueError: ``days`` is less than 1.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    end = until or datetime.now(UTC)
    start = end - timedelta(days=days)
    store, org = workspace.store, workspace.organisation.id
    measured: list[ProfileMetrics] = []
    unmeasured: list[str] = []
    for profile in store.profiles(org):
        if profiles and profile.id not in profiles:
            continue
        followers = [
            (at, value)
            for _, at, value in store.sync.metrics(
                org, profile.id, name="followers", since=start, until=end
            )
        ]
        published = _published(store, org, profile.id, start, end)
        counts = {
            remote_id: kept
            for remote_id, kept in store.sync.latest_post_metrics(org, profile.id, end).items()
            if remote_id in published
        }
        readings = [at for at, _ in followers] + [
            at for kept in counts.values() for at, _ in kept.values()
        ]
        if not readings:
            unmeasured.append(profile.id)
            continue
        impressions = [kept["impressions"][1] for kept in counts.values() if "impressions" in kept]
        measured.append(
            ProfileMetrics(
                profile=profile.id,
                followers_first=followers[0][1] if followers else None,
                followers_last=followers[-1][1] if followers else None,
                posts=len(published),
                measured=len(counts),
                interactions=sum(
                    kept[name][1]
                    for kept in counts.values()
                    for name in INTERACTIONS
                    if name in kept
                ),
                impressions=sum(impressions) if impressions else None,
                last_read=max(readings),
            )
        )
    return MetricsReport(start, end, tuple(measured), tuple(unmeasured))


def _published(store: Store, org: str, profile: str, start: datetime, end: datetime) -> set[str]:
    """The network ids of the profile's posts published from ``start`` to ``end``.

    Only the period's published messages are read (the store's index on the publication
    instant serves the query), however long the profile's history.
    """
    query = MessageQuery(
        organisation=org,
        profiles=frozenset({profile}),
        since=start,
        until=end + timedelta(microseconds=1),
        directions=frozenset({Direction.OUTBOUND}),
        states=frozenset({MessageState.PUBLISHED}),
        newest_first=False,
    )
    return selected_remote_ids(store, query)


def metrics_lines(report: MetricsReport) -> tuple[Bilingual, ...]:
    """What ``govsm metrics`` prints: the period, a line per profile, how it is measured."""
    since, until = report.since.date().isoformat(), report.until.date().isoformat()
    lines = [Bilingual(es=f"Del {since} al {until}", en=f"From {since} to {until}")]
    for p in report.profiles:
        if p.followers_change is None:
            followers = Bilingual(es="seguidores: sin lecturas", en="followers: no readings")
        else:
            change = f"{p.followers_change:+d}"
            followers = Bilingual(
                es=f"seguidores {p.followers_first} → {p.followers_last} ({change})",
                en=f"followers {p.followers_first} → {p.followers_last} ({change})",
            )
        per_es = "—" if p.per_post is None else f"{p.per_post:g}".replace(".", ",")
        per_en = "—" if p.per_post is None else f"{p.per_post:g}"
        seen_es = f"{p.impressions} impresiones; " if p.impressions is not None else ""
        seen_en = f"{p.impressions} impressions; " if p.impressions is not None else ""
        read = p.last_read.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if p.last_read else "—"
        lines.append(
            Bilingual(
                es=f"{p.profile}: {followers.es}; {p.posts} publicaciones, {p.measured} con "
                f"métricas; {p.interactions} interacciones ({per_es} por publicación medida); "
                f"{seen_es}última lectura {read}",
                en=f"{p.profile}: {followers.en}; {p.posts} posts, {p.measured} with metrics; "
                f"{p.interactions} interactions ({per_en} per measured post); {seen_en}last "
                f"read {read}",
            )
        )
    if report.unmeasured:
        names = ", ".join(report.unmeasured)
        lines.append(
            Bilingual(
                es=f"Sin métricas en el periodo (govsm sync no las leyó): {names}",
                en=f"No metrics in the period (govsm sync read none): {names}",
            )
        )
    lines.append(HOW_MEASURED)
    return tuple(lines)
