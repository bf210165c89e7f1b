"""The term handover pack and the governance command line, on the example council."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsm.cli.main import cli
from tests.councils import example_copy
from tests.governance.acting import act_as

AS_OF = "2026-11-24"


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example council, audited once."""
    target = example_copy(tmp_path_factory.mktemp("handover"))
    done = CliRunner().invoke(cli, ["audit", str(target), "--exit-zero", "--as-of", AS_OF])
    assert done.exit_code == 0, done.output
    return target


class TestHandover:
    def test_the_pack_holds_what_a_new_team_inherits(self, council: Path) -> None:
        """Inventory, custody, open requests and approvals, unanswered messages and figures."""
        done = CliRunner().invoke(cli, ["handover", str(council), "--as-of", AS_OF])
        assert done.exit_code == 0, done.output
        folder = council / "report" / "handover"
        pack = json.loads((folder / "handover.json").read_text(encoding="utf-8"))
        ids = {p["id"] for p in pack["profiles"]}
        assert len(ids) == 17 and "instagram-biblioteca" in ids
        custody = {c["profile"]: c for c in pack["custody"]}
        assert custody["x-ajuntament"]["credential_ref"].startswith("env:")
        assert [r["id"] for r in pack["requests"]] == ["sol-2026-06"]
        assert pack["requests"][0]["missing"] == ["draft_posts"]
        assert [a["message"] for a in pack["approvals"]] == ["post-2026-11-padro"]
        assert pack["figures"]["pending_requests"] == 1
        assert pack["figures"]["unanswered"] == len(pack["unanswered"])
        states = {u["state"] for u in pack["unanswered"]}
        assert states <= {"new", "assigned"}
        markdown = (folder / "handover.md").read_text(encoding="utf-8")
        assert "Custodia de credenciales / Credential custody" in markdown
        assert "sol-2026-06" in markdown

    def test_no_secret_reaches_the_pack(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Even with the credential variables set, only their names appear."""
        secret = "s3cr3t-value-that-must-not-leak"
        monkeypatch.setenv("SOLDENEU_X_TOKEN", secret)
        out = council / "elsewhere"
        done = CliRunner().invoke(
            cli, ["handover", str(council), "--as-of", AS_OF, "--out", str(out), "--json"]
        )
        assert done.exit_code == 0, done.output
        assert secret not in done.output
        for path in out.rglob("*"):
            if path.is_file():
                assert secret not in path.read_text(encoding="utf-8")


class TestGovernanceCommands:
    def test_status_lists_pending_work(self, council: Path) -> None:
        """The pending request with what it lacks, and the post waiting for approval."""
        done = CliRunner().invoke(cli, ["governance", "status", str(council), "--json"])
        assert done.exit_code == 0, done.output
        data = json.loads(done.output)
        assert [r["id"] for r in data["requests"]] == ["sol-2026-06"]
        assert data["requests"][0]["missing"][0]["key"] == "draft_posts"
        assert [a["message"] for a in data["approvals"]] == ["post-2026-11-padro"]
        assert [d["id"] for d in data["delegations"]] == ["del-2026-08"]

    def test_refusals_exit_1_and_say_why(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A viewer and the author cannot approve; the message says so in both languages."""
        for person in ("neus-ferrando", "laia-sendra"):
            act_as(monkeypatch, council, person)
            done = CliRunner().invoke(
                cli,
                [
                    "governance",
                    "message",
                    str(council),
                    "post-2026-11-padro",
                    "approve",
                    "--by",
                    person,
                ],
            )
            assert done.exit_code == 1
            assert f"'{person}' cannot approve" in done.output
            assert f"«{person}» no puede aprobar" in done.output

    def test_an_illegal_transition_is_refused(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An archived profile cannot be reactivated from the command line either."""
        act_as(monkeypatch, council, "marta-soler")
        done = CliRunner().invoke(
            cli,
            [
                "governance",
                "profile",
                str(council),
                "tuenti-esports",
                "activate",
                "--by",
                "marta-soler",
                "--reason",
                "nostalgia",
            ],
        )
        assert done.exit_code == 1
        assert "final state" in done.output
