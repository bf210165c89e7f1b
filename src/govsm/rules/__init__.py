"""Policy rules: the record a rules plugin declares, what a rule sees, and the engine."""

from govsm.rules.context import RuleContext
from govsm.rules.spec import Rule, RuleCheck

__all__ = ["Rule", "RuleCheck", "RuleContext"]
