from __future__ import annotations

import attrs
import pytest

from govsm.errors import ModelError, StoreError
from govsm.model import LifecycleState, OrganisationSnapshot, Role, RoleAssignment, RuleConfig
from govsm.store import SaveResult, StateChange, Store

from . import factories as f


def _rows(dump: dict[str, list[dict[str, object]]]) -> int:
    return sum(len(rows) for name, rows in dump.items() if name != "govsm_meta")


class TestRoundTrip:
    def test_full_snapshot_round_trips(self, store: Store) -> None:
        """What is saved is what comes back, every field of every part."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        assert store.snapshot(f.ORG) == snapshot
        assert store.organisations() == [snapshot.organisation]
        assert store.profiles(f.ORG) == list(snapshot.profiles)

    def test_parts_come_back_in_the_order_saved(self, store: Store) -> None:
        """Units, people, profiles and roles come back in snapshot order; profiles() by id."""
        snapshot = f.snapshot()
        shuffled = attrs.evolve(
            snapshot,
            units=snapshot.units[::-1],
            people=snapshot.people[::-1],
            profiles=snapshot.profiles[::-1],
            roles=snapshot.roles[::-1],
        )
        store.save_snapshot(shuffled)
        assert store.snapshot(f.ORG) == shuffled
        assert store.profiles(f.ORG) == sorted(snapshot.profiles, key=lambda p: p.id)

    def test_reordering_is_an_update(self, store: Store) -> None:
        """Moving parts in the snapshot updates their place, and nothing else."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        swapped = attrs.evolve(
            snapshot, units=(snapshot.units[1], snapshot.units[0], *snapshot.units[2:])
        )
        result = store.save_snapshot(swapped)
        assert (result.inserted, result.updated) == (0, 2)
        assert store.snapshot(f.ORG) == swapped

    def test_snapshot_without_policy_or_parts(self, store: Store) -> None:
        """A bare organisation round-trips too."""
        snapshot = OrganisationSnapshot(organisation=f.organisation())
        assert store.save_snapshot(snapshot) == SaveResult(inserted=1)
        assert store.snapshot(f.ORG) == snapshot

    def test_hostile_unicode_round_trips(self, store: Store) -> None:
        """Bidi marks, ZWJ emoji and combining accents come back exactly, unnormalised."""
        base = f.snapshot()
        snapshot = attrs.evolve(
            base,
            organisation=attrs.evolve(base.organisation, name=f"Ajuntament {f.HOSTILE}"),
            units=(attrs.evolve(base.units[0], name=f.HOSTILE), *base.units[1:]),
            profiles=(
                # a handle refuses direction and invisible characters; its bio keeps them all
                attrs.evolve(base.profiles[0], handle="@Cafe\u0301Soldeneu", bio=f.HOSTILE),
                *base.profiles[1:],
            ),
        )
        store.save_snapshot(snapshot)
        back = store.snapshot(f.ORG)
        assert back == snapshot
        assert back.units[0].name == f.HOSTILE
        assert "Cafe\u0301" in back.units[0].name
        assert "Café" in back.units[0].name
        assert store.save_snapshot(snapshot).written == 0


class TestIdempotency:
    def test_saving_twice_changes_nothing(self, store: Store) -> None:
        """A second save of the same snapshot writes no row and leaves every table identical."""
        snapshot = f.snapshot()
        first = store.save_snapshot(snapshot)
        dump = store.dump()
        second = store.save_snapshot(snapshot)
        assert store.dump() == dump
        assert second == SaveResult(unchanged=first.inserted)
        assert first.inserted == _rows(dump)
        assert (first.updated, first.unchanged, first.deleted) == (0, 0, 0)

    def test_equal_snapshot_built_anew_is_unchanged(self, store: Store) -> None:
        """Equality, not identity, decides: an equal snapshot built again writes nothing."""
        store.save_snapshot(f.snapshot())
        assert store.save_snapshot(f.snapshot()).written == 0


class TestUpdates:
    def test_changes_are_detected_and_counted(self, store: Store) -> None:
        """Changed rows are updated, dropped roles deleted, the rest left alone."""
        snapshot = f.snapshot()
        first = store.save_snapshot(snapshot)
        changed = attrs.evolve(
            snapshot,
            units=(
                attrs.evolve(snapshot.units[0], name="Comunicació i Premsa"),
                *snapshot.units[1:],
            ),
            profiles=(
                attrs.evolve(snapshot.profiles[0], state=LifecycleState.ARCHIVED),
                *snapshot.profiles[1:],
            ),
            roles=snapshot.roles[:2],
        )
        result = store.save_snapshot(changed)
        assert result.updated == 2
        assert result.deleted == 2
        assert result.inserted == 0
        assert result.unchanged == first.inserted - 2 - 2
        assert result.state_changes == (
            StateChange("cultura-x", LifecycleState.DORMANT, LifecycleState.ARCHIVED),
        )
        assert store.snapshot(f.ORG) == changed

    def test_first_save_reports_every_profile_as_new(self, store: Store) -> None:
        """New profiles appear in state_changes with no old state."""
        snapshot = f.snapshot()
        result = store.save_snapshot(snapshot)
        assert result.state_changes == tuple(
            StateChange(p.id, None, p.state) for p in snapshot.profiles
        )

    def test_roles_are_replaced_in_place(self, store: Store) -> None:
        """The role set is the snapshot's: changed positions updated, new ones inserted."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        extra = RoleAssignment(organisation=f.ORG, person="joan-puig", role=Role.RESPONDER)
        roles = (snapshot.roles[1], snapshot.roles[0], *snapshot.roles[2:], extra)
        result = store.save_snapshot(attrs.evolve(snapshot, roles=roles))
        assert (result.inserted, result.updated, result.deleted) == (1, 2, 0)
        assert store.snapshot(f.ORG).roles == roles
        result = store.save_snapshot(attrs.evolve(snapshot, roles=()))
        assert result.deleted == len(roles)
        assert store.snapshot(f.ORG).roles == ()

    def test_parts_missing_later_stay(self, store: Store) -> None:
        """Units, people and profiles left out of a later snapshot are not deleted."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        smaller = attrs.evolve(
            snapshot,
            units=snapshot.units[:1],
            people=snapshot.people[2:],
            profiles=snapshot.profiles[1:2],
            roles=(),
        )
        result = store.save_snapshot(smaller)
        assert result.inserted == 0
        assert result.updated == 2  # marta-soler and soldeneu-mastodon moved to the front
        back = store.snapshot(f.ORG)
        assert back.units == snapshot.units
        assert {p.id for p in back.people} == {p.id for p in snapshot.people}
        assert {p.id for p in back.profiles} == {p.id for p in snapshot.profiles}
        # the parts left out keep the place they had; ties go by id
        assert [p.id for p in back.people] == ["alcaldessa", "marta-soler", "joan-puig"]
        assert [p.id for p in back.profiles] == ["cultura-x", "soldeneu-mastodon", "soldeneu-x"]

    def test_policy_versions_are_kept_one_current(self, store: Store) -> None:
        """A new policy version becomes current; the old one stays as history."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        v2 = f.policy(f.ORG, version="2026.2", approval_tiers=1)
        result = store.save_snapshot(attrs.evolve(snapshot, policy=v2))
        assert (result.inserted, result.updated) == (1, 1)  # v2 in, v1 retired
        assert store.snapshot(f.ORG).policy == v2
        policies = store.dump(f.ORG)["policies"]
        assert [(p["version"], p["is_current"]) for p in policies] == [
            ("2026.1", False),
            ("2026.2", True),
        ]
        # back to v1: it becomes current again, with its data as now saved
        store.save_snapshot(snapshot)
        assert store.snapshot(f.ORG).policy == snapshot.policy
        # no policy: none is current, nothing is deleted
        store.save_snapshot(attrs.evolve(snapshot, policy=None))
        assert store.snapshot(f.ORG).policy is None
        assert len(store.dump(f.ORG)["policies"]) == 2
        assert store.save_snapshot(attrs.evolve(snapshot, policy=None)).written == 0

    def test_organisation_update(self, store: Store) -> None:
        """A renamed organisation is updated in place."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        renamed = attrs.evolve(
            snapshot, organisation=attrs.evolve(snapshot.organisation, name="Ajuntament Nou")
        )
        assert store.save_snapshot(renamed).updated == 1
        assert store.organisations()[0].name == "Ajuntament Nou"


class TestInvalidSnapshots:
    def test_profile_with_unknown_unit(self, store: Store) -> None:
        """A profile naming a unit that exists nowhere is refused, and nothing is written."""
        snapshot = f.snapshot()
        bad = attrs.evolve(
            snapshot,
            profiles=(*snapshot.profiles, f.profile(f.ORG, "ghost", unit_id="no-such-unit")),
        )
        with pytest.raises(StoreError) as caught:
            store.save_snapshot(bad)
        assert "ghost" in caught.value.en
        assert "no-such-unit" in caught.value.en
        assert "no-such-unit" in caught.value.es
        assert _rows(store.dump()) == 0

    def test_unit_already_stored_counts(self, store: Store) -> None:
        """A profile may name a unit saved by an earlier snapshot."""
        snapshot = f.snapshot()
        store.save_snapshot(snapshot)
        later = attrs.evolve(
            snapshot, units=(), profiles=(f.profile(f.ORG, "new-one", unit_id="esports"),)
        )
        assert store.save_snapshot(later).inserted == 1

    def test_role_for_unknown_person(self, store: Store) -> None:
        """A role for a person that exists nowhere is refused."""
        snapshot = f.snapshot()
        role = RoleAssignment(organisation=f.ORG, person="nobody", role=Role.EDITOR)
        with pytest.raises(StoreError, match="nobody"):
            store.save_snapshot(attrs.evolve(snapshot, roles=(role,)))

    def test_policy_with_unknown_coordinating_unit(self, store: Store) -> None:
        """A policy's coordinating unit must exist."""
        snapshot = f.snapshot()
        policy = f.policy(f.ORG, coordinating_unit="gabinet")
        with pytest.raises(StoreError, match="gabinet"):
            store.save_snapshot(attrs.evolve(snapshot, policy=policy))

    def test_repeated_ids(self, store: Store) -> None:
        """A snapshot that repeats a unit id is refused, naming it."""
        snapshot = f.snapshot()
        with pytest.raises(StoreError, match="cultura"):
            store.save_snapshot(attrs.evolve(snapshot, units=(*snapshot.units, snapshot.units[1])))
        assert _rows(store.dump()) == 0

    def test_value_json_cannot_hold_never_reaches_the_store(self) -> None:
        """A NaN rule parameter is refused by the model, before any store sees it."""
        with pytest.raises(ModelError, match="parameter 'ratio' must be a finite number"):
            RuleConfig(id="text-length", params={"ratio": float("nan")})

    def test_unknown_organisation(self, store: Store) -> None:
        """Reading an organisation that is not stored names it and suggests a close one."""
        store.save_snapshot(f.snapshot())
        with pytest.raises(StoreError) as caught:
            store.snapshot("ajuntament-soldenue")
        assert "ajuntament-soldenue" in caught.value.en
        assert f"Did you mean '{f.ORG}'" in caught.value.en
        for read in (store.profiles, store.profile_counts, store.message_counts, store.dump):
            with pytest.raises(StoreError):
                read("nowhere")
