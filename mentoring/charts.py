"""The confidence chart's geometry, worked out on the server so it needs no JavaScript.

``confidence_small_multiples`` is a pure function: check-ins in, coordinates out. The
template ``mentoring/includes/confidence_chart.html`` draws them as one small SVG
chart per area, every one on the same scale and the same check-ins, so the areas are
compared by their position on the page rather than told apart by colour. Each chart is
an image to assistive technology, named by its area's heading and described by a
visible sentence saying what changed; the page gives the same figures in a table.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LOWEST, HIGHEST = 1, 5

# Each chart's frame, in SVG user units (pixels at full size).
LEFT, RIGHT, TOP = 30, 18, 20  # room for the scores on the left, a value above a point
PLOT_HEIGHT = 120
LABELS_HEIGHT = 44  # two lines under the axis: the stage and the date
STEP = 64  # between check-ins, where there is room to label each
NARROWEST, WIDEST = 192, 560  # the plot's width, whatever the number of check-ins


@dataclass(frozen=True)
class ChartPoint:
    """One check-in: its label on the x axis (two short lines) and its scores by area."""

    label: str
    sublabel: str
    scores: Mapping[str, int]


@dataclass(frozen=True)
class Tick:
    """A check-in on the x axis, where it is labelled."""

    x: float
    label: str
    sublabel: str


@dataclass(frozen=True)
class GridLine:
    """A score on the y axis: its line across the plot and its number."""

    y: float
    score: int


@dataclass(frozen=True)
class Marker:
    """A score given at a check-in, where it is drawn."""

    x: float
    y: float
    score: int


@dataclass(frozen=True)
class Panel:
    """One area's chart: its heading, the sentence saying what changed, its line
    (one ``points`` string per unbroken run of scores) and its markers."""

    key: str
    label: str
    summary: str
    lines: list[str]
    markers: list[Marker]


@dataclass(frozen=True)
class SmallMultiples:
    """Every area's chart, all the same size and scale."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    axis_bottom: int
    grid: list[GridLine]
    ticks: list[Tick]
    show_values: bool
    panels: list[Panel]


def _runs(values: Sequence[tuple | None]) -> list[list[tuple]]:
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


def _change(points: Sequence[ChartPoint], value: str) -> str:
    """Where an area started and where it is now, without the area's name."""
    scored = [(p, p.scores[value]) for p in points if value in p.scores]
    if not scored:
        return "no score yet."
    (first, start), (last, end) = scored[0], scored[-1]
    if len(scored) == 1:
        return f"{start} at the {first.label.lower()}."
    if end > start:
        change = f"up {end - start}"
    elif end < start:
        change = f"down {start - end}"
    else:
        change = "no change"
    return (
        f"{start} at the {first.label.lower()} ({first.sublabel}), "
        f"{end} at the {last.label.lower()} ({last.sublabel}), {change}."
    )


def describe_change(points: Sequence[ChartPoint], areas: Sequence[tuple[str, str]]) -> list[str]:
    """One sentence per area: where it started and where it is now."""
    return [f"{label}: {_change(points, value)}" for value, label in areas]


def confidence_small_multiples(
    *, points: Sequence[ChartPoint], areas: Sequence[tuple[str, str]]
) -> SmallMultiples:
    """A chart per area across the check-ins, scores 1 to 5 upwards.

    ``areas`` are (value, label) pairs, e.g. ``ConfidenceArea.choices``. Every chart
    has the same frame, so one area's chart reads against another's. With more
    check-ins than fit, the plot keeps its widest size and only the first and the
    last are labelled (the table beside it has every one).
    """
    count = len(points)
    plot_width = min(WIDEST, max(NARROWEST, STEP * max(count - 1, 1)))
    roomy = count <= 1 or plot_width / (count - 1) >= STEP
    width = LEFT + plot_width + RIGHT
    axis_bottom = TOP + PLOT_HEIGHT

    def x_of(index: int) -> float:
        if count <= 1:
            return LEFT + plot_width / 2
        return round(LEFT + 16 + index * (plot_width - 32) / (count - 1), 1)

    def y_of(score: int) -> float:
        return round(axis_bottom - (score - LOWEST) * PLOT_HEIGHT / (HIGHEST - LOWEST), 1)

    labelled = range(count) if roomy else sorted({0, count - 1})
    panels = []
    for value, label in areas:
        scored = [
            (x_of(i), y_of(p.scores[value]), p.scores[value]) if value in p.scores else None
            for i, p in enumerate(points)
        ]
        panels.append(
            Panel(
                key=value,
                label=label,
                summary=_change(points, value),
                lines=[
                    " ".join(f"{x},{y}" for x, y, _ in run) for run in _runs(scored) if len(run) > 1
                ],
                markers=[Marker(x, y, score) for x, y, score in filter(None, scored)],
            )
        )
    return SmallMultiples(
        width=width,
        height=axis_bottom + LABELS_HEIGHT,
        plot_left=LEFT,
        plot_right=LEFT + plot_width,
        plot_top=TOP,
        axis_bottom=axis_bottom,
        grid=[GridLine(y_of(score), score) for score in range(LOWEST, HIGHEST + 1)],
        ticks=[Tick(x_of(i), points[i].label, points[i].sublabel) for i in labelled],
        show_values=roomy,
        panels=panels,
    )
