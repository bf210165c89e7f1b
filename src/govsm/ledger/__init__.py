"""The governance core: the hash-chained record of decisions and the rules for writing to it.

Pure functions and value classes, no I/O: the chain of audit entries (:mod:`~govsm.ledger.chain`),
its fold into the current state (:mod:`~govsm.ledger.record`), the profile lifecycle
(:mod:`~govsm.ledger.lifecycle`), who may do what (:mod:`~govsm.ledger.permissions`), four-eyes
approval (:mod:`~govsm.ledger.approvals`) and a profile request's prerequisites
(:mod:`~govsm.ledger.prerequisites`). The governance services (:mod:`govsm.governance`) read and
write the store with them.
"""
