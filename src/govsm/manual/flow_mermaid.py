"""The approval flow as a Mermaid ``flowchart``, for the Markdown manual.

GitLab, GitHub, Gitea and most Markdown viewers draw a code block marked ``mermaid``;
elsewhere it stays readable as text. Every label is quoted and escaped with Mermaid's entity
codes, so no name can end the label, the block or the code fence.

>>> mermaid_text('Àrea "Cultura" <b>#1</b>')
'Àrea #quot;Cultura#quot; #lt;b#gt;#35;1#lt;/b#gt;'
"""

from __future__ import annotations

from govsm.manual.flow import Box, DiagramRow

#: the shape of each kind of box: opening and closing brackets
SHAPES = {
    "draft": ('["', '"]'),
    "reply": ('["', '"]'),
    "tier": ('{{"', '"}}'),
    "scheduled": ('["', '"]'),
    "published": ('(["', '"])'),
}

# ``#`` first: the other replacements introduce it
_ESCAPES = (
    ("#", "#35;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("&", "#amp;"),
    ("`", "#96;"),
    ("|", "#124;"),
    ("\r", " "),
    ("\n", " "),
)


def mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label."""
    for raw, code in _ESCAPES:
        text = text.replace(raw, code)
    return text


def _node(node_id: str, box: Box) -> str:
    opening, closing = SHAPES.get(box.kind, SHAPES["draft"])
    label = "<br/>".join(mermaid_text(line) for line in (box.title, *box.detail))
    return f"{node_id}{opening}{label}{closing}"


def render_mermaid(rows: tuple[DiagramRow, ...]) -> str:
    """The diagram's Mermaid source (without the code fence).

    :param rows: what to draw, from :func:`~govsm.manual.flow.diagram_rows`.
    """
    out = ["flowchart LR"]
    for index, row in enumerate(rows):
        prefix = f"p{index}"
        out.append(f'  subgraph {prefix}["{mermaid_text(row.label)}"]')
        out.append("    direction LR")
        ids = [f"{prefix}b{position}" for position in range(len(row.boxes))]
        for node_id, box in zip(ids, row.boxes, strict=True):
            out.append(f"    {_node(node_id, box)}")
        for position, label in enumerate(row.edges):
            arrow = f'-->|"{mermaid_text(label)}"|' if label else "-->"
            out.append(f"    {ids[position]} {arrow} {ids[position + 1]}")
        if row.reject:
            for node_id, box in zip(ids, row.boxes, strict=True):
                if box.kind == "tier":
                    out.append(f'    {node_id} -.->|"{mermaid_text(row.reject)}"| {ids[0]}')
        out.append("  end")
    return "\n".join(out)
