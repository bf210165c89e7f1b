"""Reading the networks back: inbound items, the organisation's own posts, metrics.

:func:`~govsm.syncing.pull.sync` (``govsm sync``, and the audit's ``sync`` step when a profile
has a network plugin and credentials) pulls them through the profiles' adapters into the store;
:mod:`govsm.syncing.changes` says what each page changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govsm._lazy import loader

if TYPE_CHECKING:
    from govsm.syncing.pull import ProfileSync, SyncReport, sync, sync_profile

__all__ = ["ProfileSync", "SyncReport", "sync", "sync_profile"]

#: each name's defining module: imported on first use, so that ``govsm check``, which reads
#: only :mod:`govsm.syncing.limits`, does not load the store and the network adapters
__getattr__ = loader(__name__, dict.fromkeys(__all__, "govsm.syncing.pull"), globals())


def __dir__() -> list[str]:
    """The exported names, whether or not they are imported yet, and the module's own."""
    return sorted({*globals(), *__all__})
