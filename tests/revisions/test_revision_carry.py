"""Claims that follow the text: a quote re-anchored in the next revision, or a verdict why not."""

import sys
from pathlib import Path

import pytest

from build.sources.wikipedia import parse_wikipedia
from build.revisions.align import align_revisions
from build.revisions.carry import carry_claim
from build.revisions.words import tokenize, words
from build.sources.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.generate_revisions import generate_revisions, read_base  # noqa: E402


def sentences(text: str) -> list[tuple[int, int, None]]:
    """Every paragraph (separated by blank lines) split by the real splitter."""
    spans, position = [], 0
    for paragraph in text.split("\n\n"):
        start = text.index(paragraph, position)
        spans += [(s, e, None) for s, e in split_sentences(text, start, start + len(paragraph))]
        position = start + len(paragraph)
    return spans


def carry(old: str, new: str, quote: str, value: str | None = None, occurrence: int = 0, aligned: bool = True):
    start = -1
    for _ in range(occurrence + 1):
        start = old.index(quote, start + 1)
    value_start = old.index(value, start) if value else None
    changes = align_revisions(old, sentences(old), new, sentences(new)) if aligned else None
    return carry_claim(old, new, start, start + len(quote), value_start=value_start,
                       value_end=value_start + len(value) if value else None, changes=changes)


def assert_carried(result: dict, new: str, quote: str) -> None:
    assert result["status"] == "carried"
    assert result["quote"] == new[result["char_start"]:result["char_end"]]
    if result["how"] == "words":  # the same words; citation marks and whitespace may differ
        assert words(tokenize(result["quote"])) == words(tokenize(quote))
    else:  # the same characters; only whitespace may differ
        assert result["quote"].split() == quote.split()


OLD = ("José Serrano was born in Cuenca. He studied law in Quito.\n\n"
       "On 14 May 2017 he was elected President of the National Assembly. He was removed in March 2018.")


# --- carried -----------------------------------------------------------------

def test_an_unchanged_sentence_is_carried_to_its_new_place():
    new = OLD.replace("Cuenca. He studied", "Cuenca. He was a lawyer. He studied")
    quote = "He studied law in Quito."
    result = carry(OLD, new, quote)
    assert_carried(result, new, quote)
    assert result["char_start"] == OLD.index(quote) + len("He was a lawyer. ")
    assert result["how"] == "aligned"  # its prefix changed: "He was a lawyer." now precedes it


def test_a_sentence_that_only_lost_a_citation_mark_is_carried_by_its_words():
    old = "He was born in 1970[1] in Cuenca. He studied law."
    new = "He was born in 1970 in Cuenca. He studied law."
    result = carry(old, new, "born in 1970[1] in Cuenca", value="1970")
    assert (result["status"], result["how"], result["quote"]) == ("carried", "words", "born in 1970 in Cuenca")
    assert (result["value_status"], result["value_raw"]) == ("same", "1970")
    assert new[result["value_start"]:result["value_end"]] == "1970"


def test_a_quote_with_its_context_intact_is_carried_by_context():
    new = OLD.replace("He was removed", "He was dismissed")
    result = carry(OLD, new, "born in Cuenca")
    assert_carried(result, new, "born in Cuenca")
    assert result["how"] == "context"


def test_a_rewrapped_quote_is_carried_with_its_new_whitespace_and_value():
    new = OLD.replace("On 14 May 2017 he", "On 14\nMay  2017 he")
    quote = "On 14 May 2017 he was elected President of the National Assembly."
    result = carry(OLD, new, quote, value="14 May 2017")
    assert_carried(result, new, quote)
    assert result["quote"] != quote
    assert (result["value_status"], result["value_raw"]) == ("same", "14\nMay  2017")
    assert new[result["value_start"]:result["value_end"]] == result["value_raw"]


def test_without_an_alignment_a_unique_occurrence_is_carried():
    new = "Preface. José Serrano studied law in Quito, he said."
    result = carry(OLD, new, "studied law in Quito", aligned=False)
    assert_carried(result, new, "studied law in Quito")
    assert result["how"] == "unique"


def test_the_occurrence_whose_context_matches_wins_over_a_nearer_one():
    context = ("The ministry published its figures", "and the press reported them widely.")
    old = f"{context[0]}: the vote in 2016. {context[1]}"
    new = (f"A new paragraph opens the page: the vote in 2016. Nothing else is the same here. "
           f"{context[0]}: the vote in 2016. {context[1]}")
    result = carry(old, new, "the vote in 2016.", aligned=False)
    assert result["how"] == "context"
    assert result["char_start"] == new.rindex("the vote in 2016.")


def test_without_context_the_occurrence_nearest_the_expected_position_is_taken():
    old = "In 2016 he left. He came back in 2016 he said."
    new = "In 2016 he was gone. Rewritten: in 2016 he was back."
    result = carry(old, new, "2016 he", occurrence=1, aligned=False)
    assert (result["status"], result["how"]) == ("carried", "nearest")
    assert result["char_start"] == new.rindex("2016 he")  # 35: nearer the old position, 33, than 3


# --- reworded, removed, orphaned ----------------------------------------------

def test_a_changed_date_is_reported_as_a_new_value_in_the_reworded_sentence():
    new = OLD.replace("On 14 May 2017", "On 24 May 2017")
    quote = "On 14 May 2017 he was elected President of the National Assembly."
    result = carry(OLD, new, quote, value="14 May 2017")
    assert result["status"] == "reworded"
    assert new[result["sentence_start"]:result["sentence_end"]] == quote.replace("14", "24")
    assert result["similarity"] == pytest.approx(24 / 26, abs=1e-4)  # 12 of 13 tokens
    assert (result["value_status"], result["value_raw"]) == ("changed", "24 May 2017")
    assert new[result["value_start"]:result["value_end"]] == "24 May 2017"
    assert result["char_start"] is None and result["how"] is None


def test_a_reworded_sentence_whose_value_did_not_change_says_so():
    new = OLD.replace("he was elected President", "he became President")
    result = carry(OLD, new, "On 14 May 2017 he was elected President of the National Assembly.",
                   value="14 May 2017")
    assert result["status"] == "reworded"
    assert (result["value_status"], result["value_raw"]) == ("same", "14 May 2017")
    assert new[result["value_start"]:result["value_end"]] == "14 May 2017"


def test_a_numeric_value_keeps_its_shape_when_words_around_it_change():
    old = "He was Minister of the Interior from 13 May 2011 to 2016, it said."
    new = "He was Minister of the Interior since 2012 until 2016, it said."
    result = carry(old, new, old, value="13 May 2011")
    assert (result["status"], result["value_status"], result["value_raw"]) == ("reworded", "changed", "2012")


def test_a_value_deleted_from_the_reworded_sentence_is_gone():
    new = OLD.replace("On 14 May 2017 he", "He")
    result = carry(OLD, new, "On 14 May 2017 he was elected President of the National Assembly.",
                   value="14 May 2017")
    assert (result["status"], result["value_status"], result["value_raw"]) == ("reworded", "gone", None)


def test_a_quote_whose_sentence_was_deleted_is_removed():
    new = OLD.replace(" He was removed in March 2018.", "")
    result = carry(OLD, new, "He was removed in March 2018.", value="March 2018")
    assert (result["status"], result["value_status"]) == ("removed", "gone")
    assert result["sentence_start"] is None


def test_a_quote_whose_value_sentence_was_deleted_is_removed_though_its_context_stays():
    quote = "On 14 May 2017 he was elected President of the National Assembly. He was removed in March 2018."
    new = OLD.replace(" He was removed in March 2018.", "")
    result = carry(OLD, new, quote, value="March 2018")
    assert (result["status"], result["value_status"]) == ("removed", "gone")
    # The same quote read for the value of its first sentence, which stayed: reworded, value still there.
    result = carry(OLD, new, quote, value="14 May 2017")
    assert (result["status"], result["value_status"], result["value_raw"]) == ("reworded", "same", "14 May 2017")


def test_a_quote_not_found_without_an_alignment_is_orphaned():
    new = OLD.replace("studied law", "read law")
    result = carry(OLD, new, "He studied law in Quito.", aligned=False)
    assert result["status"] == "orphaned"


def test_a_quote_spanning_two_sentences_offers_both_new_sentences():
    new = OLD.replace("born in Cuenca", "born in Cuenca, Ecuador")
    result = carry(OLD, new, "born in Cuenca. He studied")
    assert result["status"] == "reworded"
    assert new[result["sentence_start"]:result["sentence_end"]] == (
        "José Serrano was born in Cuenca, Ecuador. He studied law in Quito.")


def test_an_infobox_value_that_changed_does_not_jump_to_another_field_with_the_same_words():
    old = "- Term Start2: 13 May 2011\n- Term End3: 13 May 2011\n"
    new = "- Term Start2: 13 May 2012\n- Term End3: 13 May 2011\n"
    first, second = old.index("13 May"), old.rindex("13 May")
    f_old = [{"block": "2", "key": "term_start", "value": "13 May 2011", "char_start": first, "char_end": first + 11},
             {"block": "3", "key": "term_end", "value": "13 May 2011", "char_start": second, "char_end": second + 11}]
    f_new = [dict(f_old[0], value="13 May 2012"), f_old[1]]
    changes = align_revisions(old, [], new, [], f_old, f_new)
    result = carry_claim(old, new, first, first + 11, value_start=first, value_end=first + 11, changes=changes)
    assert result["status"] == "reworded"
    assert (result["value_status"], result["value_raw"], result["value_start"]) == ("changed", "13 May 2012", first)
    # Without the alignment the quote is found in the other field: the reason to pass it.
    assert carry_claim(old, new, first, first + 11)["char_start"] == second


# --- the real seeds and generated revisions -------------------------------------

def read(name: str) -> str:
    with open(ROOT / "data" / "sources" / f"wikipedia-rendering-{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


def test_seeds_the_interior_term_claim_follows_to_2012():
    a, b = read("a"), read("b")
    doc_a, doc_b = parse_wikipedia("a", a), parse_wikipedia("b", b)
    changes = align_revisions(a, doc_a.sentences, b, doc_b.sentences,
                              doc_a.infobox_fields, doc_b.infobox_fields)
    quote = "He was Minister of the Interior from 13 May 2011 to 15 November 2016."
    start = a.index(quote)
    value_start = a.index("13 May 2011", start)
    result = carry_claim(a, b, start, start + len(quote), value_start=value_start, value_end=value_start + 11,
                         changes=changes)
    assert result["status"] == "reworded"
    assert b[result["sentence_start"]:result["sentence_end"]] == quote.replace("2011", "2012")
    assert (result["value_status"], result["value_raw"]) == ("changed", "13 May 2012")
    assert b[result["value_start"]:result["value_end"]] == "13 May 2012"


def check_every_sentence_carried(old: str, new: str) -> dict:
    """Carry each sentence of ``old`` as a claim; every verdict must be consistent with the alignment."""
    doc_old, doc_new = parse_wikipedia("old", old), parse_wikipedia("new", new)
    changes = align_revisions(old, doc_old.sentences, new, doc_new.sentences,
                              doc_old.infobox_fields, doc_new.infobox_fields)
    by_start = {c["from_start"]: c for c in changes if c["unit"] == "sentence" and c["from_start"] is not None}
    new_spans = {(c["to_start"], c["to_end"]) for c in changes if c["to_start"] is not None}
    verdicts = {}
    for s, e, _ in doc_old.sentences:
        result = carry_claim(old, new, s, e, changes=changes)
        kind = by_start[s]["kind"]
        verdicts[result["status"]] = verdicts.get(result["status"], 0) + 1
        if result["status"] == "carried":
            assert_carried(result, new, old[s:e])
        elif result["status"] == "reworded":
            assert kind in ("reworded", "moved")
            assert (result["sentence_start"], result["sentence_end"]) in new_spans
        else:
            assert (result["status"], kind) == ("removed", "removed")
    return verdicts


def test_seeds_every_sentence_of_a_carried_into_b_is_consistent():
    verdicts = check_every_sentence_carried(read("a"), read("b"))
    # 7 sentences are unchanged; one reworded sentence of A lies whole inside its longer B version.
    assert verdicts["carried"] >= 8 and verdicts["reworded"] >= 10 and verdicts["removed"] > 0


def test_generated_revisions_every_sentence_is_carried_consistently():
    texts = [read_base()] + [r.text for r in generate_revisions(20, seed=3)]
    assert len(texts) == 21
    for old, new in zip(texts, texts[1:]):
        verdicts = check_every_sentence_carried(old, new)
        assert verdicts["carried"] >= 60  # a few edits a revision: nearly everything follows exactly
