"""Sentence splitting: spans, abbreviations, citation marks, stray fragments."""

import pytest

from build.sources.sentences import split_sentences, strip_marks


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


def test_plain_sentences_and_their_spans():
    text = "  He was born in Cuenca. He studied law!  Did he win? Yes.  "
    spans = split_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == [
        "He was born in Cuenca.", "He studied law!", "Did he win?", "Yes."]
    # Spans exclude the whitespace around and between sentences.
    assert spans[0][0] == 2 and spans[-1][1] == len(text) - 2


def test_spans_are_offsets_into_the_whole_text():
    text = "Title line\nFirst one. Second one.\nAfter"
    start = text.index("First")
    end = text.index("\nAfter")
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]
    assert spans[0][0] == start and spans[1][1] == end


@pytest.mark.parametrize("text", [
    "Mr. Serrano met Mrs. Pesántez and Dr. Arbito in Quito.",
    "He met Sr. Lara and Prof. Vera.",
    "The homicide rate fell from 17.57 cases in 2010 to 6.41 cases in 2015.",
    "Crime fell from 20% to 5.5% in five years.",
    "He was honored by the U.S. Drug Enforcement Administration in Washington.",
    "No unlawful presence accrues while it is pending (8 U.S.C. §1182(a)(9)(B)(iii)(II)).",
    "He signed Decree No. 5 in 2012.",
    "Fernando A. Villavicencio was a candidate.",
    "Several crimes, e.g. extortion, fell; others, i.e. the rest, rose.",
    "He handled weapons, drugs, etc. and other contraband.",
    "José Serrano, born in Cuenca, Ecuador[1] He is a politician.",
])
def test_not_split(text):
    assert sentences(text) == [text]


def test_etc_before_a_capital_ends_the_sentence():
    assert sentences("He seized drugs, arms, etc. The police agreed.") == [
        "He seized drugs, arms, etc.", "The police agreed."]


def test_no_before_a_capital_ends_the_sentence():
    assert sentences("He said no. Then he left.") == ["He said no.", "Then he left."]


def test_lowercase_after_a_full_stop_is_a_new_sentence_kept_as_written():
    text = ("He served as Interior Minister from May 2012 until November 2016. "
            "a period during which the homicide rate declined.")
    assert sentences(text) == [
        "He served as Interior Minister from May 2012 until November 2016.",
        "a period during which the homicide rate declined."]


def test_citation_marks_after_the_full_stop_belong_to_the_sentence():
    text = "He was elected.[5][6] Despite this, he stayed.[2] is a figure."
    assert sentences(text) == ["He was elected.[5][6]", "Despite this, he stayed.[2]", "is a figure."]


def test_closing_quotes_and_brackets_belong_to_the_sentence():
    text = 'He said "it is over." Then he left. (He did not return.) It ended.'
    assert sentences(text) == [
        'He said "it is over."', "Then he left.", "(He did not return.)", "It ended."]


def test_sentence_after_an_initialism_inside_parentheses_still_breaks():
    text = "It is pending (8 U.S.C. §1182(a)(9)(B)(iii)(II)). According to the agency, no."
    assert sentences(text) == [
        "It is pending (8 U.S.C. §1182(a)(9)(B)(iii)(II)).", "According to the agency, no."]


def test_fragment_without_words_joins_the_previous_sentence():
    assert sentences("It was safe. One of the safest countries globally. .[8]") == [
        "It was safe.", "One of the safest countries globally. .[8]"]
    assert sentences("Protect fishermen from drug traffickers. [7]") == [
        "Protect fishermen from drug traffickers. [7]"]


def test_leading_fragment_without_words_joins_the_next_sentence():
    assert sentences(". . It begins here. Then more.") == [". . It begins here.", "Then more."]


def test_edit_marker_stays_in_the_first_sentence():
    assert sentences("[edit]José Serrano was born. He studied.") == [
        "[edit]José Serrano was born.", "He studied."]


def test_empty_or_blank_range_has_no_sentences():
    assert split_sentences("", 0, 0) == []
    assert split_sentences("   \n ", 0, 5) == []


def test_strip_marks_removes_only_the_page_s_inline_marks():
    assert strip_marks("[edit]He won.[5][6] (footnote 125) [a] x[12]y") == "He won. (footnote 125)  xy"
    assert strip_marks("He left[citation needed] in 2016[when?][note 2], it says[dubious – discuss].") == (
        "He left in 2016, it says.")
    # Words in brackets that are part of the text stay: an editor's insertion, a capital, a longer word.
    assert strip_marks("[He] said [sic] that [A]s minister [the] law stood.") == (
        "[He] said [sic] that [A]s minister [the] law stood.")


def test_a_note_or_maintenance_tag_after_the_full_stop_belongs_to_the_sentence():
    text = "He resigned.[citation needed] He ran.[a][3] He lost.[when?] It ended."
    assert sentences(text) == ["He resigned.[citation needed]", "He ran.[a][3]", "He lost.[when?]", "It ended."]
