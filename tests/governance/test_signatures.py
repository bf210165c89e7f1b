"""Signed decisions, checked with the real ``ssh-keygen`` (issue 12).

A hash chain proves the log was not changed; a signature proves which key's holder decided. The
tests make real keys and sign and verify with OpenSSH's ``ssh-keygen -Y`` (``.ci/run`` installs
it when missing).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

from govsm.channels.catalogue import CHANNELS
from govsm.errors import ModelError
from govsm.governance.service import Governance
from govsm.ledger.chain import AuditEvent, chain, verify
from govsm.ledger.signatures import SIGNATURE, SshSigner, check_entries, payload
from govsm.model import Direction, Message, MessageKind, MessageState, Person
from govsm.store import Store
from govsm.testing.governance import ORG, START, TickingClock, small_snapshot
from govsm.workspace import Workspace
from tests.cli.running import invoke
from tests.governance.acting import act_as
from tests.paths import EXAMPLE

CHANNEL_MAP = {c.id: c for c in CHANNELS}


def _keypair(folder: Path, name: str) -> tuple[Path, str]:
    if shutil.which("ssh-keygen") is None:
        pytest.fail("ssh-keygen is missing: install openssh-client (.ci/run does)")
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key, (folder / f"{name}.pub").read_text(encoding="utf-8").strip()


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    return {name: _keypair(tmp_path, name) for name in ("ana", "intruder")}


def _governance(public: str) -> Governance:
    snapshot = small_snapshot()
    people = tuple(
        attrs.evolve(p, signing_keys=(public,)) if p.id == "ana" else p for p in snapshot.people
    )
    store = Store.open("sqlite://")
    store.save_snapshot(attrs.evolve(snapshot, people=people))
    gov = Governance(store, ORG, CHANNEL_MAP, clock=TickingClock())
    post = Message(
        organisation=ORG,
        id="m1",
        profile="x-sport",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text="Comença la lliga",
        created_at=START,
    )
    gov.draft(post, by="edu")
    gov.submit("m1", by="edu")
    return gov


def _keys_of(gov: Governance) -> dict[str, tuple[str, ...]]:
    return {p.id: p.signing_keys for p in gov.snapshot().people}


def test_a_signed_approval_verifies(keys: dict[str, tuple[Path, str]]) -> None:
    key, public = keys["ana"]
    gov = _governance(public)
    with gov.signing(SshSigner(key)):
        gov.approve("m1", by="ana", comment="Correcte")
    entries = gov.store.audit_entries(ORG)
    (approved,) = [e for e in entries if e.action == "message.approved"]
    assert "BEGIN SSH SIGNATURE" in approved.entry().details[SIGNATURE]
    assert check_entries(ORG, entries, _keys_of(gov)) == (1, [])
    assert verify(ORG, entries).ok


def test_a_key_not_declared_for_the_actor_fails(keys: dict[str, tuple[Path, str]]) -> None:
    _, public = keys["ana"]
    gov = _governance(public)
    with gov.signing(SshSigner(keys["intruder"][0])):
        gov.approve("m1", by="ana")
    entries = gov.store.audit_entries(ORG)
    count, bad = check_entries(ORG, entries, _keys_of(gov))
    assert count == 1
    ((seq, why),) = bad
    assert seq == entries[-1].seq
    assert "not by a declared key of 'ana'" in why.en


def test_one_byte_changed_and_the_chain_resealed_is_caught(
    keys: dict[str, tuple[Path, str]],
) -> None:
    """Whoever rewrites the log and recomputes every hash still cannot forge the signature."""
    key, public = keys["ana"]
    gov = _governance(public)
    with gov.signing(SshSigner(key)):
        gov.approve("m1", by="ana", comment="Correcte")
    events = []
    for stored in gov.store.audit_entries(ORG):
        entry = stored.entry()
        details = dict(entry.details)
        if "comment" in details:
            details["comment"] = "Correctf"  # one byte
        events.append(AuditEvent(entry.at, entry.actor, entry.action, entry.subject, details))
    forged = chain(ORG, events)
    assert verify(ORG, forged).ok  # the chain alone cannot tell
    count, bad = check_entries(ORG, forged, _keys_of(gov))
    assert (count, [seq for seq, _ in bad]) == (1, [forged[-1].seq])


def test_an_actor_without_keys_cannot_have_signed(keys: dict[str, tuple[Path, str]]) -> None:
    key, public = keys["ana"]
    gov = _governance(public)
    with gov.signing(SshSigner(key)):
        gov.approve("m1", by="ana")
    count, bad = check_entries(ORG, gov.store.audit_entries(ORG), {})
    assert count == 1 and "has no declared signing keys" in bad[0][1].en


def test_the_payload_leaves_the_signature_out() -> None:
    event = AuditEvent(START, "ana", "message.approved", "m1", {"tier": 1})
    signed = attrs.evolve(event, details={"tier": 1, SIGNATURE: "x"})
    assert payload(ORG, event) == payload(ORG, signed)


def test_a_declared_key_must_be_a_public_key() -> None:
    with pytest.raises(ModelError, match="is not an SSH public key"):
        Person(ORG, "ana", "Ana", signing_keys=("-----BEGIN OPENSSH PRIVATE KEY-----",))


def test_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """govsm governance … --sign KEY, then govsm audit-log verify checks it."""
    key, public = _keypair(tmp_path, "msoler")
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    manual.write_text(
        text.replace('logins = ["msoler"]', f'logins = ["msoler"]\nsigning_keys = ["{public}"]'),
        encoding="utf-8",
    )
    act_as(monkeypatch, folder, "marta-soler")
    done = invoke(
        "governance", "message", str(folder), "post-2026-11-padro", "approve", "--sign", str(key)
    )
    assert done.returncode == 0, done.stderr
    done = invoke("--lang", "en", "audit-log", "verify", str(folder))
    assert done.returncode == 0, done.stdout
    assert "1 signed entries, signatures verified." in done.stdout


def test_verify_names_an_entry_whose_key_is_no_longer_declared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signature by a key not among the actor's declared keys fails verify, by entry."""
    key, public = _keypair(tmp_path, "msoler")
    _, other = _keypair(tmp_path, "other")
    folder = tmp_path / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    manual = folder / "govsm.toml"
    text = manual.read_text(encoding="utf-8")
    signed = text.replace(
        'logins = ["msoler"]', f'logins = ["msoler"]\nsigning_keys = ["{public}"]'
    )
    manual.write_text(signed, encoding="utf-8")
    act_as(monkeypatch, folder, "marta-soler")
    done = invoke(
        "governance", "message", str(folder), "post-2026-11-padro", "approve", "--sign", str(key)
    )
    assert done.returncode == 0, done.stderr
    manual.write_text(signed.replace(public, other), encoding="utf-8")
    invoke("status", str(folder))  # the store learns the new declaration
    with Workspace.open(folder) as ws:
        ws.load()
        (entry,) = [
            e for e in ws.store.audit_entries(ws.organisation.id) if "signature" in e.details_text
        ]
    done = invoke("--lang", "en", "audit-log", "verify", str(folder))
    assert done.returncode == 1
    assert f"audit-log {entry.seq}: the signature is not by a declared key of 'marta-soler'" in (
        done.stdout
    )
