"""Who acts on the command line: the system account's person, never a typed id (issue 12).

``--by`` once accepted any person id, so four-eyes approval was defeated by typing a
colleague's. The command line now acts as the person whose ``logins`` include the account
running it, and refuses ``--by`` naming anyone else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.cli.running import invoke
from tests.governance.acting import act_as
from tests.paths import EXAMPLE

from govsm.cli.actor import acting_person, system_login
from govsm.errors import ConfigError, ModelError, PermissionDenied
from govsm.model import Organisation, OrganisationSnapshot, Person

ORG = Organisation(
    id="o", name="O", kind="ayuntamiento", languages=("es",), timezone="Europe/Madrid"
)


def _people(*people: tuple[str, tuple[str, ...]]) -> OrganisationSnapshot:
    return OrganisationSnapshot(
        ORG, people=tuple(Person("o", pid, pid.title(), logins=logins) for pid, logins in people)
    )


class TestActingPerson:
    def test_the_account_s_person_acts(self) -> None:
        snapshot = _people(("ana", ("asoler",)), ("cora", ("cpuig", "CPUIG-ADM")))
        assert acting_person(snapshot, None, "asoler") == "ana"
        assert acting_person(snapshot, "cora", "cpuig-adm") == "cora"  # any case

    def test_by_naming_someone_else_is_refused(self) -> None:
        snapshot = _people(("ana", ("asoler",)), ("cora", ("cpuig",)))
        with pytest.raises(PermissionDenied) as caught:
            acting_person(snapshot, "cora", "asoler")
        assert "account 'asoler' is 'ana': govsm does not act as 'cora'" in caught.value.en
        assert "la cuenta «asoler» es de «ana»" in caught.value.es

    @pytest.mark.parametrize("login", ["nobody", None])
    def test_an_unmapped_account_is_told_how_to_map_it(self, login: str | None) -> None:
        with pytest.raises(ConfigError) as caught:
            acting_person(_people(("ana", ("asoler",))), "ana", login)
        assert f'add logins = ["{login or "?"}"] to your [[people]] entry' in caught.value.en

    def test_one_account_is_one_person(self) -> None:
        with pytest.raises(ModelError, match="login 'ASOLER' belongs to both 'ana' and 'bea'"):
            _people(("ana", ("asoler",)), ("bea", ("ASOLER",)))

    @given(st.text(min_size=1, max_size=70))
    def test_a_login_is_an_account_name(self, login: str) -> None:
        valid = (
            len(login) <= 64
            and login[0].isascii()
            and (login[0].isalnum() or login[0] == "_")
            and all(c.isascii() and (c.isalnum() or c in "._@-") for c in login)
        )
        if valid:
            assert Person("o", "p", "P", logins=(login,)).logins == (login,)
        else:
            with pytest.raises(ModelError, match="operating-system account name"):
                Person("o", "p", "P", logins=(login,))


def test_the_system_account_is_not_taken_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``$USER`` and ``$LOGNAME`` are anyone's to set: they do not say who runs govsm."""
    real = system_login()
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert system_login() == real


class TestCommandLine:
    @pytest.fixture
    def council(self, tmp_path: Path) -> Path:
        folder = tmp_path / "soldeneu"
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
        return folder

    def _approve(self, council: Path, *by: str) -> tuple[int, str]:
        done = invoke("governance", "message", str(council), "post-2026-11-padro", "approve", *by)
        return done.returncode, done.stdout + done.stderr

    def test_typing_a_colleague_s_id_is_refused(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        act_as(monkeypatch, council, "laia-sendra")
        code, output = self._approve(council, "--by", "marta-soler")
        assert code == 1
        assert "account 'lsendra' is 'laia-sendra'" in output

    def test_without_by_the_account_s_person_acts(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        act_as(monkeypatch, council, "marta-soler")
        code, output = self._approve(council)
        assert code == 0, output
        assert "'post-2026-11-padro': approved" in output

    def test_an_unmapped_account_exits_2_saying_how_to_map_it(
        self, council: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("govsm.cli.actor.system_login", lambda: "visitor")
        code, output = self._approve(council, "--by", "marta-soler")
        assert code == 2
        assert 'add logins = ["visitor"] to your [[people]] entry in govsm.toml' in output
