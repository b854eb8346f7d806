"""Page numbers stamped on rendered PDFs ("第 N 页 共 M 页"), whatever wkhtmltopdf build rendered them.

Debian's wkhtmltopdf (unpatched Qt) ignores Odoo's header and footer: the numbers are drawn afterwards. The
documents are copied page by page into one output file, each page's drawing wrapped in ``q``/``Q`` and
followed by a small content stream of its own that draws the label with reportlab's font dictionary: no page
is parsed or re-encoded, and only one source document's objects are in memory at a time, so a university-wide
print of thousands of pages is joined and numbered in the memory of its largest part.
"""

import copy
import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import PdfFileReader, generic

# Adobe's standard Simplified Chinese CID font: readers substitute an installed CJK font (nothing to embed).
FONT = "STSong-Light"
FONT_SIZE = 9
BASELINE = 14  # points above the foot of the page
# the label's font on every page, named apart from wkhtmltopdf's /F<n>
FONT_RESOURCE = generic.NameObject("/IntegrityPageNumber")
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def number_pages(sources, output, label):
    """Write into ``output`` the pages of the PDF files ``sources`` (seekable binary files, in order), with
    ``label(page, total)`` centred at the foot of every page; ``total`` counts the pages of all sources."""
    total, header = 0, b"%PDF-1.4"
    for source in sources:  # counted first, one source at a time: every page shows the total
        source.seek(0)
        reader = PdfFileReader(source, strict=False)
        total += len(reader.pages)
        header = max(header, _header(reader))
    writer = _Writer(output, header)
    pages_ref, catalog_ref, info_ref = writer.reserve(), writer.reserve(), writer.reserve()
    font_ref = _copy_font(writer)
    save_ref = writer.add(_stream(b"q\n"))
    kids = generic.ArrayObject()
    for source in sources:
        source.seek(0)
        reader = PdfFileReader(source, strict=False)
        page_refs = [writer.reserve() for _page in reader.pages]
        # links between pages of the source, and the page tree itself, point into the output's pages
        known = {_key(page.indirect_reference): ref for page, ref in zip(reader.pages, page_refs, strict=True)}
        known[_key(reader.trailer["/Root"].raw_get("/Pages"))] = pages_ref
        objects = _Copier(writer, known)
        for page, page_ref in zip(reader.pages, page_refs, strict=True):
            kids.append(page_ref)
            stamp_ref = writer.add(_stamp(page, label(len(kids), total)))
            writer.write(page_ref, _numbered_page(page, objects, pages_ref, save_ref, stamp_ref, font_ref))
            objects.flush()
        del reader, objects
    writer.write(pages_ref, _dict(Type=_name("Pages"), Kids=kids, Count=generic.NumberObject(total)))
    writer.write(catalog_ref, _dict(Type=_name("Catalog"), Pages=pages_ref))
    # branded as Odoo's own PDF writer brands its files
    writer.write(info_ref, _dict(Creator=generic.create_string_object("Odoo"),
                                 Producer=generic.create_string_object("Odoo")))
    writer.finish(catalog_ref, info_ref)
    return total


def _header(reader):
    header = reader.pdf_header
    return (header.encode() if isinstance(header, str) else header) or b"%PDF-1.4"


def _name(name):
    return generic.NameObject(f"/{name}")


def _dict(**entries):
    return generic.DictionaryObject({_name(key): value for key, value in entries.items()})


def _key(reference):
    return reference.idnum, reference.generation


def _stream(data):
    stream = generic.DecodedStreamObject()
    stream.set_data(data)
    return stream


def _stamp(page, text):
    """Restores the state the page's own drawing left, then draws ``text`` centred at its foot."""
    box = page.mediabox
    left = float(box.left) + (float(box.width) - pdfmetrics.stringWidth(text, FONT, FONT_SIZE)) / 2
    bottom = float(box.bottom) + BASELINE
    return _stream(f"Q\nBT {FONT_RESOURCE} {FONT_SIZE} Tf 1 0 0 1 {left:.4f} {bottom:.4f} Tm "
                   f"<{text.encode('utf-16-be').hex()}> Tj ET\n".encode())


def _numbered_page(page, objects, pages_ref, save_ref, stamp_ref, font_ref):
    numbered = generic.DictionaryObject()
    for key, value in dict.items(page):  # dict's own items: references stay references
        if key not in ("/Parent", "/Contents", "/Resources"):
            numbered[key] = objects.value(value)
    numbered[_name("Parent")] = pages_ref
    resources = page.get("/Resources") or generic.DictionaryObject()  # the reader put the inherited ones on the page
    numbered_resources = generic.DictionaryObject({key: objects.value(value) for key, value in dict.items(resources)})
    fonts = resources.get("/Font") or generic.DictionaryObject()
    numbered_fonts = generic.DictionaryObject({key: objects.value(value) for key, value in dict.items(fonts)})
    numbered_fonts[FONT_RESOURCE] = font_ref
    numbered_resources[_name("Font")] = numbered_fonts
    numbered[_name("Resources")] = numbered_resources
    contents = dict.get(page, "/Contents")
    drawing = contents.get_object() if contents is not None else None
    parts = list(drawing) if isinstance(drawing, generic.ArrayObject) else [contents] if contents is not None else []
    numbered[_name("Contents")] = generic.ArrayObject([save_ref, *(objects.value(part) for part in parts), stamp_ref])
    return numbered


def _copy_font(writer):
    """reportlab's font dictionary of ``FONT``, as it writes it for its own canvases, into the output."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pageCompression=0)
    sheet.setFont(FONT, FONT_SIZE)
    sheet.drawString(0, 0, "1")
    sheet.save()
    page = PdfFileReader(buffer, strict=False).pages[0]
    font = next(value for key, value in dict.items(page["/Resources"]["/Font"].get_object())
                if value.get_object().get("/BaseFont") == "/" + FONT)
    objects = _Copier(writer, {})
    font = objects.value(font)
    reference = font if isinstance(font, generic.IndirectObject) else writer.add(font)
    objects.flush()
    return reference


class _Copier:
    """Copies a source's objects into the output, renumbered, each written once as soon as it is reached."""

    def __init__(self, writer, known):
        self.writer = writer
        self.refs = dict(known)
        self.pending = []

    def value(self, obj):
        if isinstance(obj, generic.IndirectObject):
            key = _key(obj)
            if key not in self.refs:
                self.refs[key] = self.writer.reserve()
                self.pending.append(obj)
            return self.refs[key]
        if isinstance(obj, generic.ArrayObject):
            return generic.ArrayObject(self.value(item) for item in obj)
        if isinstance(obj, generic.DictionaryObject):  # streams too: their data is kept as it is, encoded
            result = copy.copy(obj)
            if isinstance(result, generic.StreamObject):
                result.pop("/Length", None)  # written again from the data
            for key, value in dict.items(result):
                dict.__setitem__(result, key, self.value(value))
            return result
        return obj

    def flush(self):
        while self.pending:
            obj = self.pending.pop()
            target = obj.get_object()
            self.writer.write(self.refs[_key(obj)], generic.NullObject() if target is None else self.value(target))


class _Writer:
    """A PDF written object by object to a binary file, its cross-reference table at the end."""

    def __init__(self, output, header):
        self.output = output
        self.start = output.tell()
        self.offsets = {}
        self.count = 0
        output.write(header + b"\n%\xe2\xe3\xcf\xd3\n")

    def reserve(self):
        self.count += 1
        return generic.IndirectObject(self.count, 0, None)

    def write(self, reference, obj):
        self.offsets[reference.idnum] = self.output.tell() - self.start
        self.output.write(b"%d 0 obj\n" % reference.idnum)
        obj.write_to_stream(self.output, None)
        self.output.write(b"\nendobj\n")

    def add(self, obj):
        reference = self.reserve()
        self.write(reference, obj)
        return reference

    def finish(self, catalog_ref, info_ref):
        xref = self.output.tell() - self.start
        self.output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (self.count + 1))
        for number in range(1, self.count + 1):
            self.output.write(b"%010d 00000 n \n" % self.offsets[number])
        trailer = _dict(Size=generic.NumberObject(self.count + 1), Root=catalog_ref, Info=info_ref)
        self.output.write(b"trailer\n")
        trailer.write_to_stream(self.output, None)
        self.output.write(b"\nstartxref\n%d\n%%%%EOF\n" % xref)
