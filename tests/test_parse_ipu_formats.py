"""Crafted IPU decisions in layouts the seeds do not show: older case headers,
phrasal operative verbs, summary paragraphs with no blank line between them,
PDF page furniture and the victims of a collective case.  Every document here
is fictional."""

import pytest

from build.parse_ipu import parse_ipu_decision, raw_without_number


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
