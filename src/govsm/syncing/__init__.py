"""Reading the networks back: inbound items, the organisation's own posts, metrics.

:func:`~govsm.syncing.pull.sync` (``govsm sync``, and the audit's ``sync`` step when a profile
has a network plugin and credentials) pulls them through the profiles' adapters into the store;
:mod:`govsm.syncing.changes` says what each page changes.
"""

from govsm.syncing.pull import ProfileSync, SyncReport, sync, sync_profile

__all__ = ["ProfileSync", "SyncReport", "sync", "sync_profile"]
