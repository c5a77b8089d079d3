"""The two renderings of the Wikipedia article: infobox, passages, references."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from build.common.errors import LayoutError
from build.sources.wikipedia import KEYS, WikiDocument, parse_wikipedia, strip_marks

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
OFFICE_1 = {"office", "term_start", "term_end", "predecessor", "successor"}
OFFICE_2_3 = OFFICE_1 | {"served_under"}
SECTIONS_A = ["lead", "Personal life", "Education", "Political career", "Decorations", "References"]
SECTIONS_B = ["lead", "Personal life", "Education", "Political career", "Decorations"]


def read(name: str) -> str:
    # newline="" keeps the file's own line endings: spans index the raw text.
    with open(SOURCES / f"wikipedia-rendering-{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def text_a() -> str:
    return read("a")


@pytest.fixture(scope="module")
def text_b() -> str:
    return read("b")


@pytest.fixture(scope="module")
def doc_a(text_a) -> WikiDocument:
    return checked("wikipedia-a", text_a)


@pytest.fixture(scope="module")
def doc_b(text_b) -> WikiDocument:
    return checked("wikipedia-b", text_b)


# --- helpers ------------------------------------------------------------------

def assert_invariants(doc: WikiDocument, text: str) -> None:
    """Every span of the document points at exactly what the document says."""
    assert text[doc.title_start:doc.title_end] == doc.title
    for f in doc.infobox_fields:
        assert f["key"] in KEYS or f["key"] is None
        assert text[f["char_start"]:f["char_end"]] == f["value"] and f["value"] == f["value"].strip()
    ordinals = defaultdict(list)
    for index, p in enumerate(doc.passages):
        raw = text[p["char_start"]:p["char_end"]]
        assert raw and raw == raw.strip(), (index, raw)
        if p["kind"] == "sentence":
            assert " ".join(strip_marks(raw).split()) == p["text"]
        else:
            assert " ".join(raw.split()) == p["text"]
        if p["kind"] == "section":
            assert p["parent"] is None
            if p["section"] == "lead":
                assert p["heading_start"] is None and p["heading_end"] is None
            else:  # the heading is named as written and lies before the body
                assert text[p["heading_start"]:p["heading_end"]] == p["section"]
                assert p["heading_end"] <= p["char_start"]
        else:
            parent = doc.passages[p["parent"]]
            expected = {"paragraph": "section", "sentence": "paragraph"}[p["kind"]]
            assert parent["kind"] == expected and parent["section"] == p["section"]
            assert parent["char_start"] <= p["char_start"] <= p["char_end"] <= parent["char_end"]
        ordinals[(p["kind"], p["parent"])].append(p["ordinal"])
    for numbers in ordinals.values():
        assert numbers == list(range(1, len(numbers) + 1))
    for r in doc.references:
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    assert [r["number"] for r in doc.references] == list(range(1, len(doc.references) + 1))
    for c in doc.citations:
        assert text[c["char_start"]:c["char_end"]] == f"[{c['number']}]"


def checked(source_id: str, text: str) -> WikiDocument:
    doc = parse_wikipedia(source_id, text)
    assert_invariants(doc, text)
    return doc


def blocks(doc: WikiDocument) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in doc.infobox_fields:
        out[f["block"]][f["key"]].append(f["value"])
    return {block: dict(keys) for block, keys in out.items()}


def office_key_sets(doc: WikiDocument) -> dict[str, set[str]]:
    return {block: set(keys) for block, keys in blocks(doc).items() if block not in ("personal", "caption")}


def section_names(doc: WikiDocument) -> list[str]:
    return [p["section"] for p in doc.passages if p["kind"] == "section"]


def structure(doc: WikiDocument):
    """Everything but the spans, to compare the parse of two layouts of one text."""
    return (doc.title, [(f["block"], f["key"], f["value"]) for f in doc.infobox_fields],
            [(p["section"], p["kind"], p["ordinal"], p["parent"], p["text"]) for p in doc.passages],
            [(r["number"], r["text"]) for r in doc.references], [c["number"] for c in doc.citations])


def sentence_texts(doc: WikiDocument, section: str | None = None) -> list[str]:
    return [p["text"] for p in doc.passages
            if p["kind"] == "sentence" and section in (None, p["section"])]


def sentences_of_paragraph(doc: WikiDocument, section: str, ordinal: int) -> list[str]:
    index = next(i for i, p in enumerate(doc.passages) if p["kind"] == "paragraph"
                 and p["section"] == section and p["ordinal"] == ordinal)
    return [p["text"] for p in doc.passages if p["parent"] == index and p["kind"] == "sentence"]


def find_sentence(doc: WikiDocument, needle: str) -> dict:
    found = [p for p in doc.passages if p["kind"] == "sentence" and needle in p["text"]]
    assert len(found) == 1, (needle, found)
    return found[0]


def field(doc: WikiDocument, block: str, key: str) -> dict:
    found = [f for f in doc.infobox_fields if f["block"] == block and f["key"] == key]
    assert len(found) == 1
    return found[0]


# --- the real documents -----------------------------------------------------------

def test_forms_and_titles(doc_a, doc_b):
    assert (doc_a.form, doc_b.form) == ("rendered", "wikitext")
    assert doc_a.title == doc_b.title == "José Serrano (Ecuadorian politician)"


def test_both_renderings_have_the_same_three_office_blocks(doc_a, doc_b):
    expected = {"1": OFFICE_1, "2": OFFICE_2_3, "3": OFFICE_2_3}
    assert office_key_sets(doc_a) == office_key_sets(doc_b) == expected
    # Offices, presidents and people in office agree; only B's lead differs.
    for block in expected:
        assert blocks(doc_a)[block] == blocks(doc_b)[block]
    # The rendered page's name row is the infobox's caption.
    assert blocks(doc_a)["caption"] == {"name": ["José Serrano"]}


def test_infobox_values(doc_a, doc_b, text_b):
    assert field(doc_a, "2", "term_start")["value"] == "13 May 2011"
    term_b = field(doc_b, "2", "term_start")
    assert term_b["value"] == "13 May 2011"
    line = text_b[text_b.rfind("\n", 0, term_b["char_start"]) + 1:term_b["char_end"]]
    assert line == "- Term Start2: 13 May 2011"
    assert field(doc_a, "2", "predecessor")["value"] == field(doc_b, "2", "predecessor")["value"] == "Alfredo Vera Arrata"
    assert field(doc_a, "1", "office")["value"] == "3rd President of the National Assembly"
    assert field(doc_a, "1", "term_end")["value"] == "9 March 2018"
    assert field(doc_b, "3", "successor")["value"] == "Johana Pesántez"


def test_personal_details(doc_a, doc_b):
    assert blocks(doc_a)["personal"] == {
        "birth_date": ["19 November 1970"], "birth_place": ["Cuenca, Ecuador"],
        "alma_mater": ["Universidad San Francisco de Quito", "Universidad del Azuay"]}
    assert blocks(doc_b)["personal"] == {
        "birth_place": ["Cuenca, Ecuador"],
        "alma_mater": ["Universidad San Francisco de Quito", "Universidad del Azuay"]}


def test_section_names(doc_a, doc_b):
    assert section_names(doc_a) == SECTIONS_A
    assert section_names(doc_b) == SECTIONS_B
    sections = [p for p in doc_a.passages if p["kind"] == "section"]
    assert [p["ordinal"] for p in sections] == list(range(1, 7))


def test_rendered_section_starts_at_its_edit_marker(doc_a, text_a):
    personal = next(p for p in doc_a.passages if p["section"] == "Personal life")
    assert text_a[personal["char_start"]:].startswith("[edit]José Serrano, born on")
    assert text_a[personal["heading_start"]:personal["heading_end"]] == "Personal life"
    assert personal["text"].endswith("admired for his courage.")
    first = find_sentence(doc_a, "born on November 19, 1970")
    assert text_a[first["char_start"]:first["char_end"]].startswith("[edit]")
    assert first["text"].startswith("José Serrano, born on")


def test_paragraph_counts(doc_a, doc_b):
    def paragraphs(doc, section):
        return sum(1 for p in doc.passages if p["kind"] == "paragraph" and p["section"] == section)
    assert [paragraphs(doc_a, s) for s in SECTIONS_A] == [1, 2, 2, 9, 4, 8]
    assert [paragraphs(doc_b, s) for s in SECTIONS_B] == [1, 6, 1, 10, 6]


def test_sentence_counts(doc_a, doc_b):
    assert len(sentences_of_paragraph(doc_a, "lead", 1)) == len(sentences_of_paragraph(doc_b, "lead", 1)) == 4
    assert len(sentences_of_paragraph(doc_b, "Political career", 1)) == 10
    assert len(sentences_of_paragraph(doc_a, "Personal life", 1)) == 6
    # Per section, as read and checked by hand against the printed articles.
    assert [len(sentence_texts(doc_a, s)) for s in SECTIONS_A] == [4, 9, 4, 33, 16, 15]
    assert [len(sentence_texts(doc_b, s)) for s in SECTIONS_B] == [4, 16, 2, 40, 13]


def test_lowercase_sentence_after_a_full_stop(doc_b):
    assert sentences_of_paragraph(doc_b, "Personal life", 2)[:2] == [
        "He served as Interior Minister from May 2012 until November 2016.",
        "a period during which Ecuador’s homicide rate was reported to have declined sharply."]


def test_statute_citation_sentence_is_whole(doc_b):
    sentence = find_sentence(doc_b, "8 U.S.C. §1182(a)(9)(B)(iii)(II)")
    assert sentence["text"].startswith("Although some press accounts described the detention")
    assert sentence["text"].endswith("is pending (8 U.S.C. §1182(a)(9)(B)(iii)(II)).")
    assert find_sentence(doc_b, "According to U.S. Citizenship")["text"].startswith("According to U.S.")


def test_decimals_and_initialisms_do_not_split(doc_a, doc_b):
    assert find_sentence(doc_b, "17.57")["text"] == (
        "During his tenure as Minister of the Interior (2012–2016) the homicide rate in Ecuador "
        "fell significantly, from 17.57 cases in 2010 to 6.41 cases in 2015 and closed 2016 with "
        "5 cases per 100,000 inhabitants.")
    assert find_sentence(doc_b, "detained by U.S. Immigration")["text"].endswith("Krome Detention Center.")
    assert find_sentence(doc_a, "U.S. Drug Enforcement")["text"].startswith("On June 6, 2016, José Serrano")
    assert not any(s.endswith(("U.S.", "U.S.C.")) for s in sentence_texts(doc_a) + sentence_texts(doc_b))


def test_no_break_invented_where_the_full_stop_is_missing(doc_a, text_a):
    sentence = find_sentence(doc_a, "in Cuenca, Ecuador He is a politician")
    raw = text_a[sentence["char_start"]:sentence["char_end"]]
    assert raw.endswith("in the public sector.[2]")  # the citation mark belongs to it
    assert sentence["text"].endswith("in the public sector.")


def test_stray_full_stop_and_citations_join_the_sentence_before(doc_a, text_a):
    last = find_sentence(doc_a, "one of the safest countries globally")
    assert text_a[last["char_start"]:last["char_end"]].endswith("globally. .[8]")
    spaced = find_sentence(doc_a, "exploitation by drug traffickers")
    assert text_a[spaced["char_start"]:spaced["char_end"]].endswith("drug traffickers. [7]")
    assert not any(s in {"", "."} for s in sentence_texts(doc_a))


def test_footnote_in_parentheses_is_not_a_citation(doc_a):
    assert find_sentence(doc_a, "footnote 125")["text"] == "(footnote 125, IACHR ruling on Sarayaku)."


def test_references_and_citations(doc_a, doc_b):
    assert [r["number"] for r in doc_a.references] == list(range(1, 9))
    assert doc_a.references[0]["text"] == (
        '(in Spanish) "Curriculum Vitae" Archived 2016-03-27 at the Wayback Machine, '
        "Ministry of the Interior, Ecuador")
    assert doc_a.references[2]["text"] == '"Home". unirioja.es.'
    assert doc_a.references[7]["text"].endswith("7 December 2014.")
    numbers = [c["number"] for c in doc_a.citations]
    assert numbers == [1, 1, 2, 3, 1, 4, 5, 6, 7, 8]
    assert set(numbers) == {r["number"] for r in doc_a.references}
    assert doc_b.references == [] and doc_b.citations == []


# --- crafted variants -------------------------------------------------------------

def test_crlf_line_endings(text_a, text_b, doc_a, doc_b):
    for text, doc in ((text_a, doc_a), (text_b, doc_b)):
        crlf = text.replace("\n", "\r\n")
        assert structure(checked("crlf", crlf)) == structure(doc)


def test_extra_blank_lines(text_a, text_b, doc_a, doc_b):
    for text, doc in ((text_a, doc_a), (text_b, doc_b)):
        spread = "\n\n" + text.replace("\n", "\n\n\n") + "\n\n"
        assert structure(checked("blank", spread)) == structure(doc)


def test_trailing_whitespace(text_a, text_b, doc_a, doc_b):
    for text, doc in ((text_a, doc_a), (text_b, doc_b)):
        stripped = "\n".join(line.rstrip() for line in text.splitlines()).rstrip()
        assert structure(checked("stripped", stripped)) == structure(doc)
        padded = "".join(line.rstrip("\n") + " \t \n" for line in text.splitlines(keepends=True))
        assert structure(checked("padded", padded)) == structure(doc)


FOURTH_A = ("Minister of Labour and Employment | |\n"
            "In office June 2005 – August 2006 | |\n"
            "President | Alfredo Palacio |\n"
            "Preceded by | Someone Before |\n"
            "Succeeded by | Someone After |\n")
FOURTH_B = ("- Office4: Minister of Labour and Employment\n"
            "- President4: Alfredo Palacio\n"
            "- Term Start4: June 2005\n"
            "- Term End4: August 2006\n"
            "- Predecessor4: Someone Before\n"
            "- Successor4: Someone After\n")


def test_four_office_blocks(text_a, text_b):
    doc_a = checked("four-a", text_a.replace("Personal details | |\n", FOURTH_A + "Personal details | |\n"))
    doc_b = checked("four-b", text_b.replace("- Birth Place:", FOURTH_B + "- Birth Place:"))
    for doc in (doc_a, doc_b):
        assert office_key_sets(doc) == {"1": OFFICE_1, "2": OFFICE_2_3, "3": OFFICE_2_3, "4": OFFICE_2_3}
        assert blocks(doc)["4"]["office"] == ["Minister of Labour and Employment"]
        assert blocks(doc)["4"]["term_end"] == ["August 2006"]
        assert blocks(doc)["personal"]["birth_place"] == ["Cuenca, Ecuador"]


def without_education(text: str, heading: str, next_heading: str) -> str:
    start, end = text.index(heading), text.index(next_heading)
    return text[:start] + text[end:]


def test_missing_section(text_a, text_b, doc_a, doc_b):
    short_a = checked("short-a", without_education(text_a, "Education\n[edit]", "Political career\n"))
    short_b = checked("short-b", without_education(text_b, "==Education==", "==Political career=="))
    assert section_names(short_a) == [s for s in SECTIONS_A if s != "Education"]
    assert section_names(short_b) == [s for s in SECTIONS_B if s != "Education"]
    # The other sections are unchanged, and the infobox too.
    for short, doc in ((short_a, doc_a), (short_b, doc_b)):
        assert sentence_texts(short, "Political career") == sentence_texts(doc, "Political career")
        assert short.infobox_fields[0]["value"] == doc.infobox_fields[0]["value"]
    assert len(short_a.references) == 8 and [c["number"] for c in short_a.citations] == [1, 1, 2, 4, 5, 6, 7, 8]


def test_article_may_open_without_a_lead(text_b):
    no_lead = re.sub(r"\nJosé Serrano Salgado \(born[^\n]*\n", "\n", text_b)
    assert section_names(checked("no-lead", no_lead)) == SECTIONS_B[1:]


# --- layouts that are refused -----------------------------------------------------

def layout_error(source_id: str, text: str) -> str:
    with pytest.raises(LayoutError) as caught:
        parse_wikipedia(source_id, text)
    message = str(caught.value)
    assert message.startswith(f"source {source_id}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("text", ["", "\n\n  \r\n\t"])
def test_empty_document(text):
    assert "empty document" in layout_error("wiki-empty", text)


def test_rendered_without_infobox(text_a):
    lines = text_a.split("\n")
    no_box = "\n".join([lines[0]] + lines[20:])
    assert lines[20].startswith("José Serrano Salgado (born")
    doc = checked("wiki-a-nobox", no_box)
    assert doc.infobox_fields == [] and section_names(doc) == SECTIONS_A


def test_wikitext_without_infobox(text_b):
    no_box = "\n".join(line for line in text_b.split("\n")
                       if not line.startswith("- ") and line != "José Serrano")
    doc = checked("wiki-b-nobox", no_box)
    assert doc.infobox_fields == [] and section_names(doc) == SECTIONS_B


def test_rendered_without_title(text_a):
    message = layout_error("wiki-a-notitle", text_a.split("\n", 1)[1])
    assert "line 1: expected the article title" in message


def test_title_and_infobox_but_no_article_text(text_b):
    message = layout_error("wiki-b-body", text_b[:text_b.index("\nJosé Serrano Salgado (born")])
    assert "expected article text" in message


def test_unknown_wikitext_key_is_kept_without_a_claim_key(text_b):
    doc = checked("wiki-b", text_b.replace("- Birth Place:", "- Nickname: Pepe\n- Birth Place:"))
    assert {"block": "personal", "key": None, "label": "Nickname", "value": "Pepe"} in [
        {k: f[k] for k in ("block", "key", "label", "value")} for f in doc.infobox_fields]


def test_unknown_rendered_label_is_kept_without_a_claim_key(text_a):
    doc = checked("wiki-a", text_a.replace("Born |", "Nickname | Pepe |\nBorn |"))
    assert ("personal", None, "Pepe") in [(f["block"], f["key"], f["value"]) for f in doc.infobox_fields]
    assert blocks(doc)["personal"]["birth_date"] == ["19 November 1970"]


def test_term_row_with_no_office_name_is_kept_as_an_unnamed_field(text_a):
    doc = checked("wiki-a", text_a.replace("3rd President of the National Assembly | |\n", ""))
    assert ("caption", None, "In office 14 May 2017 – 9 March 2018") in [
        (f["block"], f["key"], f["value"]) for f in doc.infobox_fields]
    assert [f["value"] for f in doc.infobox_fields if f["key"] == "office"] == [
        "Minister of the Interior", "Minister of Justice, Human Rights and Religious Affairs"]


def test_wikitext_blocks_need_not_come_in_order(text_b):
    doc = checked("wiki-b", text_b.replace("- Office1:", "- Office5:"))
    assert blocks(doc)["5"]["office"] == ["3rd President of the National Assembly"]


def test_a_lone_edit_marker_and_an_empty_section_are_skipped(text_a, text_b):
    doc_a = checked("wiki-a", text_a.replace("Education\n[edit]", "Education\n[edit]\n[edit]"))
    assert section_names(doc_a) == SECTIONS_A
    doc_b = checked("wiki-b", text_b.replace("==Decorations==", "==Awards==\n\n==Decorations=="))
    assert section_names(doc_b) == SECTIONS_B


def test_heading_with_its_edit_marker_on_the_same_line(text_a):
    doc = checked("wiki-a", text_a.replace("Education\n[edit]", "Education[edit]\n"))
    assert section_names(doc) == SECTIONS_A


def test_an_unrecognised_reference_line_continues_the_reference_before_it(text_a):
    doc = checked("wiki-a", text_a.replace('- ^ "Home". unirioja.es.', "Home, unirioja.es"))
    assert len(doc.references) == 7 and doc.references[1]["text"].endswith("16 May 2017.\nHome, unirioja.es")


def test_rendered_variants_of_term_and_birth_rows(text_a):
    variant = (text_a.replace("In office 14 May 2017 – 9 March 2018 | |", "Assumed office 14 May 2017 | |")
               .replace("Born | Cuenca, Ecuador | 19 November 1970", "Born | 19 November 1970 |"))
    doc = checked("variant-a", variant)
    assert blocks(doc)["1"]["term_start"] == ["14 May 2017"] and "term_end" not in blocks(doc)["1"]
    assert blocks(doc)["personal"]["birth_date"] == ["19 November 1970"]
    assert "birth_place" not in blocks(doc)["personal"]


def test_alma_mater_rule(text_a, text_b):
    # Only a repeat of the *opening* head word starts another institution.
    one = checked("alma-a", text_a.replace(
        "Universidad San Francisco de Quito Universidad del Azuay", "Pontificia Universidad Católica del Ecuador"))
    assert blocks(one)["personal"]["alma_mater"] == ["Pontificia Universidad Católica del Ecuador"]
    three = checked("alma-b", text_b.replace(
        "Universidad del Azuay", "Universidad del Azuay, University of La Rioja University of London"))
    assert blocks(three)["personal"]["alma_mater"] == [
        "Universidad San Francisco de Quito", "Universidad del Azuay", "University of La Rioja", "University of London"]


def test_born_and_died_as_a_rendered_page_prints_them_with_the_hidden_iso_date(text_a):
    # A rendered page prints the machine-readable copy of the date before the date itself, and the age after it.
    lines = text_a.replace("Born | Cuenca, Ecuador | 19 November 1970",
                           "Born | |\nJosé Serrano Salgado\n(1970-11-19) 19 November 1970 (age 56)\nCuenca, Ecuador |")
    personal = blocks(checked("lines-a", lines))["personal"]
    assert (personal["birth_name"], personal["birth_date"], personal["birth_place"]) == (
        ["José Serrano Salgado"], ["19 November 1970"], ["Cuenca, Ecuador"])

    cells = text_a.replace("Born | Cuenca, Ecuador | 19 November 1970",
                           "Born | Cuenca, Ecuador | (1970-11-19) 19 November 1970 (age 56)\n"
                           "Died | (2031-07-04) 4 July 2031 (aged 60) Quito, Ecuador |")
    personal = blocks(checked("cells-a", cells))["personal"]
    assert (personal["birth_date"], personal["birth_place"]) == (["19 November 1970"], ["Cuenca, Ecuador"])
    assert (personal["death_date"], personal["death_place"]) == (["4 July 2031"], ["Quito, Ecuador"])


def test_lettered_notes_are_not_numbered_with_the_references(text_a):
    # The article cites a note "[a]" and references "[1]"...: the "Notes" list holds the lettered ones.
    with_notes = (text_a.replace("(born 19 November 1970)[1]", "(born 19 November 1970)[a][1]")
                  .replace("References\n[edit]", "Notes\n[edit]- ^ Some sources give another year.\nReferences\n[edit]"))
    doc = checked("notes-a", with_notes)
    assert len(doc.references) == 8 and doc.references[0]["title"] == "Curriculum Vitae"
    # Without lettered marks, a "Notes" section is the numbered list (older articles name it so).
    doc = checked("notes-only", text_a.replace("References\n[edit]", "Notes\n[edit]"))
    assert len(doc.references) == 8 and doc.references[0]["title"] == "Curriculum Vitae"


def test_jump_up_backlinks_and_numbered_items_are_not_part_of_a_reference(text_a):
    doc = checked("jump-a", text_a.replace('[edit]- ^ a b c (in Spanish) "Curriculum Vitae"',
                                           '[edit]1. ^ Jump up to: a b c (in Spanish) "Curriculum Vitae"'))
    assert doc.references[0]["text"].startswith('(in Spanish) "Curriculum Vitae"')
    assert doc.references[0]["title"] == "Curriculum Vitae"


def test_parties_and_spouses_jammed_together_are_one_value_each_with_its_period(text_a):
    variant = text_a.replace(
        "Alma mater |", "Political party | Revolución Ciudadana (since 2018) PAIS Alliance (2006–2018) |\n"
                        "Spouse | Ana Pérez (m. 1995; div. 2004) María Ruiz (m. 2006) |\nAlma mater |")
    personal = blocks(checked("party-a", variant))["personal"]
    assert personal["political_party"] == ["Revolución Ciudadana (since 2018)", "PAIS Alliance (2006–2018)"]
    assert personal["spouse"] == ["Ana Pérez (m. 1995; div. 2004)", "María Ruiz (m. 2006)"]
    one = blocks(checked("one-party-a", text_a.replace("Alma mater |", "Political party | PAIS Alliance |\nAlma mater |")))
    assert one["personal"]["political_party"] == ["PAIS Alliance"]


def test_a_page_copied_without_edit_links_still_has_its_sections_and_references(text_a):
    bare = text_a.replace("\n[edit]", "\n")
    assert "[edit]" not in bare
    doc = checked("bare-a", bare)
    assert section_names(doc) == SECTIONS_A
    assert len(doc.references) == len(checked("wiki-a", text_a).references) == 8


def test_the_web_page_s_footer_is_no_text_of_the_article(text_a):
    footer = ("\nThis page was last edited on 1 February 2026, at 10:12 (UTC).\n"
              "Text is available under the Creative Commons Attribution-ShareAlike 4.0 License.\n")
    doc = checked("footer-a", text_a.rstrip("\n") + footer)
    assert not [p for p in doc.passages if "last edited" in p["text"] or "Creative Commons" in p["text"]]
    assert len(doc.passages) == len(checked("wiki-a", text_a).passages)
