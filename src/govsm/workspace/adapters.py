"""The network adapter of a profile, as the plugins build it with its resolved credentials."""

from __future__ import annotations

from govsm.credentials import resolve
from govsm.errors import ConfigError
from govsm.model import Profile
from govsm.spec.adapter import Adapter
from govsm.workspace.workspace import Workspace


def plugin_adapter(workspace: Workspace, profile: Profile) -> Adapter | None:
    """The adapter the plugins build for ``profile`` (:func:`~govsm.spec.hookspecs.govsm_adapter`).

    :return: the adapter, or ``None`` when no plugin serves the profile's channel, the profile
        has no credential reference, or the reference does not resolve (the workspace's
        ``doctor`` names why).
    """
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
