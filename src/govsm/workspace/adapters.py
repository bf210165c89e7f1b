"""The network adapter of a profile, as the plugins build it with its resolved credentials."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from govsm.credentials import resolve
from govsm.errors import ConfigError
from govsm.model import Profile
from govsm.spec.adapter import Adapter
from govsm.workspace.workspace import Workspace

#: the adapters built for each open workspace, by profile as it was when built
_BUILT: WeakKeyDictionary[Workspace, dict[Profile, Adapter | None]] = WeakKeyDictionary()


def plugin_adapter(workspace: Workspace, profile: Profile) -> Adapter | None:
    """The adapter the plugins build for ``profile`` (:func:`~govsm.spec.hookspecs.govsm_adapter`).

    One adapter is built per profile and workspace, and reused: within one ``govsm audit`` the
    ``sync`` step and the ``doctor`` step talk to the network through the same adapter, so a
    network that opens a session to log in (Bluesky's are rate-limited) is logged in to once.
    A profile changed since (another credential reference, say) gets a new one.

    :return: the adapter, or ``None`` when no plugin serves the profile's channel, the profile
        has no credential reference, or the reference does not resolve (the workspace's
        ``doctor`` names why).
    """
    built = _BUILT.setdefault(workspace, {})
    if profile not in built:
        built[profile] = _build(workspace, profile)
    return built[profile]


def _build(workspace: Workspace, profile: Profile) -> Adapter | None:
    channel = workspace.channels().get(profile.channel)
    root = workspace.root
    if channel is None or profile.credential is None or root is None:
        return None
    config = workspace.config
    try:
        credentials = resolve(profile.credential, root, config.readable_folders if config else ())
    except ConfigError:
        return None
    return workspace.host.adapter(channel, profile, credentials)
