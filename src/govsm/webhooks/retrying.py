"""When a webhook that could not be delivered is tried again, and when govsm gives up.

A failed attempt — the receiver refused the connection, timed out, answered with anything but
2xx (410 aside, which disables the endpoint), or redirected — puts the delivery back in the
queue, due again after an exponential back-off with jitter: ``initial`` seconds after the first
failure, doubling with each one up to ``maximum``, each wait drawn between half and all of that
(so deliveries that failed together do not come back together). The time and the number of
attempts are kept in the store, so the schedule survives restarts. A delivery still failing
``max_age`` after it was queued is marked failed and not tried again (``govsm webhooks replay``
sends it again on request).

>>> schedule = RetrySchedule(initial=30, maximum=3600, jitter=False)
>>> [schedule.wait(n).total_seconds() for n in (1, 2, 3, 10)]
[30.0, 60.0, 120.0, 3600.0]
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from attrs import field, frozen


def _non_negative(instance: object, attribute: object, value: float) -> None:
    if not value >= 0:
        raise ValueError(f"waits must be zero or more seconds, not {value!r}")


@frozen
class RetrySchedule:
    """The waits between attempts at one delivery.

    :param initial: the wait after the first failed attempt, in seconds.
    :param maximum: the longest wait, in seconds.
    :param jitter: draw each wait between half and all of its value (``False``: exactly it).
    :param draw: the random numbers in ``[0, 1)`` the jitter uses (for tests).
    """

    initial: float = field(default=30.0, validator=_non_negative)
    maximum: float = field(default=6 * 3600.0, validator=_non_negative)
    jitter: bool = True
    draw: Callable[[], float] = field(default=random.random, eq=False, repr=False)

    def wait(self, attempts: int) -> timedelta:
        """How long to wait after ``attempts`` failed attempts (1 for the first)."""
        base = min(self.maximum, self.initial * 2 ** max(0, min(attempts - 1, 40)))
        if self.jitter:
            base *= 0.5 + self.draw() / 2
        return timedelta(seconds=base)
