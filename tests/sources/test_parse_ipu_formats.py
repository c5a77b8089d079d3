"""Crafted IPU decisions in layouts the seeds do not show: older case headers,
phrasal operative verbs, summary paragraphs with no blank line between them,
PDF page furniture and the victims of a collective case.  Every document here
is fictional."""

import pytest

from build.sources.ipu import parse_ipu_decision, raw_without_number


def reflow(raw: str) -> str:
    return " ".join(raw.split())


def assert_spans(text, d):
    assert text[d.case_id_start:d.case_id_end] == d.case_id
    previous_end = 0
    for p in d.paragraphs:
        assert previous_end <= p["char_start"] < p["char_end"] <= len(text)
        previous_end = p["char_end"]
        raw = text[p["char_start"]:p["char_end"]]
        assert raw == raw.strip()
        assert reflow(raw_without_number(text, p)) == p["text"]
    for person in d.persons:
        assert reflow(text[person["char_start"]:person["char_end"]]) == person["name"]


def old_resolution(header: str) -> str:
    return (f"PERU\n\n{header}\n\n"
            "Resolution adopted unanimously by the IPU Governing Council at its 160th session\n"
            "(Lima, 3 April 1997)\n\n"
            "The Governing Council of the Inter-Parliamentary Union,\n\n"
            "Noting that Mr. Rosales was detained in 1996,\n\n"
            "1. Regrets the lack of an answer;\n\n"
            "2. Requests the Secretary General to inform the authorities.\n")


# --- 1. case headers of older decisions -------------------------------------------------


@pytest.mark.parametrize("header, case_id, person", [
    ("CASE No. PE/03 - TOMÁS ROSALES PIZARRO", "PE/03", "TOMÁS ROSALES PIZARRO"),
    ("CASE No. PER/03 - Tomás Rosales Pizarro", "PER/03", "Tomás Rosales Pizarro"),
    ("case no. PE-03 – Tomás Rosales Pizarro", "PE-03", "Tomás Rosales Pizarro"),
    ("PE/3 – Tomás Rosales Pizarro", "PE/3", "Tomás Rosales Pizarro"),
])
def test_older_case_headers(header, case_id, person):
    text = old_resolution(header)
    d = parse_ipu_decision("old", text)
    assert (d.case_id, d.person) == (case_id, person)
    assert text[d.person_start:d.person_end] == person
    assert [p["name"] for p in d.persons] == [person]
    assert [(p["part"], p["number"]) for p in d.paragraphs] == [("summary", 1), ("decision", 1), ("decision", 2)]
    assert d.adoption["session"] == 160
    assert_spans(text, d)


# --- 2. operative phrases ------------------------------------------------------------------


def test_operative_phrases_are_whole():
    openings = [
        ("Takes note of the letter from the Speaker;", "Takes note"),
        ("Is deeply concerned that no inquiry was opened;", "Is deeply concerned"),
        ("Calls on the authorities to act;", "Calls on"),
        ("Is appalled that the file was lost;", "Is appalled"),
        ("Expresses deep concern at the delay;", "Expresses"),
        ("Notes with regret that nothing changed;", "Notes"),
        ("Once again urges the authorities to reply;", "Once again urges"),
        ("Reaffirms, nevertheless, its position;", "Reaffirms"),
        ("Requests the Secretary General to convey this decision;", "Requests"),
        ("Decides to continue examining this case.", "Decides to continue examining"),
    ]
    body = "".join(f"{n}. {opening}\n\n" for n, opening in enumerate((o for o, _ in openings), 1))
    text = f"Peru\n\nPE-11 – Rosa Quispe\n\nB. Decision\n\nThe Committee on the Human Rights of Parliamentarians\n\n{body}"
    d = parse_ipu_decision("verbs", text)
    decided = [p for p in d.paragraphs if p["part"] == "decision"]
    assert [p["number"] for p in decided] == list(range(1, 11))
    assert [p["operative_verb"] for p in decided] == [verb for _, verb in openings]
    for p in decided:
        assert p["text"].startswith(p["operative_verb"])
    assert_spans(text, d)


# --- 3. summary paragraphs with no blank line between them --------------------------------


SUMMARY_RUN_ON = """Peru
PE-12 – Rosa Quispe
A. Summary of the case
Ms. Quispe, a member of the Congress of Peru since 2021, was sued for
defamation by a regional governor in March 2023.
The complainant alleges that the suit is meant to silence her, and that
the authorities have ignored it.
The Peruvian authorities replied in May 2023 that the suit is a private matter.
According to the complainant, a hearing is set for June.
4. The complainant adds that the judge is the governor's cousin.
B. Decision
The Committee on the Human Rights of Parliamentarians,
1. Notes the information provided;
2. Decides to continue examining this case.
"""


def test_summary_statements_without_blank_lines_are_paragraphs():
    d = parse_ipu_decision("run-on", SUMMARY_RUN_ON)
    summary = [p for p in d.paragraphs if p["part"] == "summary"]
    assert [(p["number"], p["attributed_to"]) for p in summary] == [
        (1, "summary"), (2, "complainant"), (3, "authorities"), (4, "complainant"), (5, "complainant")]
    # "the authorities" wrapped to a line's start inside a sentence does not cut it.
    assert summary[1]["text"] == ("The complainant alleges that the suit is meant to silence her, and that "
                                  "the authorities have ignored it.")
    assert summary[0]["text"].endswith("in March 2023.")
    assert summary[4]["text"].startswith("4. The complainant adds")
    assert_spans(SUMMARY_RUN_ON, d)


# --- 4. page furniture between pages --------------------------------------------------------


PAGE_BREAKS = """Peru
PE-13 – Rosa Quispe
A. Summary of the case
Ms. Quispe was arrested on 2 May 2023 after a debate in
- 2 -
CL/220/11(b)-R.1
Congress on mining permits.
B. Decision
The Committee on the Human Rights of Parliamentarians,
1. Takes note of the letter from the authorities;
2. Considers that the arrest of a member of parliament for a speech is
contrary to international standards;

- 3 -

Inter-Parliamentary Union
3. Urges the authorities to release Ms. Quispe
Page 4
and to drop the charges;
4. Requests the Secretary General to convey this decision.
"""


def test_page_furniture_is_kept_out_of_paragraphs():
    d = parse_ipu_decision("pages", PAGE_BREAKS)
    assert [(p["part"], p["number"], p.get("piece", 1), p["operative_verb"]) for p in d.paragraphs] == [
        ("summary", 1, 1, None), ("summary", 2, 1, None),
        ("decision", 1, 1, "Takes note"), ("decision", 2, 1, "Considers"),
        ("decision", 3, 1, "Urges"), ("decision", 3, 2, None), ("decision", 4, 1, "Requests")]
    texts = [p["text"] for p in d.paragraphs]
    assert texts[0] == "Ms. Quispe was arrested on 2 May 2023 after a debate in"
    assert texts[1] == "Congress on mining permits."
    assert texts[3] == ("Considers that the arrest of a member of parliament for a speech is "
                        "contrary to international standards;")
    assert texts[4] == "Urges the authorities to release Ms. Quispe"
    assert texts[5] == "and to drop the charges;"
    for p in d.paragraphs:
        raw = PAGE_BREAKS[p["char_start"]:p["char_end"]]
        for furniture in ("- 2 -", "CL/220", "- 3 -", "Inter-Parliamentary Union", "Page 4"):
            assert furniture not in raw
    assert_spans(PAGE_BREAKS, d)


def test_a_wrapped_line_naming_the_union_is_not_furniture():
    text = PAGE_BREAKS.replace("2. Considers that the arrest of a member of parliament for a speech is\n",
                               "2. Considers, as the members of the\nInter-Parliamentary Union\ndo, that the arrest is\n")
    d = parse_ipu_decision("pages", text)
    second = [p for p in d.paragraphs if p["part"] == "decision"][1]
    assert second["text"] == ("Considers, as the members of the Inter-Parliamentary Union do, that the arrest is "
                              "contrary to international standards;")
    assert_spans(text, d)


# --- 5. the victims of a collective case ---------------------------------------------------


COLLECTIVE_BOX = """Peru

PER-COLL-05 – Four members of the Congress

Decision adopted unanimously by the IPU Governing Council at its 214th session
(Geneva, 20 March 2024)

Victims: Ms. Rosa Quispe, Mr. Tomás de la Cruz; Ms. Inés
Ccori Mamani and Mr. Ulises Paz.
Victim(s): four opposition members of parliament (two men and two women)
Submission of complaint: May 2023

A. Summary of the case

The complainant alleges that the four were barred from the chamber.

B. Decision

1. Urges the authorities to restore their rights;
"""


def test_collective_case_victims_from_the_side_box():
    d = parse_ipu_decision("coll-box", COLLECTIVE_BOX)
    assert d.collective and d.case_id == "PER-COLL-05"
    assert [p["name"] for p in d.persons] == ["Rosa Quispe", "Tomás de la Cruz", "Inés Ccori Mamani", "Ulises Paz"]
    # Exact spans; the name wrapped over two lines has one space where the line broke.
    assert [COLLECTIVE_BOX[p["char_start"]:p["char_end"]] for p in d.persons] == [
        "Rosa Quispe", "Tomás de la Cruz", "Inés\nCcori Mamani", "Ulises Paz"]
    assert "Four members of the Congress" not in [p["name"] for p in d.persons]
    assert_spans(COLLECTIVE_BOX, d)


def test_collective_case_list_after_the_adoption_sentence():
    listed = COLLECTIVE_BOX.replace(
        "Victims: Ms. Rosa Quispe, Mr. Tomás de la Cruz; Ms. Inés\nCcori Mamani and Mr. Ulises Paz.\n", "").replace(
        "(Geneva, 20 March 2024)\n",
        "(Geneva, 20 March 2024)\n\n  Ms. Rosa Quispe\n  Mr. Tomás de la Cruz\n  Ms. Inés Ccori Mamani\n  Mr. Ulises Paz\n")
    d = parse_ipu_decision("coll-list", listed)
    assert [p["name"] for p in d.persons] == ["Rosa Quispe", "Tomás de la Cruz", "Inés Ccori Mamani", "Ulises Paz"]
    for p in d.persons:
        assert listed[p["char_start"]:p["char_end"]] == p["name"]
    # The description in the box names nobody.
    assert {f["key"] for f in d.side_box} >= {"victim", "submission_of_complaint"}
    assert [(p["part"], p["number"], p["attributed_to"]) for p in d.paragraphs] == [
        ("summary", 1, "complainant"), ("decision", 1, "committee")]


def test_a_description_of_the_victims_names_nobody():
    text = COLLECTIVE_BOX.replace(
        "Victims: Ms. Rosa Quispe, Mr. Tomás de la Cruz; Ms. Inés\nCcori Mamani and Mr. Ulises Paz.\n",
        "Alleged victims: Four members of the Congress\n")
    d = parse_ipu_decision("coll-none", text)
    assert d.collective and d.persons == []


FOOTNOTED = """TUR-71 - Deniz Arslan

A. Summary of the case

Ms. Arslan, a member of parliament, was detained on 3 May 2022 (1) and
remains in custody.

B. Decision

The Committee on the Human Rights of Parliamentarians

1. Thanks the delegation for the information provided (2);

2. Urges the authorities:
(1) To release her;
(2) To guarantee her rights;

3. Requests the Secretary General to convey this decision to the authorities.

(1) Court order of 3 May 2022.
(2) Hearing at the 144th IPU Assembly.

Annex I

List of hearings
- 145th session: hearing with the delegation
"""


def test_footnotes_and_an_annex_after_the_last_paragraph_are_in_no_paragraph():
    d = parse_ipu_decision("tur-71", FOOTNOTED)
    assert_spans(FOOTNOTED, d)
    decision = [p for p in d.paragraphs if p["part"] == "decision"]
    assert [p["number"] for p in decision] == [1, 2, 3]
    assert decision[1]["text"] == "2. Urges the authorities: (1) To release her; (2) To guarantee her rights;"[3:]
    assert decision[2]["text"].endswith("convey this decision to the authorities.")
    assert not any("Court order" in p["text"] or "Annex" in p["text"] for p in d.paragraphs)
