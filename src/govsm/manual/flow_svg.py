"""The approval flow as an inline SVG diagram, for the HTML manual.

One row per :class:`~govsm.manual.flow.DiagramRow`, boxes left to right joined by
arrows; a dashed arrow under the row takes rejected messages back to the draft. Every text is
escaped; the drawing needs no font, script or file from outside the page. Box widths are
estimated from the number of characters (no font metrics are available when rendering).
"""

from __future__ import annotations

from html import escape

from govsm.manual.flow import Box, DiagramRow

#: fill and stroke of each kind of box
COLOURS = {
    "draft": ("#f3f4f6", "#4b5563"),
    "reply": ("#f3f4f6", "#4b5563"),
    "tier": ("#fff7e6", "#b45309"),
    "scheduled": ("#eef2ff", "#4338ca"),
    "published": ("#ecfdf5", "#047857"),
}

_CHAR = 7.4  # average advance of a 13 px sans-serif character, in pixels
_SMALL_CHAR = 6.4  # the same at 11 px
_BOX_H = 58
_LABEL_H = 26
_ARC_SPACE = 44
_ROW_GAP = 14
_MARGIN = 16


def _box_width(box: Box) -> float:
    longest = max(len(line) for line in (box.title, *box.detail))
    return max(96.0, min(260.0, longest * _CHAR + 24))


def _gap(label: str) -> float:
    return max(44.0, len(label) * _SMALL_CHAR + 20)


def _text(x: float, y: float, content: str, *, size: int = 13, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="middle">{escape(content)}</text>'
    )


def render_svg(rows: tuple[DiagramRow, ...], title: str, description: tuple[str, ...]) -> str:
    """The diagram as an ``<svg>`` element.

    :param rows: what to draw, from :func:`~govsm.manual.flow.diagram_rows`.
    :param title: its accessible name.
    :param description: its text alternative, one sentence each.
    """
    parts: list[str] = []
    width = 0.0
    y = float(_MARGIN)
    for row in rows:
        parts.append(
            f'<text x="{_MARGIN}" y="{y + 16:.1f}" font-size="13" font-weight="bold">'
            f"{escape(row.label)}</text>"
        )
        top = y + _LABEL_H
        x = float(_MARGIN)
        centres: list[float] = []
        for position, box in enumerate(row.boxes):
            box_w = _box_width(box)
            fill, stroke = COLOURS.get(box.kind, COLOURS["draft"])
            radius = 22 if box.kind == "published" else 6
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{box_w:.1f}" height="{_BOX_H}" '
                f'rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            )
            lines = (box.title, *box.detail)
            first = top + _BOX_H / 2 - (len(lines) - 1) * 8 + 4
            for number, line in enumerate(lines):
                parts.append(
                    _text(
                        x + box_w / 2,
                        first + number * 16,
                        line,
                        size=13 if number == 0 else 11,
                        weight="bold" if number == 0 else "normal",
                    )
                )
            centres.append(x + box_w / 2)
            x += box_w
            if position < len(row.edges):
                label = row.edges[position]
                gap = _gap(label)
                mid = top + _BOX_H / 2
                parts.append(
                    f'<line x1="{x:.1f}" y1="{mid:.1f}" x2="{x + gap - 2:.1f}" y2="{mid:.1f}" '
                    'stroke="#374151" stroke-width="1.5" marker-end="url(#govsm-arrow)"/>'
                )
                if label:
                    parts.append(_text(x + gap / 2, mid - 8, label, size=11))
                x += gap
        if row.reject:
            bottom = top + _BOX_H
            tiers = [c for b, c in zip(row.boxes, centres, strict=True) if b.kind == "tier"]
            for depth, centre in enumerate(tiers):
                drop = 18 + depth * 6
                parts.append(
                    f'<path d="M {centre:.1f} {bottom:.1f} C {centre:.1f} {bottom + drop:.1f}, '
                    f'{centres[0]:.1f} {bottom + drop:.1f}, {centres[0]:.1f} {bottom + 2:.1f}" '
                    'fill="none" stroke="#b91c1c" stroke-width="1.2" stroke-dasharray="5 4" '
                    'marker-end="url(#govsm-arrow-red)"/>'
                )
            # the label once, under the first arc's lowest point
            lowest = bottom + 18 * 0.75 + 14
            parts.append(_text((centres[0] + tiers[0]) / 2, lowest, row.reject, size=11))
        width = max(width, x, _MARGIN + len(row.label) * _CHAR * 1.08)
        y = top + _BOX_H + (_ARC_SPACE if row.reject else 0) + _ROW_GAP
    height = y + _MARGIN - _ROW_GAP
    total = width + _MARGIN
    desc = " ".join(description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="govsm-flow-title govsm-flow-desc" '
        f'viewBox="0 0 {total:.0f} {height:.0f}" width="{total:.0f}" height="{height:.0f}" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" "
        f'fill="#111827">'
        f'<title id="govsm-flow-title">{escape(title)}</title>'
        f'<desc id="govsm-flow-desc">{escape(desc)}</desc>'
        "<defs>"
        '<marker id="govsm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#374151"/></marker>'
        '<marker id="govsm-arrow-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#b91c1c"/></marker>'
        "</defs>" + "".join(parts) + "</svg>"
    )
