"""Attachments as networks take them: their specifications (data), formats, and files.

The networks' media figures are data (``media/data/media-specs.toml``, each with its sources),
read by :func:`~govsm.media.specs.media_specs` without a plugin host; :mod:`~govsm.media.probe`
reads a local file's format, size and dimensions with Pillow. The built-in media rules
(``govsm.builtin.rules.media``, ``govsm.builtin.rules.alt_text``) and the usage manual's
image-size table use them. :mod:`~govsm.media.cleaning` removes an image's metadata (EXIF and its
GPS position, XMP, IPTC, comments) before it is published (ENS mp.info.5).
"""
