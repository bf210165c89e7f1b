"""Turning one record of an archive into a :class:`~govsm.model.Message`, with a precise error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govsm.errors import ConfigError
from govsm.model import Message
from govsm.serialization import describe_errors, structure


def message_from_mapping(data: Any, organisation: str, where: str) -> Message:
    """Structure ``data`` (a JSON object or front matter) into a message of ``organisation``.

    :param where: the place to name in errors, e.g. ``history/x.jsonl:12``.
    :raises ConfigError: naming ``where`` and the key path of every problem.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"se esperaba un objeto JSON, no {type(data).__name__}",
            f"expected a JSON object, not {type(data).__name__}",
            where=where,
        )
    if "organisation" in data and data["organisation"] != organisation:
        raise ConfigError(
            f"el mensaje pertenece a «{data['organisation']}», no a «{organisation}»",
            f"the message belongs to '{data['organisation']}', not to '{organisation}'",
            where=where,
        )
    try:
        return structure({**data, "organisation": organisation}, Message)
    except RecursionError:
        raise ConfigError(
            "el mensaje está anidado a demasiada profundidad",
            "the message is nested too deep",
            where=where,
        ) from None
    except Exception as exc:
        details = describe_errors(exc)
        es = "; ".join(f"{d.path or 'mensaje'}: {d.es}" for d in details)
        en = "; ".join(f"{d.path or 'message'}: {d.en}" for d in details)
        raise ConfigError(es, en, where=where) from None
