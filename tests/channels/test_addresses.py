"""A published message's public address: its own ``url``, or its channel's template filled in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govsm.channels.addresses import post_address
from govsm.channels.catalogue import CHANNELS
from govsm.model import Direction, Message, MessageKind, MessageState, Profile

BY_ID = {channel.id: channel for channel in CHANNELS}
WHEN = datetime(2026, 11, 20, 10, tzinfo=UTC)


def _profile(channel: str, handle: str, url: str | None = None) -> Profile:
    return Profile(
        organisation="o", id=f"{channel}-p", channel=channel, handle=handle, unit="u", url=url
    )


def _message(
    remote_id: str | None, kind: MessageKind = MessageKind.POST, **changes: object
) -> Message:
    fields: dict[str, object] = {
        "organisation": "o",
        "id": "m1",
        "profile": "p",
        "direction": Direction.OUTBOUND,
        "kind": kind,
        "state": MessageState.PUBLISHED,
        "text": "Hola",
        "created_at": WHEN,
        "published_at": WHEN,
        "remote_id": remote_id,
        "reply_to": "m0" if kind is MessageKind.REPLY else None,
    }
    return Message(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("channel", "handle", "remote_id", "address"),
    [
        ("x", "@AjSoldeneu", "1635928822380786287",
         "https://x.com/AjSoldeneu/status/1635928822380786287"),
        ("mastodon", "@ajuntament@xarxa.soldeneu.example", "116673643806745516",
         "https://xarxa.soldeneu.example/@ajuntament/116673643806745516"),
        ("bluesky", "ajsoldeneu.bsky.social",
         "at://did:plc:k4sdn7ajuntamentq2vx3lwe/app.bsky.feed.post/3mn7k6ouvs2xw",
         "https://bsky.app/profile/ajsoldeneu.bsky.social/post/3mn7k6ouvs2xw"),
        ("facebook", "AjuntamentSoldeneu", "104738291650214_2337898667917956",
         "https://www.facebook.com/104738291650214_2337898667917956"),
        ("linkedin", "soldeneu-ocupacio", "urn:li:share:7165367186690907488",
         "https://www.linkedin.com/feed/update/urn:li:share:7165367186690907488/"),
        ("youtube", "@AjuntamentSoldeneu", "OH5sw4O_Sjx",
         "https://www.youtube.com/watch?v=OH5sw4O_Sjx"),
        ("telegram", "@soldeneu", "1204", "https://t.me/soldeneu/1204"),
        ("flickr", "ajsoldeneu", "72177720378759129",
         "https://www.flickr.com/photos/ajsoldeneu/72177720378759129/"),
    ],
)  # fmt: skip
def test_a_post_gets_its_networks_address(
    channel: str, handle: str, remote_id: str, address: str
) -> None:
    """Each network's template, filled with the profile's handle and the post's id."""
    assert post_address(BY_ID[channel], _profile(channel, handle), _message(remote_id)) == address


@pytest.mark.parametrize("channel", ["threads", "instagram", "blog", "tuenti", "googleplus"])
def test_no_stable_public_form_no_address(channel: str) -> None:
    """Where the network's id does not give the public address, govsm does not guess one."""
    assert post_address(BY_ID[channel], _profile(channel, "handle"), _message("12345")) is None


def test_the_messages_own_url_comes_first() -> None:
    """An address imported from the archive wins, even where no template exists."""
    url = "https://www.instagram.com/p/DEV8dJ3tEoQ/"
    message = _message("3782412395774510604", url=url)
    assert post_address(BY_ID["instagram"], _profile("instagram", "@ajsoldeneu"), message) == url
    assert post_address(None, None, message) == url


def test_replies_only_where_the_network_gives_them_an_address() -> None:
    """A reply on X has the address of a post; a reply on Facebook or YouTube has none."""
    reply = _message("2066802961413353579", MessageKind.REPLY)
    x = post_address(BY_ID["x"], _profile("x", "@AjSoldeneu"), reply)
    assert x == "https://x.com/AjSoldeneu/status/2066802961413353579"
    assert post_address(BY_ID["facebook"], _profile("facebook", "Aj"), reply) is None
    assert post_address(BY_ID["youtube"], _profile("youtube", "@Aj"), reply) is None


def test_direct_inbound_and_unpublished_messages_have_none() -> None:
    """A direct message, a citizen's mention and a draft without an id have no address."""
    x, profile = BY_ID["x"], _profile("x", "@AjSoldeneu")
    direct = _message("2088791600133260194", MessageKind.DIRECT)
    mention = _message(
        "2066795914986133370",
        MessageKind.MENTION,
        direction=Direction.INBOUND,
        state=MessageState.NEW,
        published_at=None,
    )
    draft = _message(None, state=MessageState.DRAFT, published_at=None)
    assert [post_address(x, profile, m) for m in (direct, mention, draft)] == [None] * 3
    assert post_address(None, profile, _message("1")) is None
    assert post_address(x, None, _message("1")) is None


def test_mastodon_instance_from_the_profiles_address() -> None:
    """A Mastodon handle without its server takes it from the profile's URL, or gives none."""
    mastodon = BY_ID["mastodon"]
    with_url = _profile("mastodon", "@ajuntament", "https://Xarxa.Soldeneu.example/@ajuntament")
    assert (
        post_address(mastodon, with_url, _message("116"))
        == "https://xarxa.soldeneu.example/@ajuntament/116"
    )
    assert post_address(mastodon, _profile("mastodon", "@ajuntament"), _message("116")) is None


def test_ids_cannot_break_out_of_their_place() -> None:
    """Characters that end a path segment or a query value are percent-encoded."""
    x = BY_ID["x"]
    address = post_address(x, _profile("x", "@Aj Soldeneu"), _message("12/../34?a=1#f"))
    assert address == "https://x.com/Aj%20Soldeneu/status/12%2F..%2F34%3Fa%3D1%23f"
    youtube = post_address(BY_ID["youtube"], _profile("youtube", "@A"), _message("ab&list=1"))
    assert youtube == "https://www.youtube.com/watch?v=ab%26list%3D1"
