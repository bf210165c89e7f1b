"""The rule engine: which rules apply to a message, configured how, and what they find.

The records a rules plugin declares and receives (:class:`~govsm.spec.Rule`,
:class:`~govsm.spec.RuleContext`) are part of the plugin API, :mod:`govsm.spec`; the helpers
here (:mod:`~govsm.rules.params`, :mod:`~govsm.rules.wording`, :mod:`~govsm.rules.wordlists`)
are shared by the built-in rules.
"""
