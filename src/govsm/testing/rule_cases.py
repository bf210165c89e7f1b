"""Rule test cases as data: a TOML file of messages and the findings a rule must (not) give.

Built-in and third-party rules share this format and runner (as sqlfluff's rules do)::

    [[case]]
    name = "tweet over 280"
    rule = "length"
    network = "x"
    text = "..."
    expect = [{ start = 280, end = 301 }]   # spans in code points; [] means "no finding"

The message a case makes:

``rule``
    the rule under test; it runs alone, and enabled even when it is off by default.
``text``
    the message's text; ``repeat`` repeats it this many times.
``name``
    what the case shows (by default the file's stem and the case's index: ``links[3]``).
``network``, ``lang``
    the channel's id and the message's declared language (both optional).
``state``
    ``published`` (the default) or ``draft``: a draft is judged as what its author will
    publish (the ordinary length limit, the whole text), a published post as what the network
    showed.
``profile``, ``day``
    the message's profile and its publication day (``2027-04-20``; 2026-11-20 by default);
    with a ``snapshot`` given to :func:`run_case`, the organisation's policy then configures
    the rule for that profile.
``params``
    a table overriding the rule's parameters; ``{tmp}`` in a string value stands for the
    ``folder`` given to :func:`run_case` (e.g. ``params = { root = "{tmp}" }``).
``media``
    the message's attachments, a list of tables of :class:`~govsm.model.Media` fields
    (``media = [{ kind = "image", location = "cartell.jpg", alt_text = "..." }]``).
``files``
    files :func:`make_file` writes under ``folder`` before the check
    (``files = [{ path = "media/a.jpg", format = "JPEG", width = 1080, height = 1350 }]``).

What the rule must find (:func:`mismatches` checks every key given, and that no other rule
found anything):

``expect``
    the spans of its findings, in order (``[]``: no finding).
``count``
    the number of its findings, when spans are not worth listing (media findings have none).
``severity``
    the severity of every finding.
``contains``
    a piece of every finding's English message.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen
from PIL import Image

from govsm.model import (
    Channel,
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    RuleConfig,
)
from govsm.model.policy import ParamValue
from govsm.rules.engine import Checker, CheckResult
from govsm.spec.rule import Rule

FOLDER = "{tmp}"
"""What a string parameter of a case writes for the folder given to :func:`run_case`."""

_ORIENTATION = 0x0112  # the EXIF tag


@frozen
class RuleCase:
    """One case of a cases file.

    :param name: what the case shows.
    :param data: the case's table, with the keys the module describes.
    """

    name: str
    data: Mapping[str, Any]

    @property
    def rule(self) -> str:
        """The rule under test."""
        return str(self.data["rule"])


def load_cases(path: Path) -> list[RuleCase]:
    """Read the ``[[case]]`` tables of a TOML file.

    :param path: the cases file; its other tables are left alone.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        RuleCase(name=str(case.get("name", f"{path.stem}[{i}]")), data=case)
        for i, case in enumerate(data.get("case", []))
    ]


def make_file(folder: Path, spec: Mapping[str, Any]) -> Path:
    """Write the file one entry of a case's ``files`` describes, and return its path.

    The entry's ``path`` is relative to ``folder`` (missing folders are made). With ``raw``, the
    file holds that text: one byte per character when every character is below U+0100 (so
    TOML's escapes can write a binary header), UTF-8 otherwise. Without it, the file is an image
    made with Pillow: ``width`` × ``height`` pixels in ``format`` (``"PNG"`` by default), of one
    colour, or of random pixels with ``noise = true`` (a file that does not compress);
    ``orientation`` records that EXIF rotation, and ``truncate = true`` keeps only the first
    half of the file's bytes.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> make_file(folder, {"path": "media/horari.png", "raw": "not an image"}).read_bytes()
    b'not an image'
    >>> spec = {"path": "media/a.jpg", "format": "JPEG", "width": 40, "height": 30}
    >>> path = make_file(folder, spec)
    >>> with Image.open(path) as image:
    ...     image.format, image.size
    ('JPEG', (40, 30))

    :param folder: the folder the entry's path is relative to.
    :param spec: the entry.
    """
    path = folder / str(spec["path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    if "raw" in spec:
        raw = str(spec["raw"])
        latin = all(ord(character) < 256 for character in raw)
        path.write_bytes(raw.encode("latin-1") if latin else raw.encode())
        return path
    size = (int(spec["width"]), int(spec["height"]))
    if spec.get("noise"):
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (200, 40, 30))
    options: dict[str, Any] = {}
    if "orientation" in spec:
        exif = Image.Exif()
        exif[_ORIENTATION] = int(spec["orientation"])
        options["exif"] = exif
    image.save(path, format=str(spec.get("format", "PNG")), **options)
    if spec.get("truncate"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return path


def _params(case: RuleCase, folder: Path | None) -> dict[str, ParamValue]:
    params: dict[str, ParamValue] = {}
    for key, value in case.data.get("params", {}).items():
        if isinstance(value, str) and FOLDER in value:
            if folder is None:
                raise ValueError(f"{case.name}: its parameter {key} needs run_case's folder")
            value = value.replace(FOLDER, str(folder))
        params[key] = value
    return params


def run_case(
    case: RuleCase,
    rules: Mapping[str, Rule],
    channels: Mapping[str, Channel],
    snapshot: OrganisationSnapshot | None = None,
    *,
    folder: Path | None = None,
) -> CheckResult:
    """Check the case's message with only its rule enabled and its parameters applied.

    :param case: the case.
    :param rules: the installed rules, by id (``PluginHost.rules()``).
    :param channels: the installed channels, by id (``PluginHost.channels()``).
    :param snapshot: the organisation whose policy configures the rule (for cases that name a
        ``profile``); ``None`` runs the rule with its defaults.
    :param folder: where the case's ``files`` are written and what ``{tmp}`` in its parameters
        stands for (a test's ``tmp_path``).
    :raises ValueError: when the case writes files or names ``{tmp}`` and no folder is given.
    """
    data = case.data
    if data.get("files"):
        if folder is None:
            raise ValueError(f"{case.name}: its files need run_case's folder")
        for spec in data["files"]:
            make_file(folder, spec)
    # the rule under test runs even when it is off by default
    rule = attrs.evolve(rules[case.rule], enabled_by_default=True)
    if "params" in data:
        rule = attrs.evolve(rule, params={**rule.params, **_params(case, folder)})
    if snapshot is not None and snapshot.policy is not None:
        # the case's rule only: disable every other rule the policy enables
        policy = attrs.evolve(
            snapshot.policy,
            rules=(
                *[
                    attrs.evolve(c, enabled=True)
                    for c in snapshot.policy.rules
                    if c.id == case.rule and "params" not in data
                ],
                *[RuleConfig(id=r, enabled=False) for r in rules if r != case.rule],
            ),
        )
        snapshot = attrs.evolve(snapshot, policy=policy)
    organisation = snapshot.organisation.id if snapshot else "cases"
    day = date.fromisoformat(data["day"]) if "day" in data else date(2026, 11, 20)
    moment = datetime.combine(day, time(10), tzinfo=UTC)
    media = tuple(
        Media(**{**item, "kind": MediaKind(item["kind"])}) for item in data.get("media", [])
    )
    state = str(data.get("state", "published"))
    if state not in ("published", "draft"):
        raise ValueError(f"{case.name}: state must be 'published' or 'draft', not {state!r}")
    message = Message(
        organisation=organisation,
        id="case",
        profile=str(data.get("profile", "case-profile")),
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState(state),
        text=str(data["text"]) * int(data.get("repeat", 1)),
        language=data.get("lang"),
        media=media,
        created_at=moment,
        published_at=moment if state == "published" else None,
    )
    checker = Checker({case.rule: rule}, channels, snapshot)
    channel = channels[data["network"]] if "network" in data else None
    return checker.check(message, channel)


def mismatches(case: RuleCase, result: CheckResult) -> Iterator[str]:
    """What differs between the case's expectations and the result (nothing when it passes).

    :param case: the case.
    :param result: what :func:`run_case` returned for it.
    """
    found = [f for f in result.findings if f.rule == case.rule]
    data = case.data
    if "expect" in data:
        expected = [(int(e["start"]), int(e["end"])) for e in data["expect"]]
        got = [(f.span.start, f.span.end) if f.span else (-1, -1) for f in found]
        if got != expected:
            yield f"{case.name}: spans {got}, expected {expected}"
    if "count" in data and len(found) != int(data["count"]):
        yield f"{case.name}: {len(found)} findings, expected {data['count']}"
    if "severity" in data:
        wrong = [f.severity.value for f in found if f.severity.value != data["severity"]]
        if wrong:
            yield f"{case.name}: severities {wrong}, expected {data['severity']}"
    if "contains" in data:
        piece = str(data["contains"])
        lacking = [f.message.en for f in found if piece not in f.message.en]
        if lacking:
            yield f"{case.name}: messages {lacking} do not contain {piece!r}"
    other = [f.rule for f in result.findings if f.rule != case.rule]
    if other:
        yield f"{case.name}: unexpected findings of {other}"
