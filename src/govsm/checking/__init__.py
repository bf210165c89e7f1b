"""What ``govsm check`` and :func:`govsm.check` run on: inputs, the checker, output formats.

Texts, JSON Lines records and drafts are read lazily and checked against the rules as they
come: :func:`govsm.check` one at a time, ``govsm check`` a chunk at a time (the rules take turns
over each chunk: :meth:`Checker.check_many <govsm.rules.engine.Checker.check_many>`).

>>> import govsm
>>> (result,) = govsm.check(["x" * 300], network="x")
>>> result.measurement.length, result.measurement.limit, [f.rule for f in result.findings]
(300, 280, ['length'])
"""

from govsm.checking.api import check
from govsm.checking.inputs import CheckInput, PendingLine, parse_pending, read_inputs

__all__ = ["CheckInput", "PendingLine", "check", "parse_pending", "read_inputs"]
