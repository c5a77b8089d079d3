"""IPU decisions as the IPU publishes them: the archive's case headers, Governing Council
resolutions, operative paragraphs bulleted or printed without numbers, a PDF's page headers and
footers, and text extracted from a PDF with no blank lines.  Every case here is fictional
(tests/fixtures/documents/README.md)."""

import re

import pytest

from build.common.errors import LayoutError
from build.sources.ipu import parse_ipu_decision, raw_without_number
from documents_helper import FIXTURES


def fixture_text(name: str) -> str:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def checked(text: str):
    d = parse_ipu_decision("ipu", text)
    assert text[d.case_id_start:d.case_id_end] == d.case_id
    previous_end = 0
    for p in d.paragraphs:
        raw = text[p["char_start"]:p["char_end"]]
        assert previous_end <= p["char_start"] and raw == raw.strip()
        previous_end = p["char_end"]
        assert " ".join(raw_without_number(text, p).split()) == p["text"]
        assert not re.search(r"CL/\d|- \d+ -", raw)  # no page furniture in any paragraph
    return d


def structure(d) -> list[tuple]:
    return [(p["part"], p["number"], p.get("piece", 1), p["operative_verb"]) for p in d.paragraphs]


RESOLUTION = fixture_text("ipu-archive-resolution-ec-09.txt")
RESOLUTION_STRUCTURE = [
    ("summary", 1, 1, None), ("summary", 2, 1, None), ("summary", 3, 1, None),
    ("decision", 1, 1, "Thanks"), ("decision", 2, 1, "Deplores"), ("decision", 2, 2, None),
    ("decision", 3, 1, "Requests"), ("decision", 4, 1, "Decides to continue examining")]


def without_blank_lines(text: str) -> str:
    """What a PDF's text layer gives: a line per printed line, no blank line between paragraphs."""
    return re.sub(r"\n\s*\n", "\n", text)


# --- case headers ----------------------------------------------------------------------------------

def decision_with_header(header: str) -> str:
    return (f"Ecuador\n\n{header}\n\nA. Summary of the case\n\nThe complainant reports threats in 2023.\n\n"
            "B. Decision\n\nThe Committee on the Human Rights of Parliamentarians\n\n"
            "1. Notes the information provided;\n\n2. Decides to continue examining the case.\n")


@pytest.mark.parametrize("header, case_id, person", [
    ("CASE N° EC/02 - AURELIO CÁRDENAS MORA", "EC/02", "AURELIO CÁRDENAS MORA"),
    ("CASE Nº EC/02 - AURELIO CÁRDENAS MORA", "EC/02", "AURELIO CÁRDENAS MORA"),
    ("Case N° EC/02 – Aurelio Cárdenas Mora", "EC/02", "Aurelio Cárdenas Mora"),
    ("Case No. EC/02 - Aurelio Cárdenas Mora", "EC/02", "Aurelio Cárdenas Mora"),
    ("CASE No EC/02 - Aurelio Cárdenas Mora", "EC/02", "Aurelio Cárdenas Mora"),
    ("EC/02 - Aurelio Cárdenas Mora", "EC/02", "Aurelio Cárdenas Mora"),
    ("ECU-92 – Aurelio Cárdenas Mora", "ECU-92", "Aurelio Cárdenas Mora"),
    ("Case No. ECU-COLL-02 - Five members of parliament", "ECU-COLL-02", "Five members of parliament"),
])
def test_case_headers_as_the_archive_prints_them(header, case_id, person):
    text = decision_with_header(header)
    d = checked(text)
    assert (d.case_id, d.person) == (case_id, person)
    assert text[d.person_start:d.person_end] == person
    assert d.collective == ("COLL" in case_id)
    assert structure(d) == [("summary", 1, 1, None), ("decision", 1, 1, "Notes"),
                            ("decision", 2, 1, "Decides to continue examining")]


# --- a Governing Council resolution in the archive's layout ----------------------------------------

def test_governing_council_resolution():
    d = checked(RESOLUTION)
    assert (d.case_id, d.person) == ("EC/09", "AURELIO CÁRDENAS MORA")
    assert [p["name"] for p in d.persons] == ["AURELIO CÁRDENAS MORA"]
    assert (d.adoption["what"], d.adoption["how"], d.adoption["by"], d.adoption["session"], d.adoption["date"]) == (
        "Resolution", "unanimously", "IPU Governing Council", 179, "2006-10-18")
    # the preamble is the subject of every operative paragraph, not a paragraph
    assert d.decision_preamble == "The Governing Council of the Inter-Parliamentary Union,"
    assert RESOLUTION[d.decision_preamble_start:d.decision_preamble_end] == d.decision_preamble
    assert structure(d) == RESOLUTION_STRUCTURE
    summary = [p["text"] for p in d.paragraphs if p["part"] == "summary"]
    assert [text.split()[0] for text in summary] == ["Referring", "Considering", "Recalling"]
    assert summary[0].endswith("at its 178th session (April 2006),")
    # the page's header "- 2 - CL/179/13(b)-R.1" cuts paragraph 2 into two pieces, itself in neither
    pieces = [p["text"] for p in d.paragraphs if p["part"] == "decision" and p["number"] == 2]
    assert pieces == ["Deplores the lack of any progress in the investigation more than a year after the",
                      "attack, and urges the authorities to bring those responsible to justice;"]


@pytest.mark.parametrize("variant", [
    without_blank_lines,
    lambda text: re.sub(r"(?m)^\d+\. ", "", text),  # numbers lost: each paragraph opens with its verb
    lambda text: without_blank_lines(re.sub(r"(?m)^\d+\. ", "", text)),
    lambda text: re.sub(r"(?m)^\d+\. ", "• ", text),  # bulleted
    lambda text: re.sub(r"(?m)^\d+\. ", "- ", without_blank_lines(text)),
])
def test_governing_council_resolution_however_printed(variant):
    text = variant(RESOLUTION)
    d = checked(text)
    assert d.decision_preamble == "The Governing Council of the Inter-Parliamentary Union,"
    assert structure(d) == RESOLUTION_STRUCTURE
    original = parse_ipu_decision("ipu", RESOLUTION)
    assert [p["text"] for p in d.paragraphs] == [p["text"] for p in original.paragraphs]


def test_resolution_whose_operative_paragraphs_follow_the_considering_clauses_unnumbered():
    text = ("ECUADOR\nCASE N° EC/11 - NORA BENÍTEZ RUIZ\n"
            "Resolution adopted by consensus by the IPU Governing Council at its 181st session (Geneva, 10 October 2007)\n"
            "The Governing Council of the Inter-Parliamentary Union,\n"
            "Considering that Ms. Benítez Ruiz was removed from her seat on 2 May 2007 by a vote of\n"
            "the majority,\n"
            "Noting that the Constitutional Court has yet to rule on her appeal,\n"
            "Once again urges the Court to rule on the appeal without delay;\n"
            "Is deeply concerned that Ms. Benítez Ruiz has been unable to take part in the\n"
            "work of parliament since May 2007;\n"
            "Decides to continue examining the case.\n")
    d = checked(text)
    assert structure(d) == [("summary", 1, 1, None), ("summary", 2, 1, None),
                            ("decision", 1, 1, "Once again urges"), ("decision", 2, 1, "Is deeply concerned"),
                            ("decision", 3, 1, "Decides to continue examining")]
    assert d.paragraphs[0]["text"] == ("Considering that Ms. Benítez Ruiz was removed from her seat on 2 May 2007 "
                                       "by a vote of the majority,")


# --- a Committee decision with bulleted operative paragraphs ---------------------------------------

def test_committee_decision_with_bulleted_paragraphs():
    text = fixture_text("ipu-decision-bulleted-ecu-131.txt")
    d = checked(text)
    assert (d.case_id, d.person, d.collective) == ("ECU-131", "Inés Carrera Vidal", False)
    assert (d.adoption["how"], d.adoption["session"], d.adoption["date"]) == ("by consensus", 213, "2023-10-27")
    assert [v["value"] for v in d.violations] == ["Threats, acts of intimidation",
                                                  "Lack of due process at the investigation stage"]
    assert [(p["part"], p["number"], p["attributed_to"]) for p in d.paragraphs if p["part"] == "summary"] == [
        ("summary", 1, "summary"), ("summary", 2, "complainant"), ("summary", 3, "authorities")]
    assert d.decision_preamble == "The Committee on the Human Rights of Parliamentarians"
    decision = [p for p in d.paragraphs if p["part"] == "decision"]
    assert [(p["number"], p["operative_verb"]) for p in decision] == [
        (1, "Thanks"), (2, "Notes"), (3, "Urges"), (4, "Decides to continue examining")]
    # the bullet is no part of the paragraph; a wrapped line stays in it; the footer in between is in none
    assert decision[1]["text"] == "Notes with concern that the investigation was closed without hearing Ms. Carrera Vidal;"
    assert text[decision[0]["char_start"]:decision[0]["char_end"]].startswith("Thanks the Ecuadorian")


def test_a_bullet_inside_a_numbered_paragraph_stays_in_it():
    text = decision_with_header("ECU-92 – Aurelio Cárdenas Mora").replace(
        "1. Notes the information provided;",
        "1. Urges the authorities:\n- To reopen the investigation;\n- To protect the complainant;")
    d = checked(text)
    assert structure(d) == [("summary", 1, 1, None), ("decision", 1, 1, "Urges"),
                            ("decision", 2, 1, "Decides to continue examining")]
    assert d.paragraphs[1]["text"] == ("Urges the authorities: - To reopen the investigation; "
                                       "- To protect the complainant;")


# --- page headers and footers ------------------------------------------------------------------------

@pytest.mark.parametrize("furniture", ["- 2 - CL/194/11(b)-R.1", "CL/194/11(b)-R.1 - 2 -", "- 2 -", "Page 2 of 3",
                                       "CL/194/11(b)-R.1"])
def test_page_headers_and_footers_are_dropped(furniture):
    text = decision_with_header("ECU-92 – Aurelio Cárdenas Mora").replace(
        "1. Notes the information provided;", f"1. Notes the information provided by the\n{furniture}\nauthorities;")
    d = checked(text)
    assert structure(d) == [("summary", 1, 1, None), ("decision", 1, 1, "Notes"), ("decision", 1, 2, None),
                            ("decision", 2, 1, "Decides to continue examining")]
    assert [p["text"] for p in d.paragraphs if p["part"] == "decision"][:2] == [
        "Notes the information provided by the", "authorities;"]


def test_a_side_box_printed_right_above_the_summary_keeps_its_own_lines():
    text = without_blank_lines(fixture_text("ipu-side-box.txt"))
    d = checked(text)
    box = {field["key"]: field["value"] for field in d.side_box}
    assert box["communication_from_authorities"] == "Letter from the Speaker (February 2023)"
    assert [p["text"].split()[0] for p in d.paragraphs if p["part"] == "summary"] == ["Ms.", "According"]


def test_a_decision_part_with_no_operative_paragraph_fails_in_one_line():
    text = decision_with_header("ECU-92 – Aurelio Cárdenas Mora")
    text = text[:text.index("1. Notes")] + "The case was discussed at length.\n"
    with pytest.raises(LayoutError) as caught:
        parse_ipu_decision("ipu-x", text)
    message = str(caught.value)
    assert message.startswith("source ipu-x: decision paragraph 1") and "none found" in message
    assert "\n" not in message


def test_a_list_in_the_preamble_is_not_an_operative_paragraph():
    text = ("ECUADOR\nCASE N° EC/09 - AURELIO CÁRDENAS MORA\n"
            "Resolution adopted unanimously by the IPU Governing Council at its 194th session (Geneva, 20 March 2014)\n"
            "The Governing Council of the Inter-Parliamentary Union,\n"
            "Referring to the case of Mr. Aurelio Cárdenas Mora, a former member of the National Congress,\n"
            "Recalling the following information on file:\n"
            "- Mr. Cárdenas Mora was shot and wounded in Quito on 4 March 2005;\n"
            "- Two suspects were identified in June 2006, but no arrest warrant was issued;\n"
            "Considering that the investigation has not advanced since then,\n"
            "- Thanks the Ecuadorian delegation for the information it provided;\n"
            "- Urges the authorities:\n"
            "- to issue the arrest warrants without delay;\n"
            "- to inform the Committee of their execution;\n"
            "- Decides to continue examining this case.\n")
    d = checked(text)
    assert structure(d) == [("summary", 1, 1, None), ("summary", 2, 1, None), ("summary", 3, 1, None),
                            ("decision", 1, 1, "Thanks"), ("decision", 2, 1, "Urges"),
                            ("decision", 3, 1, "Decides to continue examining")]
    assert d.paragraphs[1]["text"].startswith("Recalling the following information on file: - Mr. Cárdenas Mora")
    assert d.paragraphs[4]["text"] == ("Urges the authorities: - to issue the arrest warrants without delay; "
                                       "- to inform the Committee of their execution;")


def test_paragraph_one_lost_its_number_the_others_kept_theirs():
    with open(FIXTURES.parents[2] / "data" / "sources" / "ipu-ecu-92-decision.txt", encoding="utf-8", newline="") as f:
        real = f.read()
    d = checked(real.replace("\n1. Thanks", "\nThanks"))
    original = parse_ipu_decision("ipu", real)
    assert structure(d) == structure(original)
    assert [p["text"] for p in d.paragraphs] == [p["text"] for p in original.paragraphs]
