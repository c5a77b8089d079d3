"""A decision's PDF read directly (build.sources.pdf): the text of its text layer, parsed like a
decision's text; encrypted PDFs and PDFs with no text layer refused in one line.  The PDFs are made
here (tests/pdf_helper.py) from fictional text (tests/fixtures/documents/)."""

import re

import pytest

from build.sources.ipu import parse_ipu_decision, raw_without_number
from build.sources.pdf import PdfTextError, pdf_text
from documents_helper import FIXTURES
from pdf_helper import decision_pdf, drawing_only, encrypted, owner_locked

SOURCE_TEXT = (FIXTURES / "ipu-decision-for-pdf-ecu-140.txt").read_text(encoding="utf-8")
HEADER = re.compile(r"(?m)^- \d+ -\s+CL/215/11\(b\)-R\.1$")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return decision_pdf(SOURCE_TEXT)


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return pdf_text(pdf)


def paragraphs_of(source: str) -> list[str]:
    return [" ".join(block.split()) for block in source.strip().split("\n\n")]


def test_the_text_layer_is_every_printed_word_in_order(text):
    # The page header is printed on page 2; without it, the words are the source text's, wrapped anew.
    assert len(HEADER.findall(text)) == 1
    assert " ".join(HEADER.sub("", text).split()) == " ".join(SOURCE_TEXT.split())
    assert "\n\n" not in text  # the text layer has a line per printed line and no blank line
    assert pdf_text(decision_pdf(SOURCE_TEXT)) == text  # the same bytes read again give the same text


def test_the_decision_read_from_the_pdf(text):
    d = parse_ipu_decision("ipu-ecu-140", text)
    assert (d.case_id, d.person, [p["name"] for p in d.persons]) == (
        "ECU-140", "Ramiro Salcedo Ibarra", ["Ramiro Salcedo Ibarra"])
    assert (d.adoption["how"], d.adoption["session"], d.adoption["place"], d.adoption["date"]) == (
        "by consensus", 215, "Geneva", "2024-10-17")
    assert [v["value"] for v in d.violations] == ["Threats, acts of intimidation",
                                                  "Violation of freedom of opinion and expression"]
    assert [(p["number"], p["attributed_to"]) for p in d.paragraphs if p["part"] == "summary"] == [
        (1, "summary"), (2, "complainant"), (3, "authorities")]
    decision = [p for p in d.paragraphs if p["part"] == "decision"]
    assert [(p["number"], p["operative_verb"]) for p in decision if p.get("piece", 1) == 1] == [
        (1, "Thanks"), (2, "Notes"), (3, "Notes further"), (4, "Welcomes"), (5, "Is concerned"),
        (6, "Wishes to receive"), (7, "Requests"), (8, "Decides to continue examining")]
    # the page header falls inside a paragraph: it is in no paragraph, which goes on in a second piece
    assert any(p.get("piece", 1) > 1 for p in decision)
    expected = [re.sub(r"^\d+\. ", "", block) for block in paragraphs_of(SOURCE_TEXT)[-8:]]
    assert [" ".join(p["text"] for p in decision if p["number"] == n) for n in range(1, 9)] == expected
    for p in d.paragraphs:
        raw = text[p["char_start"]:p["char_end"]]
        assert not HEADER.search(raw)
        assert " ".join(raw_without_number(text, p).split()) == p["text"]


def test_a_pdf_locked_only_by_its_owner_opens_as_readers_open_it(pdf, text):
    assert pdf_text(owner_locked(pdf)) == text


@pytest.mark.parametrize("make, problem", [
    (lambda pdf: encrypted(pdf), "is encrypted: it opens only with a password"),
    (lambda pdf: drawing_only(), "has no text layer (1 page, no text on any)"),
    (lambda pdf: pdf[:len(pdf) // 3], "is not a readable PDF (pypdf: "),
    (lambda pdf: b"Ecuador\nECU-140 - Ramiro Salcedo Ibarra\n", "is not a readable PDF (pypdf: "),
])
def test_a_pdf_with_no_text_to_read_is_refused_in_words(pdf, make, problem, capsys):
    with pytest.raises(PdfTextError) as caught:
        pdf_text(make(pdf))
    assert str(caught.value).startswith(problem)
    assert "\n" not in str(caught.value)
    assert capsys.readouterr().err == ""  # pypdf's own log lines about a damaged file stay quiet
