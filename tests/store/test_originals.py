"""The network's own record of each imported message, stored with it and read back intact."""

from __future__ import annotations

import hashlib

import attrs
import pytest

from govsm.errors import StoreError
from govsm.spec import Imported
from govsm.store import Store

from . import factories as f


@pytest.fixture
def stocked(store: Store) -> Store:
    store.save_snapshot(f.snapshot())
    return store


def _imported(mid: str, record: bytes, text: str = "Bon dia") -> Imported:
    message = f.message(f.ORG, mid, text=text)
    return Imported(message=message, original=record, source=f"archive.zip!outbox.json@{len(mid)}")


def test_a_record_is_kept_byte_for_byte_with_its_hash(stocked: Store) -> None:
    record = b'{"id": "1", "text": "Bon dia \\u00e0 tothom", "raw": "\\u0000"}'
    result = stocked.save_messages(f.ORG, [_imported("m1", record), f.message(f.ORG, "m2")])
    assert result.inserted == 2
    kept = stocked.originals.get(f.ORG, "m1")
    assert kept is not None and kept.original == record and kept.intact
    assert kept.sha256 == hashlib.sha256(record).hexdigest()
    assert kept.source == "archive.zip!outbox.json@2" and kept.media_type == "application/json"
    assert stocked.originals.get(f.ORG, "m2") is None  # saved without one
    assert stocked.originals.count(f.ORG) == 1


def test_importing_the_same_archive_twice_adds_nothing(stocked: Store) -> None:
    items = [_imported(f"m{i}", f'{{"n": {i}}}'.encode()) for i in range(5)]
    stocked.save_messages(f.ORG, items, batch_size=2)
    before = stocked.dump(f.ORG)
    again = stocked.save_messages(f.ORG, items, batch_size=3)
    assert (again.inserted, again.updated) == (0, 0)
    assert stocked.dump(f.ORG) == before


def test_a_changed_record_replaces_the_old_one(stocked: Store) -> None:
    stocked.save_messages(f.ORG, [_imported("m1", b'{"v": 1}')])
    stocked.save_messages(f.ORG, [_imported("m1", b'{"v": 2}')])
    kept = stocked.originals.get(f.ORG, "m1")
    assert kept is not None and kept.original == b'{"v": 2}'


def test_a_refused_batch_keeps_neither_messages_nor_records(stocked: Store) -> None:
    """A message for a profile the organisation lacks refuses its batch: no record either."""
    good = _imported("m1", b"{}")
    bad = attrs.evolve(_imported("m2", b"{}"), message=f.message(f.ORG, "m2", profile_id="nope"))
    with pytest.raises(StoreError):
        stocked.save_messages(f.ORG, [good, bad])
    assert stocked.originals.count(f.ORG) == 0
    assert stocked.message(f.ORG, "m1") is None


def test_a_tampered_record_is_seen(stocked: Store) -> None:
    stocked.save_messages(f.ORG, [_imported("m1", b'{"v": 1}')])
    kept = stocked.originals.get(f.ORG, "m1")
    assert kept is not None
    assert not attrs.evolve(kept, original=b'{"v": 9}').intact
