"""One item of ``outbox.json`` as a govsm message.

Each item is an activity (``ActivityPub::CreateNoteSerializer`` and
``ActivityPub::AnnounceNoteSerializer`` in Mastodon's source):

* a ``Create`` whose ``object`` is the status, a ``Note`` (a ``Question`` when it has a poll):
  its ``content`` is the HTML Mastodon rendered (:mod:`govsm_mastodon_archive.html_text`),
  ``contentMap`` the same keyed by its language, ``summary`` its content warning, ``inReplyTo``
  the post it answers, ``to`` and ``cc`` its audience, ``attachment`` its media and, for a quote
  (Mastodon 4.5), ``quote`` — with the older names ``quoteUri`` and ``_misskey_quote`` — the
  quoted post;
* an ``Announce``, a boost, whose ``object`` is only the boosted post's address: its words are
  someone else's, and they are not in the archive.

What govsm makes of it:

* **kind**: ``direct`` when the status went to the accounts it mentions alone; else ``reply``
  when it answers a post; ``quote`` when it quotes one; ``repost`` for a boost; else ``post``.
  Followers-only and unlisted posts are posts (the model has no audience; Mastodon's record,
  kept beside the message, has it);
* **text**: the HTML as Mastodon shows it, links whole, mentions as shown (``@user``), the quote
  fallback left out; a boost's text is empty;
* **links**: the addresses of the text's links (not mentions or hashtags), and the quoted or
  boosted post's; **media** with their alt texts; **language** from ``contentMap``;
  **content warning** from ``summary``;
* **remote id**: the status's id in its address (``…/statuses/112001``: the id Mastodon's API
  gives it), or the whole address when it is not of Mastodon's form; **id** ``mastodon-`` and
  that id, so that loading the archive again updates the same messages; **url** the status's
  page (a boost's: its activity's address, which Mastodon gives as a boost's address);
* outbound, published at ``published``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from govsm.errors import ConfigError
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm_mastodon_archive.actor import Account
from govsm_mastodon_archive.addresses import boosted_author, handle_of, status_id, visibility
from govsm_mastodon_archive.html_text import render
from govsm_mastodon_archive.media import SizeOf, attachments
from govsm_mastodon_archive.records import (
    addresses,
    clean_address,
    language_tag,
    mapping,
    moment,
    reference,
    text_field,
    without_controls,
)

#: the types of object a ``Create`` of Mastodon's holds
NOTE_TYPES = frozenset({"Note", "Question"})
#: the names a Note gives the post it quotes: FEP-044f's first, then the older ones
QUOTE_KEYS = ("quote", "quoteUri", "_misskey_quote", "quoteUrl")

_SLUG_ID = re.compile(r"[a-z0-9]{1,54}")
_WEB = re.compile(r"https?://", re.IGNORECASE)


def _problem(es: str, en: str) -> ConfigError:
    return ConfigError(es, en)


def message_id(status: str | None, address: str) -> str:
    """The message's id: ``mastodon-`` and the status's id (a hash of its address without one)."""
    if status is not None and _SLUG_ID.fullmatch(status.lower()):
        return f"mastodon-{status.lower()}"
    return "mastodon-" + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _web(address: str | None) -> str | None:
    address = clean_address(address)
    return address if address is not None and _WEB.match(address) else None


def _published(record: Mapping[str, Any], *fallbacks: Mapping[str, Any]) -> datetime:
    for source in (record, *fallbacks):
        found = moment(source.get("published"))
        if found is not None:
            return found
    raise _problem("no tiene una fecha «published» legible", "it has no readable 'published' date")


def _check_actor(activity: Mapping[str, Any], note: Mapping[str, Any], account: Account) -> None:
    """Refuse a status the archive's account did not write (an edited archive)."""
    if account.id is None:
        return
    for author in (reference(activity.get("actor")), reference(note.get("attributedTo"))):
        if author is not None and author != account.id:
            raise _problem(
                f"es de {author}, no de la cuenta del archivo ({account.id})",
                f"it is {author}'s, not the archive's account's ({account.id})",
            )


def _language_and_html(note: Mapping[str, Any]) -> tuple[str | None, str]:
    """The status's language (``contentMap``'s key) and its HTML."""
    content = note.get("content")
    if content is not None and not isinstance(content, str):
        raise _problem("su «content» no es texto", "its 'content' is not text")
    by_language = mapping(note, "contentMap")
    keys = [key for key, value in by_language.items() if isinstance(value, str)]
    key = next((k for k in keys if by_language[k] == content), keys[0] if keys else None)
    if content is None:
        content = by_language[key] if key is not None else ""
    return language_tag(key), content


def _quoted(note: Mapping[str, Any], fallback: tuple[str, ...]) -> tuple[bool, str | None]:
    """Whether the Note quotes a post, and the quoted post's address when known."""
    quotes = False
    for key in QUOTE_KEYS:
        if key in note and note[key] is not None:
            quotes = True
            found = clean_address(reference(note[key]))
            if found is not None:
                return True, found
    if fallback:
        return True, fallback[0]
    return quotes, None


def _note_message(
    activity: Mapping[str, Any],
    *,
    organisation: str,
    profile: str,
    account: Account,
    size_of: SizeOf,
) -> Message:
    note = activity.get("object")
    if isinstance(note, str):
        raise _problem(
            "su «object» es solo una dirección: el texto no está en el archivo",
            "its 'object' is only an address: the text is not in the archive",
        )
    if not isinstance(note, dict) or note.get("type") not in NOTE_TYPES:
        raise _problem(
            "su «object» no es un «Note» ni un «Question»",
            "its 'object' is not a 'Note' or a 'Question'",
        )
    _check_actor(activity, note, account)
    address = reference(note.get("id")) or reference(activity.get("id"))
    if address is None:
        raise _problem("el estado no tiene «id»", "the status has no 'id'")
    identifier = status_id(address) or status_id(reference(activity.get("id")))
    published = _published(note, activity)
    language, html = _language_and_html(note)
    shown = render(html)
    to = addresses(note, "to") or addresses(activity, "to")
    cc = addresses(note, "cc") or addresses(activity, "cc")
    reply_to = clean_address(reference(note.get("inReplyTo")))
    quotes, quoted = _quoted(note, shown.quoted)
    if visibility(to, cc, account.followers) == "direct":
        kind = MessageKind.DIRECT
    elif reply_to is not None:
        kind = MessageKind.REPLY
    elif quotes:
        kind = MessageKind.QUOTE
    else:
        kind = MessageKind.POST
    summary = text_field(note, "summary")
    warning = without_controls(summary).strip() if summary is not None else None
    links = [*shown.links, *((quoted,) if quoted else ())]
    return Message(
        organisation=organisation,
        id=message_id(identifier, address),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=kind,
        state=MessageState.PUBLISHED,
        text=shown.text,
        created_at=published,
        published_at=published,
        language=language,
        content_warning=warning or None,
        media=attachments(note, size_of),
        links=tuple(dict.fromkeys(links)),
        remote_id=identifier or address,
        url=_web(text_field(note, "url")) or _web(address),
        reply_to_remote=reply_to,
        original_author=(handle_of(quoted) or next(map(handle_of, shown.quoted), None))
        if quotes
        else None,
    )


def _boost_message(
    activity: Mapping[str, Any], *, organisation: str, profile: str, account: Account
) -> Message:
    _check_actor(activity, {}, account)
    address = reference(activity.get("id"))
    if address is None:
        raise _problem("el impulso no tiene «id»", "the boost has no 'id'")
    boosted = clean_address(reference(activity.get("object")))
    if boosted is None:
        raise _problem(
            "el impulso no dice qué publicación comparte («object»)",
            "the boost does not say which post it shares ('object')",
        )
    identifier = status_id(address)
    published = _published(activity)
    return Message(
        organisation=organisation,
        id=message_id(identifier, address),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPOST,
        state=MessageState.PUBLISHED,
        text="",
        created_at=published,
        published_at=published,
        links=(boosted,),
        remote_id=identifier or address,
        url=_web(address),
        original_author=boosted_author(boosted, addresses(activity, "cc")),
    )


def status_message(
    data: Any,
    *,
    organisation: str,
    profile: str,
    account: Account,
    size_of: SizeOf,
) -> Message:
    """The govsm message of one item of ``outbox.json``.

    :param data: the item, parsed.
    :param organisation: the organisation's id.
    :param profile: the profile the archive is of.
    :param account: the archive's account (``actor.json``).
    :param size_of: the size of a file of the archive by its path (for the media).
    :raises govsm.errors.GovsmError: the item is not a ``Create`` of a Note or an ``Announce``
        of the account's, lacks what a message needs, or has a value the model refuses (the
        reader names the item's place).
    """
    if not isinstance(data, dict):
        raise _problem(
            "no es una actividad (un objeto JSON con «type»)",
            "is not an activity (a JSON object with 'type')",
        )
    kind = data.get("type")
    if kind == "Create":
        return _note_message(
            data, organisation=organisation, profile=profile, account=account, size_of=size_of
        )
    if kind == "Announce":
        return _boost_message(data, organisation=organisation, profile=profile, account=account)
    shown = kind if isinstance(kind, str) and kind.isprintable() and len(kind) < 40 else "?"
    raise _problem(
        f"es una actividad «{shown}», ni «Create» ni «Announce»",
        f"is a '{shown}' activity, neither 'Create' nor 'Announce'",
    )
