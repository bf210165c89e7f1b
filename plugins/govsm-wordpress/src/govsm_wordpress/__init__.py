"""govsm's network plugin for WordPress blogs: the council's blog, its áreas', its office holders'.

It serves the ``blog`` channel (seed 004: a general municipal blog, a blog per área, blogs of
office holders) through the WordPress REST API, authenticated with a WordPress user's
Application Password. :func:`govsm_adapter` returns a
:class:`~govsm_wordpress.adapter.WordPressAdapter` for every ``blog`` profile with a ``url``;
the adapter publishes posts (title, text, the área's category, images with alt text), finds a
post again by its idempotency marker, moves posts to the trash, and reads back citizens'
comments and the account's own posts with their edits and deletions.

govsm finds the plugin through the ``govsm`` entry point of its ``pyproject.toml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm.spec.hookspecs import hookimpl

if TYPE_CHECKING:
    from govsm.spec import Adapter, Channel, Credentials, Profile

__version__ = "0.1.0"

#: the channel the plugin serves (``[blog]`` in govsm's channel catalogue)
CHANNEL = "blog"


@hookimpl
def govsm_adapter(channel: Channel, profile: Profile, credentials: Credentials) -> Adapter | None:
    """The adapter of a ``blog`` profile whose ``url`` names its WordPress site.

    The network is not asked anything here: whether the site is WordPress shows on the first
    call (:meth:`~govsm_wordpress.adapter.WordPressAdapter.verify`).

    :param channel: the profile's channel.
    :param profile: the profile.
    :param credentials: the WordPress user's Application Password.
    :return: a :class:`~govsm_wordpress.adapter.WordPressAdapter`, or ``None`` for another
        channel or a profile without ``url``.
    :raises govsm.errors.ConfigError: the ``url`` is plain ``http://`` to another machine.
    """
    if channel.id != CHANNEL or profile.url is None:
        return None
    from govsm_wordpress.adapter import WordPressAdapter

    return WordPressAdapter(profile, credentials)
