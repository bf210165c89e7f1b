"""The profiles' lifecycle states as the health checks see them."""

from __future__ import annotations

from govsm.model import LifecycleState

#: the states of a profile that should be posting (the only ones that can be dormant)
LIVE_STATES = frozenset({LifecycleState.ACTIVE, LifecycleState.DORMANT})
#: the states of a profile that gets no health finding at all
GONE_STATES = frozenset({LifecycleState.ARCHIVED, LifecycleState.REJECTED})

#: each lifecycle state as the Spanish messages write it (the English ones use its value)
STATE_ES = {
    LifecycleState.REQUESTED: "solicitado",
    LifecycleState.APPROVED: "aprobado",
    LifecycleState.REJECTED: "rechazado",
    LifecycleState.ACTIVE: "activo",
    LifecycleState.DORMANT: "inactivo",
    LifecycleState.ARCHIVED: "archivado",
}
