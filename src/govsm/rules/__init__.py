"""Policy rules: the record a rules plugin declares, and (in later releases) the engine that runs them."""

from govsm.rules.spec import Rule, RuleCheck

__all__ = ["Rule", "RuleCheck"]
