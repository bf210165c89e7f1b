"""The catalogue of networks Spanish public bodies use, or used, read from a data file.

The catalogue is ``govsm/channels/data/catalogue.toml``, shipped in the package: one table per
channel, named by its id, holding the fields of :class:`~govsm.model.Channel` with its limits,
text rules, sources and notes. Limits there are the networks' published ones; per-network text
counting (:mod:`govsm.text`) refines how the length is measured from those numbers. The file is
read once, on import, with govsm's converter (:mod:`govsm.serialization`), so a key or a value the
model does not accept is an error naming the channel and the key.
"""

from __future__ import annotations

import tomllib
from importlib import resources

from govsm.errors import ModelError
from govsm.model import Channel
from govsm.serialization import ErrorDetail, describe_errors, structure

#: the catalogue's place in the package, as error messages name it
CATALOGUE_FILE = "govsm/channels/data/catalogue.toml"


def read_catalogue(text: str, where: str) -> tuple[Channel, ...]:
    """Read a catalogue of channels written in TOML: one table per channel, named by its id.

    A channel's table holds the fields of :class:`~govsm.model.Channel` but ``id`` (the table's
    name); a field left out takes its default.

    :param text: the TOML document.
    :param where: what error messages name as the catalogue (its file).
    :return: the channels, in the order of their tables.
    :raises ModelError: the document is not TOML, or a table does not describe a channel; the
        message names every problem with its channel and key (``x.limits.text``).

    >>> [(c.id, c.name) for c in read_catalogue('blog = {name = "Blog"}', "example.toml")]
    [('blog', 'Blog')]
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(
            f"{where}: el catálogo de canales no es TOML válido ({exc})",
            f"{where}: the channel catalogue is not valid TOML ({exc})",
        ) from None
    channels: list[Channel] = []
    problems: list[ErrorDetail] = []
    for key, table in data.items():
        if not isinstance(table, dict):
            problems.append(
                ErrorDetail(key, "se esperaba una tabla (un canal)", "expected a table (a channel)")
            )
        elif "id" in table:
            problems.append(
                ErrorDetail(
                    f"{key}.id",
                    "el id de un canal es el nombre de su tabla: no lo repita",
                    "a channel's id is the name of its table: do not repeat it",
                )
            )
        else:
            try:
                channels.append(structure({"id": key, **table}, Channel))
            except Exception as exc:
                problems.extend(describe_errors(exc, key))
    if problems:
        raise ModelError(
            f"{where}: el catálogo de canales no es válido: "
            + "; ".join(f"{problem.path}: {problem.es}" for problem in problems),
            f"{where}: the channel catalogue is not valid: "
            + "; ".join(f"{problem.path}: {problem.en}" for problem in problems),
        )
    return tuple(channels)


#: govsm's built-in channels, in the catalogue's order (the built-in plugin declares them)
CHANNELS: tuple[Channel, ...] = read_catalogue(
    resources.files("govsm.channels").joinpath("data", "catalogue.toml").read_text("utf-8"),
    CATALOGUE_FILE,
)
