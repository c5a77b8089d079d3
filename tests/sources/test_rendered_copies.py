"""Rendered pages as people copy them from a browser: the site's lines and hatnotes between the
title and the infobox, values that run over lines, lists, "Position established", a term whose dash
was lost.  Every page here is fictional (tests/fixtures/documents/README.md)."""

import pytest

from build.sources.infobox import split_term
from build.sources.wikipedia import PAGE_HEADER, parse_wikipedia
from documents_helper import FIXTURES


def fixture_text(name: str) -> str:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def fields(doc) -> list[tuple]:
    return [(f["block"], f["key"], f["value"]) for f in doc.infobox_fields]


def checked(text: str):
    doc = parse_wikipedia("copy", text)
    for f in doc.infobox_fields:
        assert text[f["char_start"]:f["char_end"]] == f["value"]
    for p in doc.passages:
        assert text[p["char_start"]:p["char_end"]].strip() == text[p["char_start"]:p["char_end"]]
    return doc


def page(*infobox_rows: str, front: tuple[str, ...] = (), body: str | None = None) -> str:
    """A fictional page: title, lines before the infobox, the infobox, then the article."""
    rows = "\n".join(infobox_rows)
    body = body or ("Nora Benítez (born 1 May 1970) is a politician of the fictional Republic of Esmeralda.\n"
                    "Career\n[edit]She was a minister from 2011 to 2012.[1]\n"
                    "References\n[edit]- ^ \"Perfil\". 3 March 2011.\n")
    return "\n".join(["Nora Benítez", *front, "Nora Benítez | |", "---|---|", rows, body])


OFFICE = ("Minister of Roads | |", "In office 2 May 2011 – 9 June 2012 | |", "Preceded by | Ulises Paz |",
          "Succeeded by | Rosa Vélez |")


# --- the fixture: every quirk at once ----------------------------------------------------------------

def test_copied_page_with_every_quirk():
    text = fixture_text("article-rendered-copy-ibarra.txt")
    doc = checked(text)
    got = fields(doc)
    # the lines between the title and the infobox are kept, as a section of their own
    header = [p["text"] for p in doc.passages if p["section"] == PAGE_HEADER and p["kind"] == "paragraph"]
    assert header == ["From Wikipedia, the free encyclopedia", "Jump to navigation", "Jump to search",
                      "For the Chilean cyclist, see Tomás Ibarra (cyclist).",
                      "This name uses Spanish naming customs: the first or paternal family name is Ibarra and the "
                      "second or maternal family name is Cordero.", "His Excellency"]
    assert [p["section"] for p in doc.passages if p["kind"] == "section"] == [
        PAGE_HEADER, "lead", "Early life", "Political career", "References"]
    assert len(doc.references) == 2
    # the infobox they stood before is read whole
    assert got[:2] == [("caption", "name", "Tomás Ibarra"), ("caption", "caption", "Ibarra in 2012")]
    assert [v for b, k, v in got if k == "office"] == ["12th President of the Republic of Esmeralda",
                                                        "1st Secretary of Digital Government"]
    # the dash lost between two dates still gives the term
    assert ("1", "term_start", "28 July 2011") in got and ("1", "term_end", "9 November 2012") in got
    assert ("2", "term_start", "2 June 2008") in got and ("2", "term_end", "27 July 2011") in got
    # a value over two lines is two items, and the predecessor after it stays with its office
    assert [(b, v) for b, k, v in got if k is None and b == "1"] == [
        ("1", "Nora Benítez (2011–2012)"), ("1", "Ulises Paz (2012)")]
    assert [(b, k, v) for b, k, v in got if k in ("predecessor", "successor")] == [
        ("1", "predecessor", "Marta Quiroga"), ("1", "successor", "Rosa Vélez"), ("2", "successor", "Ulises Paz")]
    # "Position established" is kept as printed, with no key: nobody to name
    assert ("2", None, "Position established") in got
    # the birth place on the line after "Born | date"
    assert [(k, v) for b, k, v in got if k and k.startswith("birth")] == [
        ("birth_date", "4 April 1962"), ("birth_place", "Loja, Esmeralda")]
    # lists: parties with their periods, two children; the row after a closed list is its own
    assert [v for b, k, v in got if k == "political_party"] == ["Green Coast Movement (Before 2018)",
                                                                "Civic Renewal (After 2018)"]
    assert [v for b, k, v in got if k == "children"] == ["Mateo", "Clara"]
    assert ("personal", "residence", "Carondelet Palace (Official)") in got
    assert ("personal", "alma_mater", "Universidad Central de Esmeralda") in got
    assert ("personal", "spouse", "Elena Paz") in got


# --- each quirk alone ----------------------------------------------------------------------------------

@pytest.mark.parametrize("front", [
    (),
    ("From Wikipedia, the free encyclopedia",),
    ("From Wikipedia, the free encyclopedia", "Jump to navigation", "Jump to search"),
    ("(Redirected from Nora Benitez)", "For the singer, see Nora Benítez (singer).",
     "This name uses Spanish naming customs: the first or paternal family name is Benítez and the second or "
     "maternal family name is Ruiz."),
    ("Her Excellency",),
    ("From Wikipedia, the free encyclopedia",
     "This article has multiple issues. Please help improve it or discuss these issues on the talk page.",
     "This article needs additional citations for verification. Please help improve this article by adding "
     "citations to reliable sources.", "(Learn how and when to remove this message)"),
])
def test_lines_before_the_infobox_never_hide_it(front):
    doc = checked(page(*OFFICE, front=front))
    assert ("1", "office", "Minister of Roads") in fields(doc)
    assert ("1", "term_start", "2 May 2011") in fields(doc) and ("1", "predecessor", "Ulises Paz") in fields(doc)
    header = [p["text"] for p in doc.passages if p["section"] == PAGE_HEADER and p["kind"] == "paragraph"]
    assert header == [" ".join(line.split()) for line in front]
    assert [p["section"] for p in doc.passages if p["kind"] == "section"][-3:] == ["lead", "Career", "References"]


def test_a_value_continued_on_the_next_line_is_a_list_and_the_next_row_its_own():
    doc = checked(page("President of the Senate | |", "In office 2 May 2011 – 9 June 2012 | |",
                       "President | Marta Quiroga", "Tomás Ibarra |", "Preceded by | Ulises Paz |"))
    got = fields(doc)
    assert [v for b, k, v in got if k == "office"] == ["President of the Senate"]
    assert [(b, v) for b, k, v in got if k == "served_under"] == [("1", "Marta Quiroga"), ("1", "Tomás Ibarra")]
    assert ("1", "predecessor", "Ulises Paz") in got


@pytest.mark.parametrize("rows", [
    ("Children | Mateo", "Clara |", "Residence", "Carondelet Palace (Official) |"),
    ("Children | |", "Mateo", "Clara |", "Residence |", "Carondelet Palace (Official) |"),
    ("Children | Mateo", "Clara |", "Residence | Carondelet Palace", "(Official) |"),
])
def test_rows_after_a_closed_list_are_not_glued_into_it(rows):
    doc = checked(page(*OFFICE, "Personal details | |", *rows, "Website | example.org |"))
    got = fields(doc)
    assert [v for b, k, v in got if k == "children"] == ["Mateo", "Clara"]
    residence = [v for b, k, v in got if k == "residence"]
    assert [" ".join(v.split()) for v in residence] == ["Carondelet Palace (Official)"]
    assert ("personal", "website", "example.org") in got


def test_a_bracketed_remark_on_its_own_line_stays_with_its_item():
    doc = checked(page(*OFFICE, "Personal details | |", "Political party | Green Coast Movement", "(2006–2018)",
                       "Civic Renewal", "(since 2018) |"))
    assert [" ".join(v.split()) for b, k, v in fields(doc) if k == "political_party"] == [
        "Green Coast Movement (2006–2018)", "Civic Renewal (since 2018)"]


def test_parties_jammed_with_before_and_after():
    doc = checked(page(*OFFICE, "Personal details | |",
                       "Political party | Green Coast Movement (Before 2018) Civic Renewal (After 2018) |"))
    assert [v for b, k, v in fields(doc) if k == "political_party"] == [
        "Green Coast Movement (Before 2018)", "Civic Renewal (After 2018)"]


@pytest.mark.parametrize("born", [
    ("Born | 1 May 1970 (age 55)", "Loja, Esmeralda |"),
    ("Born | 1 May 1970 (age 55)", "Loja, Esmeralda"),
    ("Born | 1 May 1970 (age 55) |", "Loja, Esmeralda |"),
    ("Born | Nora Benítez Ruiz", "(1970-05-01) 1 May 1970 (age 55)", "Loja, Esmeralda |"),
])
def test_birth_place_on_the_line_after_the_date(born):
    doc = checked(page(*OFFICE, "Personal details | |", *born, "Spouse | Elena Paz |"))
    got = fields(doc)
    assert ("personal", "birth_date", "1 May 1970") in got and ("personal", "birth_place", "Loja, Esmeralda") in got
    assert ("personal", "spouse", "Elena Paz") in got


@pytest.mark.parametrize("placeholder", ["Position established", "Office created", "Position abolished",
                                         "Vacant", "New constituency"])
def test_no_holder_placeholders_are_never_a_person(placeholder):
    doc = checked(page("Minister of Roads | |", "In office 2 May 2011 – 9 June 2012 | |",
                       f"Preceded by | {placeholder} |", f"Succeeded by | {placeholder} |"))
    got = fields(doc)
    assert [(k, v) for b, k, v in got if b == "1" and k not in ("office", "term_start", "term_end")] == [
        (None, placeholder), (None, placeholder)]


@pytest.mark.parametrize("value, start, end", [
    ("28 July 2011  9 November 2012", "28 July 2011", "9 November 2012"),
    ("28 July 2011 9 November 2012", "28 July 2011", "9 November 2012"),
    ("28 July 2011 \ufffd 9 November 2012", "28 July 2011", "9 November 2012"),
    ("May 2011 2012", "May 2011", "2012"),
    ("2011 \u2212 2012", "2011", "2012"),
])
def test_a_lost_dash_still_gives_a_period(value, start, end):
    first, last, ongoing = split_term(value, 0, len(value))
    assert (value[slice(*first)], value[slice(*last)], ongoing) == (start, end, None)


def test_a_page_pasted_without_rows_has_no_infobox_and_keeps_its_site_lines_apart():
    text = ("Nora Benítez\nFrom Wikipedia, the free encyclopedia\nJump to navigation\n"
            "Nora Benítez\nMinister of Roads\nIn office\n2 May 2011 – 9 June 2012\n"
            "Nora Benítez (born 1 May 1970) is a politician of the fictional Republic of Esmeralda.\n")
    doc = checked(text)
    assert doc.infobox_fields == []
    assert [p["text"] for p in doc.passages if p["section"] == PAGE_HEADER and p["kind"] == "paragraph"] == [
        "From Wikipedia, the free encyclopedia", "Jump to navigation"]
    assert any("is a politician" in p["text"] for p in doc.passages if p["kind"] == "sentence"
               and p["section"] != PAGE_HEADER)


def test_rows_printed_without_their_empty_cells():
    """A copy whose full-width rows (caption, office, "In office", the dates) have no "| |" and whose
    rows do not close with "|": an office is known by the term printed under it, and a value's next
    line is still its own item."""
    text = "\n".join([
        "Tomás Ibarra", "From Wikipedia, the free encyclopedia", "Tomás Ibarra", "---",
        "Ibarra in 2012", "12th President of the Republic of Esmeralda", "In office",
        "28 July 2011 – 9 November 2012", "Vice President | Nora Benítez", "Ulises Paz",
        "Preceded by | Marta Quiroga", "Succeeded by | Rosa Vélez",
        "1st Secretary of Digital Government", "In office", "2 June 2008 – 27 July 2011",
        "Preceded by | Position established", "Succeeded by | Ulises Paz", "Personal details",
        "Born | 4 April 1962 (age 63)", "Loja, Esmeralda", "Children | Mateo", "Clara",
        "Tomás Ibarra Cordero (born 4 April 1962) is a politician of the fictional Republic of Esmeralda.",
        "Early life", "[edit]Ibarra was born in Loja in 1962.[1]", ""])
    got = fields(checked(text))
    assert got[0] == ("caption", "caption", "Ibarra in 2012")
    assert [(b, k, v) for b, k, v in got if b in ("1", "2")] == [
        ("1", "office", "12th President of the Republic of Esmeralda"),
        ("1", "term_start", "28 July 2011"), ("1", "term_end", "9 November 2012"),
        ("1", None, "Nora Benítez"), ("1", None, "Ulises Paz"),
        ("1", "predecessor", "Marta Quiroga"), ("1", "successor", "Rosa Vélez"),
        ("2", "office", "1st Secretary of Digital Government"),
        ("2", "term_start", "2 June 2008"), ("2", "term_end", "27 July 2011"),
        ("2", None, "Position established"), ("2", "successor", "Ulises Paz")]
    assert [(k, v) for b, k, v in got if b == "personal"] == [
        ("birth_date", "4 April 1962"), ("birth_place", "Loja, Esmeralda"), ("children", "Mateo"),
        ("children", "Clara")]


def test_a_table_in_the_article_is_not_an_infobox():
    lead = ("Nora Benítez (born 1 May 1970) is a politician of the fictional Republic of Esmeralda who was "
            "Minister of Roads from 2011 to 2012, then a member of the National Assembly, where she chaired "
            "the committee on public works for two terms and led the inquiry into the award of road contracts.")
    text = "\n".join(["Nora Benítez", "From Wikipedia, the free encyclopedia", lead,
                      "Year | Votes |", "---|---|", "2013 | 41,200 |", "2017 | 52,900 |", ""])
    doc = checked(text)
    assert doc.infobox_fields == []
    assert [p["text"] for p in doc.passages if p["section"] == PAGE_HEADER and p["kind"] == "paragraph"] == [
        "From Wikipedia, the free encyclopedia"]
    assert any(p["text"] == lead for p in doc.passages if p["kind"] == "paragraph")
