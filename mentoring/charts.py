"""Charts drawn on the server as inline SVG, so they need no JavaScript.

``confidence_chart_svg`` is a pure function: check-ins in, an SVG string out.
The SVG is an image to assistive technology (``role="img"`` with a
``<title>`` and a ``<desc>`` that says what changed); the page shows the same
figures in a data table beside it. Lines differ by colour, dash pattern and
marker shape, so they read without colour too.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LOWEST, HIGHEST = 1, 5

# Colours with at least 3:1 contrast on white (WCAG 1.4.11), from the
# Okabe-Ito palette and its darker neighbours, each with its own dash and marker.
STYLES = [
    ("#0072B2", "", "circle"),
    ("#C84E00", "8 4", "square"),
    ("#007A5A", "2 3", "triangle"),
    ("#7B3294", "10 3 2 3", "diamond"),
    ("#8C510A", "5 5", "cross"),
    ("#222222", "12 3 3 3 3 3", "triangle-down"),
]


@dataclass(frozen=True)
class ChartPoint:
    """One check-in: its label on the x axis (two short lines) and its scores by area."""

    label: str
    sublabel: str
    scores: Mapping[str, int]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 5
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" '
            f'fill="{colour}"/>'
        )
    if shape == "diamond":
        points = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "cross":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}'
            f'M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>'
        )
    sign = -1 if shape == "triangle" else 1  # triangle points up, triangle-down down
    points = (
        f"{x:.1f},{y + sign * (r + 1):.1f} {x - r - 1:.1f},{y - sign * r:.1f} "
        f"{x + r + 1:.1f},{y - sign * r:.1f}"
    )
    return f'<polygon points="{points}" fill="{colour}"/>'


def _runs(values: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Split a series at missing values, so a gap shows as a gap."""
    runs, current = [], []
    for value in values:
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(value)
    if current:
        runs.append(current)
    return runs


def describe_change(points: Sequence[ChartPoint], areas: Sequence[tuple[str, str]]) -> list[str]:
    """One sentence per area: where it started and where it is now."""
    sentences = []
    for value, label in areas:
        scored = [(p, p.scores[value]) for p in points if value in p.scores]
        if not scored:
            sentences.append(f"{label}: no score yet.")
            continue
        (first, start), (last, end) = scored[0], scored[-1]
        if len(scored) == 1:
            sentences.append(f"{label}: {start} at the {first.label.lower()}.")
            continue
        if end > start:
            change = f"up {end - start}"
        elif end < start:
            change = f"down {start - end}"
        else:
            change = "no change"
        sentences.append(
            f"{label}: {start} at the {first.label.lower()} ({first.sublabel}), "
            f"{end} at the {last.label.lower()} ({last.sublabel}), {change}."
        )
    return sentences


def confidence_chart_svg(
    *,
    points: Sequence[ChartPoint],
    areas: Sequence[tuple[str, str]],
    title: str,
    id_prefix: str = "confidence-chart",
) -> SafeString:
    """A line per area across the check-ins, scores 1 to 5 upwards, with a legend.

    ``areas`` are (value, label) pairs, e.g. ``ConfidenceArea.choices``. Every
    text is escaped, so the result is safe to put in a page as it is.
    """
    count = len(points)
    left, right, top = 56, 40, 32
    step = 110
    plot_width = max(480, step * max(count - 1, 1))
    width = left + plot_width + right
    plot_height = 220
    axis_bottom = top + plot_height
    legend_top = axis_bottom + 62
    columns = 2 if width < 760 else 3
    legend_rows = -(-len(areas) // columns)
    height = legend_top + legend_rows * 24 + 8

    def x_of(index: int) -> float:
        if count <= 1:
            return left + plot_width / 2
        return left + 24 + index * (plot_width - 48) / (count - 1)

    def y_of(score: int) -> float:
        return axis_bottom - (score - LOWEST) * plot_height / (HIGHEST - LOWEST)

    title_id, desc_id = escape(f"{id_prefix}-title"), escape(f"{id_prefix}-desc")
    if count:
        summary = (
            f"Confidence from {LOWEST} (not confident) to {HIGHEST} (very confident) at "
            f"{count} check-in{'s' if count != 1 else ''}. "
        ) + " ".join(describe_change(points, areas))
    else:
        summary = "No check-ins yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="confidence-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(summary)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # The y axis: a grid line and a number at each score.
    parts.append('<g class="axis" fill="#212529">')
    for score in range(LOWEST, HIGHEST + 1):
        y = y_of(score)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_width}" y2="{y:.1f}" '
            f'stroke="#c8ccd0" stroke-width="1"/>'
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">{score}</text>'
        )
    parts.append(f'<text x="8" y="{top - 14}" font-weight="bold">Score</text>')
    # The x axis: each check-in's stage and date.
    parts.append(
        f'<line x1="{left}" y1="{axis_bottom}" x2="{left + plot_width}" y2="{axis_bottom}" '
        f'stroke="#495057" stroke-width="1.5"/>'
    )
    for index, point in enumerate(points):
        x = x_of(index)
        parts.append(
            f'<text x="{x:.1f}" y="{axis_bottom + 20}" text-anchor="middle">'
            f"{escape(point.label)}</text>"
            f'<text x="{x:.1f}" y="{axis_bottom + 38}" text-anchor="middle" fill="#495057">'
            f"{escape(point.sublabel)}</text>"
        )
    parts.append("</g>")
    # A line per area; areas are nudged apart a little so equal scores stay visible.
    spread = 5
    for number, (value, _label) in enumerate(areas):
        colour, dash, shape = STYLES[number % len(STYLES)]
        nudge = (number - (len(areas) - 1) / 2) * spread if count > 1 else 0
        coordinates = [
            (x_of(i) + nudge, y_of(p.scores[value])) if value in p.scores else None
            for i, p in enumerate(points)
        ]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="series series-{escape(value)}">')
        for run in _runs(coordinates):
            if len(run) > 1:
                line = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{line}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
            parts.extend(_marker(shape, x, y, colour) for x, y in run)
        parts.append("</g>")
    # The legend, under the x axis labels.
    column_width = (width - left) / columns
    parts.append('<g class="legend" fill="#212529">')
    for number, (_value, label) in enumerate(areas):
        colour, dash, shape = STYLES[number % len(STYLES)]
        row, column = divmod(number, columns)
        lx = left + column * column_width
        ly = legend_top + row * 24
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly:.1f}" x2="{lx + 34:.1f}" y2="{ly:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            + _marker(shape, lx + 17, ly, colour)
            + f'<text x="{lx + 42:.1f}" y="{ly + 4:.1f}">{escape(label)}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
