"""What ``govsm check`` and :func:`govsm.check` run on: inputs, the checker, output formats.

Texts, JSON Lines records and drafts are checked against the rules one at a time, streaming.

>>> import govsm
>>> (result,) = govsm.check(["x" * 300], network="x")
>>> result.measurement.length, result.measurement.limit, [f.rule for f in result.findings]
(300, 280, ['length'])
"""

from govsm.checking.api import check
from govsm.checking.inputs import CheckInput, PendingLine, parse_pending, read_inputs

__all__ = ["CheckInput", "PendingLine", "check", "parse_pending", "read_inputs"]
