"""Whose repository it is: the commit's DID, and the workspace's profile for that account.

A repository names its account only by its DID (the commit's ``did``): the handle
(``ajsoldeneu.bsky.social``) is in the account's DID document, on the network, not in the file.
So the profile of channel ``bluesky`` whose repository it is must name the DID: as its
``handle`` (``did:plc:…``) or in its ``url`` (``https://bsky.app/profile/did:plc:…``, which is
an address of the profile Bluesky's web app takes). Spellings are read as govsm's ledger reads
them (:func:`govsm.ledger.handles.normalise`). Without the workspace's profiles, the messages go
to the profile ``bluesky-`` and the DID's own part (``bluesky-ewvi7nxzyoun6zhxrhs64oiz``).

>>> derived_profile("did:plc:ewvi7nxzyoun6zhxrhs64oiz")
'bluesky-ewvi7nxzyoun6zhxrhs64oiz'
>>> derived_profile("did:web:ajuntament.soldeneu.example")
'bluesky-ajuntament.soldeneu.example'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from govsm.ledger.handles import normalise
from govsm.model import Profile

#: the channels Bluesky's profiles are declared on
BLUESKY_CHANNELS = frozenset({"bluesky"})

_SLUG_PART = re.compile(r"[^a-z0-9.]+")


def derived_profile(did: str) -> str:
    """The profile id used when the workspace's profiles are not known: ``bluesky-<id>``."""
    own = did.split(":", 2)[-1].lower()
    slug = _SLUG_PART.sub("-", own).strip("-.")[:55].strip("-.")
    return f"bluesky-{slug}" if slug else "bluesky"


def profile_dids(profile: Profile) -> set[str]:
    """The DIDs a profile names, in its handle or its address (lower case)."""
    found: set[str] = set()
    for value in (profile.handle.strip().removeprefix("@"), unquote(profile.url or "")):
        found.update(key for key in normalise(value) if key.startswith("did:"))
    return found


def matching_profiles(did: str, profiles: Iterable[Profile]) -> list[Profile]:
    """The profiles of channel ``bluesky`` that name ``did``."""
    wanted = did.lower()
    return [
        profile
        for profile in profiles
        if profile.channel in BLUESKY_CHANNELS and wanted in profile_dids(profile)
    ]
