"""Where a finding is in its source: line and column (code points, 1-based)."""

from __future__ import annotations

from govsm.checking.inputs import CheckInput


def locate(item: CheckInput, offset: int | None) -> tuple[int | None, int | None]:
    """The line and column of code point ``offset`` of the message's text in its source.

    JSON Lines records give their line and no column (the text is an escaped JSON string).
    """
    if item.first_line is None or offset is None:
        return item.line, None
    text = item.message.text
    line = item.first_line + text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
