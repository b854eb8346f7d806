"""Page numbers stamped on rendered PDFs ("第 N 页 共 M 页"), whatever wkhtmltopdf build rendered them.

Debian's wkhtmltopdf (unpatched Qt) ignores Odoo's header and footer: the numbers are drawn afterwards. The
documents are copied page by page into one output file as each is ready, each page's drawing wrapped in
``q``/``Q`` and followed by a small content stream of its own, written at the end once the total is known, that
draws the label with reportlab's font dictionary. No page is parsed or re-encoded, and only one source
document's objects are in memory at a time: a university-wide print of thousands of pages is joined and
numbered in the memory of its largest part.
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


class NumberedPdf:
    """A PDF written into ``output`` (a binary file) from the pages of other PDFs, appended one at a time as
    they are ready, with ``label(page, total)`` at the foot of every page: the labels, a few bytes each, are
    written by ``close`` once the total is known."""

    def __init__(self, output, label):
        self.output = output
        self.label = label
        self.writer = None  # started by the first document, whose PDF version it takes
        self.pages_ref = self.catalog_ref = self.info_ref = self.font_ref = self.save_ref = None
        self.kids = generic.ArrayObject()
        self.stamps = []  # (reference, page box) of each page's label

    def _start(self, reader):
        self.writer = _Writer(self.output, max(b"%PDF-1.4", _header(reader)))
        self.pages_ref, self.catalog_ref, self.info_ref = (self.writer.reserve() for _ref in range(3))
        self.font_ref = _copy_font(self.writer)
        self.save_ref = self.writer.add(_stream(b"q\n"))

    def append(self, source):
        """Copy the pages of the PDF file ``source``; only its objects are in memory meanwhile."""
        source.seek(0)
        reader = PdfFileReader(source, strict=False)
        if self.writer is None:
            self._start(reader)
        writer = self.writer
        page_refs = [writer.reserve() for _page in reader.pages]
        # links between pages of the source, and the page tree itself, point into the output's pages
        known = {_key(page.indirect_reference): ref for page, ref in zip(reader.pages, page_refs, strict=True)
                 if page.indirect_reference}
        tree = reader.trailer["/Root"].raw_get("/Pages")
        if isinstance(tree, generic.IndirectObject):
            known[_key(tree)] = self.pages_ref
        objects = _Copier(writer, known)
        for page, page_ref in zip(reader.pages, page_refs, strict=True):
            stamp_ref = writer.reserve()
            box = page.mediabox
            self.stamps.append((stamp_ref, (float(box.left), float(box.bottom), float(box.width))))
            self.kids.append(page_ref)
            writer.put(page_ref, _numbered_page(page, objects, self.pages_ref, self.save_ref, stamp_ref,
                                                  self.font_ref))
            objects.flush()

    def close(self):
        """Write the labels and the end of the file; return the number of pages."""
        total = len(self.kids)
        if self.writer is None:
            raise ValueError("a PDF needs pages")
        writer = self.writer
        for number, (stamp_ref, box) in enumerate(self.stamps, start=1):
            writer.put(stamp_ref, _stamp(box, self.label(number, total)))
        writer.put(self.pages_ref, _dict(Type=_name("Pages"), Kids=self.kids, Count=generic.NumberObject(total)))
        writer.put(self.catalog_ref, _dict(Type=_name("Catalog"), Pages=self.pages_ref))
        # branded as Odoo's own PDF writer brands its files
        writer.put(self.info_ref, _dict(Creator=generic.create_string_object("Odoo"),
                                          Producer=generic.create_string_object("Odoo")))
        writer.finish(self.catalog_ref, self.info_ref)
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


def _stamp(box, text):
    """Restores the state the page's own drawing left, then draws ``text`` centred at the foot of the page's
    ``box`` (left, bottom, width)."""
    box_left, box_bottom, width = box
    left = box_left + (width - pdfmetrics.stringWidth(text, FONT, FONT_SIZE)) / 2
    bottom = box_bottom + BASELINE
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
            self.writer.put(self.refs[_key(obj)], generic.NullObject() if target is None else self.value(target))


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

    def put(self, reference, obj):
        self.offsets[reference.idnum] = self.output.tell() - self.start
        self.output.write(b"%d 0 obj\n" % reference.idnum)
        obj.write_to_stream(self.output, None)
        self.output.write(b"\nendobj\n")

    def add(self, obj):
        reference = self.reserve()
        self.put(reference, obj)
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
