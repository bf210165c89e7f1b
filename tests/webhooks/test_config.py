"""The [[webhooks]] of govsm.toml: read, checked with bilingual errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsm.plugins import PluginHost
from govsm.webhooks.endpoints import DEFAULT_MAX_AGE_HOURS, DEFAULT_TIMEOUT
from govsm.webhooks.events import ALL_EVENTS, EventType
from govsm.workspace import Workspace, WorkspaceError, load_config
from tests.workspace.test_loader import MINIMAL

PORTAL = """
[[webhooks]]
id = "portal"
url = "https://www.proves.example/govsm/events"
events = ["message.published", "profile.status_changed"]
secrets = ["env:PROVES_PORTAL_SECRET", "env:PROVES_PORTAL_SECRET_OLD"]

[[webhooks]]
id = "intranet"
url = "http://10.20.0.4:8080/govsm"
secrets = ["file:secrets/intranet.whsec"]
allow_private = true
timeout_seconds = 2.5
max_age_hours = 24
"""


def _write(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "govsm.toml").write_text(MINIMAL + extra, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, extra: str) -> list[tuple[str, str, str]]:
    with pytest.raises(WorkspaceError) as caught:
        load_config(_write(tmp_path, extra), PluginHost(entry_points=False).channels())
    return [(d.path, d.es, d.en) for d in caught.value.details]


def _one(tmp_path: Path, body: str) -> list[tuple[str, str, str]]:
    return _problems(tmp_path, "\n[[webhooks]]\n" + body)


GOOD = 'id = "portal"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\n'


class TestValid:
    def test_endpoints_are_read(self, tmp_path: Path) -> None:
        """Both endpoints come back with their settings; defaults fill what is left out."""
        config = load_config(_write(tmp_path, PORTAL), None)
        portal, intranet = config.webhooks
        assert portal.events == (EventType.MESSAGE_PUBLISHED, EventType.PROFILE_STATUS_CHANGED)
        assert [s.ref for s in portal.secrets] == [
            "env:PROVES_PORTAL_SECRET",
            "env:PROVES_PORTAL_SECRET_OLD",
        ]
        assert (portal.timeout_seconds, portal.max_age_hours) == (
            DEFAULT_TIMEOUT,
            DEFAULT_MAX_AGE_HOURS,
        )
        assert intranet.events == ALL_EVENTS and intranet.allow_private
        assert (intranet.timeout_seconds, intranet.max_age_hours) == (2.5, 24)

    def test_no_webhooks_no_relay(self, tmp_path: Path) -> None:
        """A workspace without [[webhooks]] registers nothing on the host."""
        host = PluginHost(entry_points=False)
        with Workspace.open(_write(tmp_path, ""), host=host) as ws:
            assert ws.config is not None and ws.config.webhooks == ()
        assert host.manager.get_plugin("govsm.webhooks:ajuntament-proves") is None

    def test_webhooks_attach_a_relay(self, tmp_path: Path) -> None:
        """With [[webhooks]], the workspace's host gets the relay that queues events."""
        host = PluginHost(entry_points=False)
        with Workspace.open(_write(tmp_path, PORTAL), host=host):
            relay = host.manager.get_plugin("govsm.webhooks:ajuntament-proves")
        assert [e.id for e in relay.endpoints] == ["portal", "intranet"]


class TestInvalid:
    def test_not_an_array_of_tables(self, tmp_path: Path) -> None:
        """webhooks = "…" is refused, naming the key."""
        (tmp_path / "govsm.toml").write_text('webhooks = "https://x.example"\n' + MINIMAL, "utf-8")
        with pytest.raises(WorkspaceError) as caught:
            load_config(tmp_path, None)
        ((path, es, en),) = [(d.path, d.es, d.en) for d in caught.value.details]
        assert path == "webhooks" and "[[webhooks]]" in en and "[[webhooks]]" in es

    def test_unknown_key_with_a_suggestion(self, tmp_path: Path) -> None:
        """A misspelt key is an error with a did-you-mean, in both languages."""
        ((path, es, en),) = _one(tmp_path, GOOD + "allow_privat = true\n")
        assert path == "webhooks[0].allow_privat"
        assert "Did you mean 'allow_private'?" in en and "¿Quería decir «allow_private»?" in es

    @pytest.mark.parametrize(
        ("body", "key", "english"),
        [
            (
                'id = "p"\nurl = "http://www.proves.example/h"\nsecrets = ["env:S"]\n',
                "url",
                "use https://",
            ),
            (
                'id = "p"\nurl = "ftp://www.proves.example/h"\nsecrets = ["env:S"]\n',
                "url",
                "not an absolute http(s) URL",
            ),
            ('id = "p"\nurl = "https://www.proves.example/h"\n', "", "required field is missing"),
            (
                'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = []\n',
                "secrets",
                "at least one secret",
            ),
            (
                'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\nevents = ["message.sent"]\n',
                "events[0]",
                "'message.sent' is not a valid value",
            ),
            (
                'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\nevents = []\n',
                "events",
                "at least one event type",
            ),
            (
                'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\ntimeout_seconds = 0\n',
                "timeout_seconds",
                "above 0",
            ),
            (
                'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\nmax_age_hours = 9000\n',
                "max_age_hours",
                "from 1 to 720",
            ),
            ('id = "P Q"\nurl = "https://www.proves.example/h"\nsecrets = ["env:S"]\n', "id", ""),
        ],
    )
    def test_bad_values_name_their_key(
        self, tmp_path: Path, body: str, key: str, english: str
    ) -> None:
        """Each bad value is reported under webhooks[0].<key>, in Spanish and English."""
        found = _one(tmp_path, body)
        paths = [path for path, _, _ in found]
        assert any(p.startswith(f"webhooks[0]{'.' + key if key else ''}") for p in paths), found
        assert any(english in en for _, _, en in found), found
        assert all(es for _, es, _ in found)

    def test_credentials_in_the_url_are_not_echoed(self, tmp_path: Path) -> None:
        """A URL with a user and password is refused without repeating the password."""
        ((path, es, en),) = _one(
            tmp_path,
            'id = "p"\nurl = "https://admin:hunter2-s3cret@www.proves.example/h"\nsecrets = ["env:S"]\n',
        )
        assert path == "webhooks[0].url"
        assert "hunter2-s3cret" not in es + en and "password" in en

    def test_a_secret_written_inline_is_refused_unseen(self, tmp_path: Path) -> None:
        """A whsec_ value where a reference belongs is refused, and the value is not shown."""
        inline = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        found = _one(
            tmp_path, f'id = "p"\nurl = "https://www.proves.example/h"\nsecrets = ["{inline}"]\n'
        )
        assert [p for p, _, _ in found] == ["webhooks[0].secrets[0].credential"]
        assert all(inline not in es + en for _, es, en in found)

    def test_duplicate_ids(self, tmp_path: Path) -> None:
        """Two endpoints with one id: the second is named."""
        found = _problems(tmp_path, f"\n[[webhooks]]\n{GOOD}\n[[webhooks]]\n{GOOD}")
        assert found == [
            (
                "webhooks[1].id",
                "el webhook «portal» ya está declarado",
                "webhook 'portal' is already declared",
            )
        ]

    @given(url=st.text(max_size=60))
    def test_any_url_text_is_accepted_or_refused_cleanly(self, url: str) -> None:
        """Whatever text a url holds, the loader answers with problems, never a traceback."""
        import tempfile

        body = f'id = "p"\nurl = {_toml_string(url)}\nsecrets = ["env:S"]\nallow_private = true\n'
        with tempfile.TemporaryDirectory() as folder:
            details = None
            try:
                load_config(_write(Path(folder), "\n[[webhooks]]\n" + body), None)
            except WorkspaceError as exc:
                details = exc.details
        assert details is None or (details and all(d.es and d.en for d in details))


def _toml_string(text: str) -> str:
    escaped = "".join(
        c
        if c.isprintable() and c not in '"\\'
        else f"\\u{ord(c):04x}"
        if ord(c) < 0x10000
        else f"\\U{ord(c):08x}"
        for c in text
    )
    return f'"{escaped}"'
