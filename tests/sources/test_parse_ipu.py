"""Tests for build.sources.ipu: the real ECU-92 decision and crafted layouts."""

import re
from pathlib import Path

import pytest

from build.common.errors import LayoutError
from build.sources.ipu import IpuDecision, parse_ipu_decision, raw_without_number

SOURCE = Path(__file__).resolve().parents[2] / "data" / "sources" / "ipu-ecu-92-decision.txt"
BULLET = "\uf0fc"

VERBS = ["Thanks", "Notes", "Notes", "Notes further", "Notes also", "Notes further", "Concludes", "Requests"]
# Paragraphs 1 and 5 open with no speaker: the summary's own account (issue 27), not the Committee's.
SUMMARY_SOURCES = ["summary", "complainant", "complainant", "authorities", "summary"]


@pytest.fixture(scope="module")
def real_text() -> str:
    # Bytes decoded by hand: read_text() would translate line endings and so
    # shift every span.
    return SOURCE.read_bytes().decode("utf-8")


def structure(decision: IpuDecision) -> list[tuple]:
    """Everything but the spans, to compare variants of one document."""
    return [
        (p["part"], p["number"], p["operative_verb"], p["attributed_to"], p["text"])
        for p in decision.paragraphs
    ] + [("violation", v["value"]) for v in decision.violations] + [
        (decision.case_id, decision.person, decision.decision_preamble)
    ]


def assert_spans_exact(text: str, decision: IpuDecision) -> None:
    """The reflow invariant on every paragraph and violation, spans in range."""
    assert text[decision.case_id_start : decision.case_id_end] == decision.case_id
    assert text[decision.person_start : decision.person_end] == decision.person
    for v in decision.violations:
        assert 0 <= v["char_start"] < v["char_end"] <= len(text)
        assert " ".join(text[v["char_start"] : v["char_end"]].split()) == v["value"]
        assert BULLET not in text[v["char_start"] : v["char_end"]]
    previous_end = 0
    for p in decision.paragraphs:
        start, end = p["char_start"], p["char_end"]
        assert previous_end <= start < end <= len(text)
        previous_end = end
        raw = text[start:end]
        # Spans are trimmed to non-space characters at both ends.
        assert raw == raw.strip()
        assert " ".join(raw_without_number(text, p).split()) == p["text"]
        if p["part"] == "decision":
            assert " ".join(raw.split()) == f"{p['number']}. {p['text']}"
        else:
            assert " ".join(raw.split()) == p["text"]


def assert_ecu92_structure(decision: IpuDecision) -> None:
    summary = [p for p in decision.paragraphs if p["part"] == "summary"]
    decided = [p for p in decision.paragraphs if p["part"] == "decision"]
    assert decision.paragraphs == summary + decided  # document order
    assert [p["number"] for p in summary] == [1, 2, 3, 4, 5]
    assert [p["attributed_to"] for p in summary] == SUMMARY_SOURCES
    assert all(p["operative_verb"] is None for p in summary)
    assert [p["number"] for p in decided] == list(range(1, 9))
    assert [p["operative_verb"] for p in decided] == VERBS
    assert all(p["attributed_to"] == "committee" for p in decided)
    assert decision.case_id == "ECU-92"
    assert decision.person == "José Serrano Salgado"
    assert [v["value"] for v in decision.violations] == ["Threats, acts of intimidation"]


# --- the real document -------------------------------------------------------


def test_real_document_structure(real_text):
    decision = parse_ipu_decision("ipu-ecu-92", real_text)
    assert_ecu92_structure(decision)
    assert_spans_exact(real_text, decision)


def test_real_document_header_and_violation_spans(real_text):
    decision = parse_ipu_decision("ipu-ecu-92", real_text)
    # The header line opens with a space: the span skips it.
    assert (decision.case_id_start, decision.case_id_end) == (1, 7)
    assert real_text[decision.person_start : decision.person_end] == "José Serrano Salgado"
    (violation,) = decision.violations
    glyph = real_text.index(BULLET)
    # The value starts after the glyph and its space, and ends before the
    # trailing space of the line.
    assert violation["char_start"] == glyph + 2
    assert real_text[violation["char_start"] : violation["char_end"]] == "Threats, acts of intimidation"
    assert real_text[violation["char_end"]] == " "


def test_real_document_paragraph_texts_and_boundaries(real_text):
    decision = parse_ipu_decision("ipu-ecu-92", real_text)
    summary = decision.paragraphs[:5]
    decided = decision.paragraphs[5:]
    # The 4th summary paragraph spans a line opening with a space.
    assert "given his change in status, when his term of office as Speaker ended" in summary[3]["text"]
    assert summary[3]["text"].endswith("in May 2021.")
    assert summary[4]["text"] == "Mr. Serrano Salgado currently lives outside Ecuador."
    # Text after a blank line inside a numbered paragraph is a continuation.
    assert decided[0]["text"] == (
        "Thanks the Ecuadorian delegation for the information provided and for meeting with the "
        "members of the Committee on the Human Rights of Parliamentarians at the 144th IPU "
        "Assembly to discuss the case and its concerns;"
    )
    assert real_text[decided[0]["char_start"] : decided[0]["char_start"] + 9] == "1. Thanks"
    assert decided[6]["text"].startswith("Concludes, therefore, that the complaint is not admissible")
    # Trailing blank lines at the end of the file are not part of paragraph 8.
    assert decided[7]["text"] == (
        "Requests the Secretary General to convey this decision to the relevant authorities and the complainant."
    )
    assert decided[7]["char_end"] == real_text.rindex("complainant.") + len("complainant.")
    assert real_text[decided[7]["char_end"] :].strip() == ""


def test_real_document_preamble_is_not_a_paragraph(real_text):
    decision = parse_ipu_decision("ipu-ecu-92", real_text)
    preamble = "The Committee on the Human Rights of Parliamentarians"
    assert decision.decision_preamble == preamble
    assert real_text[decision.decision_preamble_start : decision.decision_preamble_end] == preamble
    assert all(preamble != p["text"] for p in decision.paragraphs)
    assert len(decision.paragraphs) == 13


# --- crafted variants of the real text ---------------------------------------


def test_crlf_line_endings(real_text):
    crlf = real_text.replace("\n", "\r\n")
    decision = parse_ipu_decision("ipu-ecu-92", crlf)
    assert structure(decision) == structure(parse_ipu_decision("ipu-ecu-92", real_text))
    assert_ecu92_structure(decision)
    assert_spans_exact(crlf, decision)


def test_extra_blank_lines_between_paragraphs(real_text):
    padded = real_text.replace("\n \n", "\n \n\n   \n\n")
    assert padded != real_text
    decision = parse_ipu_decision("ipu-ecu-92", padded)
    assert structure(decision) == structure(parse_ipu_decision("ipu-ecu-92", real_text))
    assert_spans_exact(padded, decision)


def test_trailing_whitespace_removed(real_text):
    stripped = "\n".join(line.rstrip() for line in real_text.split("\n"))
    assert stripped != real_text
    decision = parse_ipu_decision("ipu-ecu-92", stripped)
    assert structure(decision) == structure(parse_ipu_decision("ipu-ecu-92", real_text))
    assert_spans_exact(stripped, decision)


def _with_decision_part(real_text: str, part_b: str) -> str:
    return real_text[: real_text.index("B. Decision")] + part_b


def test_decision_with_twelve_paragraphs(real_text):
    openings = [
        ("Thanks the delegation for", "Thanks"),
        ("Notes with deep concern that", "Notes"),
        ("Notes further that", "Notes further"),
        ("Urges the authorities to", "Urges"),
        ("Reiterates its long-standing", "Reiterates"),
        ("Once again urges the", "Once again urges"),
        ("Considers, in this regard, that", "Considers"),
        ("Notes also that", "Notes also"),
        ("Recalls that", "Recalls"),
        ("Is deeply concerned that", "Is deeply concerned"),
        ("Requests the Secretary General to", "Requests"),
        ("Decides to continue examining this case.", "Decides to continue examining"),
    ]
    part_b = "B. Decision \n \nThe Committee on the Human Rights of Parliamentarians \n \n"
    for number, (opening, _) in enumerate(openings, start=1):
        part_b += f"{number}. {opening} the first line \n\nwrapped second line; \n \n"
    text = _with_decision_part(real_text, part_b + "\n \n")
    decision = parse_ipu_decision("ipu-x", text)
    decided = [p for p in decision.paragraphs if p["part"] == "decision"]
    assert [p["number"] for p in decided] == list(range(1, 13))
    assert [p["operative_verb"] for p in decided] == [verb for _, verb in openings]
    assert decided[9]["text"] == "Is deeply concerned that the first line wrapped second line;"
    assert_spans_exact(text, decision)


def test_two_violations_one_wrapped(real_text):
    bullets = (
        f"{BULLET} Threats, acts of intimidation \n \n"
        f"{BULLET} Failure to respect parliamentary \nimmunity \n"
        f"\u2022 Lack of due process at the investigation stage\n"
    )
    text = real_text.replace(f"{BULLET} Threats, acts of intimidation \n", bullets)
    decision = parse_ipu_decision("ipu-x", text)
    assert [v["value"] for v in decision.violations] == [
        "Threats, acts of intimidation",
        "Failure to respect parliamentary immunity",
        "Lack of due process at the investigation stage",
    ]
    assert_spans_exact(text, decision)
    assert len(decision.paragraphs) == 13


def test_year_opening_a_wrapped_line_is_not_a_paragraph_number(real_text):
    text = real_text.replace(
        "complainant. ", "complainant, which ended in May \n2021. It was closed. "
    )
    decision = parse_ipu_decision("ipu-x", text)
    last = decision.paragraphs[-1]
    assert last["number"] == 8
    assert last["text"].endswith("ended in May 2021. It was closed.")
    assert_spans_exact(text, decision)


# --- layouts that must be refused ----------------------------------------------


def layout_error(source_id: str, text: str) -> str:
    with pytest.raises(LayoutError) as caught:
        parse_ipu_decision(source_id, text)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"source {source_id}: ")
    return message


def _line_number(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


def test_a_lost_paragraph_number_does_not_swallow_the_rest(real_text):
    # Extraction lost "3.": the text of 3 joins 2, and 4 onwards keep their printed numbers.
    text = real_text.replace("3. Notes that the complaint concerns an incumbent",
                             "Notes that the complaint concerns an incumbent")
    decision = parse_ipu_decision("ipu-x", text)
    decided = [p for p in decision.paragraphs if p["part"] == "decision"]
    assert [p["number"] for p in decided] == [1, 2, 4, 5, 6, 7, 8]
    assert decided[1]["text"].endswith("Notes that the complaint concerns an incumbent member of parliament at "
                                       "the time of the alleged facts;")
    assert_spans_exact(text, decision)


def test_a_number_out_of_sequence_continues_the_paragraph_before_it(real_text):
    # "9." inside paragraph 2 (a cross-reference wrapped to a line's start) is text, not a paragraph.
    text = real_text.replace("Section I.1(a) of the Procedure", "Section I.1(a) of the\n9. Procedure")
    decision = parse_ipu_decision("ipu-x", text)
    decided = [p for p in decision.paragraphs if p["part"] == "decision"]
    assert [p["number"] for p in decided] == list(range(1, 9))
    assert "of the 9. Procedure" in decided[1]["text"]
    assert_spans_exact(text, decision)


def test_no_case_header(real_text):
    text = real_text.replace(" ECU-92 – José Serrano Salgado \n", "")
    message = layout_error("ipu-x", text)
    assert "case header like 'ECU-92 – Name' expected before line" in message


def test_without_part_headings_the_parts_are_found_by_their_content(real_text):
    """Older decisions print no "A." or "B." headings: the summary runs to paragraph 1."""
    text = real_text.replace("A. Summary of the case \n", "").replace("B. Decision \n", "")
    decision = parse_ipu_decision("ipu-x", text)
    original = parse_ipu_decision("ipu-x", real_text)
    assert [p["text"] for p in decision.paragraphs] == [p["text"] for p in original.paragraphs]
    assert decision.decision_preamble == original.decision_preamble
    assert_spans_exact(text, decision)


def test_paragraphs_printed_without_numbers_are_read_by_their_verbs(real_text):
    """The decision with its numbers lost: each paragraph opens with its operative verb after a line
    ending a clause, and takes the next number; texts and verbs are those of the numbered print."""
    text = re.sub(r"(?m)^\d+\. ", "", real_text)
    decision = parse_ipu_decision("ipu-x", text)
    original = parse_ipu_decision("ipu-x", real_text)
    assert [(p["part"], p["number"], p["operative_verb"], p["text"]) for p in decision.paragraphs] == [
        (p["part"], p["number"], p["operative_verb"], p["text"]) for p in original.paragraphs]
    for p in decision.paragraphs:  # no number printed: the span is the paragraph's words, nothing more
        assert " ".join(text[p["char_start"]:p["char_end"]].split()) == p["text"]


def test_no_operative_paragraphs(real_text):
    decision_part = real_text[real_text.index("B. Decision"):]
    text = real_text.replace(decision_part, "B. Decision \n\nThe case was discussed at length. \n")
    message = layout_error("ipu-x", text)
    assert "decision paragraph 1" in message and "none found" in message


def test_violations_printed_without_bullets(real_text):
    decision = parse_ipu_decision("ipu-x", real_text.replace(BULLET, ""))
    assert [v["value"] for v in decision.violations] == ["Threats, acts of intimidation"]


@pytest.mark.parametrize("text", ["", " \n \r\n\n"])
def test_empty_text(text):
    message = layout_error("ipu-empty", text)
    assert "empty text" in message and "line 1" in message
