"""Every heading and label of the manual, in Valencian, Spanish and English.

The manual is shown in one language at a time and never mixes them: each label exists in all
three (a :class:`Label` cannot be built otherwise), and asking for a key that does not exist is
an error, not a fallback to another language. Texts from the workspace are the workspace's
(:class:`~govsm.model.LocalizedText`).

The labels live in a data file shipped with the package, ``govsm/manual/data/labels.toml``, one
table per key with a text per language, so translators edit TOML rather than Python. It is read
on first use and checked as a whole (:func:`parse_labels`): a key without one of the languages,
with a language the manual does not have, or declared twice stops govsm with an error naming
the key.

>>> Labels("ca-valencia")("section.crisis")
'Protocol de crisi'
>>> Labels("es")("flow.tier", n=2)
'Aprobación 2'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

from attrs import field, frozen

from govsm.errors import GovsmError
from govsm.manual.refs import ProfileRef
from govsm.model import Channel
from govsm.model import _validate as v

#: the languages the manual can be shown in, in the order ``govsm manual --lang`` lists them
SUPPORTED_LANGUAGES: Final = ("ca-valencia", "es", "en")

#: where the labels are, inside the package
LABELS_FILE: Final = "govsm/manual/data/labels.toml"

_HEADER = re.compile(r'^\s*\[\s*(?P<key>"[^"\\]*"|[^\[\]"]+?)\s*\]\s*(?:#.*)?$')
_AT_LINE = re.compile(r"\bat line (?P<line>\d+)\b")


@frozen
class Label:
    """One label in the three languages of the manual."""

    ca_valencia: str = field(validator=v.nonempty_text)
    es: str = field(validator=v.nonempty_text)
    en: str = field(validator=v.nonempty_text)

    def get(self, language: str) -> str:
        """The label in ``language`` (one of :data:`SUPPORTED_LANGUAGES`)."""
        return {"ca-valencia": self.ca_valencia, "es": self.es, "en": self.en}[language]


class LabelFileError(GovsmError):
    """The labels' data file is broken; the message names the label key at fault.

    :param key: the label key, when the fault is in one label.
    :param es: what is wrong, in Spanish.
    :param en: what is wrong, in English.
    """

    def __init__(self, key: str | None, es: str, en: str) -> None:
        self.key = key
        if key is not None:
            es, en = f"etiqueta «{key}»: {es}", f"label '{key}': {en}"
        super().__init__(es, en, where=LABELS_FILE)


@cache
def all_labels() -> Mapping[str, Label]:
    """Every label of the manual, by key, read from :data:`LABELS_FILE` once and checked.

    :raises LabelFileError: when the file is broken (see :func:`parse_labels`).
    """
    data = resources.files("govsm.manual").joinpath("data", "labels.toml")
    return MappingProxyType(parse_labels(data.read_text(encoding="utf-8")))


def parse_labels(text: str) -> dict[str, Label]:
    """The labels a labels file holds, by key, in the file's order.

    :param text: the file's text: one table per key (``["section.crisis"]``) with a non-empty
        text for each of :data:`SUPPORTED_LANGUAGES` and nothing else.
    :raises LabelFileError: naming the key of a table declared twice, of a table missing a
        language, with a language the manual does not have or with an empty text, and the
        label around any other TOML syntax error.
    """
    _refuse_repeated_tables(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        key = _key_around(text, str(error))
        raise LabelFileError(
            key, f"el archivo no es TOML válido: {error}", f"the file is not valid TOML: {error}"
        ) from error
    return {key: _label(key, texts) for key, texts in data.items()}


def _refuse_repeated_tables(text: str) -> None:
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is None:
            continue
        key = header.group("key").strip('"')
        if key in seen:
            raise LabelFileError(
                key,
                f"declarada dos veces (líneas {seen[key]} y {number})",
                f"declared twice (lines {seen[key]} and {number})",
            )
        seen[key] = number


def _key_around(text: str, message: str) -> str | None:
    """The key of the table a TOML error at the line ``message`` names is in."""
    at = _AT_LINE.search(message)
    if at is None:
        return None
    key = None
    for line in text.splitlines()[: int(at.group("line"))]:
        header = _HEADER.match(line)
        if header is not None:
            key = header.group("key").strip('"')
    return key


def _label(key: str, texts: object) -> Label:
    languages = ", ".join(SUPPORTED_LANGUAGES)
    if not isinstance(texts, dict):
        raise LabelFileError(
            key,
            f"debe ser una tabla con un texto por idioma ({languages})",
            f"must be a table with one text per language ({languages})",
        )
    for language, text in texts.items():
        if isinstance(text, dict):
            raise LabelFileError(
                key,
                f"contiene la tabla «{language}»: escriba entre comillas las claves con puntos, "
                f'["{key}.{language}"]',
                f"holds a table '{language}': write keys with dots in quotes, "
                f'["{key}.{language}"]',
            )
        if language not in SUPPORTED_LANGUAGES:
            raise LabelFileError(
                key,
                f"idioma desconocido «{language}» (los del manual son {languages})",
                f"unknown language '{language}' (the manual's are {languages})",
            )
        if not isinstance(text, str) or not text.strip():
            raise LabelFileError(
                key,
                f"el texto en «{language}» debe ser una cadena no vacía",
                f"the text in '{language}' must be a non-empty string",
            )
    missing = [language for language in SUPPORTED_LANGUAGES if language not in texts]
    if missing:
        raise LabelFileError(
            key,
            f"falta el texto en {', '.join(missing)}",
            f"no text in {', '.join(missing)}",
        )
    return Label(ca_valencia=texts["ca-valencia"], es=texts["es"], en=texts["en"])


class Labels:
    """The labels of one language, called like a function: ``t("section.style")``.

    :param language: one of :data:`SUPPORTED_LANGUAGES`.
    :param networks: the declared networks, by id, for their names in ``language``.
    :raises GovsmError: for any other language (exit status 2 on the command line).
    """

    def __init__(self, language: str, networks: Mapping[str, Channel] | None = None) -> None:
        check_language(language)
        self.language = language
        self._labels = all_labels()
        self._networks: Mapping[str, Channel] = networks or {}

    def __call__(self, key: str, **values: object) -> str:
        """The label ``key``, with ``{name}`` placeholders filled from ``values``.

        :raises KeyError: when no label has that key (a bug, never a fallback).
        """
        text = self._labels[key].get(self.language)
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        """Whether a label has the key ``key``."""
        return key in self._labels

    def date(self, day: date) -> str:
        """``day`` written out: ``2 de març de 2026``, ``2 de marzo de 2026``, ``2 March 2026``."""
        return self("date.format", day=day.day, month=self(f"month.{day.month}"), year=day.year)

    def number(self, value: float) -> str:
        """A number as the language writes it: ``1,5`` in Valencian and Spanish, ``1.5``."""
        text = f"{value:g}" if value != int(value) else str(int(value))
        return text if self.language == "en" else text.replace(".", ",")

    def language_name(self, tag: str) -> str:
        """The name of the language ``tag`` (the tag itself when no label names it)."""
        for key in (f"language.{tag}", f"language.{tag.split('-')[0]}"):
            if key in self._labels:
                return self(key)
        return tag

    def network(self, channel_id: str, name: str) -> str:
        """A network's name in the manual's language, as its plugin declares it.

        :param channel_id: the channel's id.
        :param name: the name to show when no declared channel has that id.
        """
        channel = self._networks.get(channel_id)
        return channel.display_name(self.language) if channel is not None else name

    def profile(self, profile: ProfileRef) -> str:
        """``@AjSoldeneu (X (Twitter))``: a profile's account and network."""
        return f"{profile.handle} ({self.network(profile.channel_id, profile.channel)})"

    def objective(self, objective: str) -> str:
        """A profile objective, translated when it is one govsm knows."""
        key = f"objective.{objective.strip().lower()}"
        return self(key) if key in self._labels else objective


def check_language(language: str) -> None:
    """Refuse a language the manual cannot be shown in.

    :raises GovsmError: naming the language and the ones supported.
    """
    if language not in SUPPORTED_LANGUAGES:
        shown = ", ".join(SUPPORTED_LANGUAGES)
        raise GovsmError(
            f"el manual no se puede generar en «{language}»: idiomas disponibles: {shown}",
            f"the manual cannot be generated in '{language}': available languages: {shown}",
        )
