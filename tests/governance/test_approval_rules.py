"""Approval rules reach the units below their unit, like roles do."""

from __future__ import annotations

from govsm.ledger.approvals import tiers_for
from govsm.model import ApprovalRule, MessageKind, Policy, Profile, ScopeKind


def _policy(*rules: ApprovalRule) -> Policy:
    return Policy("o", "1", "comms", approval_tiers=1, approval_rules=rules)


PROFILE = Profile("o", "fb-library", "facebook", "Library", "library")
CHAIN = ["library", "culture"]


class TestTiersFor:
    def test_a_parent_units_rule_covers_its_children(self) -> None:
        """Culture's rule applies to the library, which hangs from culture."""
        policy = _policy(ApprovalRule(2, ScopeKind.UNIT, "culture"))
        assert tiers_for(policy, PROFILE, MessageKind.POST, CHAIN) == 2
        assert tiers_for(policy, PROFILE, MessageKind.POST) == 1

    def test_the_nearest_unit_wins(self) -> None:
        """The library's own rule beats culture's; a profile rule beats both."""
        policy = _policy(
            ApprovalRule(2, ScopeKind.UNIT, "culture"),
            ApprovalRule(3, ScopeKind.UNIT, "library"),
        )
        assert tiers_for(policy, PROFILE, MessageKind.POST, CHAIN) == 3
        with_profile = _policy(
            ApprovalRule(3, ScopeKind.UNIT, "library"),
            ApprovalRule(0, ScopeKind.PROFILE, "fb-library"),
            ApprovalRule(4),
        )
        assert tiers_for(with_profile, PROFILE, MessageKind.POST, CHAIN) == 0

    def test_replies_follow_the_winning_rule(self) -> None:
        """Replies need approval only where the winning rule says so."""
        policy = _policy(ApprovalRule(2, ScopeKind.UNIT, "culture", replies=True))
        assert tiers_for(policy, PROFILE, MessageKind.REPLY, CHAIN) == 2
        assert tiers_for(policy, PROFILE, MessageKind.DIRECT, CHAIN) == 0
        assert tiers_for(_policy(), PROFILE, MessageKind.REPLY, CHAIN) == 0
