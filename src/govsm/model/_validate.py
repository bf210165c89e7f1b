"""Validators shared by the model classes (private: use the classes, which call them)."""

from __future__ import annotations

import math
import re
import zoneinfo
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

import attrs

from govsm.errors import ModelError
from govsm.model.instant import showable

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?\Z")
# BCP 47, the subset public bodies use: language, optional script, region and variants.
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-z0-9]{5,8})*\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")


_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def check_text(value: str, field: str) -> None:
    """Reject text that cannot be stored faithfully: NUL characters and lone surrogates.

    One regular-expression scan in C: this runs for every text of every message loaded.
    """
    bad = _FORBIDDEN.search(value)
    if bad is None:
        return
    index = bad.start()
    char = bad.group()
    if char == "\x00":
        raise ModelError(
            f"el campo «{field}» contiene un carácter NUL (U+0000) en la posición {index}",
            f"field '{field}' contains a NUL character (U+0000) at position {index}",
            field=field,
        )
    raise ModelError(
        f"el campo «{field}» contiene un surrogate UTF-16 aislado "
        f"(U+{ord(char):04X}) en la posición {index}: no es Unicode válido",
        f"field '{field}' contains a lone UTF-16 surrogate (U+{ord(char):04X}) "
        f"at position {index}: it is not valid Unicode",
        field=field,
    )


#: characters an identifier shown to people must not hold, as inclusive code point ranges:
#: control characters, and the invisible, blank and direction-changing characters that make one
#: name look like another (U+202E, right-to-left override, turns "moc.lpmaxe" into what reads as
#: "example.com"; tag characters carry text nobody sees)
HIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x001F),  # C0 controls
    (0x007F, 0x009F),  # DEL and C1 controls
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner and joiner; LRM, RLM
    (0x2028, 0x2029),  # line and paragraph separators
    (0x202A, 0x202E),  # bidirectional embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidirectional isolates; deprecated format characters
    (0x2800, 0x2800),  # Braille pattern blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xFFF9, 0xFFFB),  # interlinear annotation characters
    (0x1D173, 0x1D17A),  # musical symbol format characters
    (0xE0000, 0xE007F),  # tag characters
)

_HIDDEN = re.compile(
    "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in HIDDEN_RANGES) + "]"
)


def check_hidden(value: str, field: str) -> None:
    """Reject control, invisible and direction-changing characters in an identifier.

    :param value: the identifier (a handle, an address, a network's id).
    :param field: the name the error gives the value (``links[2]``).
    :raises ModelError: naming the character's code point and its position.
    """
    bad = _HIDDEN.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise ModelError(
            f"«{field}» contiene un carácter invisible o de control de dirección "
            f"({code}) en la posición {bad.start()}: un nombre así puede suplantar a otro",
            f"'{field}' holds an invisible or direction-control character ({code}) "
            f"at position {bad.start()}: such a name can pass for another",
            field=field,
        )


def shown_identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a name people read to recognise an account (a handle, an address).

    Beyond :func:`nonempty_text`: no control characters, and no invisible or bidirectional
    formatting characters, which let a forged name look like the real one.
    """
    nonempty_text(instance, attribute, value)
    check_hidden(value, attribute.name)


#: every character :func:`check_text` or :func:`check_hidden` refuses: one scan clears both
_UNFIT = re.compile(_FORBIDDEN.pattern[:-1] + _HIDDEN.pattern[1:])


def optional_identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional identifier people read or follow (an id on a network, a reference).

    Text, as :func:`optional_text` takes it, without the characters :func:`check_hidden`
    refuses.
    """
    if value is None:
        return
    if type(value) is str and _UNFIT.search(value) is None:
        return  # the checks below would pass: one scan instead of two
    text(instance, attribute, value)
    check_hidden(value, attribute.name)


def identifiers(instance: Any, attribute: attrs.Attribute[Any], value: Iterable[str]) -> None:
    """Validate a tuple of identifiers (URLs, domains, hashtags).

    Each item as :func:`texts` takes it, without the characters :func:`check_hidden` refuses.
    """
    if all(type(item) is str and _UNFIT.search(item) is None for item in value):
        return  # the checks below would pass: one scan of each item instead of two
    texts(instance, attribute, value)
    for index, item in enumerate(value):
        check_hidden(item, f"{attribute.name}[{index}]")


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a text field (attrs validator)."""
    if not isinstance(value, str):
        raise ModelError(
            f"el campo «{attribute.name}» debe ser texto, no {type(value).__name__}",
            f"field '{attribute.name}' must be text, not {type(value).__name__}",
            field=attribute.name,
        )
    check_text(value, attribute.name)


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional text field (attrs validator)."""
    if value is not None:
        text(instance, attribute, value)


def nonempty_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate a text field that must not be blank (attrs validator)."""
    text(instance, attribute, value)
    if not value.strip():
        raise ModelError(
            f"el campo «{attribute.name}» no puede estar vacío",
            f"field '{attribute.name}' must not be empty",
            field=attribute.name,
        )


def texts(instance: Any, attribute: attrs.Attribute[Any], value: Iterable[str]) -> None:
    """Validate every item of a tuple of texts (attrs validator)."""
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise ModelError(
                f"«{attribute.name}[{index}]» debe ser texto",
                f"'{attribute.name}[{index}]' must be text",
                field=attribute.name,
            )
        check_text(item, f"{attribute.name}[{index}]")


def slug(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an identifier: lower-case ASCII letters, digits, ``.``, ``_`` and ``-``."""
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ModelError(
            f"«{value}» no es un identificador válido para «{attribute.name}»: use minúsculas "
            "ASCII, cifras, «.», «_» o «-» (máx. 64), empezando y acabando por letra o cifra",
            f"'{value}' is not a valid identifier for '{attribute.name}': use lower-case ASCII "
            "letters, digits, '.', '_' or '-' (at most 64), starting and ending with a letter "
            "or digit",
            field=attribute.name,
        )


def optional_slug(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional identifier (attrs validator)."""
    if value is not None:
        slug(instance, attribute, value)


def slugs(instance: Any, attribute: attrs.Attribute[Any], value: Iterable[str]) -> None:
    """Validate a tuple of identifiers (attrs validator)."""
    for item in value:
        slug(instance, attribute, item)


def language_tags(instance: Any, attribute: attrs.Attribute[Any], value: Iterable[str]) -> None:
    """Validate a tuple of BCP 47 language tags such as ``es``, ``ca-valencia``, ``eu``."""
    for item in value:
        language_tag(instance, attribute, item)


def language_tag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate one BCP 47 language tag (attrs validator)."""
    if not isinstance(value, str) or not _LANG.match(value):
        raise ModelError(
            f"«{value}» no es una etiqueta de idioma BCP 47 válida (p. ej. «es», «ca-valencia», "
            f"«gl», «eu») en «{attribute.name}»",
            f"'{value}' is not a valid BCP 47 language tag (e.g. 'es', 'ca-valencia', 'gl', "
            f"'eu') in '{attribute.name}'",
            field=attribute.name,
        )


def optional_language_tag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional BCP 47 language tag (attrs validator)."""
    if value is not None:
        language_tag(instance, attribute, value)


def timezone_name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an IANA time zone name such as ``Europe/Madrid`` or ``Atlantic/Canary``."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ModelError(
            f"«{value}» no es una zona horaria IANA conocida (p. ej. «Europe/Madrid», "
            "«Atlantic/Canary»)",
            f"'{value}' is not a known IANA time zone (e.g. 'Europe/Madrid', 'Atlantic/Canary')",
            field=attribute.name,
        ) from None


def fixed_offset(value: Any) -> Any:
    """Replace a zone (``ZoneInfo``) by the fixed offset it has at that instant (attrs converter).

    Python never considers two datetimes in a repeated autumn hour equal when one carries a zone
    and the other an offset; with fixed offsets a value always equals its own round trip. The
    instant and the offset are kept; naive values pass through so that :func:`aware` rejects them.
    """
    if isinstance(value, datetime) and value.tzinfo is not None:
        if isinstance(value.tzinfo, timezone):
            return value  # a fixed offset already (UTC included)
        offset = value.utcoffset()
        if offset is not None:
            return value.replace(tzinfo=timezone(offset))
    return value


def aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject naive datetimes and ones too close to the ends of the calendar to be shown."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise ModelError(
            f"«{attribute.name}» debe ser una fecha y hora",
            f"'{attribute.name}' must be a datetime",
            field=attribute.name,
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ModelError(
            f"«{attribute.name}» = {value.isoformat()} no tiene zona horaria: indique el "
            "desfase, p. ej. «2026-05-04T10:00:00+02:00»",
            f"'{attribute.name}' = {value.isoformat()} has no time zone: give the offset, "
            "e.g. '2026-05-04T10:00:00+02:00'",
            field=attribute.name,
        )
    if not showable(value):
        raise ModelError(
            f"«{attribute.name}» = {value.isoformat()} está demasiado cerca de los extremos del "
            "calendario (años 1 y 9999): no se puede mostrar en todas las zonas horarias",
            f"'{attribute.name}' = {value.isoformat()} is too close to the ends of the calendar "
            "(years 1 and 9999): it cannot be shown in every time zone",
            field=attribute.name,
        )


def email(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional e-mail address (a plain shape check: one ``@`` and a dotted domain)."""
    if value is None:
        return
    text(instance, attribute, value)
    check_hidden(value, attribute.name)
    if not _EMAIL.match(value):
        raise ModelError(
            f"«{value}» no es una dirección de correo válida en «{attribute.name}»",
            f"'{value}' is not a valid e-mail address in '{attribute.name}'",
            field=attribute.name,
        )


def url(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional absolute ``http``/``https`` URL."""
    if value is None:
        return
    shown_identifier(instance, attribute, value)
    if not re.match(r"https?://[^\s/]+", value):
        raise ModelError(
            f"«{value}» no es una URL absoluta http(s) en «{attribute.name}»",
            f"'{value}' is not an absolute http(s) URL in '{attribute.name}'",
            field=attribute.name,
        )


def non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional integer that must be zero or more."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ModelError(
            f"«{attribute.name}» debe ser un entero mayor o igual que cero, no {value!r}",
            f"'{attribute.name}' must be an integer greater than or equal to zero, not {value!r}",
            field=attribute.name,
        )


def positive(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validate an optional integer that must be one or more."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ModelError(
            f"«{attribute.name}» debe ser un entero mayor que cero, no {value!r}",
            f"'{attribute.name}' must be an integer greater than zero, not {value!r}",
            field=attribute.name,
        )


def finite(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject NaN and infinities, which no store or JSON document can hold faithfully."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ModelError(
            f"«{attribute.name}» debe ser un número finito, no {value}",
            f"'{attribute.name}' must be a finite number, not {value}",
            field=attribute.name,
        )


def short_text(limit: int) -> Any:
    """A validator for non-blank text of at most ``limit`` characters."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        nonempty_text(instance, attribute, value)
        if len(value) > limit:
            raise ModelError(
                f"«{attribute.name}» admite como máximo {limit} caracteres, no {len(value)}",
                f"'{attribute.name}' takes at most {limit} characters, not {len(value)}",
                field=attribute.name,
            )

    return check
