"""govsm on Mastodon: publish to, and read back from, a profile on any Mastodon instance.

The plugin implements one hook, :func:`govsm_adapter`: for a profile of the ``mastodon`` channel
it returns a :class:`~govsm_mastodon.adapter.MastodonAdapter` that talks to the instance the
profile's address names, with the access token its credential reference resolves to. govsm finds
it through the ``govsm`` entry point declared in the distribution's ``pyproject.toml``.

Importing this module is cheap: Mastodon.py and the adapter load only when an adapter is built
(``govsm plugins`` and commands that talk to no network never pay for them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govsm.spec.hookspecs import hookimpl
from govsm_mastodon._version import __version__

if TYPE_CHECKING:
    from govsm.model import Channel, Profile
    from govsm.spec.credentials import Credentials
    from govsm_mastodon.adapter import MastodonAdapter

__all__ = ["MastodonAdapter", "__version__", "govsm_adapter"]


def __getattr__(name: str) -> Any:
    """``govsm_mastodon.MastodonAdapter``, imported on first use."""
    if name == "MastodonAdapter":
        from govsm_mastodon.adapter import MastodonAdapter

        return MastodonAdapter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: the channel this plugin serves
CHANNEL = "mastodon"


@hookimpl
def govsm_adapter(
    channel: Channel, profile: Profile, credentials: Credentials
) -> MastodonAdapter | None:
    """A :class:`MastodonAdapter` for a ``mastodon`` profile; ``None`` for other channels.

    :param channel: the profile's network.
    :param profile: the account; its ``url`` (``https://instance/@user``) names the instance.
    :param credentials: the access token, as ``credentials.secret``.
    :raises govsm.errors.ConfigError: the profile's address cannot name an instance, or is
        plain ``http://`` to another machine than this one.
    """
    if channel.id != CHANNEL:
        return None
    from govsm_mastodon.adapter import MastodonAdapter

    return MastodonAdapter(profile, credentials.secret)
