"""Normalise the many spellings of a social-media account to canonical keys.

``https://mobile.twitter.com/AjSoldeneu?lang=ca``, ``x.com/ajsoldeneu/`` and
``https://x.com/AjSoldeneu#top`` all name the same account; :func:`normalise` turns each of them
into the key ``x:ajsoldeneu``. Keys are plain strings ``kind:value``; :func:`render` writes a key
back as a URL or handle that normalises to the same key again (normalisation is idempotent).

Kinds of key:

``x``, ``facebook``, ``instagram``, ``linkedin``, ``flickr``, ``googleplus``, ``tuenti``
    an account name on that network, lower-cased.
``fedi``
    a Mastodon (fediverse) account ``user@instance``, from ``@user@instance``,
    ``https://instance/@user`` or ``https://instance/users/user``.
``bluesky``
    a Bluesky handle (a domain name), from ``handle`` or ``https://bsky.app/profile/handle``.
``did``
    a decentralised identifier (``did:plc:…``, ``did:web:…``), bare or in a ``bsky.app`` URL.
``youtube``
    a YouTube ``@handle``; ``youtube-channel`` a channel id (``UC…``, case kept: ids are
    case-sensitive); ``youtube-legacy`` a ``/c/name`` or ``/user/name`` address.
``url``
    any other web address: ``host/path`` without scheme, ``www.``, query or fragment.
``handle``
    a bare ``@name`` with no network: it may match accounts on several networks.

A name can be tied to its network with a prefix, as the keys themselves are written:
``x:@AjSoldeneu``, ``instagram:ajsoldeneu``, ``mastodon:@user@instance``, ``bluesky:handle``,
``youtube:@handle`` or ``youtube:UC…``.

>>> normalise("https://mobile.twitter.com/AjSoldeneu?lang=ca")
('x:ajsoldeneu',)
>>> normalise("https://xarxa.soldeneu.example/users/Ajuntament/")
('fedi:ajuntament@xarxa.soldeneu.example',)
>>> render("fedi:ajuntament@xarxa.soldeneu.example")
'@ajuntament@xarxa.soldeneu.example'
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

#: host prefixes that address the same site (desktop, mobile)
_HOST_PREFIXES = ("www.", "mobile.", "m.")

#: network hosts, after the prefixes are removed, and the kind of key they give
_HOSTS: dict[str, str] = {
    "x.com": "x",
    "twitter.com": "x",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "bsky.app": "bluesky",
    "youtube.com": "youtube",
    "linkedin.com": "linkedin",
    "flickr.com": "flickr",
    "plus.google.com": "googleplus",
    "tuenti.com": "tuenti",
}

#: the first path segment on X that is a page of the site, not an account
_X_RESERVED = frozenset(
    {"home", "i", "intent", "search", "explore", "settings", "share", "hashtag", "messages"}
)
#: the tabs of a YouTube channel, which still address the channel
_YOUTUBE_TABS = frozenset(
    {"videos", "featured", "streams", "shorts", "playlists", "community", "about", "live"}
)

_NAME = re.compile(r"[a-z0-9_.\-]+\Z")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9\-]*[a-z0-9]\Z")
_FEDI = re.compile(r"@?([a-z0-9_.\-]+)@([a-z0-9.\-]+\.[a-z0-9\-]+)\Z")
_DID = re.compile(r"did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.\-%]+)\Z")
_YOUTUBE_CHANNEL = re.compile(r"UC[A-Za-z0-9_\-]{22}\Z")
_SPACE = re.compile(r"\s")
#: ``network:name`` spellings, and the key kinds of the networks' other names
_PREFIXED = re.compile(
    r"(x|twitter|facebook|instagram|youtube|linkedin|flickr|googleplus|tuenti|mastodon|fedi|"
    r"bluesky|bsky):(?!//)(.+)\Z",
    re.IGNORECASE,
)
_NETWORK_ALIASES = {"twitter": "x", "mastodon": "fedi", "bsky": "bluesky"}


def normalise(text: str) -> tuple[str, ...]:
    """The canonical keys a URL or handle may stand for, sorted; empty when it names no account.

    Most inputs give one key. A bare domain such as ``bloc.soldeneu.example`` gives two (a
    Bluesky handle and a web address), and the caller decides which, if any, is an account.
    """
    value = text.strip()
    if not value or _SPACE.search(value):
        return ()
    lower = value.lower()
    if lower.startswith("did:"):
        return (f"did:{lower[4:]}",) if _DID.match(lower) else ()
    prefix = _PREFIXED.match(value)
    if prefix:
        return _prefixed(prefix.group(1).lower(), prefix.group(2))
    if "://" in value or "/" in value:
        return _from_url(value)
    head = value.split("?", 1)[0].split("#", 1)[0]
    if head != value and "." in head:
        return _from_url(value)  # an address with a query or fragment: bloc.example?utm_source=x
    fedi = _FEDI.match(lower)
    if fedi:
        return (f"fedi:{fedi.group(1)}@{fedi.group(2)}",)
    bare = lower.lstrip("@+") if lower[:1] in "@+" else lower
    if not bare or not _NAME.match(bare):
        return ()
    if "." in bare:
        host = _strip_host(bare)
        if not _DOMAIN.match(bare):
            return ()
        if host in _HOSTS:
            return ()  # a network's own address names no account
        return tuple(sorted({f"bluesky:{bare}", f"url:{host}"}))
    return (f"handle:{bare}",)


def _prefixed(network: str, name: str) -> tuple[str, ...]:
    """``x:@name``, ``mastodon:@user@instance``, ``youtube:UC…``: a name on a named network."""
    kind = _NETWORK_ALIASES.get(network, network)
    if kind in ("fedi", "bluesky"):
        wanted = ("fedi:",) if kind == "fedi" else ("bluesky:", "did:")
        return tuple(k for k in normalise(name) if k.startswith(wanted))
    if kind == "youtube" and not name.startswith("@"):
        if _YOUTUBE_CHANNEL.match(name):
            return (f"youtube-channel:{name}",)
        name = "@" + name
    elif kind != "youtube":
        name = name.lstrip("@+")
    if not name or "/" in name or "?" in name or "#" in name:
        return ()
    return normalise(_RENDER[kind].format(name))


def _strip_host(host: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and "." in host[len(prefix) :]:
                host = host[len(prefix) :]
                stripped = True
    return host


def _from_url(value: str) -> tuple[str, ...]:
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return ()
    if parts.scheme.lower() not in ("http", "https") or not _DOMAIN.match(host):
        return ()
    host = _strip_host(host)
    path = parts.path
    if not path.strip("/") and parts.fragment.startswith("!/"):
        path = parts.fragment[1:]  # the old ``twitter.com/#!/name`` addresses
    segments = [s for s in path.split("/") if s]
    kind = _HOSTS.get(host)
    if kind is None:
        return _generic(host, segments)
    key = _network_key(kind, segments, parts.query)
    return (key,) if key else ()


def _generic(host: str, segments: list[str]) -> tuple[str, ...]:
    lowered = [s.lower() for s in segments]
    if lowered and lowered[0].startswith("@") and len(lowered) == 1:
        fedi = _FEDI.match(lowered[0] if "@" in lowered[0][1:] else f"{lowered[0]}@{host}")
        return (f"fedi:{fedi.group(1)}@{fedi.group(2)}",) if fedi else ()
    if len(lowered) == 2 and lowered[0] == "users" and _NAME.match(lowered[1]):
        return (f"fedi:{lowered[1]}@{host}",)
    return ("url:" + "/".join([host, *lowered]),)


def _network_key(kind: str, segments: list[str], query: str) -> str | None:
    first = segments[0] if segments else ""
    name = first.lower().lstrip("@+")
    if kind == "x":
        if len(segments) != 1 or name in _X_RESERVED or not _NAME.match(name):
            return None
        return f"x:{name}"
    if kind == "facebook" and first.lower() == "profile.php":
        ids = parse_qs(query).get("id", [])
        return f"facebook:{ids[0]}" if ids and ids[0].isdigit() else None
    if kind == "bluesky":
        if len(segments) != 2 or segments[0].lower() != "profile":
            return None
        return normalise(segments[1])[0] if _bluesky_ok(segments[1]) else None
    if kind == "youtube":
        return _youtube_key(segments)
    if kind == "linkedin":
        if len(segments) != 2 or segments[0].lower() != "company":
            return None
        name = segments[1].lower()
        return f"linkedin:{name}" if _NAME.match(name) else None
    if kind == "flickr":
        if len(segments) != 2 or segments[0].lower() not in ("photos", "people"):
            return None
        name = segments[1].lower()
        return f"flickr:{name}" if _NAME.match(name.replace("@", "")) else None
    if len(segments) != 1 or not name or not _NAME.match(name):
        return None
    return f"{kind}:{name}"


def _bluesky_ok(handle: str) -> bool:
    keys = normalise(handle)
    return len(keys) >= 1 and keys[0].split(":", 1)[0] in ("bluesky", "did")


def _youtube_key(segments: list[str]) -> str | None:
    if not segments:
        return None
    first = segments[0]
    rest = [s.lower() for s in segments[1:]]
    if first.startswith("@"):
        name = first[1:].lower()
        ok = _NAME.match(name) and len(rest) <= 1 and all(r in _YOUTUBE_TABS for r in rest)
        return f"youtube:@{name}" if ok else None
    if len(segments) < 2 or not all(r in _YOUTUBE_TABS for r in rest[1:]):
        return None
    if first.lower() == "channel" and _YOUTUBE_CHANNEL.match(segments[1]):
        return f"youtube-channel:{segments[1]}"
    if first.lower() in ("c", "user") and _NAME.match(segments[1].lower()):
        return f"youtube-legacy:{segments[1].lower()}"
    return None


_RENDER: dict[str, str] = {
    "x": "https://x.com/{}",
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}/",
    "linkedin": "https://www.linkedin.com/company/{}/",
    "flickr": "https://www.flickr.com/photos/{}/",
    "googleplus": "https://plus.google.com/+{}",
    "tuenti": "https://www.tuenti.com/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "did": "did:{}",
    "youtube": "https://www.youtube.com/{}",
    "youtube-channel": "https://www.youtube.com/channel/{}",
    "youtube-legacy": "https://www.youtube.com/c/{}",
    "fedi": "@{}",
    "url": "https://{}",
    "handle": "@{}",
}


def render(key: str) -> str:
    """Write a key back as a URL or handle a person can follow (``x:abc`` → ``https://x.com/abc``).

    Facebook numeric ids render as ``profile.php?id=…``.

    :raises ValueError: when ``key`` is not a key :func:`normalise` makes.
    """
    kind, _, value = key.partition(":")
    if kind not in _RENDER or not value:
        raise ValueError(f"not a registry key: {key!r}")
    if kind == "facebook" and value.isdigit():
        return f"https://www.facebook.com/profile.php?id={value}"
    return _RENDER[kind].format(value)


def profile_keys(channel: str, handle: str, url: str | None) -> tuple[str, ...]:
    """The keys under which a profile on ``channel`` is found: from its URL and its handle.

    The handle is read as the network writes it (``@name`` on X, ``@user@instance`` on Mastodon,
    a domain or a DID on Bluesky, ``@handle`` or a ``UC…`` id on YouTube). A bare ``handle:``
    key is added for networks whose names carry no instance (not Mastodon, Bluesky or blogs),
    so that a bare ``@name`` finds them. On other networks (a blog) a handle that is a web
    address is indexed as one.
    """
    keys: set[str] = set(normalise(url)) if url else set()
    network = _NETWORK_ALIASES.get(channel, channel)
    if network not in _RENDER or network in ("url", "handle", "did"):
        # a blog or an unknown network: a handle that is a web address still finds it
        keys.update(k for k in normalise(handle) if k.startswith("url:"))
        return tuple(sorted(keys))
    from_handle = _prefixed(channel, handle.strip())
    keys.update(from_handle)
    if network not in ("fedi", "bluesky"):
        for key in from_handle:
            kind, _, value = key.partition(":")
            if kind != "youtube-channel":
                keys.add("handle:" + value.lstrip("@"))
    return tuple(sorted(keys))
