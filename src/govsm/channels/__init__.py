"""The networks govsm knows out of the box, as data the text engine reads without a plugin host.

The catalogue is a data file shipped in the package (``data/catalogue.toml``), read by
:mod:`govsm.channels.catalogue`. The built-in plugin ``govsm.builtin.channels`` declares the same
catalogue through :func:`~govsm.spec.hookspecs.govsm_channels`, exactly as a third-party plugin
declares its own. :func:`~govsm.channels.addresses.post_address` gives a published message's
public address from its channel's template.
"""

from govsm.channels.addresses import post_address

__all__ = ["post_address"]
