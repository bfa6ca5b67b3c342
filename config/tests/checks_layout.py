"""The page fits a phone: no sideways scrolling at 390 px nor at 320 px (WCAG 1.4.10, reflow).

A check of the accessibility sweep (page_checks.py): it narrows the open page's
viewport, measures how wide the document is, names the element that sticks out
furthest, and puts the viewport back as it was.
"""

# Widths of a common phone (390 px) and of WCAG's reflow test (320 CSS px); the height
# matters little, but a real one keeps "min-vh-100" layouts honest.
PHONES = [(390, 844), (320, 640)]

# The document's width, and the element reaching furthest right beyond the viewport.
# Elements inside a box that fits and scrolls or clips on its own (a chart in
# .chart-scroll) do not widen the document, so they are not named. Of equal right edges
# the outermost is named (a table rather than its last cell): it comes first in document
# order.
MEASURE = r"""() => {
  const limit = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return {width, limit, widest: ''};
  // An absolutely positioned element escapes the overflow of every ancestor outside
  // its containing block (a visually hidden span in a .table-responsive table does).
  const lifted = style => ['absolute', 'fixed'].includes(style.position);
  const clipped = el => {
    let escaping = lifted(getComputedStyle(el));
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.position !== 'static') escaping = false;  // its containing block
      if (!escaping && style.overflowX !== 'visible'
          && up.getBoundingClientRect().right + window.scrollX <= limit) return true;
      if (lifted(style)) escaping = true;
    }
    return false;
  };
  let widest = null, right = limit;
  for (const el of document.body.querySelectorAll('*')) {
    const edge = el.getBoundingClientRect().right + window.scrollX;
    if (edge > right + 0.5 && !clipped(el)) { widest = el; right = edge; }
  }
  const name = el => {
    let text = el.tagName.toLowerCase();
    if (el.id) return text + '#' + el.id;
    for (const cls of [...el.classList].slice(0, 2)) text += '.' + cls;
    return text;
  };
  return {width, limit, widest: widest ? name(widest) : ''};
}"""


def fits_the_phone(page) -> list[str]:
    """Problems of the open page at phone widths: one sentence a width it does not fit."""
    original = page.viewport_size
    problems = []
    try:
        for width, height in PHONES:
            page.set_viewport_size({"width": width, "height": height})
            found = page.evaluate(MEASURE)
            if found["width"] > found["limit"]:
                widest = f" (widest element: {found['widest']})" if found["widest"] else ""
                problems.append(f"wider than {width} px: {found['width']} px{widest}")
    finally:
        if original:
            page.set_viewport_size(original)
    return problems
