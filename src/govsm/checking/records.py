"""The records ``govsm check`` reads, as messages: the short check record, or a full message.

A JSON Lines line (:mod:`govsm.checking.inputs`) holds either a full govsm
:class:`~govsm.model.Message` (the ``history/*.jsonl`` format) or the short record
``{"id", "text", "network", "profile", "lang", "media", "kind", "published"…}``
(:doc:`/howto/check-posts`); a text or a draft becomes a message here too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from govsm.errors import ConfigError
from govsm.model import Direction, Media, Message, MessageKind, MessageState, Span

#: the profile of an input that names none
NO_PROFILE = "unknown"

_CHECK_KEYS = {
    "id",
    "text",
    "network",
    "profile",
    "lang",
    "language",
    "media",
    "title",
    "kind",
    "published",
    "counted_range",
    "appended_links",
    "original_author",
}

#: the kinds a short check record may give (``kind``); the default is ``post``
_RECORD_KINDS = {
    MessageKind.POST,
    MessageKind.REPLY,
    MessageKind.REPOST,
    MessageKind.QUOTE,
}


def _slug(text: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return slug[:64].strip("-._") or "message"


def _message(
    organisation: str,
    message_id: str,
    text: str,
    *,
    profile: str | None,
    language: str | None = None,
    media: tuple[Media, ...] = (),
    title: str | None = None,
    kind: MessageKind = MessageKind.POST,
    now: datetime,
    published: bool = False,
    counted_range: Span | None = None,
    appended_links: tuple[str, ...] = (),
    original_author: str | None = None,
) -> Message:
    return Message(
        organisation=organisation,
        id=message_id,
        profile=profile or NO_PROFILE,
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED if published else MessageState.DRAFT,
        text=text,
        language=language,
        title=title,
        media=media,
        created_at=now,
        published_at=now if published else None,
        reply_to="unknown" if kind is MessageKind.REPLY else None,
        counted_range=counted_range,
        appended_links=appended_links,
        original_author=original_author,
    )


def _record_kind(data: dict[str, Any], where: str) -> MessageKind:
    raw = data.get("kind", MessageKind.POST.value)
    names = sorted(k.value for k in _RECORD_KINDS)
    if raw not in names:
        raise ConfigError(
            f"«kind» vale {raw!r}; se admite {', '.join(names)}",
            f"'kind' is {raw!r}; accepted: {', '.join(names)}",
            where=where,
        )
    return MessageKind(raw)


def _record_extras(
    data: dict[str, Any], where: str
) -> tuple[bool, Span | None, tuple[str, ...], str | None]:
    """What a short record says about a published post: its stage and the network's parts."""
    published = data.get("published", False)
    if not isinstance(published, bool):
        raise ConfigError(
            "«published» debe ser true o false", "'published' must be true or false", where=where
        )
    raw_range = data.get("counted_range")
    counted: Span | None = None
    if raw_range is not None:
        if (
            not isinstance(raw_range, list)
            or len(raw_range) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in raw_range)
        ):
            raise ConfigError(
                "«counted_range» debe ser [inicio, fin] en puntos de código",
                "'counted_range' must be [start, end] in code points",
                where=where,
            )
        counted = Span(raw_range[0], raw_range[1])
    links = data.get("appended_links", [])
    if not isinstance(links, list) or not all(isinstance(link, str) for link in links):
        raise ConfigError(
            "«appended_links» debe ser una lista de enlaces",
            "'appended_links' must be a list of links",
            where=where,
        )
    author = data.get("original_author")
    if author is not None and not isinstance(author, str):
        raise ConfigError(
            "«original_author» debe ser texto", "'original_author' must be text", where=where
        )
    return published, counted, tuple(links), author


def _media(data: Any, where: str) -> tuple[Media, ...]:
    """A record's ``media``, structured; what is wrong with it, with the line."""
    from govsm.serialization import describe_errors, structure

    try:
        return structure(data, tuple[Media, ...])
    except Exception as exc:
        detail = describe_errors(exc, "media")[0]
        raise ConfigError(
            f"{detail.path}: {detail.es}", f"{detail.path}: {detail.en}", where=where
        ) from None


def _record(
    data: Any, organisation: str, where: str, number: int, now: datetime
) -> tuple[Message, str | None]:
    """A JSON Lines record: a full govsm Message, or the short check record."""
    if isinstance(data, dict) and "direction" in data:
        # imported when first needed, as the other readers below: the structuring machinery
        # (cattrs) is a tenth of `govsm check`'s start, and short records without media, the
        # common input, never need it
        from govsm.reading.messages import message_from_mapping

        return message_from_mapping(data, organisation, where), data.get("network")
    if not isinstance(data, dict):
        raise ConfigError(
            f"se esperaba un objeto JSON, no {type(data).__name__}",
            f"expected a JSON object, not {type(data).__name__}",
            where=where,
        )
    unknown = sorted(set(data) - _CHECK_KEYS)
    if unknown:
        raise ConfigError(
            f"claves desconocidas {unknown}; se admiten {sorted(_CHECK_KEYS)}",
            f"unknown keys {unknown}; accepted: {sorted(_CHECK_KEYS)}",
            where=where,
        )
    text = data.get("text")
    if not isinstance(text, str):
        raise ConfigError(
            "falta «text» o no es texto", "'text' is missing or not text", where=where
        )
    media = _media(data["media"], where) if "media" in data else ()
    raw_id = data.get("id")
    message_id = _slug(str(raw_id)) if raw_id is not None else f"line-{number}"
    try:
        kind = _record_kind(data, where)
        published, counted, appended, original_author = _record_extras(data, where)
        message = _message(
            organisation,
            message_id,
            text,
            profile=data.get("profile"),
            language=data.get("lang") or data.get("language"),
            media=media,
            title=data.get("title"),
            kind=kind,
            now=now,
            published=published,
            counted_range=counted,
            appended_links=appended,
            original_author=original_author,
        )
    except ValueError as exc:
        es, en = (getattr(exc, "es", str(exc)), getattr(exc, "en", str(exc)))
        raise ConfigError(es, en, where=where) from None
    network = data.get("network")
    return message, network if isinstance(network, str) else None
