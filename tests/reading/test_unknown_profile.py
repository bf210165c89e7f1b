"""A message naming a profile the organisation does not have is a problem at its place."""

from __future__ import annotations

import json
from pathlib import Path

from govsm.builtin.importers.markdown import govsm_importers as markdown_importers
from govsm.model import Message, Profile
from govsm.reading.jsonl import read_jsonl_lines
from govsm.spec.importer import ImportContext, ImportProblem
from govsm.workspace.importing import read_file

ORG = "ajuntament-proves"
PROFILE = Profile(organisation=ORG, id="x-proves", channel="x", handle="@Proves", unit="u")


def _line(ident: str, profile: str) -> str:
    return json.dumps(
        {
            "id": ident,
            "profile": profile,
            "direction": "outbound",
            "kind": "post",
            "state": "published",
            "text": "La piscina obre dissabte.",
            "created_at": "2026-06-01T10:00:00+02:00",
            "published_at": "2026-06-01T10:00:00+02:00",
        }
    )


def test_a_jsonl_line_is_named_by_its_number(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.write_text(
        "\n".join(
            [_line("m-1", "x-proves"), "", _line("m-2", "x-nobody"), _line("m-3", "x-proves")]
        )
        + "\n",
        encoding="utf-8",
    )
    items = list(read_jsonl_lines(path, ORG, profiles={"x-proves"}))
    assert [i.id for i in items if isinstance(i, Message)] == ["m-1", "m-3"]
    [problem] = [i for i in items if isinstance(i, ImportProblem)]
    assert problem.where.endswith("history.jsonl:3")
    assert "profile 'x-nobody', which is not among the profiles" in problem.message.en
    assert "perfil «x-nobody», que no está entre los perfiles" in problem.message.es
    # without the profiles, the reader does not judge them
    assert len(list(read_jsonl_lines(path, ORG))) == 3


def test_a_draft_of_an_unknown_profile_is_refused_by_the_host(tmp_path: Path) -> None:
    path = tmp_path / "d1.md"
    path.write_text(
        '+++\nid = "d-1"\nprofile = "x-nobody"\ncreated_at = 2026-06-01T10:00:00+02:00\n+++\n'
        "Obrim la piscina dissabte.\n",
        encoding="utf-8",
    )
    [importer] = markdown_importers()
    problems: list[ImportProblem] = []
    context = ImportContext(organisation=ORG, profiles=(PROFILE,))
    assert list(read_file(importer, path, "drafts/d1.md", context, problems.append)) == []
    [problem] = problems
    assert problem.where == "drafts/d1.md: d-1"
    assert "x-nobody" in problem.message.en
