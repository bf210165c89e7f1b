"""How the workers wait after a passing error: a few tries in place, then back in the queue.

A rate limit or a 5xx is retried *in place* with `stamina <https://stamina.hynek.me/>`_ —
exponential backoff with jitter, honouring the network's ``Retry-After`` — while the waits are
short; each try is an attempt of its own, recorded before the call. When the tries are used up,
or the network asks for a wait longer than :attr:`RetryPolicy.max_wait_in_place`, the item goes
back to the queue, due again after :meth:`RetryPolicy.deferral`, and the worker moves on.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from attrs import frozen

from govsm.spec.network_errors import OutcomeUnknown, RateLimited, TransientError


@frozen
class RetryPolicy:
    """The waits of the publishing workers.

    :param attempts_in_place: tries per claim (the first included) before an item goes back to
        the queue.
    :param wait_initial: the first backoff, in seconds (doubled each try, plus jitter).
    :param wait_max: the longest backoff in place, in seconds.
    :param wait_jitter: the most jitter added to a backoff, in seconds.
    :param max_wait_in_place: a ``Retry-After`` longer than this sends the item back to the
        queue instead of holding the worker.
    :param defer_initial: the first wait in the queue, in seconds (doubled for each attempt).
    :param defer_max: the longest wait in the queue, in seconds.
    """

    attempts_in_place: int = 3
    wait_initial: float = 1.0
    wait_max: float = 30.0
    wait_jitter: float = 1.0
    max_wait_in_place: float = 60.0
    defer_initial: float = 60.0
    defer_max: float = 3600.0

    def hook(self, stop: Callable[[], bool]) -> Callable[[BaseException], bool | float]:
        """The ``on=`` hook of ``stamina.retry_context``.

        Retry a rate limit (after its ``Retry-After`` when the network gave one that is short
        enough) or a transient error; never an unknown outcome (it is settled first), a
        permanent error, or anything once ``stop()`` is true (the worker was asked to stop).
        It takes any exception, as stamina's type for the hook says (stamina 26.2 and later).
        """

        def decide(error: BaseException) -> bool | float:
            if stop() or isinstance(error, OutcomeUnknown):
                return False
            if isinstance(error, RateLimited):
                if error.retry_after is None:
                    return True
                return error.retry_after if error.retry_after <= self.max_wait_in_place else False
            return isinstance(error, TransientError)

        return decide

    def deferral(self, attempts: int, retry_after: float | None = None) -> timedelta:
        """How long an item waits in the queue after ``attempts`` attempts.

        ``retry_after`` (the network's) wins when given; otherwise ``defer_initial`` doubled
        per attempt, up to ``defer_max``, with up to 10 % jitter so that items deferred together
        do not come back together.

        >>> RetryPolicy(defer_initial=60, defer_max=600).deferral(10) <= timedelta(seconds=660)
        True
        >>> RetryPolicy().deferral(1, retry_after=120)
        datetime.timedelta(seconds=120)
        """
        if retry_after is not None:
            return timedelta(seconds=retry_after)
        base = min(self.defer_max, self.defer_initial * 2 ** max(0, min(attempts - 1, 30)))
        return timedelta(seconds=base * (1 + random.random() / 10))
