"""Publishing: the workers that take scheduled posts out of the outbox to the networks.

Scheduling, retrying, cancelling and pausing are decisions of people, recorded by
:class:`govsm.governance.Governance` (``schedule``, ``retry_item``, ``cancel_item``,
``pause``, ``resume``). This package runs what they decided:

* :class:`~govsm.publishing.worker.Worker` claims due items and publishes them through the
  profile's adapter, exactly once (see :mod:`govsm.publishing.worker`);
* :class:`~govsm.publishing.gate.Gate` looks at each post again at publish time;
* :class:`~govsm.publishing.retrying.RetryPolicy` says how long to wait after passing errors.
"""

from govsm.publishing.gate import Cleared, Gate, PublishGate, Refusal
from govsm.publishing.handling import AdapterFactory
from govsm.publishing.retrying import RetryPolicy
from govsm.publishing.worker import RunSummary, Worker

__all__ = [
    "AdapterFactory",
    "Cleared",
    "Gate",
    "PublishGate",
    "Refusal",
    "RetryPolicy",
    "RunSummary",
    "Worker",
]
