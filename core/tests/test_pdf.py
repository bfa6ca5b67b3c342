"""The PDF helper every document uses: a tagged PDF/UA-1."""

import io

from pypdf import PdfReader

from core.pdf import render_pdf

HTML = (
    '<html lang="en-GB"><head><title>A title</title></head>'
    "<body><h1>A title</h1><p>Text.</p></body></html>"
)


def test_a_document_is_a_tagged_pdf_with_its_language_and_title():
    reader = PdfReader(io.BytesIO(render_pdf(HTML)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "A title"
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
