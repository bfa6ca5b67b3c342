"""PDFs, rendered one way: every document of the site goes through ``render_pdf``."""

import logging

from django.conf import settings

# WeasyPrint reports each step of each render at INFO; keep the log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_folder() -> str:
    """Where a document's relative links (an image, a font) are looked up: the project's
    static/ folder, which every checkout has (STATIC_ROOT exists only after
    collectstatic). The documents' stylesheets are inlined, so today nothing is read
    from it; one folder for all keeps a future link working in every document alike,
    and never lets a link reach the code or settings beside it."""
    return str(settings.BASE_DIR / "static") + "/"


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """``html`` as a tagged PDF (PDF/UA-1), for screen readers and for the archives
    councils keep. Relative links resolve against ``base_url``; the site's documents
    leave it to the static folder, so that all of them resolve links alike."""
    import weasyprint  # imported when first needed: it loads its stylesheets at import

    document = weasyprint.HTML(string=html, base_url=base_url or static_folder())
    return document.write_pdf(pdf_variant="pdf/ua-1")
