"""The bundled example workspace (examples/soldeneu): reproducible, and valid against the model."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govsm.model import (
    Direction,
    LifecycleState,
    Message,
    MessageKind,
    Organisation,
    Person,
    Policy,
    Profile,
    RoleAssignment,
    ScopeKind,
    Unit,
)
from govsm.serialization import structure, unstructure
from tests.paths import EXAMPLE

ORG = "ajuntament-soldeneu"
#: the day the example is set on (generate.py's TODAY)
TODAY = date(2026, 11, 20)


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE / "generate.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )


def generated_files(root: Path) -> dict[str, bytes]:
    paths = sorted([*root.glob("history/*.jsonl"), *root.glob("drafts/*.md")])
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in paths}


def read_draft(path: Path) -> dict[str, Any]:
    """A draft as Message data: front matter, defaults, and the body as text."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    assert lines[0] == "+++", f"{path.name}: no front matter"
    end = lines.index("+++", 1)
    front = tomllib.loads("\n".join(lines[1:end]))
    body = "\n".join(lines[end + 1 :])
    text = body[:-1] if body.endswith("\n") else body
    return {
        "organisation": ORG,
        "direction": "outbound",
        "kind": "post",
        "state": "draft",
        **front,
        "text": text,
    }


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    with (EXAMPLE / "govsm.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def history() -> list[Message]:
    messages = []
    for path in sorted((EXAMPLE / "history").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            messages.append(structure({"organisation": ORG, **json.loads(line)}, Message))
    return messages


@pytest.fixture(scope="module")
def drafts() -> list[Message]:
    paths = sorted((EXAMPLE / "drafts").glob("*.md"))
    return [structure(read_draft(path), Message) for path in paths]


def compact(value: Any) -> Any:
    """Plain data without the keys left at their default (None, empty list, False)."""
    if isinstance(value, dict):
        return {
            key: compact(item)
            for key, item in value.items()
            if item is not None and item is not False and item != [] and item != {}
        }
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def with_org(table: dict[str, Any]) -> dict[str, Any]:
    return {"organisation": ORG, **table}


class TestSoldeneuExample:
    def test_generator_reproduces_committed_files(self, tmp_path: Path) -> None:
        """Running generate.py into an empty folder writes the committed files, byte for byte."""
        run_generator("--out", str(tmp_path))
        committed = generated_files(EXAMPLE)
        assert committed, "the example has no generated files"
        assert generated_files(tmp_path) == committed

    def test_history_lines_structure_into_messages(self) -> None:
        """Every history line is a Message, written as unstructure does, defaults left out."""
        for path in sorted((EXAMPLE / "history").glob("*.jsonl")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                data = json.loads(line)
                message = structure({"organisation": ORG, **data}, Message)
                again = compact(json.loads(json.dumps(unstructure(message))))
                del again["organisation"]
                assert again == data, f"{path.name}:{number}"
                assert message.profile == path.stem, f"{path.name}:{number}"

    def test_drafts_structure_into_messages(self, drafts: list[Message]) -> None:
        """Every draft is an outbound Message whose id is its file name."""
        names = sorted(path.stem for path in (EXAMPLE / "drafts").glob("*.md"))
        assert sorted(message.id for message in drafts) == names
        assert all(message.direction is Direction.OUTBOUND for message in drafts)
        assert all(message.published_at is None for message in drafts)

    def test_config_tables_structure_into_the_model(self, config: dict[str, Any]) -> None:
        """The organisation, units, people, roles, profiles and policy of govsm.toml are valid."""
        organisation = structure(config["organisation"], Organisation)
        assert organisation.id == ORG
        assert config["format"] == 1
        for key, cls in (
            ("units", Unit),
            ("people", Person),
            ("roles", RoleAssignment),
            ("profiles", Profile),
        ):
            assert config[key], f"no [[{key}]]"
            for table in config[key]:
                structure(with_org(table), cls)
        structure(with_org(config["policy"]), Policy)

    def test_config_cross_references_resolve(self, config: dict[str, Any]) -> None:
        """Units, people, roles, profiles and the policy only name things that exist."""
        units = {t["id"]: structure(with_org(t), Unit) for t in config["units"]}
        people = {t["id"]: structure(with_org(t), Person) for t in config["people"]}
        profiles = {t["id"]: structure(with_org(t), Profile) for t in config["profiles"]}
        roles = [structure(with_org(t), RoleAssignment) for t in config["roles"]]
        policy = structure(with_org(config["policy"]), Policy)
        for unit in units.values():
            assert unit.head is None or unit.head in people, unit.id
            assert unit.parent is None or unit.parent in units, unit.id
        for person in people.values():
            assert person.unit is None or person.unit in units, person.id
        for profile in profiles.values():
            assert profile.unit in units, profile.id
            assert profile.channel in config["channels"], profile.id
            assert profile.responsible, profile.id
            assert all(p in people for p in profile.responsible), profile.id
        for role in roles:
            assert role.person in people, role
            if role.scope is ScopeKind.UNIT:
                assert role.target in units, role
            elif role.scope is ScopeKind.PROFILE:
                assert role.target in profiles, role
        assert policy.coordinating_unit in units
        for rule in policy.rules:
            if rule.scope is ScopeKind.UNIT:
                assert rule.target in units, rule.id
            elif rule.scope is ScopeKind.PROFILE:
                assert rule.target in profiles, rule.id

    def test_messages_refer_to_known_profiles_people_and_messages(
        self, config: dict[str, Any], history: list[Message], drafts: list[Message]
    ) -> None:
        """Message ids are unique; profiles, reply_to and outbound authors resolve."""
        profiles = {table["id"] for table in config["profiles"]}
        people = {table["id"] for table in config["people"]}
        ids = [message.id for message in [*history, *drafts]]
        assert len(ids) == len(set(ids))
        known = set(ids)
        for message in [*history, *drafts]:
            assert message.profile in profiles, message.id
            assert message.reply_to is None or message.reply_to in known, message.id
            if message.direction is Direction.OUTBOUND:
                assert message.author in people, message.id

    def test_profiles_with_history_match_their_lifecycle(
        self, config: dict[str, Any], history: list[Message]
    ) -> None:
        """Active profiles posted recently, except the dormant library page the example plants."""
        last: dict[str, date] = {}
        for message in history:
            if message.published_at is not None and message.kind is MessageKind.POST:
                day = message.published_at.date()
                last[message.profile] = max(day, last.get(message.profile, day))
        dormant = config["policy"]["dormant_after_days"]
        for table in config["profiles"]:
            profile = structure(with_org(table), Profile)
            assert profile.id in last, f"{profile.id} has no history"
            idle = (TODAY - last[profile.id]).days
            if profile.id == "facebook-biblioteca":
                assert idle > 120, idle
            elif profile.state is LifecycleState.ACTIVE:
                assert idle <= dormant, (profile.id, idle)
            else:
                assert last[profile.id] <= profile.state_since, profile.id

    def test_readme_lists_every_planted_mistake(self) -> None:
        """README.md names every message that generate.py marks as a deliberate mistake."""
        listed = run_generator("--list-mistakes").stdout.splitlines()
        assert listed
        readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
        missing = [line.split("\t")[0] for line in listed if line.split("\t")[0] not in readme]
        assert not missing
