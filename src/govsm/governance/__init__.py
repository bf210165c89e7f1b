"""The governance services: requests, lifecycle, delegations and approvals, over the store.

:class:`Governance` is the API an embedding application calls; every method checks the acting
person's roles, validates against the record and writes the change with its audit entries in
one transaction. The rules it applies (lifecycle, permissions, approvals, the hash chain) are the
governance core, :mod:`govsm.ledger`.
"""

from govsm.governance.messages import PendingApproval
from govsm.governance.service import Governance

__all__ = ["Governance", "PendingApproval"]
