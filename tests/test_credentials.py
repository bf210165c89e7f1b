"""Credential references resolve, and secrets never show up in reprs, strings or errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from govsm.credentials import resolve
from govsm.errors import ConfigError, ModelError
from govsm.model import CredentialRef, Profile
from govsm.spec.credentials import Credentials

SECRET = "xoxb-9f8e7d6c5b4a-SECRET"


class TestResolve:
    def test_env(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """env:NAME reads the variable."""
        monkeypatch.setenv("SOLDENEU_X_TOKEN", SECRET)
        creds = resolve(CredentialRef("env:SOLDENEU_X_TOKEN"), tmp_path)
        assert creds.secret == SECRET

    def test_file_relative_to_workspace(self, tmp_path: Path) -> None:
        """file:path is read relative to the workspace, stripped."""
        (tmp_path / "secrets").mkdir()
        (tmp_path / "secrets" / "x.token").write_text(SECRET + "\n", encoding="utf-8")
        (tmp_path / "secrets" / "x.token").chmod(0o600)
        assert resolve(CredentialRef("file:secrets/x.token"), tmp_path).secret == SECRET


class TestConfinedFiles:
    """A file: credential is read only inside the workspace, closed to others, small, UTF-8."""

    def _token(self, root: Path, data: bytes, mode: int = 0o600) -> None:
        (root / "t").write_bytes(data)
        (root / "t").chmod(mode)

    def test_outside_the_workspace_is_not_read(self, tmp_path: Path) -> None:
        """An absolute path, a climb with .. and a link leading out are all refused."""
        workspace = tmp_path / "ws"
        workspace.mkdir()
        secret = tmp_path / "elsewhere.token"
        secret.write_text(SECRET, encoding="utf-8")
        secret.chmod(0o600)
        (workspace / "link.token").symlink_to(secret)
        for locator in (str(secret), "../elsewhere.token", "link.token"):
            with pytest.raises(ConfigError, match="outside the workspace") as caught:
                resolve(CredentialRef(f"file:{locator}"), workspace)
            assert SECRET not in str(caught.value)

    def test_an_allowed_folder_is_read_and_nothing_beside_it(self, tmp_path: Path) -> None:
        """``[paths] allow`` opens one folder (a secrets mount), not its neighbours."""
        workspace = tmp_path / "ws"
        workspace.mkdir()
        secrets = tmp_path / "run-secrets"
        secrets.mkdir()
        (secrets / "x.token").write_text(SECRET, encoding="utf-8")
        (secrets / "x.token").chmod(0o600)
        (tmp_path / "other.token").write_text(SECRET, encoding="utf-8")
        (tmp_path / "other.token").chmod(0o600)
        ref = CredentialRef(f"file:{secrets / 'x.token'}")
        assert resolve(ref, workspace, (secrets,)).secret == SECRET
        assert resolve(CredentialRef("file:../run-secrets/x.token"), workspace, (secrets,))
        with pytest.raises(ConfigError, match=r"outside the workspace and the \[paths\] allow"):
            resolve(CredentialRef("file:../other.token"), workspace, (secrets,))

    def test_a_link_that_loops_is_named_not_a_traceback(self, tmp_path: Path) -> None:
        """A ``file:`` credential that is a link to itself, or two links to each other, is
        refused naming the reference (it raised RuntimeError, and ``govsm doctor`` and the
        audit's doctor step failed; found by tests/fuzz)."""
        (tmp_path / "self.token").symlink_to("self.token")
        (tmp_path / "a.token").symlink_to("b.token")
        (tmp_path / "b.token").symlink_to("a.token")
        for locator in ("self.token", "a.token"):
            with pytest.raises(ConfigError, match="a loop") as caught:
                resolve(CredentialRef(f"file:{locator}"), tmp_path)
            assert caught.value.where == f"file:{locator}"

    def test_world_readable_is_refused(self, tmp_path: Path) -> None:
        """A file any user can read is refused, saying how to fix it, without its content."""
        self._token(tmp_path, SECRET.encode(), 0o644)
        with pytest.raises(ConfigError, match="chmod 600") as caught:
            resolve(CredentialRef("file:t"), tmp_path)
        assert SECRET not in str(caught.value)

    def test_utf16_is_named(self, tmp_path: Path) -> None:
        """What Notepad writes (UTF-16 with a BOM) is named, not a traceback."""
        self._token(tmp_path, "\ufeff".encode("utf-16-le") + SECRET.encode("utf-16-le"))
        with pytest.raises(ConfigError, match="UTF-16"):
            resolve(CredentialRef("file:t"), tmp_path)

    def test_a_huge_file_is_not_read_whole(self, tmp_path: Path) -> None:
        """More than 64 KiB is not a credential: refused after reading just past the cap."""
        self._token(tmp_path, b"x" * (200 * 1024))
        with pytest.raises(ConfigError, match="64 KiB"):
            resolve(CredentialRef("file:t"), tmp_path)

    def test_unset_variable_names_reference_not_secret(self, tmp_path: Path) -> None:
        """The error names the variable and the reference."""
        with pytest.raises(ConfigError) as caught:
            resolve(CredentialRef("env:NOT_SET_ANYWHERE_42"), tmp_path)
        assert "NOT_SET_ANYWHERE_42" in caught.value.en

    def test_unknown_scheme(self, tmp_path: Path) -> None:
        """vault: is accepted in govsm.toml but not read; the message names what is."""
        with pytest.raises(ConfigError, match="cannot read 'vault:' references; use env:"):
            resolve(CredentialRef("vault:kv/x"), tmp_path)


class TestSecretsStayHidden:
    def test_repr_and_str_mask_the_secret(self) -> None:
        """Neither repr nor str show the secret."""
        creds = Credentials(ref=CredentialRef("env:T"), secret=SECRET)
        assert SECRET not in repr(creds)
        assert SECRET not in str(creds)
        assert SECRET not in f"{creds!r} {creds}"

    def test_a_secret_in_place_of_a_reference_is_refused_without_echo(self) -> None:
        """Pasting a token where a reference goes is an error that does not repeat the token."""
        with pytest.raises(ModelError) as caught:
            Profile(
                organisation="o",
                id="p",
                channel="x",
                handle="@p",
                unit="u",
                credential=CredentialRef(f"token {SECRET}"),
            )
        assert "never the secret" in caught.value.en
        assert SECRET not in caught.value.render()
        assert SECRET not in str(caught.value)
