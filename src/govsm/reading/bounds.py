"""Applying the workspace's :class:`~govsm.spec.limits.Limits` to what was read.

A record (a JSON Lines line, a draft's front matter, a journal entry) is checked before it is
turned into a message; a message an importer yields is checked again by the host, so a plugin
importer that ignores the limits cannot store more than they allow.

>>> from govsm.spec.limits import Limits
>>> check_record({"text": "hola", "links": [[[["x"]]]]}, Limits(depth=3), "h.jsonl:2")
Traceback (most recent call last):
...
govsm.errors.ConfigError: h.jsonl:2: links[0][0]: anidado a más de 3 niveles ([limits] depth)
h.jsonl:2: links[0][0]: nested deeper than 3 levels ([limits] depth)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from govsm.errors import ConfigError
from govsm.model import Bilingual, Media, Message
from govsm.spec.limits import Limits

#: the keys whose value is a message's text, held to ``text_bytes`` rather than ``field_bytes``
TEXT_KEYS = frozenset({"text"})


def utf8_size(text: str) -> int:
    """The size of ``text`` in UTF-8 bytes (a lone surrogate counts as three)."""
    return len(text.encode("utf-8", "surrogatepass"))


def within(text: str, limit: int) -> bool:
    """Whether ``text`` takes at most ``limit`` UTF-8 bytes, without encoding short texts."""
    return len(text) * 4 <= limit or (len(text) <= limit and utf8_size(text) <= limit)


def size_problem(size: int, limit: int, key: str, what_es: str, what_en: str) -> Bilingual:
    """The message for ``what`` being ``size`` bytes where ``[limits] key`` allows ``limit``."""
    return Bilingual(
        es=f"{what_es} ocupa {size} bytes y el límite es {limit} ([limits] {key})",
        en=f"{what_en} takes {size} bytes and the limit is {limit} ([limits] {key})",
    )


def check_record(
    data: Any, limits: Limits, where: str, *, text_keys: Iterable[str] = TEXT_KEYS
) -> None:
    """Refuse a parsed record nested deeper than ``limits.depth`` or with a field too large.

    The walk is iterative, so it follows any depth the parser produced without recursion.
    Strings under a key of ``text_keys`` at the top level are held to ``text_bytes``; every other
    string (and every key) to ``field_bytes``.

    :param where: the place to name, ``file:line``.
    :raises ConfigError: naming ``where`` and the key path of the first problem.
    """
    texts = frozenset(text_keys)
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            limit, key = (
                (limits.text_bytes, "text_bytes")
                if path in texts
                else (limits.field_bytes, "field_bytes")
            )
            if not within(value, limit):
                problem = size_problem(utf8_size(value), limit, key, "el valor", "the value")
                raise ConfigError(
                    f"{path or 'registro'}: {problem.es}",
                    f"{path or 'record'}: {problem.en}",
                    where=where,
                )
            continue
        if not isinstance(value, Mapping | list | tuple):
            continue
        if depth >= limits.depth:
            raise ConfigError(
                f"{path or 'registro'}: anidado a más de {limits.depth} niveles ([limits] depth)",
                f"{path or 'record'}: nested deeper than {limits.depth} levels ([limits] depth)",
                where=where,
            )
        if isinstance(value, Mapping):
            for name, item in value.items():
                name = str(name)
                if not within(name, limits.field_bytes):
                    raise ConfigError(
                        f"{path or 'registro'}: una clave ocupa más de {limits.field_bytes} "
                        "bytes ([limits] field_bytes)",
                        f"{path or 'record'}: a key takes more than {limits.field_bytes} "
                        "bytes ([limits] field_bytes)",
                        where=where,
                    )
                stack.append((item, f"{path}.{name}" if path else name, depth + 1))
        else:
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))


def message_problem(message: Message, limits: Limits) -> Bilingual | None:
    """What makes ``message`` larger than ``limits`` allow, or ``None`` when it fits.

    The text is held to ``text_bytes``; every other text of the message and of its media
    (title, author, links, alternative text…) to ``field_bytes``.
    """
    if not within(message.text, limits.text_bytes):
        size = utf8_size(message.text)
        return size_problem(
            size, limits.text_bytes, "text_bytes", "el texto del mensaje", "the message's text"
        )
    for name, value in _long_texts(message, limits.field_bytes // 4):
        if not within(value, limits.field_bytes):
            return size_problem(
                utf8_size(value),
                limits.field_bytes,
                "field_bytes",
                f"el campo «{name}» del mensaje",
                f"the message's field '{name}'",
            )
    return None


#: the fields of a message that may hold texts, besides its text (held to ``text_bytes``)
_MESSAGE_FIELDS = tuple(field.name for field in attrs.fields(Message) if field.name != "text")

#: the fields of an attachment
_MEDIA_FIELDS = tuple(field.name for field in attrs.fields(Media))


def _long_texts(message: Message, short: int) -> Iterable[tuple[str, str]]:
    """The message's texts besides its text longer than ``short`` characters, with their names.

    A text of at most ``short`` characters, a quarter of a byte limit, fits the limit in any
    encoding, so it is never measured (most messages have none longer).
    """
    for name in _MESSAGE_FIELDS:
        value = getattr(message, name)
        if value is None:
            continue
        if isinstance(value, str):
            if len(value) > short:
                yield name, value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    if len(item) > short:
                        yield f"{name}[{index}]", item
                elif isinstance(item, Media):
                    for media_name in _MEDIA_FIELDS:
                        inner = getattr(item, media_name)
                        if isinstance(inner, str) and len(inner) > short:
                            yield f"{name}[{index}].{media_name}", inner
