"""What a save did: :class:`SaveResult` and the profile :class:`StateChange` records it carries."""

from __future__ import annotations

import attrs

from govsm.model import LifecycleState


@attrs.frozen
class StateChange:
    """A profile whose lifecycle state a save changed (for the *profile status changed* hook).

    :param profile: the profile's id.
    :param old: its state before the save; ``None`` when the save created the profile.
    :param new: its state after the save.
    """

    profile: str
    old: LifecycleState | None
    new: LifecycleState


@attrs.frozen
class SaveResult:
    """How many rows a save inserted, updated, deleted and left alone.

    A row whose document is unchanged is not written at all, so saving the same data twice gives
    a second result with only ``unchanged`` rows.

    :param inserted: rows that did not exist.
    :param updated: rows that existed with other data (or, for policies, another current flag).
    :param unchanged: rows that existed with the same data and were not written.
    :param deleted: rows removed (only role assignments are ever removed).
    :param state_changes: profiles whose lifecycle state changed, in the order they were saved.
    """

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    state_changes: tuple[StateChange, ...] = ()

    @property
    def written(self) -> int:
        """Rows inserted, updated or deleted: ``0`` means the save changed nothing."""
        return self.inserted + self.updated + self.deleted

    def __add__(self, other: SaveResult) -> SaveResult:
        """Add two results, e.g. those of consecutive batches."""
        return SaveResult(
            inserted=self.inserted + other.inserted,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
            deleted=self.deleted + other.deleted,
            state_changes=self.state_changes + other.state_changes,
        )
