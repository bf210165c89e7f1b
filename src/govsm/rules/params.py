"""Reading a rule's parameters defensively.

A policy is hand-written TOML: a value of the wrong type falls back to the rule's default rather
than crashing the check — and a workspace whose policy gives one is refused when it is opened
(:func:`param_type_problems`), so it never falls back silently (``govsm doctor`` reports
parameters a rule does not declare).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

from govsm.model.policy import ParamValue, RuleConfig
from govsm.serialization import ErrorDetail
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

_T = TypeVar("_T")

# ---------------------------------------------------------------------------------------------
# Parameters: a policy is hand-written TOML; a wrong type falls back to the rule's default
# rather than crashing the check.
# ---------------------------------------------------------------------------------------------


def int_param(context: RuleContext, name: str, default: int) -> int:
    """The integer parameter ``name`` (its default when missing or not an integer)."""
    value = context.params.get(name, default)
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def float_param(context: RuleContext, name: str, default: float) -> float:
    """The number parameter ``name`` (its default when missing or not a finite number)."""
    value = context.params.get(name, default)
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return default
    else:
        return default
    return number if math.isfinite(number) else default


def str_param(context: RuleContext, name: str, default: str) -> str:
    """The text parameter ``name`` (its default when missing or not text)."""
    value = context.params.get(name, default)
    return value if isinstance(value, str) else default


def bool_param(context: RuleContext, name: str, default: bool) -> bool:
    """The yes/no parameter ``name`` (its default when missing or not a boolean)."""
    value = context.params.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "false", "no"}:
        return value.strip().lower() in {"true", "yes"}
    return default


def list_param(context: RuleContext, name: str) -> tuple[str, ...]:
    """The list-of-text parameter ``name``; a single text counts as a one-item list."""
    return texts(context.params, name)


def texts(params: Mapping[str, ParamValue], name: str) -> tuple[str, ...]:
    """:func:`list_param` over a parameter mapping: blank items and items not text left out."""
    value = params.get(name, [])
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str) and item.strip())
    return ()


# Readers over a parameter mapping (``context.params``, or params resolved for a profile check).


def text_list(
    params: Mapping[str, ParamValue], name: str, default: Sequence[str] = ()
) -> list[str]:
    """A list-of-text parameter as given (a single text is a one-item list); ``default`` else."""
    value = params.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return list(default)


def nonblank_text_list(params: Mapping[str, ParamValue], name: str) -> list[str]:
    """Like :func:`text_list` with no default, but an empty single text means no items."""
    value = params.get(name, [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(item) for item in value] if isinstance(value, list) else []


def whole_number(params: Mapping[str, ParamValue], name: str) -> int:
    """A number parameter truncated to an integer; 0 when missing, boolean or not a number."""
    value = params.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(value)


def number(params: Mapping[str, ParamValue], name: str, default: float = 0.0) -> float:
    """A number parameter as a float; ``default`` when missing, boolean or not a number."""
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


# Reading once per configuration instead of once per message.


def _copied(params: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    """A copy of ``params`` that later changes to it (or to its lists) do not reach."""
    return {
        name: list(value) if isinstance(value, list) else value for name, value in params.items()
    }


class Prepared(Generic[_T]):
    """What a rule reads from its parameters (and the objects it names), read once.

    The engine gives every message of a profile and channel the same parameter mapping; a rule
    wraps the reading of its parameters in one of these and gets, for each further message,
    what it read the first time. An entry is found by the identity of the mapping and of the
    other objects given (a profile, a snapshot), which it keeps alive so that no other object
    can take their identity, and it is used only while the mapping still holds what it held
    (one comparison, in C): a mapping changed in place is read again — unless a value was
    replaced by an equal one of another type (``1`` by ``1.0``).

    :param read: reads the parameters (and the objects) into what the rule uses; it must
        depend on nothing else, and what it returns is shared by every message: the rule must
        not change it.
    :param size: how many configurations are kept; all are forgotten when there are more.
    """

    def __init__(self, read: Callable[..., _T], size: int = 256) -> None:
        self._read = read
        self._size = size
        self._entries: dict[
            tuple[int, ...] | int,
            tuple[Mapping[str, ParamValue], dict[str, ParamValue], tuple[object, ...], _T],
        ] = {}

    def __call__(self, params: Mapping[str, ParamValue], *others: object) -> _T:
        """What ``read(params, *others)`` returns, read again only for a new configuration."""
        key = (id(params), *map(id, others)) if others else id(params)
        entry = self._entries.get(key)
        if entry is not None and entry[1] == params:
            return entry[3]
        value = self._read(params, *others)
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[key] = (params, _copied(params), others, value)
        return value


def _kind(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    return "text"


_KIND_NAMES = {
    "bool": ("verdadero o falso", "true or false"),
    "number": ("un número", "a number"),
    "list": ("una lista de textos", "a list of texts"),
    "text": ("un texto", "a text"),
}


def param_type_problems(
    configs: Sequence[RuleConfig], rules: Mapping[str, Rule]
) -> list[ErrorDetail]:
    """Each configured parameter whose value is not of the kind its rule's default is.

    A rule reads a parameter of the wrong kind (``min_length = "abc"``) as if it were absent, so
    the policy would silently not apply; the workspace refuses it instead, naming the key path
    (``policy.rules[2].params.min_length``). Unknown rules and parameters are left to
    ``govsm doctor``.
    """
    problems: list[ErrorDetail] = []
    for index, config in enumerate(configs):
        rule = rules.get(config.id)
        if rule is None:
            continue
        for name, value in sorted(config.params.items()):
            if name not in rule.params:
                continue
            expected = _kind(rule.params[name])
            ok = _kind(value) == expected
            if ok and expected == "list":
                ok = all(isinstance(item, str) for item in value)  # type: ignore[union-attr]
            if not ok:
                es, en = _KIND_NAMES[expected]
                problems.append(
                    ErrorDetail(
                        f"policy.rules[{index}].params.{name}",
                        f"la regla «{config.id}» espera {es} en «{name}», no {value!r}",
                        f"rule '{config.id}' expects {en} for '{name}', not {value!r}",
                    )
                )
    return problems
