"""Each network's media specifications, read from ``media/data/media-specs.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

from attrs import frozen

from govsm.model import Channel, MediaKind


@frozen
class KindSpec:
    """What a network accepts for one kind of attachment (``None``: not checked)."""

    formats: frozenset[str] | None = None
    max_bytes: int | None = None
    min_width: int | None = None
    min_height: int | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None


@frozen
class ProfileImageSpec:
    """The profile picture or banner a network recommends (``None``: not checked)."""

    width: int | None = None
    height: int | None = None
    aspect: float | None = None
    formats: frozenset[str] | None = None
    max_bytes: int | None = None


@frozen
class NetworkMedia:
    """A network's media specifications, read from ``media-specs.toml``."""

    channel: str
    image: KindSpec | None = None
    gif: KindSpec | None = None
    video: KindSpec | None = None
    avatar: ProfileImageSpec | None = None
    header: ProfileImageSpec | None = None
    alone: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    notes: str | None = None
    uncertain: frozenset[str] = frozenset()

    def for_kind(self, kind: MediaKind) -> KindSpec | None:
        """The specification for an attachment of ``kind`` (a GIF falls back to images)."""
        if kind is MediaKind.IMAGE:
            return self.image
        if kind is MediaKind.GIF:
            return self.gif or self.image
        if kind is MediaKind.VIDEO:
            return self.video
        return None


def _int(table: Mapping[str, object], key: str) -> int | None:
    value = table.get(key)
    return int(value) if isinstance(value, int) else None


def _float(table: Mapping[str, object], key: str) -> float | None:
    value = table.get(key)
    return float(value) if isinstance(value, int | float) else None


def _formats(table: Mapping[str, object]) -> frozenset[str] | None:
    value = table.get("formats")
    if not isinstance(value, list):
        return None
    return frozenset(str(item).lower() for item in value)


def _kind_spec(table: object) -> KindSpec | None:
    if not isinstance(table, dict):
        return None
    return KindSpec(
        formats=_formats(table),
        max_bytes=_int(table, "max_bytes"),
        min_width=_int(table, "min_width"),
        min_height=_int(table, "min_height"),
        min_aspect=_float(table, "min_aspect"),
        max_aspect=_float(table, "max_aspect"),
    )


def _profile_image_spec(table: object) -> ProfileImageSpec | None:
    if not isinstance(table, dict):
        return None
    return ProfileImageSpec(
        width=_int(table, "width"),
        height=_int(table, "height"),
        aspect=_float(table, "aspect"),
        formats=_formats(table),
        max_bytes=_int(table, "max_bytes"),
    )


def _data_text(name: str) -> str:
    return resources.files("govsm.media").joinpath("data", name).read_text(encoding="utf-8")


@cache
def media_specs() -> Mapping[str, NetworkMedia]:
    """Every network's media specifications, by channel id (read once)."""
    data = tomllib.loads(_data_text("media-specs.toml"))
    specs: dict[str, NetworkMedia] = {}
    for channel, table in data.items():
        if not isinstance(table, dict):
            continue
        specs[channel] = NetworkMedia(
            channel=channel,
            image=_kind_spec(table.get("image")),
            gif=_kind_spec(table.get("gif")),
            video=_kind_spec(table.get("video")),
            avatar=_profile_image_spec(table.get("avatar")),
            header=_profile_image_spec(table.get("header")),
            alone=frozenset(str(k) for k in table.get("alone", [])),
            sources=tuple(str(s) for s in table.get("sources", [])),
            notes=str(table["notes"]) if "notes" in table else None,
            uncertain=frozenset(str(k) for k in table.get("uncertain", [])),
        )
    return specs


def network_media(channel: Channel | None) -> NetworkMedia | None:
    """The media specifications of ``channel``, if govsm knows them."""
    return media_specs().get(channel.id) if channel is not None else None
