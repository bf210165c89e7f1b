"""Pull what is on the networks into the store, through the profiles' adapters.

For each profile an adapter serves (:func:`govsm.workspace.adapters.plugin_adapter`),
:func:`sync_profile` reads, from the cursors the store kept:

1. **inbound** items — mentions, replies, comments, direct messages — page by page
   (:meth:`~govsm.spec.adapter.Adapter.fetch_inbound`);
2. the organisation's **own posts** — posted, edited, deleted on the network
   (:meth:`~govsm.spec.adapter.Adapter.fetch_own`), so the record of what it said stays true
   (:mod:`govsm.syncing.changes`);
3. the **limits** the network's server declares for the profile (its
   :class:`~govsm.spec.remote.Capabilities`: a Mastodon instance's characters per post, say),
   kept for measuring its drafts (:mod:`govsm.syncing.limits`);
4. **metrics** of the profile and of its posts of the last :data:`METRICS_DAYS` days.

Each page is saved with its cursor in one transaction (:meth:`SyncState.save_page
<govsm.store.sync_state.SyncState.save_page>`): an interruption loses nothing and saves
nothing twice. A network error stops that profile's sync with the error's reason (the pages
before it stay saved) and the next profile is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from attrs import define, field

from govsm.channels.network_limits import NetworkLimits
from govsm.errors import GovsmError, StoreError
from govsm.ledger import record as rec
from govsm.model import Bilingual, Direction, Message, MessageState, Profile
from govsm.spec.adapter import Adapter
from govsm.spec.network_errors import AuthenticationExpired, PermanentRejection
from govsm.spec.remote import Metrics
from govsm.store.credential_checks import CredentialCheck, CredentialChecks
from govsm.syncing import changes
from govsm.workspace import Workspace
from govsm.workspace.adapters import plugin_adapter

#: how many pages of one stream a sync reads at most (the rest waits for the next sync)
MAX_PAGES = 200

#: the posts whose metrics are read: those published in the last days
METRICS_DAYS = 30

#: at most this many posts' metrics per profile and sync
METRICS_POSTS = 100


@define
class ProfileSync:
    """What one profile's sync read and saved.

    :param profile: the profile's id.
    :param inbound: inbound items saved.
    :param posted: own posts found that the store did not hold.
    :param edited: own posts found edited on the network.
    :param deleted: own posts found deleted on the network.
    :param metrics: counts kept.
    :param unknown_posts: stored posts whose metrics the network refused (it does not know
        their id: an imported archive's, say); the sync goes on without them.
    :param problem: why the sync of this profile stopped, if it did.
    :param expired: the network refused the credentials.
    :param limits: the limits the network declared and the store now keeps, if it declared any.
    """

    profile: str
    inbound: int = 0
    posted: int = 0
    edited: int = 0
    deleted: int = 0
    metrics: int = 0
    unknown_posts: int = 0
    problem: Bilingual | None = None
    expired: bool = False
    limits: NetworkLimits | None = None


@define
class SyncReport:
    """What one sync did: the profiles read, and those no adapter serves."""

    profiles: list[ProfileSync] = field(factory=list)
    unserved: list[str] = field(factory=list)

    @property
    def failed(self) -> list[ProfileSync]:
        """The profiles whose sync stopped on an error."""
        return [p for p in self.profiles if p.problem is not None]


def sync(
    workspace: Workspace,
    *,
    profiles: Sequence[str] | None = None,
    adapters: Callable[[Profile], Adapter | None] | None = None,
    now: datetime | None = None,
) -> SyncReport:
    """Sync every profile an adapter serves (or only ``profiles``).

    :param adapters: the adapter for a profile (default: the plugins', with the profile's
        credentials).
    :param now: the instant the sync is about (default: now).
    """
    build = adapters or (lambda profile: plugin_adapter(workspace, profile))
    report = SyncReport()
    for profile in workspace.store.profiles(workspace.organisation.id):
        if profiles is not None and profile.id not in profiles:
            continue
        adapter = build(profile)
        if adapter is None:
            report.unserved.append(profile.id)
            continue
        report.profiles.append(sync_profile(workspace, profile, adapter, now or datetime.now(UTC)))
    return report


def sync_profile(
    workspace: Workspace, profile: Profile, adapter: Adapter, now: datetime
) -> ProfileSync:
    """Read one profile's network into the store (see the module's description)."""
    done = ProfileSync(profile.id)
    try:
        _inbound(workspace, profile, adapter, now, done)
        _own(workspace, profile, adapter, now, done)
        _limits(workspace, profile, adapter, now, done)
        _metrics(workspace, profile, adapter, now, done)
    except GovsmError as error:
        done.problem = Bilingual(es=error.es, en=error.en)
        done.expired = isinstance(error, AuthenticationExpired)
    if done.problem is None or done.expired:
        # what the network just said of the credentials, for ``govsm health``
        refused = done.problem if done.expired else None
        check = CredentialCheck(
            profile=profile.id, checked_at=now, source="sync", valid=refused is None, reason=refused
        )
        with contextlib.suppress(StoreError):  # the sync's own outcome is what it reports
            CredentialChecks(workspace.store).record(
                workspace.organisation.id, check, keep_expiry=True
            )
    return done


def _limits(
    workspace: Workspace, profile: Profile, adapter: Adapter, now: datetime, done: ProfileSync
) -> None:
    read = NetworkLimits.from_capabilities(adapter.capabilities(), now)
    if read is not None and read.network == profile.channel:
        workspace.store.sync.save_limits(workspace.organisation.id, profile.id, read)
        done.limits = read


def _inbound(
    workspace: Workspace, profile: Profile, adapter: Adapter, now: datetime, done: ProfileSync
) -> None:
    store, org = workspace.store, workspace.organisation.id
    cursor = store.sync.cursor(org, profile.id, "inbound")
    # replies whose parent was in no page read so far nor in the store: a network listing the
    # newest first gives the parent on a later page
    orphans: dict[str, Message] = {}
    for _ in range(MAX_PAGES):
        page = adapter.fetch_inbound(cursor)
        parents = [m.reply_to_remote for m in page.items if m.reply_to_remote]
        known = store.sync.by_remote_id(org, profile.id, parents)
        items = changes.inbound(profile, page.items, known)
        store.sync.save_page(org, profile.id, "inbound", page.cursor, now, messages=items)
        done.inbound += len(items)
        orphans.update({m.id: m for m in items if m.reply_to is None and m.reply_to_remote})
        if not page.more or page.cursor == cursor:
            break
        cursor = page.cursor
    _link_orphans(workspace, profile, list(orphans.values()), now)


def _link_orphans(
    workspace: Workspace, profile: Profile, orphans: list[Message], now: datetime
) -> None:
    """Link the replies read before the message they answer, now that it may be stored."""
    if not orphans:
        return
    store, org = workspace.store, workspace.organisation.id
    parents = [m.reply_to_remote for m in orphans if m.reply_to_remote]
    known = store.sync.by_remote_id(org, profile.id, parents)
    linked = [m for m in changes.inbound(profile, orphans, known) if m.reply_to is not None]
    if linked:
        cursor = store.sync.cursor(org, profile.id, "inbound")
        store.sync.save_page(org, profile.id, "inbound", cursor, now, messages=linked)


def _own(
    workspace: Workspace, profile: Profile, adapter: Adapter, now: datetime, done: ProfileSync
) -> None:
    store, org = workspace.store, workspace.organisation.id
    deleted_before = store.sync.subjects_of(org, rec.MESSAGE_DELETED_ON_NETWORK)
    cursor = store.sync.cursor(org, profile.id, "own")
    for _ in range(MAX_PAGES):
        page = adapter.fetch_own(cursor)
        known = store.sync.by_remote_id(org, profile.id, [c.remote_id for c in page.items])
        applied = changes.own(profile, page.items, known, deleted_before, now)
        store.sync.save_page(
            org,
            profile.id,
            "own",
            page.cursor,
            now,
            messages=applied.messages,
            events=applied.events,
        )
        done.posted += applied.posted
        done.edited += applied.edited
        done.deleted += applied.deleted
        if not page.more or page.cursor == cursor:
            return
        cursor = page.cursor


def _metrics(
    workspace: Workspace, profile: Profile, adapter: Adapter, now: datetime, done: ProfileSync
) -> None:
    if not adapter.capabilities().metrics:
        return
    store, org = workspace.store, workspace.organisation.id
    since = now - timedelta(days=METRICS_DAYS)
    recent = [
        m.remote_id
        for m in store.messages(org, profile=profile.id, direction=Direction.OUTBOUND)
        if m.remote_id
        and m.state is MessageState.PUBLISHED
        and m.published_at is not None
        and m.published_at >= since
    ]
    read: list[Metrics] = [adapter.metrics(None)]
    for remote_id in recent[-METRICS_POSTS:]:
        try:
            read.append(adapter.metrics(remote_id))
        except PermanentRejection:  # a post the network does not know (an old archive's id)
            done.unknown_posts += 1
    done.metrics += store.sync.save_metrics(org, profile.id, read)
