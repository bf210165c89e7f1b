"""LinkedIn's names for posts (URNs), the ids govsm gives them, and the moment an id holds.

LinkedIn names a post with a URN, ``urn:li:<kind>:<number>``: ``share`` and ``ugcPost`` for what
a member or a Page wrote, ``activity`` for the post as it shows in the feed. The exports give
the URN inside the post's address, written as it is or percent-encoded
(``https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7062...``), or in a ``/posts/``
address ending in ``-activity-<number>-…``.

The number is a *snowflake*: its bits above the 22 lowest are the milliseconds since 1970 (UTC)
when LinkedIn made it, which gives the exact moment of a post the Page export dates by the day
alone.

>>> urn = urn_in("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7062064371597435456")
>>> urn.text, urn.message_id
('urn:li:share:7062064371597435456', 'linkedin-share-7062064371597435456')
>>> urn.moment.isoformat(timespec="seconds")
'2023-05-10T14:02:33+00:00'
>>> urn_in("https://www.linkedin.com/posts/soldeneu_ocupacio-activity-7193200000000000000-Ab1c/").text
'urn:li:activity:7193200000000000000'
>>> urn_in("https://www.linkedin.com/company/soldeneu-ocupacio/") is None
True
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from attrs import frozen

#: the kinds of URN a post of the organisation's has, as LinkedIn spells them
POST_KINDS = ("share", "ugcPost", "activity")

_URN = re.compile(r"urn:li:(share|ugcPost|activity):([0-9]{1,20})(?![0-9])", re.IGNORECASE)
_POSTS_ADDRESS = re.compile(r"/posts/[^/?#]*-activity-([0-9]{1,20})(?![0-9])", re.IGNORECASE)
_CANONICAL = {kind.lower(): kind for kind in POST_KINDS}

#: the first post LinkedIn could have made (it opened on 5 May 2003) and the last one govsm
#: believes (a snowflake further on is not one)
_EARLIEST = datetime(2003, 5, 5, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@frozen
class Urn:
    """The URN of one post.

    :param kind: ``share``, ``ugcPost`` or ``activity`` (as LinkedIn spells it).
    :param number: its number, as written (digits).
    """

    kind: str
    number: str

    @property
    def text(self) -> str:
        """``urn:li:<kind>:<number>``: the post's id on LinkedIn (govsm's ``remote_id``)."""
        return f"urn:li:{self.kind}:{self.number}"

    @property
    def message_id(self) -> str:
        """The id govsm gives the post: ``linkedin-<kind in lower case>-<number>``."""
        return f"linkedin-{self.kind.lower()}-{self.number}"

    @property
    def moment(self) -> datetime | None:
        """When LinkedIn made the number (UTC, to the millisecond); ``None`` if it holds none."""
        milliseconds = int(self.number) >> 22
        moment = _EPOCH + timedelta(milliseconds=milliseconds)
        return moment if _EARLIEST <= moment < _LATEST else None


def urn_in(address: str | None) -> Urn | None:
    """The URN of the post at ``address`` (a LinkedIn address, or a bare URN); ``None`` if none.

    The address is percent-decoded first (an address longer than 4096 characters is no post's).
    """
    if not address or len(address) > 4096:
        return None
    decoded = unquote(address)
    found = _URN.search(decoded)
    if found is not None:
        return Urn(_CANONICAL[found.group(1).lower()], found.group(2))
    posts = _POSTS_ADDRESS.search(decoded)
    if posts is not None:
        return Urn("activity", posts.group(1))
    return None
