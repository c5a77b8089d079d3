"""Make the PDFs the tests read: a decision laid out on pages with a running header, an encrypted
copy, a PDF with no text layer.  Written with fpdf2 (a test dependency) and encrypted with pypdf;
nothing here is a real document (tests/fixtures/documents/README.md)."""

import datetime
import io

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

# Fixed, so that the same text always makes the same bytes (fpdf2 otherwise stamps the time).
_CREATED = datetime.datetime(2024, 10, 17, tzinfo=datetime.timezone.utc)


class _DecisionPages(FPDF):
    """A4 pages; from page 2 on, the header the IPU prints: the page number and the document symbol."""

    def __init__(self, symbol: str):
        super().__init__(format="A4")
        self.symbol = symbol
        self.set_creation_date(_CREATED)

    def header(self):
        if self.page_no() > 1 and self.symbol:
            self.set_font("Helvetica", size=9)
            self.cell(0, 6, f"- {self.page_no()} -     {self.symbol}", align="C")
            self.ln(10)


def decision_pdf(text: str, symbol: str = "CL/215/11(b)-R.1") -> bytes:
    """``text``'s paragraphs (separated by blank lines) set on pages, each wrapped as the page wraps it.

    The text must be Latin-1: fpdf2's built-in Helvetica has no other characters (no en dash, no
    "•"), and a font file would be one more thing for a fresh machine to install.
    """
    pdf = _DecisionPages(symbol)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in text.strip().split("\n\n"):
        for line in paragraph.split("\n"):  # a list item keeps its own line
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    return bytes(pdf.output())


def encrypted(raw: bytes, password: str = "secret") -> bytes:
    """The same PDF, opening only with a password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_locked(raw: bytes) -> bytes:
    """The same PDF encrypted with only an owner password: readers open it without asking."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def drawing_only() -> bytes:
    """A page with a drawn frame and no text: a PDF with no text layer."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(_CREATED)
    pdf.add_page()
    pdf.rect(20, 20, 120, 60)
    pdf.line(20, 20, 140, 80)
    return bytes(pdf.output())
