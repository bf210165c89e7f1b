"""The profile lifecycle as a state machine: which states may follow which.

requested → approved or rejected; approved → active (opened) or archived (never opened);
active ⇄ dormant; active or dormant → archived. ``rejected`` and ``archived`` are final: an
archived profile is kept as history and a new one needs a new request. Transfers between units
and retirement (archiving because the network is deprecated or closed) are not states but
recorded changes; see :class:`govsm.governance.Governance`.

>>> from govsm.model import LifecycleState as S
>>> sorted(s.value for s in next_states(S.ACTIVE))
['archived', 'dormant']
>>> can_transition(S.ARCHIVED, S.ACTIVE)
False
"""

from __future__ import annotations

from collections.abc import Mapping

from govsm.errors import GovernanceError
from govsm.model import LifecycleState

_S = LifecycleState

#: each state and the states that may follow it
TRANSITIONS: Mapping[LifecycleState, frozenset[LifecycleState]] = {
    _S.REQUESTED: frozenset({_S.APPROVED, _S.REJECTED}),
    _S.APPROVED: frozenset({_S.ACTIVE, _S.ARCHIVED}),
    _S.REJECTED: frozenset(),
    _S.ACTIVE: frozenset({_S.DORMANT, _S.ARCHIVED}),
    _S.DORMANT: frozenset({_S.ACTIVE, _S.ARCHIVED}),
    _S.ARCHIVED: frozenset(),
}

#: states in which a profile exists on its network and belongs to a unit that can hand it over
TRANSFERABLE: frozenset[LifecycleState] = frozenset({_S.APPROVED, _S.ACTIVE, _S.DORMANT})

#: states that only a profile request's filing and decision lead to, never a transition
REQUEST_STATES: frozenset[LifecycleState] = frozenset({_S.REQUESTED, _S.APPROVED, _S.REJECTED})

#: states from which there is no way out
FINAL: frozenset[LifecycleState] = frozenset(s for s, after in TRANSITIONS.items() if not after)


def next_states(state: LifecycleState) -> frozenset[LifecycleState]:
    """The states a profile in ``state`` may move to."""
    return TRANSITIONS[state]


def can_transition(old: LifecycleState, new: LifecycleState) -> bool:
    """Whether a profile may go from ``old`` to ``new``."""
    return new in TRANSITIONS[old]


def check_transition(profile: str, old: LifecycleState, new: LifecycleState) -> None:
    """Raise :class:`~govsm.errors.GovernanceError` unless ``old`` → ``new`` is allowed.

    The message names the profile and the states that are possible from ``old``.
    """
    if can_transition(old, new):
        return
    after = sorted(TRANSITIONS[old])
    if not after:
        raise GovernanceError(
            f"el perfil «{profile}» está {old.spanish}, un estado final: no puede pasar a "
            f"{new.spanish} (un perfil archivado o rechazado necesita una nueva solicitud)",
            f"profile '{profile}' is '{old}', a final state: it cannot become '{new}' "
            "(an archived or rejected profile needs a new request)",
        )
    allowed_es = ", ".join(sorted(s.spanish for s in after))
    allowed_en = ", ".join(s.value for s in after)
    raise GovernanceError(
        f"el perfil «{profile}» no puede pasar de {old.spanish} a {new.spanish}; desde "
        f"{old.spanish} solo se puede pasar a: {allowed_es}",
        f"profile '{profile}' cannot go from '{old}' to '{new}'; from '{old}' it can only "
        f"become: {allowed_en}",
    )
