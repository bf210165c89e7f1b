"""Each profile's channel with the limits its network's server declared at the last sync.

A Mastodon instance sets its own characters per post (500 on a stock server; many allow more)
and its own alt-text limit. ``govsm sync`` keeps what the adapter declared
(:class:`~govsm.channels.network_limits.NetworkLimits`, in the store); these functions give the
channel a profile's messages should be measured against: the catalogue's channel, with the
server's limits over it. A profile never synced keeps the catalogue's (published) limits.
Pass it to :func:`govsm.text.measure`, or as ``channel`` to
:meth:`govsm.rules.engine.Checker.check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govsm.model import Channel, Profile

if TYPE_CHECKING:
    from govsm.spec.workspace import WorkspaceView
    from govsm.workspace import Workspace

__all__ = ["kept_profile_channels", "profile_channel", "profile_channels"]


def profile_channels(
    workspace: WorkspaceView, profiles: Sequence[Profile] | None = None
) -> dict[str, Channel]:
    """The channel of every profile whose network declared limits, by profile id.

    Profiles absent from the result have no kept limits: use the catalogue's channel
    (``workspace.host.channels()[profile.channel]``).

    :param profiles: the organisation's stored profiles, when the caller has read them already
        (default: read from the store).
    """
    org = workspace.organisation.id
    channels = workspace.host.channels()
    kept = workspace.store.sync.limits(org)
    found: dict[str, Channel] = {}
    for profile in workspace.store.profiles(org) if profiles is None else profiles:
        limits = kept.get(profile.id)
        channel = channels.get(profile.channel)
        if limits is not None and channel is not None and limits.network == channel.id:
            found[profile.id] = limits.applied_to(channel)
    return found


def kept_profile_channels(workspace: Workspace) -> dict[str, Channel]:
    """:func:`profile_channels`, without creating a store that does not exist yet.

    ``govsm check`` uses it: checking drafts needs no store, so a workspace whose SQLite file
    was never written (nothing loaded or synced) has no kept limits, and none is created; nor
    has a store that does not hold the organisation yet (created, never loaded).

    :raises StoreError: the configured store exists (or is a server) and cannot be read.
    """
    prefix = "sqlite:///"
    url = workspace.store_url
    if url.startswith(prefix) and not Path(url[len(prefix) :]).is_file():
        return {}
    org = workspace.organisation.id
    if all(stored.id != org for stored in workspace.store.organisations()):
        return {}
    return profile_channels(workspace)


def profile_channel(workspace: Workspace, profile: Profile) -> Channel | None:
    """The channel ``profile``'s messages are measured against (``None``: unknown channel)."""
    limits = workspace.store.sync.limits(workspace.organisation.id).get(profile.id)
    channel = workspace.channels().get(profile.channel)
    if channel is None or limits is None:
        return channel
    return limits.applied_to(channel)
