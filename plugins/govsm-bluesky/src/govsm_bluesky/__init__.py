"""govsm on Bluesky: publish to, and read back from, an organisation's account on the AT Protocol.

govsm finds this plugin through the ``govsm`` entry point of its distribution. Its one hook,
:func:`govsm_adapter`, builds a :class:`~govsm_bluesky.adapter.BlueskyAdapter` for each profile
whose channel is ``bluesky``:

* the account is the profile's handle (``ajuntament.bsky.social``; a leading ``@`` is dropped);
* the secret is an *app password* of that account (Settings → Privacy and security → App
  passwords);
* the service it logs in to is ``$GOVSM_BLUESKY_SERVICE`` (default ``https://bsky.social``), and
  the PLC directory that turns ``did:plc:`` identifiers into DID documents is
  ``$GOVSM_BLUESKY_PLC`` (default ``https://plc.directory``). The adapter then talks to the
  personal data server (PDS) the account's DID document names, and through it to the AppView
  the PDS is configured with, or to the one ``$GOVSM_BLUESKY_APPVIEW`` names
  (``did:web:api.bsky.app#bsky_appview``).

Importing this module is cheap: the AT Protocol SDK loads only when an adapter is built.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from govsm.spec.hookspecs import hookimpl

if TYPE_CHECKING:
    from govsm.spec import Channel, Credentials, Profile
    from govsm_bluesky.adapter import BlueskyAdapter

__version__ = "0.1.0"

#: the channel this plugin serves (declared by govsm's own catalogue)
CHANNEL = "bluesky"

#: the environment variable naming the service to log in to (a self-hosted PDS, for example)
SERVICE_ENV = "GOVSM_BLUESKY_SERVICE"

#: the environment variable naming the PLC directory
PLC_ENV = "GOVSM_BLUESKY_PLC"

#: where accounts log in when ``$GOVSM_BLUESKY_SERVICE`` is not set
DEFAULT_SERVICE = "https://bsky.social"

#: the environment variable naming the AppView the PDS passes ``app.bsky.*`` to, as
#: ``<DID>#<service id>`` (sent as ``atproto-proxy``); unset: the PDS's own AppView
APPVIEW_ENV = "GOVSM_BLUESKY_APPVIEW"

#: the PLC directory used when ``$GOVSM_BLUESKY_PLC`` is not set
DEFAULT_PLC = "https://plc.directory"


@hookimpl
def govsm_adapter(
    channel: Channel, profile: Profile, credentials: Credentials
) -> BlueskyAdapter | None:
    """The adapter of a Bluesky profile; ``None`` for any other channel.

    :param channel: the profile's network.
    :param profile: the account (its handle).
    :param credentials: the account's app password.
    :raises govsm.errors.ConfigError: the service or the PLC directory is not an ``https``
        address (plain ``http`` is allowed for ``localhost`` and ``127.0.0.1`` only), or the
        AppView is not ``<DID>#<service id>``.
    """
    if channel.id != CHANNEL:
        return None
    from govsm_bluesky.adapter import BlueskyAdapter

    return BlueskyAdapter(
        channel=channel,
        profile=profile,
        password=credentials.secret,
        service=os.environ.get(SERVICE_ENV) or DEFAULT_SERVICE,
        plc=os.environ.get(PLC_ENV) or DEFAULT_PLC,
        appview=os.environ.get(APPVIEW_ENV) or None,
    )
