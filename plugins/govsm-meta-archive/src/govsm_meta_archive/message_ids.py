r"""The id of an imported post: the same post gives the same id, so loading again adds nothing.

Meta's export gives a post neither an id nor an address. The message's id is therefore made
from what the post is: its platform, what it is (a post, a comment, a story…), its moment to
the second and what it carries — the names of its files, which Meta derives from the files'
own ids (``467539104_1138765409_n.jpg``), and its links; the text itself only when it carries
neither. Loading the same archive again gives the same ids. A later export of the same page
gives the same ids for the same posts, an edited caption included, as long as their files and
links are the same; a text-only post whose text was edited in between is a new message (its
earlier text stays in the store).

>>> from datetime import UTC, datetime
>>> post_id("facebook", "post", datetime(2024, 5, 2, 9, 30, tzinfo=UTC), ["1.jpg"], "Bon dia")
'facebook-00891bbda7d3b4b131917616'
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Sequence
from datetime import datetime

#: how many hexadecimal digits of the SHA-256 the id keeps (96 bits)
DIGITS = 24


def post_id(platform: str, kind: str, moment: datetime, carried: Sequence[str], text: str) -> str:
    """The message id of a post.

    :param platform: ``facebook`` or ``instagram`` (the id's prefix).
    :param kind: what the item is (``post``, ``comment``, ``story``…).
    :param moment: when it was published.
    :param carried: the paths of its files (their names are taken) and its links, in order.
    :param text: its text, taken only when it carries nothing.
    """
    names = [posixpath.basename(item) if "://" not in item else item for item in carried]
    parts = [platform, kind, str(int(moment.timestamp())), *names]
    if not names:
        parts.append(text)
    key = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return f"{platform}-{hashlib.sha256(key).hexdigest()[:DIGITS]}"
