"""What one writer process does in the concurrency tests: many governance writes, conflicts counted.

A module of its own so ``multiprocessing``'s spawned processes can import it.
"""

from __future__ import annotations

from govsm.errors import ConcurrentChange
from govsm.governance.service import Governance
from govsm.store import Store
from govsm.testing.governance import ORG, TickingClock

from .conftest import CHANNEL_MAP, post


def draft_many(url: str, worker: int, count: int) -> tuple[int, int]:
    """Draft ``count`` posts of their own as the small council's editor.

    :return: how many were written, and how many were refused as concurrent changes.
    """
    written = conflicts = 0
    with Store.open(url) as store:
        gov = Governance(store, ORG, CHANNEL_MAP, clock=TickingClock())
        for index in range(count):
            try:
                gov.draft(post(f"w{worker}-{index}"), by="edu")
                written += 1
            except ConcurrentChange:
                conflicts += 1
    return written, conflicts
