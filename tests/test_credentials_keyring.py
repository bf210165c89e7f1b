"""``keyring:service/user`` references, read through a real keyring backend.

The backend is keyrings.alt's file keyring, in a folder of the test's own: the same ``keyring``
library and backend protocol a council's desktop uses with GNOME Keyring or the Keychain,
without a desktop session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from keyrings.alt.file import PlaintextKeyring

from govsm.credentials import MAX_SECRET_BYTES, resolve
from govsm.errors import ConfigError
from govsm.model import CredentialRef
from tests.cli.running import run_process
from tests.paths import EXAMPLE

SECRET = "ksk-7d1e0c93b2a4-KEYRING-SECRET"


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """The process's keyring: a file keyring under ``tmp_path`` (the previous one restored)."""
    before = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_a_stored_password_resolves(file_keyring: PlaintextKeyring, tmp_path: Path) -> None:
    keyring.set_password("govsm-soldeneu", "x-ajuntament", SECRET)
    credentials = resolve(CredentialRef("keyring:govsm-soldeneu/x-ajuntament"), tmp_path)
    assert credentials.secret == SECRET
    assert SECRET not in repr(credentials) and SECRET not in str(credentials)


def test_a_missing_password_names_service_and_user(
    file_keyring: PlaintextKeyring, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(CredentialRef("keyring:govsm-soldeneu/nobody"), tmp_path)
    assert "the keyring holds no password for govsm-soldeneu/nobody" in str(caught.value)
    assert caught.value.where == "keyring:govsm-soldeneu/nobody"


@pytest.mark.parametrize("locator", ["govsm-soldeneu", "govsm-soldeneu/", "/x-ajuntament"])
def test_a_reference_without_both_names_is_refused(tmp_path: Path, locator: str) -> None:
    with pytest.raises(ConfigError, match="with both names"):
        resolve(CredentialRef(f"keyring:{locator}"), tmp_path)


def test_a_machine_without_a_keyring_says_so(tmp_path: Path) -> None:
    """No backend (a server without a desktop session): a clear error, not a traceback."""
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(ConfigError) as caught:
            resolve(CredentialRef("keyring:govsm-soldeneu/x-ajuntament"), tmp_path)
    finally:
        keyring.set_keyring(before)
    message = str(caught.value)
    assert "the system keyring cannot be read (NoKeyringError" in message
    assert "use env: or file:" in message


def test_a_huge_password_is_not_a_token(file_keyring: PlaintextKeyring, tmp_path: Path) -> None:
    keyring.set_password("govsm-soldeneu", "huge", "a" * (MAX_SECRET_BYTES + 1))
    with pytest.raises(ConfigError, match="not a token"):
        resolve(CredentialRef("keyring:govsm-soldeneu/huge"), tmp_path)


def test_doctor_resolves_a_keyring_reference_and_never_prints_it(tmp_path: Path) -> None:
    """End to end: ``govsm doctor`` in its own process, with the backend chosen by environment."""
    workspace = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, workspace, ignore=shutil.ignore_patterns(".govsm", "report"))
    config = workspace / "govsm.toml"
    text = config.read_text("utf-8")
    old = 'credential = "env:SOLDENEU_X_AJUNTAMENT_TOKEN"'
    assert old in text
    config.write_text(
        text.replace(old, 'credential = "keyring:govsm-soldeneu/x-ajuntament"'), "utf-8"
    )
    data = tmp_path / "data"
    env = {
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(data),
        "GOVSM_DISABLE_PLUGINS": "example,test-plugin",
        "GOVSM_LANG": "en",
    }
    missing = run_process("doctor", str(workspace), env=env)
    assert "x-ajuntament" in missing.stdout + missing.stderr
    assert "the keyring holds no password for govsm-soldeneu/x-ajuntament" in (
        missing.stdout + missing.stderr
    )
    backend = PlaintextKeyring()
    backend.file_path = str(data / "python_keyring" / "keyring_pass.cfg")
    backend.set_password("govsm-soldeneu", "x-ajuntament", SECRET)
    found = run_process("doctor", str(workspace), env=env)
    output = found.stdout + found.stderr
    assert "the keyring holds no password for govsm-soldeneu/x-ajuntament" not in output
    assert SECRET not in output
