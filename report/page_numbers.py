"""Page numbers stamped on a rendered PDF ("第 N 页 共 M 页"), whatever wkhtmltopdf build rendered it.

Debian's wkhtmltopdf (unpatched Qt) ignores Odoo's header and footer: the numbers are drawn afterwards with
reportlab and merged onto each page with PyPDF2, both shipped with Odoo.
"""

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import PdfFileReader, PdfFileWriter

# Adobe's standard Simplified Chinese CID font: readers substitute an installed CJK font (nothing to embed).
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def number_pages(pdf, label):
    """``pdf`` (bytes) with ``label(page, total)`` centred at the foot of every page."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    total = len(reader.pages)
    writer = PdfFileWriter()
    for index, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        overlay = io.BytesIO()
        sheet = canvas.Canvas(overlay, pagesize=(width, height))
        sheet.setFont(FONT, 9)
        sheet.drawCentredString(width / 2, 14, label(index + 1, total))
        sheet.save()
        page.merge_page(PdfFileReader(io.BytesIO(overlay.getvalue()), strict=False).pages[0])
        writer.add_page(page)
    stamped = io.BytesIO()
    writer.write(stamped)
    return stamped.getvalue()
