from __future__ import annotations

import attrs
import pytest
import sqlalchemy as sa

from govsm.errors import StoreError
from govsm.ledger.chain import AuditEvent
from govsm.model import Bilingual, Direction, Finding, OrganisationSnapshot, Severity
from govsm.spec.findings import ReportedFinding
from govsm.store import Store, rows, schema

from . import factories as f


def _twin(org: str) -> OrganisationSnapshot:
    """The example snapshot moved to another organisation: same ids, other names."""
    base = f.snapshot(org)
    return attrs.evolve(
        base,
        organisation=attrs.evolve(base.organisation, name="Diputació de Vallnova"),
        units=tuple(attrs.evolve(u, name=f"{u.name} (Vallnova)") for u in base.units),
        profiles=tuple(attrs.evolve(p, handle=f"@vallnova-{p.id}") for p in base.profiles),
    )


@pytest.fixture
def two(store: Store) -> Store:
    """Two organisations with the same unit, person, profile and message ids."""
    store.save_snapshot(f.snapshot(f.ORG))
    store.save_snapshot(_twin(f.OTHER))
    store.save_messages(f.ORG, f.messages(f.ORG, 3))
    other = [attrs.evolve(m, text=f"Vallnova {m.id}") for m in f.messages(f.OTHER, 5)]
    store.save_messages(f.OTHER, other)
    for org in (f.ORG, f.OTHER):  # one audit chain each, with the same sequence numbers
        event = AuditEvent(f.T0, "workspace", "profile.registered", "soldeneu-mastodon")
        store.append_audit(org, [event])
        # and one audit run each, with one finding about the same profile
        run = store.runs.begin(org, f.T0, f.T0.date(), "0.1.0")
        finding = Finding(
            rule="dormant",
            severity=Severity.WARNING,
            message=Bilingual(es=f"inactivo en {org}", en=f"dormant in {org}"),
            subject="profile:soldeneu-mastodon",
        )
        store.runs.add(org, run, 1, [ReportedFinding.of("health", finding)])
    return store


class TestTenancy:
    def test_reads_never_cross_organisations(self, two: Store) -> None:
        """Every read of one organisation returns its own rows only."""
        assert two.snapshot(f.ORG) == f.snapshot(f.ORG)
        assert two.snapshot(f.OTHER) == _twin(f.OTHER)
        assert two.profiles(f.ORG) == list(f.snapshot(f.ORG).profiles)
        assert list(two.messages(f.ORG)) == f.messages(f.ORG, 3)
        assert all(m.organisation == f.OTHER for m in two.messages(f.OTHER))
        assert two.count_messages(f.ORG) == 3
        assert two.count_messages(f.OTHER) == 5
        assert two.count_messages(f.ORG, profile="soldeneu-mastodon") == 3
        assert two.count_messages(f.ORG, direction=Direction.OUTBOUND) == 3
        assert two.message_counts(f.ORG) == [("soldeneu-mastodon", "outbound", "draft", 3)]
        assert two.message_counts(f.OTHER) == [("soldeneu-mastodon", "outbound", "draft", 5)]
        assert [o.id for o in two.organisations()] == [f.ORG, f.OTHER]

    def test_dump_of_one_organisation(self, two: Store) -> None:
        """dump(org) holds only that organisation's rows, and no database-wide facts."""
        dump = two.dump(f.ORG)
        assert "govsm_meta" not in dump
        for table, found in dump.items():
            key = "id" if table == "organisations" else "organisation_id"
            assert {row[key] for row in found} <= {f.ORG}, table
        assert all(dump[t] for t in ("organisations", "units", "profiles", "messages"))
        whole = two.dump()
        assert len(whole["messages"]) == 8
        assert len(whole["units"]) == 6

    def test_saving_one_organisation_leaves_the_other(self, two: Store) -> None:
        """Saving one organisation's snapshot never touches the other's rows."""
        before = two.dump(f.OTHER)
        snapshot = f.snapshot(f.ORG)
        two.save_snapshot(attrs.evolve(snapshot, roles=(), profiles=snapshot.profiles[:1]))
        two.save_messages(f.ORG, [attrs.evolve(m, text="changed") for m in f.messages(f.ORG, 3)])
        assert two.dump(f.OTHER) == before

    def test_message_cannot_use_another_organisations_profile(self, store: Store) -> None:
        """A profile only the other organisation has is unknown to this one."""
        store.save_snapshot(f.snapshot(f.ORG))
        store.save_snapshot(
            attrs.evolve(
                _twin(f.OTHER),
                profiles=(*_twin(f.OTHER).profiles, f.profile(f.OTHER, "vallnova-only")),
            )
        )
        with pytest.raises(StoreError) as caught:
            store.save_messages(f.ORG, [f.message(f.ORG, "m", profile_id="vallnova-only")])
        assert "vallnova-only" in caught.value.en
        assert store.count_messages(f.ORG) == 0

    def test_foreign_keys_stop_cross_organisation_rows(self, store: Store) -> None:
        """Even raw SQL cannot point a message at another organisation's profile."""
        store.save_snapshot(f.snapshot(f.ORG))
        store.save_snapshot(OrganisationSnapshot(organisation=f.organisation(f.OTHER)))
        row, _ = rows.message_row(f.message(f.OTHER, "m"))  # profile exists only in ORG
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
            connection.execute(sa.insert(schema.messages), [row])
        assert store.count_messages(f.OTHER) == 0
