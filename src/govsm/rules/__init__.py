"""Policy rules: the record a rules plugin declares (the engine that runs them comes later)."""

from govsm.rules.spec import Rule, RuleCheck

__all__ = ["Rule", "RuleCheck"]
