"""A decision's PDF read directly: the text of its text layer, extracted with pypdf.

A source of kind ``ipu_decision_pdf`` is the PDF the IPU publishes, pinned by the sha256 of its
bytes like any source.  Its text is what ``pdf_text`` extracts: every page's text in order
(pypdf's plain extraction: one line per printed line, in the order the page draws them), the pages
joined by one line break.  That text is what ``sources.text`` stores and what every span and quote
of the source counts in, so ``text[char_start:char_end] == quote`` holds against the stored text;
the extraction is deterministic for the pinned pypdf version (``pyproject.toml``), which is what
makes it reproducible from the pinned bytes.

Why pypdf: it is pure Python with no dependencies of its own (one pin, nothing compiled), it is
maintained (py-pdf), it tells an encrypted file apart before reading it, and its plain extraction
keeps the printed lines the IPU parser reads.  pdfplumber (over pdfminer.six) would add Pillow and
pypdfium2 for layout analysis (tables, character boxes) this parser does not use.

Refused, each with one line (``PdfTextError``): a file pypdf cannot read as a PDF, a PDF that
opens only with a password (one with only an owner password, which readers open without asking,
is read), and one with no text layer (a scan, or pages holding only drawings): there is no text
to quote.  Run OCR first, or add the decision's text as an ``ipu_decision`` source.
"""

import io
import logging

# pypdf reports what it repairs in a damaged file through the logging module; with no handler
# configured those lines would reach stderr beside the build's own one-line messages.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


class PdfTextError(ValueError):
    """Why a PDF gives no text to read, in words for a one-line error."""


def pdf_text(raw: bytes) -> str:
    """The text layer of a PDF's pages, in order, joined by one line break; PdfTextError if none."""
    # Imported here: only a build with a PDF source pays for it.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise PdfTextError("is encrypted with AES, which the build does not decrypt: save an unencrypted "
                                   "copy and pin that") from None
            if not opened:
                raise PdfTextError("is encrypted: it opens only with a password; save an unencrypted copy and "
                                   "pin that") from None
        pages = [page.extract_text(extraction_mode="plain") for page in reader.pages]
    except PdfTextError:
        raise
    except Exception as error:  # a damaged or foreign file: pypdf's own exceptions, and any other it lets out
        problem = " ".join(str(error).split())[:200] or type(error).__name__
        raise PdfTextError(f"is not a readable PDF (pypdf: {problem})") from None
    if not pages:
        raise PdfTextError("is a PDF with no pages")
    text = "\n".join(pages)
    if not any(character.isalnum() for character in text):
        raise PdfTextError(f"has no text layer ({len(pages)} page{'s' if len(pages) > 1 else ''}, no text on any): "
                           "a scan or a drawing; run OCR first, or add its text as an ipu_decision source")
    return text
