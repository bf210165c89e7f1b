r"""Reading the fields of Mastodon's ActivityStreams records: texts, lists, moments, languages.

A record is JSON someone could have edited, so every field is read for what it claims to be and
anything else gives ``None`` (or nothing): a record that lacks a field, or has a strange one, is
then a problem the reader can name rather than a crash. ActivityStreams lets a property hold one
value or a list of them (``"to": "https://…#Public"`` or ``"to": ["https://…#Public"]``), and a
link be written as its address or as an object with an ``id`` or ``href``.

>>> moment("2024-03-01T09:37:12Z").isoformat()
'2024-03-01T09:37:12+00:00'
>>> moment("2024-03-01T09:37:12"), moment(1709285832)
(None, None)
>>> language_tag("es"), language_tag("ca-valencia"), language_tag("zh-tw"), language_tag("und")
('es', 'ca-valencia', 'zh-TW', None)
>>> addresses({"to": ["https://a.example/x", 3, None], "cc": "https://b.example/y"}, "cc")
('https://b.example/y',)
>>> without_controls("línea\x00 uno\x1b")
'línea uno'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

#: a language tag govsm's model takes: language, optional script, region and variants
_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?P<variants>(?:-[a-z0-9]{5,8})*)"
)
#: language codes that say "no language": undetermined, no linguistic content, multiple
_NO_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
#: what a message's text cannot hold (NUL, lone surrogates) and the control characters but
#: tab, line feed and carriage return: nobody reads them
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_field(record: Mapping[str, Any], key: str) -> str | None:
    """``record[key]`` when it is a non-empty string."""
    value = record.get(key)
    return value if isinstance(value, str) and value else None


def mapping(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``record[key]`` when it is an object, else an empty one."""
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def objects(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The objects of ``record[key]``: a list's objects, or a single object (others skipped)."""
    value = record.get(key)
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def reference(value: Any) -> str | None:
    """A link as ActivityStreams writes it: its address, or an object's ``id`` (or ``href``)."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in ("id", "href", "url"):
            found = value.get(key)
            if isinstance(found, str) and found:
                return found
    return None


def addresses(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The addresses of ``record[key]``: one, or a list of them (anything else skipped)."""
    value = record.get(key)
    items = value if isinstance(value, list) else [value]
    return tuple(found for item in items if (found := reference(item)) is not None)


def moment(value: Any) -> datetime | None:
    """An ISO 8601 moment with its offset (``2024-03-01T09:37:12Z``); ``None`` otherwise."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        found = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


@functools.lru_cache(maxsize=256)
def _language(code: str) -> str | None:
    found = _TAG.fullmatch(code.strip().lower().replace("_", "-"))
    if found is None or found.group("language") in _NO_LANGUAGE:
        return None
    tag = found.group("language")
    if found.group("script"):
        tag += "-" + found.group("script").title()
    if found.group("region"):
        tag += "-" + found.group("region").upper()
    return tag + found.group("variants")


def language_tag(code: Any) -> str | None:
    """A status's language (a ``contentMap`` key) as a BCP 47 tag; ``None`` when it is none."""
    if not isinstance(code, str) or not code or len(code) > 35:
        return None
    return _language(code)


def without_controls(text: str) -> str:
    """``text`` without NUL, lone surrogates and the control characters but tab and line breaks.

    For the plain texts a status carries besides its HTML (its content warning, alt texts).
    """
    return _CONTROLS.sub("", text)


def clean_address(value: str | None) -> str | None:
    """``value`` when it can be kept as an address: printable, no spaces, not too long."""
    if value is None or not value or len(value) > 2048:
        return None
    return value if value.isprintable() and " " not in value else None
