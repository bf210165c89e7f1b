"""Hypothesis strategies for hostile input: what a careless export or a malicious file may hold.

Every strategy here produces input that govsm must either read or refuse with words — never
with a traceback, never by reading a file outside the workspace. The building blocks:

- :mod:`~tests.fuzz.strategies.hostile_text`: characters that hide or reorder text —
  bidirectional controls, zero-width and other invisible characters, control characters, odd
  line breaks and NUL —, byte sequences that are not UTF-8, and huge texts made of them;
- :mod:`~tests.fuzz.strategies.edge_values`: instants and days at the ends of what
  :class:`datetime.datetime` holds, values nested deeper than any parser should follow, numbers
  at the limits;
- :mod:`~tests.fuzz.strategies.toml_text`: TOML text of any of these values;
- :mod:`~tests.fuzz.strategies.links`: links leading out of the workspace.

On top of them: hostile ``govsm.toml`` documents (:mod:`~tests.fuzz.strategies.workspace_cases`),
lines of JSON Lines files (:mod:`~tests.fuzz.strategies.lines`), history files
(:mod:`~tests.fuzz.strategies.history_lines`), governance journals
(:mod:`~tests.fuzz.strategies.journal_lines`), Markdown drafts
(:mod:`~tests.fuzz.strategies.drafts`) and ``govsm check`` inputs
(:mod:`~tests.fuzz.strategies.check_inputs`). Each generated line or file says what a correct
govsm must do with it (load it, skip it, refuse it), so the tests can state their properties
exactly.

A few hostile inputs can be left out while the bug they reveal is open in a file that another
change owns: :mod:`~tests.fuzz.strategies.known_bugs`.
"""
