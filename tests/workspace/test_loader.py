"""Reading govsm.toml: valid workspaces load; every malformed one says file, key path and what."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govsm.plugins import PluginHost
from govsm.workspace import Workspace, WorkspaceError, load_config

MINIMAL = """\
format = 1
channels = ["x", "mastodon"]

[organisation]
id = "ajuntament-proves"
name = "Ajuntament de Proves"
kind = "ayuntamiento"
languages = ["ca-valencia", "es"]
timezone = "Europe/Madrid"

[[units]]
id = "comunicacio"
name = "Comunicació"

[[units]]
id = "esports"
name = "Esports"

[[people]]
id = "marta"
name = "Marta Ferrer"
email = "marta@proves.example"
unit = "comunicacio"

[[roles]]
person = "marta"
role = "coordinator"

[[profiles]]
id = "x-ajuntament"
channel = "x"
handle = "@AjProves"
unit = "comunicacio"
responsible = ["marta"]

[[profiles]]
id = "mastodon-ajuntament"
channel = "mastodon"
handle = "@ajuntament@xarxa.proves.example"
unit = "comunicacio"

[[profiles]]
id = "x-esports"
channel = "x"
handle = "@EsportsProves"
unit = "esports"

[[profiles]]
id = "mastodon-esports"
channel = "mastodon"
handle = "@esports@xarxa.proves.example"
unit = "esports"

[policy]
version = "1"
coordinating_unit = "comunicacio"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "govsm.toml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    """The (key path, English message) of every problem found in ``text``."""
    with pytest.raises(WorkspaceError) as caught:
        load_config(write(tmp_path, text), PluginHost(entry_points=False).channels())
    assert caught.value.exit_code == 2
    return [(d.path, d.en) for d in caught.value.details]


class TestValid:
    def test_minimal_workspace_loads(self, tmp_path: Path) -> None:
        """A small but complete govsm.toml becomes a snapshot with the organisation injected."""
        config = load_config(write(tmp_path, MINIMAL), PluginHost(entry_points=False).channels())
        snap = config.snapshot
        assert snap.organisation.languages == ("ca-valencia", "es")
        assert [p.id for p in snap.profiles][3] == "mastodon-esports"
        assert {p.organisation for p in snap.profiles} == {"ajuntament-proves"}

    def test_folder_or_file(self, tmp_path: Path) -> None:
        """The workspace can be given as its folder or as its govsm.toml."""
        write(tmp_path, MINIMAL)
        a = load_config(tmp_path, None)
        b = load_config(tmp_path / "govsm.toml", None)
        assert a == b


class TestMalformed:
    def test_toml_syntax_error(self, tmp_path: Path) -> None:
        """A TOML syntax error names the file, line and column."""
        ((path, message),) = problems(
            tmp_path, MINIMAL.replace('name = "Esports"', 'name = "Esports')
        )
        assert path == ""
        assert "invalid TOML" in message and "line 17" in message

    def test_wrong_type_at_key_path(self, tmp_path: Path) -> None:
        """A number for profiles[3].channel is reported at exactly that key path."""
        text = MINIMAL.replace(
            'channel = "mastodon"\nhandle = "@esports', 'channel = 3\nhandle = "@esports'
        )
        assert problems(tmp_path, text) == [
            ("profiles[3].channel", "expected text, not an integer (3)")
        ]

    def test_unknown_key_with_did_you_mean(self, tmp_path: Path) -> None:
        """A misspelt key is an error with a suggestion."""
        text = MINIMAL.replace(
            'handle = "@EsportsProves"', 'handle = "@EsportsProves"\nresponsable = ["marta"]'
        )
        ((path, message),) = problems(tmp_path, text)
        assert path == "profiles[2].responsable"
        assert "Did you mean 'responsible'?" in message

    def test_unknown_top_level_key(self, tmp_path: Path) -> None:
        """Unknown top-level tables get a did-you-mean too."""
        ((path, message),) = problems(tmp_path, MINIMAL + "\n[polic]\nx = 1\n")
        assert path == "polic" and "Did you mean 'policy'?" in message

    def test_missing_required_field(self, tmp_path: Path) -> None:
        """A profile without handle says which field is missing, and where."""
        text = MINIMAL.replace('handle = "@AjProves"\n', "")
        assert problems(tmp_path, text) == [
            ("profiles[0].handle", "this required field is missing")
        ]

    def test_profile_with_unknown_unit(self, tmp_path: Path) -> None:
        """A profile whose unit does not exist is caught, with the known units and a suggestion."""
        text = MINIMAL.replace(
            'unit = "esports"\n\n[[profiles]]', 'unit = "esport"\n\n[[profiles]]', 1
        )
        ((path, message),) = problems(tmp_path, text)
        assert path == "profiles[2].unit"
        assert "unit 'esport' does not exist. Did you mean 'esports'?" in message

    def test_unknown_channel(self, tmp_path: Path) -> None:
        """A channel no plugin declares is an error with a suggestion."""
        text = MINIMAL.replace(
            'channel = "mastodon"\nhandle = "@ajuntament',
            'channel = "mastodn"\nhandle = "@ajuntament',
        )
        ((path, message),) = problems(tmp_path, text)
        assert path == "profiles[1].channel"
        assert "channel 'mastodn' does not exist. Did you mean 'mastodon'?" in message

    def test_duplicate_profile_id(self, tmp_path: Path) -> None:
        """Two profiles with the same id are refused, naming the first."""
        text = MINIMAL.replace('id = "x-esports"', 'id = "x-ajuntament"')
        assert problems(tmp_path, text) == [
            ("profiles[2].id", "id 'x-ajuntament' is already used by profiles[0]")
        ]

    def test_invalid_value_is_reported_with_field(self, tmp_path: Path) -> None:
        """An invalid time zone names organisation.timezone."""
        text = MINIMAL.replace('timezone = "Europe/Madrid"', 'timezone = "Europe/Valencia"')
        ((path, message),) = problems(tmp_path, text)
        assert path == "organisation.timezone"
        assert "not a known IANA time zone" in message

    def test_newer_format_is_refused(self, tmp_path: Path) -> None:
        """A format from a newer govsm is refused with a clear reason."""
        ((path, message),) = problems(tmp_path, MINIMAL.replace("format = 1", "format = 2"))
        assert path == "format" and "newer govsm" in message

    def test_missing_file(self, tmp_path: Path) -> None:
        """A folder without govsm.toml says how to create one."""
        with pytest.raises(WorkspaceError, match="govsm init"):
            load_config(tmp_path, None)

    def test_every_message_is_bilingual(self, tmp_path: Path) -> None:
        """The rendered error has each problem in Spanish and in English, with file and path."""
        text = MINIMAL.replace(
            'channel = "mastodon"\nhandle = "@esports', 'channel = 3\nhandle = "@esports'
        )
        with pytest.raises(WorkspaceError) as caught:
            load_config(write(tmp_path, text), None)
        rendered = caught.value.render().splitlines()
        assert rendered[0].endswith("profiles[3].channel: se esperaba un texto, no un entero (3)")
        assert rendered[1].endswith("profiles[3].channel: expected text, not an integer (3)")
        assert rendered[0].startswith(str(tmp_path / "govsm.toml"))


class TestCommandLine:
    @pytest.mark.parametrize(
        "broken",
        [
            MINIMAL.replace('name = "Esports"', 'name = "Esports'),
            MINIMAL.replace(
                'channel = "mastodon"\nhandle = "@esports', 'channel = 3\nhandle = "@esports'
            ),
            MINIMAL + "\n[polic]\n",
            MINIMAL.replace('handle = "@AjProves"\n', ""),
            MINIMAL.replace(
                'unit = "esports"\n\n[[profiles]]', 'unit = "esport"\n\n[[profiles]]', 1
            ),
        ],
        ids=["toml-syntax", "wrong-type", "unknown-key", "missing-field", "unknown-unit"],
    )
    def test_exit_2_without_traceback(self, tmp_path: Path, broken: str) -> None:
        """`govsm status` on a malformed workspace exits 2 with the message and no traceback."""
        write(tmp_path, broken)
        done = subprocess.run(
            [sys.executable, "-m", "govsm.cli.main", "status", str(tmp_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert "govsm.toml" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 2


class TestOpen:
    def test_workspace_open_gives_organisation_and_profiles(self, tmp_path: Path) -> None:
        """Workspace.open is the one call an application needs."""
        with Workspace.open(write(tmp_path, MINIMAL)) as ws:
            assert ws.organisation.id == "ajuntament-proves"
            assert ws.profile("x-esports").unit == "esports"
            assert ws.store_url == f"sqlite:///{(tmp_path / '.govsm' / 'govsm.sqlite3').resolve()}"

    def test_store_url_from_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """GOVSM_STORE_URL overrides the workspace's store (passwords stay out of files)."""
        monkeypatch.setenv("GOVSM_STORE_URL", "postgresql://u@h/db")
        with Workspace.open(write(tmp_path, MINIMAL)) as ws:
            assert ws.store_url == "postgresql://u@h/db"

    def test_relative_sqlite_url_is_relative_to_workspace(self, tmp_path: Path) -> None:
        """[store] url = "sqlite:///data/x.db" lives inside the workspace, not the current folder."""
        with Workspace.open(
            write(tmp_path, MINIMAL + '\n[store]\nurl = "sqlite:///data/x.db"\n')
        ) as ws:
            assert ws.store_url == f"sqlite:///{(tmp_path / 'data' / 'x.db').resolve()}"

    def test_reopen_from_store_url(self, tmp_path: Path) -> None:
        """After a load, the organisation can be opened from the store URL alone."""
        with Workspace.open(write(tmp_path, MINIMAL)) as ws:
            ws.load()
            url = ws.store_url
            snapshot = ws.snapshot
        with Workspace.open(url) as again:
            assert again.snapshot == snapshot
            assert again.root is None
