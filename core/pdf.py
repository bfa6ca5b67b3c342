"""PDFs, rendered one way: every document of the site goes through ``render_pdf``."""

import logging

from django.conf import settings

# WeasyPrint reports each step of each render at INFO; keep the log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# HTML's scope attribute as PDF's /Scope of a TH structure element (PDF 1.7, 14.8.5.7).
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def static_folder() -> str:
    """Where a document's relative links (an image, a font) are looked up: the project's
    static/ folder, which every checkout has (STATIC_ROOT exists only after
    collectstatic). The documents' stylesheets are inlined, so today nothing is read
    from it; one folder for all keeps a future link working in every document alike,
    and never lets a link reach the code or settings beside it."""
    return str(settings.BASE_DIR / "static") + "/"


def _scope_of(cell, row, in_head: bool) -> str:
    """The PDF scope of a ``th`` box: its ``scope`` attribute, or, without one, what
    HTML assumes: a header in the table's head, or in a row of headers only, heads its
    column; a header in a row beside data cells heads its row."""
    given = SCOPES.get((cell.element.get("scope") or "").strip().lower())
    if given:
        return given
    if not in_head and any(other.element_tag == "td" for other in row.children):
        return "/Row"
    return "/Column"


def add_table_header_scopes(document, pdf) -> None:
    """Give every table header cell of the structure tree its /Scope.

    WeasyPrint (70) tags ``th`` as TH and links data cells to them by /Headers, but
    drops the ``scope`` attribute, and PDF/UA asks for it (Matterhorn checkpoint
    15-003). A finisher runs after the tags are built and before the file is
    written; WeasyPrint keeps each cell's structure element on its box (``mark``).
    core/tests/test_pdf.py renders every kind of PDF of the site and reads the
    structure tree back, so a WeasyPrint that keeps it elsewhere fails there."""
    from weasyprint.formatting_structure.boxes import TableRowGroupBox

    for page in document.pages:
        for group in page._page_box.descendants():
            if not isinstance(group, TableRowGroupBox):
                continue
            in_head = group.is_header or group.element_tag == "thead"
            for row in group.children:
                for cell in row.children:
                    mark = getattr(cell, "mark", None)
                    if mark is not None and cell.element_tag == "th":
                        mark["A"]["Scope"] = _scope_of(cell, row, in_head)


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """``html`` as a tagged PDF (PDF/UA-1), for screen readers and for the archives
    councils keep. Relative links resolve against ``base_url``; the site's documents
    leave it to the static folder, so that all of them resolve links alike."""
    import weasyprint  # imported when first needed: it loads its stylesheets at import

    document = weasyprint.HTML(string=html, base_url=base_url or static_folder())
    return document.write_pdf(pdf_variant="pdf/ua-1", finisher=add_table_header_scopes)
