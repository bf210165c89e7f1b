"""Hostile inputs left out while the bug they reveal is open in a file another change owns.

Each ``KNOWN_BUG_*`` switch names its bug and its reproduction test. Set a switch to ``False``
once the bug is fixed (its reproduction then passes, and its strict ``xfail`` says so); a
switch set to ``True`` leaves its inputs out of the strategies that would draw them.
"""

from __future__ import annotations

#: integers of more than 4,300 digits make ``json.loads`` and ``tomllib`` raise a bare
#: ``ValueError`` that the readers do not catch (``test_*::test_*_huge_integer*``)
KNOWN_BUG_HUGE_INTEGERS = False
#: ``govsm check`` on a draft whose closing ``+++`` is indented raises ``ValueError``
#: (``test_check_inputs.py::test_a_draft_with_an_indented_closing_fence``)
KNOWN_BUG_DRAFT_FENCES = False
#: a journal is split into lines by ``str.splitlines``: a line holding U+2028, U+0085, ``\r``…
#: (inside a JSON string) is cut in two and the later lines are numbered wrongly
#: (``test_journals.py::test_a_line_separator_inside_a_journal_line``)
KNOWN_BUG_JOURNAL_LINE_BREAKS = False
#: one byte that is not UTF-8 refuses the whole journal, at "line 0"
#: (``test_journals.py::test_one_invalid_byte_refuses_only_its_line``)
KNOWN_BUG_JOURNAL_UTF8 = False
#: a journal line whose action (or state, or edited key) holds NUL is quoted in a message that
#: cannot become a finding: the load step fails
#: (``test_journals.py::test_an_action_holding_nul``)
KNOWN_BUG_JOURNAL_NUL_ECHO = False
