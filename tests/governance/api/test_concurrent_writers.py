"""Several writers at once: they queue for the record instead of failing (issue 12).

Appends were optimistic on the whole organisation's chain, so an intranet with a few workers saw
most drafts and submissions on unrelated messages fail with ``ConcurrentChange``, and a load
could undo a decision recorded between its read and its write. Each action now decides holding
the organisation's write lock (:meth:`govsm.store.Store.serialised`).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

import govsm.workspace.importing as importing
from govsm.errors import ConcurrentChange, GovernanceError
from govsm.governance.service import Governance
from govsm.ledger.chain import verify
from govsm.model import LifecycleState, MessageState
from govsm.store import Store
from govsm.testing.governance import ORG
from govsm.workspace import Workspace
from tests.paths import EXAMPLE

from .conftest import CHANNEL_MAP, council, pending_post
from .writers import draft_many


def test_unrelated_writes_from_four_processes_never_conflict(backend_url: str) -> None:
    """4 processes × 15 drafts of their own messages: every one written, one verified chain."""
    council(store_url=backend_url).store.close()
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(4) as pool:
        results = pool.starmap(draft_many, [(backend_url, worker, 15) for worker in range(4)])
    assert [conflicts for _, conflicts in results] == [0, 0, 0, 0]
    assert sum(written for written, _ in results) == 60
    with Store.open(backend_url) as store:
        entries = store.audit_entries(ORG)
        assert verify(ORG, entries).ok
        assert sorted(e.subject for e in entries if e.action == "message.drafted") == sorted(
            f"w{worker}-{index}" for worker in range(4) for index in range(15)
        )


def test_a_load_racing_a_decision_never_undoes_it(tmp_path: Path) -> None:
    """The interleaving once seen: the load reads the record, a coordinator archives a profile,
    the load saves govsm.toml's "active" over it. Now the decision waits for the load's write,
    and the next load keeps it."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with Workspace.open(EXAMPLE, store_url=url) as ws:
        ws.load()
    reading = threading.Event()
    original = importing._keep_recorded

    def lingering(*args, **kwargs):  # type: ignore[no-untyped-def]
        kept = original(*args, **kwargs)
        reading.set()
        time.sleep(0.3)  # the coordinator acts now, between the load's read and its write
        return kept

    decided: list[LifecycleState] = []

    def archive() -> None:
        reading.wait()
        with Workspace.open(EXAMPLE, store_url=url) as other:
            gov = Governance.of(other)
            changed = gov.transition(
                "x-ajuntament", LifecycleState.ARCHIVED, by="marta-soler", reason="Cierre de X"
            )
            decided.append(changed.state)

    coordinator = threading.Thread(target=archive)
    coordinator.start()
    try:
        importing._keep_recorded = lingering  # type: ignore[assignment]
        with Workspace.open(EXAMPLE, store_url=url) as ws:
            ws.load()
    finally:
        importing._keep_recorded = original  # type: ignore[assignment]
        coordinator.join()
    assert decided == [LifecycleState.ARCHIVED]
    with Workspace.open(EXAMPLE, store_url=url) as ws:
        ws.load()  # and a later load keeps the decision too
        stored = {p.id: p for p in ws.store.profiles(ws.organisation.id)}
        assert stored["x-ajuntament"].state is LifecycleState.ARCHIVED
        entries = ws.store.audit_entries(ws.organisation.id)
        assert verify(ws.organisation.id, entries).ok
        last = [e for e in entries if e.subject == "x-ajuntament"][-1]
        assert last.actor == "marta-soler"


def test_two_approvers_of_the_same_tier_one_wins(tmp_path: Path) -> None:
    """Both saw tier 1 of a two-tier post waiting and approve at once: one approval is
    recorded, the other is a conflict naming the post, the tier and who came first."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    setup = council(approval_tiers=2, store_url=url)
    pending_post(setup)
    setup.store.close()
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(person: str) -> None:
        with Store.open(url) as store:
            gov = Governance(store, ORG, CHANNEL_MAP)
            start.wait()
            try:
                outcomes[person] = gov.approve("m1", by=person, tier=1).state
            except ConcurrentChange as exc:
                outcomes[person] = exc

    rivals = [threading.Thread(target=approve, args=(p,)) for p in ("ana", "abel")]
    for rival in rivals:
        rival.start()
    for rival in rivals:
        rival.join()
    conflicts = [o for o in outcomes.values() if isinstance(o, ConcurrentChange)]
    winners = [p for p, o in outcomes.items() if not isinstance(o, ConcurrentChange)]
    assert len(conflicts) == 1 and len(winners) == 1
    assert f"tier 1 of message 'm1' was decided by '{winners[0]}' meanwhile" in conflicts[0].en
    with Store.open(url) as store:
        gov = Governance(store, ORG, CHANNEL_MAP)
        assert [a.person for a in gov.approvals("m1")] == winners
        assert gov.message("m1").state is MessageState.PENDING_APPROVAL  # tier 2 still waits
        assert verify(ORG, store.audit_entries(ORG)).ok


def test_a_tier_that_is_not_the_next_one_is_refused() -> None:
    c = council(approval_tiers=2)
    pending_post(c)
    with pytest.raises(GovernanceError, match="message 'm1' waits for tier 1, not 2"):
        c.gov.approve("m1", by="ana", tier=2)
    c.gov.approve("m1", by="ana", tier=1)
    assert c.gov.approve("m1", by="abel", tier=2).state is MessageState.APPROVED
