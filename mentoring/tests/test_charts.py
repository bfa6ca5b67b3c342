"""The confidence chart: a pure function from check-ins to an accessible SVG."""

import xml.etree.ElementTree as ET

from mentoring.charts import ChartPoint, confidence_chart_svg, describe_change
from mentoring.models import ConfidenceArea

SVG = "{http://www.w3.org/2000/svg}"
AREAS = ConfidenceArea.choices


def points():
    return [
        ChartPoint("Baseline", "01/06/2026", {a: 2 for a in ConfidenceArea.values}),
        ChartPoint("Review", "01/09/2026", {a: 3 for a in ConfidenceArea.values}),
        ChartPoint("End", "01/12/2026", {**{a: 4 for a in ConfidenceArea.values}, "media": 2}),
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_chart_is_an_image_with_a_title_and_a_description_it_points_to():
    root = parse(confidence_chart_svg(points=points(), areas=AREAS, title="Confidence of Jo"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Confidence of Jo"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "3 check-ins" in desc.text


def test_the_description_says_how_each_area_changed():
    sentences = describe_change(points(), AREAS)
    assert (
        "Chairing meetings: 2 at the baseline (01/06/2026), 4 at the end (01/12/2026), up 2."
        in sentences
    )
    assert (
        "Dealing with the media: 2 at the baseline (01/06/2026), 2 at the end (01/12/2026), no change."
        in sentences
    )


def test_each_area_has_a_line_through_its_check_ins_and_a_legend_entry():
    root = parse(confidence_chart_svg(points=points(), areas=AREAS, title="t"))
    lines = root.findall(f".//{SVG}g[@class]/{SVG}polyline")
    assert len(lines) == len(AREAS)
    assert all(len(line.get("points").split()) == 3 for line in lines)
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == [label for _, label in AREAS]


def test_lines_differ_in_colour_and_dash_so_they_read_without_colour():
    root = parse(confidence_chart_svg(points=points(), areas=AREAS, title="t"))
    lines = root.findall(f".//{SVG}polyline")
    assert len({line.get("stroke") for line in lines}) == len(AREAS)
    assert len({line.get("stroke-dasharray") for line in lines}) == len(AREAS)


def test_a_higher_score_is_drawn_higher_up():
    root = parse(confidence_chart_svg(points=points()[:2], areas=AREAS[:1], title="t"))
    (first, second) = root.find(f".//{SVG}polyline").get("points").split()
    assert float(second.split(",")[1]) < float(first.split(",")[1])


def test_a_single_check_in_draws_markers_without_lines():
    root = parse(confidence_chart_svg(points=points()[:1], areas=AREAS, title="t"))
    assert root.findall(f".//{SVG}polyline") == []
    assert root.find(f".//{SVG}g[@class='series series-role']/{SVG}circle") is not None
    assert "1 check-in." in root.find(f"{SVG}desc").text


def test_a_missing_score_leaves_a_gap_in_the_line():
    gappy = [
        ChartPoint("Baseline", "a", {"role": 2}),
        ChartPoint("Review", "b", {}),
        ChartPoint("Review", "c", {"role": 3}),
        ChartPoint("End", "d", {"role": 4}),
    ]
    root = parse(confidence_chart_svg(points=gappy, areas=AREAS[:1], title="t"))
    assert [len(p.get("points").split()) for p in root.findall(f".//{SVG}polyline")] == [2]


def test_text_is_escaped():
    svg = confidence_chart_svg(
        points=[ChartPoint("<b>Baseline</b>", "x & y", {"role": 1})],
        areas=[("role", "Role <script>")],
        title='Jo "Smith" <img>',
    )
    root = parse(svg)
    assert root.find(f"{SVG}title").text == 'Jo "Smith" <img>'
    assert "<script>" not in svg and "<img>" not in svg


def test_no_check_ins_still_draws_a_valid_empty_chart():
    root = parse(confidence_chart_svg(points=[], areas=AREAS, title="t"))
    assert root.find(f"{SVG}desc").text == "No check-ins yet."


def test_many_check_ins_widen_the_chart_rather_than_crowding_it():
    many = [ChartPoint("Review", str(n), {"role": 1 + n % 5}) for n in range(20)]
    narrow = parse(confidence_chart_svg(points=many[:3], areas=AREAS, title="t"))
    wide = parse(confidence_chart_svg(points=many, areas=AREAS, title="t"))
    assert int(wide.get("width")) > int(narrow.get("width"))
