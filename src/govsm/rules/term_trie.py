"""Word lists as one regular expression shaped like a trie: a fast test of "any of these here?".

A list of a few hundred words or phrases compiled as a flat alternation (``inaugura|inauguran|
inauguramos|…``) is tried entry by entry at every position of a text. :func:`trie_source` writes
the same entries with their common beginnings shared (``inaugura(?:n|mos|…)``), so each position
costs a walk down one branch. The trie matches at a position exactly where one of its entries
does, so it answers "is there a match, and where does the first one start?" as the flat
alternation does; which entry wins at that position (hence where the match ends) may differ, so
callers that need the match itself ask the flat pattern afterwards.
"""

from __future__ import annotations

from typing import TypeAlias

#: a trie node: each next atom to its node; the empty atom marks where an entry ends
_Node: TypeAlias = dict[str, "_Node"]


def _atoms(source: str) -> list[str]:
    r"""``source``, a pattern written by :func:`govsm.rules.neutrality_lexicon.term`, in atoms.

    An atom is an escaped character (``\-``), a class (``['’]``), ``\w*`` or ``\s+``, a gap
    (a group with its quantifier, ``(?:\s+[^\s…]+){0,4}?``), or a plain character.
    """
    found: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "(":
            close = _group_end(source, index)
            if close < len(source) and source[close] == "{":
                close = source.index("}", close) + 1
            if close < len(source) and source[close] == "?":
                close += 1
            atom = source[index:close]
            index = close
        elif char == "\\":
            atom = source[index : index + 2]
            index += 2
            if atom in ("\\w", "\\s") and index < len(source) and source[index] in "*+":
                atom += source[index]
                index += 1
        elif char == "[":
            close = source.index("]", index + 1)
            atom = source[index : close + 1]
            index = close + 1
        else:
            atom = char
            index += 1
        found.append(atom)
    return found


def _group_end(source: str, start: int) -> int:
    """Where the group that opens at ``source[start]`` ends (just past its ``)``)."""
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = source.index("]", index + 1) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"an unclosed group in {source!r}")


def trie_source(sources: list[str]) -> str:
    r"""One alternation of ``sources`` with their common first atoms shared.

    :param sources: patterns as :func:`govsm.rules.neutrality_lexicon.term` writes them (escaped
        characters, ``['’]``, ``\w*``, ``\s+`` and gaps).
    :returns: a pattern that matches at a position where, and only where, one of ``sources``
        does (put it inside the same look-arounds as the flat alternation).
    """
    root: _Node = {}
    for source in sources:
        node = root
        for atom in _atoms(source):
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(root)
