"""The confidence chart: coordinates worked out in Python, drawn by a template as one
small chart per area, all on the same scale."""

import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from mentoring.charts import ChartPoint, confidence_small_multiples, describe_change
from mentoring.models import ConfidenceArea

SVG = "{http://www.w3.org/2000/svg}"
AREAS = ConfidenceArea.choices


def points():
    return [
        ChartPoint("Baseline", "01/06/2026", {a: 2 for a in ConfidenceArea.values}),
        ChartPoint("Review", "01/09/2026", {a: 3 for a in ConfidenceArea.values}),
        ChartPoint("End", "01/12/2026", {**{a: 4 for a in ConfidenceArea.values}, "media": 2}),
    ]


def drawn(points, areas=AREAS) -> ET.Element:
    """The include as the page has it, read as XML (it is well-formed)."""
    html = render_to_string(
        "mentoring/includes/confidence_chart.html",
        {"chart": confidence_small_multiples(points=points, areas=areas)},
    )
    return ET.fromstring(re.sub(r"\{%.*?%\}", "", html).strip())


def test_each_area_has_its_own_chart_with_its_heading_and_what_changed():
    root = drawn(points())
    panels = root.findall("li")
    assert len(panels) == len(AREAS)
    for panel, (_value, label) in zip(panels, AREAS, strict=True):
        heading, summary, svg = panel.find("h3"), panel.find("p"), panel.find(f"{SVG}svg")
        assert heading.text == label
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == heading.get("id")
        assert svg.get("aria-describedby") == summary.get("id")
        assert len(svg.findall(f".//{SVG}polyline")) == 1
    media = root.find("li/p[@id='confidence-media-desc']")
    assert media.text == "2 at the baseline (01/06/2026), 2 at the end (01/12/2026), no change."


def test_every_chart_has_the_same_frame_and_scale():
    chart = confidence_small_multiples(points=points(), areas=AREAS)
    root = drawn(points())
    sizes = {(svg.get("width"), svg.get("viewBox")) for svg in root.iter(f"{SVG}svg")}
    assert len(sizes) == 1
    # The same score is drawn at the same height in every chart.
    heights = {marker.score: marker.y for panel in chart.panels for marker in panel.markers}
    for panel in chart.panels:
        for marker in panel.markers:
            assert marker.y == heights[marker.score]
    assert [line.score for line in chart.grid] == [1, 2, 3, 4, 5]


def test_the_description_says_how_each_area_changed():
    sentences = describe_change(points(), AREAS)
    assert (
        "Chairing meetings: 2 at the baseline (01/06/2026), 4 at the end (01/12/2026), up 2."
        in sentences
    )


def test_a_higher_score_is_drawn_higher_up():
    chart = confidence_small_multiples(points=points()[:2], areas=AREAS[:1])
    first, second = chart.panels[0].markers
    assert second.y < first.y


def test_a_single_check_in_draws_a_marker_without_a_line():
    chart = confidence_small_multiples(points=points()[:1], areas=AREAS)
    assert all(panel.lines == [] and len(panel.markers) == 1 for panel in chart.panels)
    assert chart.panels[0].summary == "2 at the baseline."


def test_a_missing_score_leaves_a_gap_in_the_line():
    gappy = [
        ChartPoint("Baseline", "a", {"role": 2}),
        ChartPoint("Review", "b", {}),
        ChartPoint("Review", "c", {"role": 3}),
        ChartPoint("End", "d", {"role": 4}),
    ]
    chart = confidence_small_multiples(points=gappy, areas=AREAS[:1])
    assert [len(line.split()) for line in chart.panels[0].lines] == [2]
    assert len(chart.panels[0].markers) == 3


def test_text_is_escaped():
    html = render_to_string(
        "mentoring/includes/confidence_chart.html",
        {
            "chart": confidence_small_multiples(
                points=[ChartPoint("<b>Baseline</b>", "x & y", {"role": 1})],
                areas=[("role", "Role <script>")],
            )
        },
    )
    assert "<script>" not in html and "<b>" not in html
    assert "Role &lt;script&gt;" in html


def test_many_check_ins_keep_the_chart_a_readable_size_and_label_the_ends():
    many = [ChartPoint("Review", str(n), {"role": 1 + n % 5}) for n in range(40)]
    few = confidence_small_multiples(points=many[:3], areas=AREAS[:1])
    lots = confidence_small_multiples(points=many, areas=AREAS[:1])
    assert few.width < lots.width <= 620
    assert [tick.sublabel for tick in lots.ticks] == ["0", "39"]
    assert len(lots.panels[0].markers) == 40
    assert not lots.show_values and few.show_values
