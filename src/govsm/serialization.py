"""The one cattrs converter that turns model objects into plain data and back.

Everything govsm stores, exports or reads from ``govsm.toml`` and JSON Lines passes through
:data:`converter`. It is strict on purpose: a number where text is expected, a string where a list
is expected or a key the model does not know are errors, not silent conversions, and each error
is reported with its key path (``profiles[3].channel``) by :func:`describe_errors`.

>>> from govsm.model import Bilingual
>>> unstructure(Bilingual(es="Hola", en="Hello"))
{'es': 'Hola', 'en': 'Hello'}
>>> structure({'es': 'Hola', 'en': 'Hello'}, Bilingual)
Bilingual(es='Hola', en='Hello')
"""

from __future__ import annotations

import difflib
import enum
import math
import typing
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from typing import Any, Optional, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_unstructure_fn, override

from govsm.errors import ModelError
from govsm.model.bilingual import Bilingual
from govsm.model.finding import Finding, Span
from govsm.model.manual import LocalizedText
from govsm.model.message import Message
from govsm.model.organisation import Organisation
from govsm.model.policy import ParamValue, Policy, Severity
from govsm.model.profile import CredentialRef, Profile

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""The converter. Use :func:`structure` and :func:`unstructure` rather than calling it directly."""


def _type_error(expected_es: str, expected_en: str, value: Any) -> ModelError:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ModelError(
        f"se esperaba {expected_es}, no {_kind_es(value)} ({shown})",
        f"expected {expected_en}, not {_kind_en(value)} ({shown})",
    )


def _kind_en(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _kind_es(value: Any) -> str:
    return {
        bool: "un booleano",
        int: "un entero",
        float: "un número",
        str: "un texto",
        list: "una lista",
        dict: "una tabla",
    }.get(type(value), type(value).__name__)


def _structure_str(value: Any, cls: type) -> str:
    if type(value) is str and cls is str:  # the common case first: stored text is read a lot
        return value
    if _is_enum(cls):  # StrEnums dispatch here first, because str precedes Enum in their MRO
        return _structure_enum(value, cls)  # type: ignore[return-value]
    if not isinstance(value, str):
        raise _type_error("un texto", "text", value)
    return value


def _structure_optional_str(value: Any, _: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    return _structure_str(value, str)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error("un entero", "an integer", value)
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _type_error("un número", "a number", value)
    if not math.isfinite(value):
        raise _type_error("un número finito", "a finite number", value)
    return float(value)


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _type_error("true o false", "true or false", value)
    return value


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _type_error(
        "una fecha y hora ISO 8601 con zona (2026-05-04T10:00:00+02:00)",
        "an ISO 8601 datetime with offset (2026-05-04T10:00:00+02:00)",
        value,
    )


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _type_error("una fecha (2026-05-04)", "a date (2026-05-04)", value)


def _structure_time(value: Any, _: type) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise _type_error("una hora (09:00)", "a time of day (09:00)", value)


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        close = difflib.get_close_matches(str(value), [str(m.value) for m in cls], n=1)
        hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
        hint_en = f" Did you mean '{close[0]}'?" if close else ""
        raise ModelError(
            f"«{value}» no es un valor válido; valores posibles: {allowed}.{hint_es}",
            f"'{value}' is not a valid value; possible values: {allowed}.{hint_en}",
        ) from None


def _is_variadic_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_hook(cls: Any) -> Any:
    item_type = typing.get_args(cls)[0]

    def structure_tuple(value: Any, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _type_error("una lista", "a list", value)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _IndexNote(index)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("invalid items", errors, cls)
        return tuple(items)

    return structure_tuple


class _IndexNote(str):
    """A note that marks which item of a list an error belongs to."""

    position: int

    def __new__(cls, position: int) -> _IndexNote:
        note = super().__new__(cls, f"item {position}")
        note.position = position
        return note


def _structure_param_value(value: Any, _: Any) -> ParamValue:
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    raise _type_error(
        "texto, número, booleano o lista de textos",
        "text, a number, a boolean or a list of texts",
        value,
    )


def _structure_params(value: Any, _: Any) -> dict[str, ParamValue]:
    if not isinstance(value, Mapping):
        raise _type_error("una tabla", "a table", value)
    return {_structure_str(k, str): _structure_param_value(v, None) for k, v in value.items()}


converter.register_structure_hook(str, _structure_str)
# optional texts are most of a finding's and a message's fields: read them without the generic
# union dispatch (about a fifth of reading a stored finding back)
for _optional_text in (str | None, Optional[str]):  # noqa: UP045 (both spellings occur)
    converter.register_structure_hook(_optional_text, _structure_optional_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(float, _structure_float)
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook(datetime, _structure_datetime)
converter.register_structure_hook(date, _structure_date)
converter.register_structure_hook(time, _structure_time)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_unstructure_hook(time, time.isoformat)
converter.register_structure_hook_func(_is_enum, _structure_enum)
converter.register_unstructure_hook_func(_is_enum, lambda member: member.value)
converter.register_structure_hook_factory(_is_variadic_tuple, _make_tuple_hook)
converter.register_structure_hook_func(lambda t: t == Mapping[str, ParamValue], _structure_params)
converter.register_unstructure_hook_func(lambda t: t == Mapping[str, ParamValue], dict)
converter.register_structure_hook(
    CredentialRef, lambda value, _: CredentialRef(_structure_str(value, str))
)
converter.register_unstructure_hook(CredentialRef, lambda ref: ref.ref)
converter.register_structure_hook(LocalizedText, lambda value, _: LocalizedText.from_data(value))
converter.register_unstructure_hook(LocalizedText, LocalizedText.to_data)
# Fields added to a stored class after its first release are left out of its document while
# unset, so a document written before them is still equal to the one written now: reloading an
# old store does not rewrite every row.
converter.register_unstructure_hook(
    Message,
    make_dict_unstructure_fn(
        Message,
        converter,
        url=override(omit_if_default=True),
        reply_to_remote=override(omit_if_default=True),
        counted_range=override(omit_if_default=True),
        appended_links=override(omit_if_default=True),
        original_author=override(omit_if_default=True),
    ),
)
converter.register_unstructure_hook(
    Organisation,
    make_dict_unstructure_fn(Organisation, converter, phones=override(omit_if_default=True)),
)
converter.register_unstructure_hook(
    Profile,
    make_dict_unstructure_fn(Profile, converter, long_posts=override(omit_if_default=True)),
)
converter.register_unstructure_hook(
    Policy,
    make_dict_unstructure_fn(
        Policy,
        converter,
        posting_windows=override(omit_if_default=True),
        publishing_limits=override(omit_if_default=True),
        local_holidays=override(omit_if_default=True),
    ),
)


# Findings are read back by the thousand (kept check results, a run's findings for its reports):
# one written by govsm — every field present, each of the type it writes — is built directly,
# its validators still run; anything else goes through the generated hook, with its errors.
_structure_finding_generally = converter.get_structure_hook(Finding)
_FINDING_KEYS = frozenset(field.name for field in attrs.fields(Finding))
_OPTIONAL_TEXTS = ("subject", "reference", "policy_version", "waived_by", "waiver_reason")


def _plain_bilingual(value: Any) -> Bilingual | None:
    if type(value) is dict and len(value) == 2:
        es, en = value.get("es"), value.get("en")
        if type(es) is str and type(en) is str:
            return Bilingual(es=es, en=en)
    return None


def _plain_finding(value: Any) -> Finding | None:
    """``value`` as a :class:`Finding` if it is one as govsm writes it, else ``None``."""
    if type(value) is not dict or value.keys() != _FINDING_KEYS:
        return None
    rule, severity, redact = value["rule"], Severity.named(value["severity"]), value["redact"]
    if type(rule) is not str or severity is None or type(redact) is not bool:
        return None
    if any(not (value[name] is None or type(value[name]) is str) for name in _OPTIONAL_TEXTS):
        return None
    message = _plain_bilingual(value["message"])
    suggestion = value["suggestion"]
    if suggestion is not None:
        suggestion = _plain_bilingual(suggestion)
        if suggestion is None:
            return None
    span = value["span"]
    if span is not None:
        if type(span) is not dict or len(span) != 2:
            return None
        start, end = span.get("start"), span.get("end")
        if type(start) is not int or type(end) is not int:
            return None
        span = Span(start, end)
    if message is None:
        return None
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        subject=value["subject"],
        span=span,
        suggestion=suggestion,
        reference=value["reference"],
        policy_version=value["policy_version"],
        waived_by=value["waived_by"],
        waiver_reason=value["waiver_reason"],
        redact=redact,
    )


def _structure_finding(value: Any, cls: type) -> Finding:
    try:
        found = _plain_finding(value)
    except ModelError:  # a validator refused it: the general hook says where
        found = None
    return found if found is not None else _structure_finding_generally(value, cls)


converter.register_structure_hook(Finding, _structure_finding)


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from plain data (dicts, lists, strings, numbers)."""
    return converter.structure(data, cls)


def unstructure(obj: Any) -> Any:
    """Turn a model object into plain data that JSON, TOML and the store can hold."""
    return converter.unstructure(obj)


@attrs.frozen
class ErrorDetail:
    """One problem found while structuring data: where, and what, in Spanish and English."""

    path: str
    es: str
    en: str


def describe_errors(exc: BaseException, path: str = "") -> list[ErrorDetail]:
    """Flatten a converter error into one :class:`ErrorDetail` per problem, with key paths.

    ``path`` is the key path of the value that was being structured (empty for the root).
    Unknown keys get a did-you-mean suggestion from the field names the class knows.
    """
    return list(_walk(exc, path))


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


def _walk(exc: BaseException, path: str) -> Iterator[ErrorDetail]:
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
            hint_en = f" Did you mean '{close[0]}'?" if close else ""
            yield ErrorDetail(
                _join(path, key),
                f"clave desconocida «{key}».{hint_es} Claves válidas: {', '.join(known)}",
                f"unknown key '{key}'.{hint_en} Valid keys: {', '.join(known)}",
            )
        return
    if isinstance(exc, ClassValidationError | IterableValidationError | ExceptionGroup):
        for sub in exc.exceptions:
            yield from _walk(sub, _join_from_notes(sub, path))
        return
    if isinstance(exc, ModelError):
        yield ErrorDetail(_join(path, exc.field) if exc.field else path, exc.es, exc.en)
        return
    if isinstance(exc, KeyError):
        yield ErrorDetail(path, "falta este campo obligatorio", "this required field is missing")
        return
    if isinstance(exc, TypeError) and "required" in str(exc) and "argument" in str(exc):
        yield ErrorDetail(
            path,
            f"falta un campo obligatorio ({exc})",
            f"a required field is missing ({exc})",
        )
        return
    yield ErrorDetail(path, f"valor no válido: {exc}", f"invalid value: {exc}")


def _join_from_notes(exc: BaseException, path: str) -> str:
    for note in getattr(exc, "__notes__", []):
        name = getattr(note, "name", None)
        if isinstance(name, str):
            return _join(path, name)
        # cattrs' own notes carry ``index``; ours carry ``position`` (str already has .index)
        index = getattr(note, "position", None)
        if not isinstance(index, int):
            index = getattr(note, "index", None)
        if isinstance(index, int):
            return _join(path, index)
    return path
