"""Revision alignment: sentences and infobox fields of two revisions, change by change."""

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import build.revisions.align as revision_align
from build.sources.wikipedia import parse_wikipedia
from build.revisions.align import MOVED_MIN, REWORDED_MIN, align_revisions, align_sentences
from build.revisions.changes import KINDS
from build.revisions.fields import align_infobox_fields
from build.sources.sentences import Sentence, split_sentences

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


def article(*paragraphs: list[str]) -> tuple[str, list[Sentence]]:
    """A text of paragraphs (each a list of sentences) and its sentence spans, found by the real splitter."""
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    sentences, position = [], 0
    for number, paragraph in enumerate(paragraphs, 1):
        joined = " ".join(paragraph)
        start = text.index(joined, position)
        sentences += [Sentence(s, e, f"section {number}") for s, e in split_sentences(text, start, start + len(joined))]
        position = start + len(joined)
    return text, sentences


def align(old: tuple, new: tuple) -> list[dict]:
    return align_sentences(old[0], old[1], new[0], new[1])


def kinds(changes: list[dict]) -> list[str]:
    return [c["kind"] for c in changes]


def assert_partition(changes: list[dict], old_count: int, new_count: int, unit: str = "sentence") -> None:
    """Every sentence (or field) of each revision appears in exactly one change, consistently."""
    changes = [c for c in changes if c["unit"] == unit]
    old = Counter(c["from_index"] for c in changes if c["from_index"] is not None)
    new = Counter(c["to_index"] for c in changes if c["to_index"] is not None)
    assert sorted(old) == list(range(old_count)) and set(old.values()) <= {1}
    assert sorted(new) == list(range(new_count)) and set(new.values()) <= {1}
    for c in changes:
        assert c["kind"] in KINDS and 0.0 <= c["similarity"] <= 1.0
        assert (c["from_start"] is None) == (c["from_index"] is None) == (c["kind"] == "added")
        assert (c["to_start"] is None) == (c["to_index"] is None) == (c["kind"] == "removed")
        if c["kind"] == "unchanged":
            assert c["similarity"] == 1.0 and c["word_ops"] == ()
        if c["kind"] == "reworded":
            assert c["similarity"] >= REWORDED_MIN and c["word_ops"]
        if c["kind"] == "moved":
            assert c["similarity"] >= MOVED_MIN


def ops(changes: list[dict]) -> list[tuple]:
    return [(o["op"], o["from_text"], o["to_text"]) for c in changes for o in c["word_ops"]]


# --- sentences: one kind at a time ------------------------------------------

OLD = article(
    ["José Serrano was born in Cuenca.", "He studied law in Quito.", "He was elected in 2011."],
    ["He was Minister of the Interior.", "He resigned in November 2016."],
)


def test_identical_revisions_are_all_unchanged():
    changes = align(OLD, OLD)
    assert kinds(changes) == ["unchanged"] * 5
    assert [(c["from_index"], c["to_index"]) for c in changes] == [(i, i) for i in range(5)]
    assert_partition(changes, 5, 5)


def test_rewrapping_and_citation_marks_leave_a_sentence_unchanged():
    new = article(["José Serrano was born\nin Cuenca.[1]", "He studied law in Quito.", "He was elected in 2011.[2][3]"],
                  ["He was Minister of the Interior.", "He resigned in November 2016."])
    assert kinds(align(OLD, new)) == ["unchanged"] * 5


def test_a_changed_year_is_reworded_with_the_word_diff():
    new = article(["José Serrano was born in Cuenca.", "He studied law in Quito.", "He was elected in 2012."],
                  ["He was Minister of the Interior.", "He resigned in November 2016."])
    changes = align(OLD, new)
    assert kinds(changes) == ["unchanged", "unchanged", "reworded", "unchanged", "unchanged"]
    reworded = changes[2]
    assert OLD[0][reworded["from_start"]:reworded["from_end"]] == "He was elected in 2011."
    assert new[0][reworded["to_start"]:reworded["to_end"]] == "He was elected in 2012."
    assert reworded["similarity"] == pytest.approx(10 / 12, abs=1e-4)  # 5 of 6 tokens each side
    [op] = reworded["word_ops"]
    assert (op["op"], op["from_text"], op["to_text"]) == ("replace", "2011", "2012")
    assert OLD[0][op["from_start"]:op["from_end"]] == "2011" and new[0][op["to_start"]:op["to_end"]] == "2012"
    assert (reworded["from_section"], reworded["to_section"]) == ("section 1", "section 1")


def test_inserted_and_deleted_words_are_word_ops_with_points_on_the_other_side():
    old = article(["He was elected in 2011 by a wide margin."])
    new = article(["He was narrowly elected in 2011."])
    [change] = align(old, new)
    assert change["kind"] == "reworded"
    assert ops([change]) == [("insert", "", "narrowly"), ("delete", "by a wide margin", "")]
    insert, delete = change["word_ops"]
    assert insert["from_start"] == insert["from_end"] == old[0].index("elected")
    assert delete["to_start"] == delete["to_end"] == new[0].index(".")


def test_a_new_sentence_is_added_and_a_deleted_one_removed():
    new = article(["José Serrano was born in Cuenca.", "He was elected in 2011."],
                  ["He was Minister of the Interior.", "He was praised by the DEA.", "He resigned in November 2016."])
    changes = align(OLD, new)
    assert kinds(changes) == ["unchanged", "removed", "unchanged", "unchanged", "added", "unchanged"]
    removed, added = changes[1], changes[4]
    assert OLD[0][removed["from_start"]:removed["from_end"]] == "He studied law in Quito."
    assert removed["to_start"] is None and removed["similarity"] == 0.0
    assert new[0][added["to_start"]:added["to_end"]] == "He was praised by the DEA."
    assert_partition(changes, 5, 5)


def test_a_sentence_in_another_place_is_moved_not_removed_and_added():
    new = article(["José Serrano was born in Cuenca.", "He was elected in 2011."],
                  ["He was Minister of the Interior.", "He resigned in November 2016.", "He studied law in Quito."])
    changes = align(OLD, new)
    assert kinds(changes) == ["unchanged", "unchanged", "unchanged", "unchanged", "moved"]
    moved = changes[-1]
    assert (moved["from_index"], moved["to_index"], moved["similarity"]) == (1, 4, 1.0)
    assert (moved["from_section"], moved["to_section"]) == ("section 1", "section 2")
    assert moved["word_ops"] == ()


def test_a_moved_sentence_with_a_small_edit_is_moved_with_its_word_ops():
    old = article(["He studied law at the Universidad del Azuay in Cuenca in 1995.", "He worked as a lawyer.",
                   "He defended the Sarayaku people."])
    new = article(["He worked as a lawyer.", "He defended the Sarayaku people.",
                   "He studied law at the Universidad del Azuay in Cuenca in 1996."])
    changes = align(old, new)
    assert kinds(changes) == ["unchanged", "unchanged", "moved"]
    assert ops(changes) == [("replace", "1995", "1996")]
    assert MOVED_MIN <= changes[-1]["similarity"] < 1.0


def test_a_rewritten_sentence_elsewhere_is_not_moved():
    # Same fact, half the words: in place it would be reworded, elsewhere it is not the same sentence.
    old = article(["He studied law in Cuenca in 1995.", "He worked as a lawyer.", "He defended the Sarayaku people."])
    new = article(["He worked as a lawyer.", "He defended the Sarayaku people.", "In 1995 he took a law degree in Cuenca."])
    assert sorted(kinds(align(old, new))) == ["added", "removed", "unchanged", "unchanged"]


def test_an_unrelated_sentence_in_the_same_place_is_removed_and_added():
    old = article(["He was born in Cuenca.", "He studied law in Quito.", "He resigned in 2016."])
    new = article(["He was born in Cuenca.", "The ceremony was attended by police officers.", "He resigned in 2016."])
    assert kinds(align(old, new)) == ["unchanged", "removed", "added", "unchanged"]


def test_two_reworded_sentences_that_swapped_places_keep_one_in_place():
    old = article(["Anchor one.", "He studied law at the University of Azuay in 1995.",
                   "He was appointed Minister of Labour in June 2005.", "Anchor two."])
    new = article(["Anchor one.", "He was appointed Minister of Labour in July 2005.",
                   "He studied law at the University of Azuay in 1996.", "Anchor two."])
    changes = align(old, new)
    assert sorted(kinds(changes)) == ["moved", "reworded", "unchanged", "unchanged"]
    assert_partition(changes, 4, 4)


def test_repeated_sentences_each_appear_once():
    repeated = "His removal from office did not follow any lawful procedure."
    old = article(["He was elected.", repeated, "He resigned."], ["He was tried.", repeated, "He left."])
    new = article(["He was elected.", "He resigned."], ["He was tried.", repeated, "He left."])
    changes = align(old, new)
    assert kinds(changes) == ["unchanged", "removed", "unchanged", "unchanged", "unchanged", "unchanged"]
    assert changes[1]["from_index"] == 1
    assert_partition(changes, 6, 5)


def test_removed_sentences_are_listed_after_the_sentence_that_preceded_them():
    new = article(["José Serrano was born in Cuenca.", "He was elected in 2011."],
                  ["He was Minister of the Interior."])
    changes = align(OLD, new)
    assert [(c["kind"], c["from_index"], c["to_index"]) for c in changes] == [
        ("unchanged", 0, 0), ("removed", 1, None), ("unchanged", 2, 1), ("unchanged", 3, 2), ("removed", 4, None)]


def test_plain_tuples_and_empty_revisions_work():
    text, sentences = OLD
    changes = align_sentences(text, [tuple(s) for s in sentences], "", [])
    assert kinds(changes) == ["removed"] * 5
    assert kinds(align_sentences("", [], text, [s[:2] for s in sentences])) == ["added"] * 5
    assert align_sentences("", [], "", []) == []


def test_past_the_cost_bound_only_identical_sentences_are_paired(monkeypatch):
    new = article(["José Serrano was born in Cuenca.", "He studied law in Quito.", "He was elected in 2012."],
                  ["He was Minister of the Interior.", "He resigned in November 2016."])
    monkeypatch.setattr(revision_align, "MAX_FUZZY_PAIRS", 0)
    assert kinds(align(OLD, new)) == ["unchanged", "unchanged", "removed", "added", "unchanged", "unchanged"]


def test_output_is_deterministic():
    new = article(["He studied law in Quito.", "José Serrano was born in Cuenca.", "He was elected in 2012."],
                  ["He resigned in November 2016.", "He was Minister of the Interior, twice."])
    assert align(OLD, new) == align(OLD, new)


# --- infobox fields ------------------------------------------------------------

def fields(text: str, *rows: tuple[str, str, str]) -> list[dict]:
    """(block, key, value) rows as the parser gives them, spans found in ``text`` in order."""
    found, position = [], 0
    for block, key, value in rows:
        start = text.index(value, position)
        found.append({"block": block, "key": key, "value": value, "char_start": start, "char_end": start + len(value)})
        position = start + len(value)
    return found


OLD_BOX = "Minister of the Interior | 13 May 2011 | 15 November 2016 | Cuenca | Universidad del Azuay"
OLD_FIELDS = fields(OLD_BOX, ("1", "office", "Minister of the Interior"), ("1", "term_start", "13 May 2011"),
                    ("1", "term_end", "15 November 2016"), ("personal", "birth_place", "Cuenca"),
                    ("personal", "alma_mater", "Universidad del Azuay"))


def test_a_changed_field_value_is_reworded_with_its_word_diff():
    new_box = OLD_BOX.replace("13 May 2011", "13 May 2012")
    changes = align_infobox_fields(OLD_BOX, OLD_FIELDS, new_box, fields(
        new_box, *[(f["block"], f["key"], f["value"].replace("2011", "2012")) for f in OLD_FIELDS]))
    assert kinds(changes) == ["unchanged", "reworded", "unchanged", "unchanged", "unchanged"]
    changed = changes[1]
    assert (changed["unit"], changed["key"], changed["from_block"], changed["to_block"]) == (
        "infobox_field", "term_start", "1", "1")
    assert new_box[changed["to_start"]:changed["to_end"]] == "13 May 2012"
    assert ops([changed]) == [("replace", "2011", "2012")]
    assert_partition(changes, 5, 5, unit="infobox_field")


def test_fields_present_in_one_revision_only_are_added_or_removed():
    new_box = "Minister of the Interior | 13 May 2011 | Cuenca | 19 November 1970 | Universidad del Azuay"
    new_fields = fields(new_box, ("1", "office", "Minister of the Interior"), ("1", "term_start", "13 May 2011"),
                        ("personal", "birth_place", "Cuenca"), ("personal", "birth_date", "19 November 1970"),
                        ("personal", "alma_mater", "Universidad del Azuay"))
    changes = align_infobox_fields(OLD_BOX, OLD_FIELDS, new_box, new_fields)
    assert [(c["kind"], c["key"]) for c in changes] == [
        ("unchanged", "office"), ("unchanged", "term_start"), ("removed", "term_end"),
        ("unchanged", "birth_place"), ("added", "birth_date"), ("unchanged", "alma_mater")]
    assert_partition(changes, 5, 5, unit="infobox_field")


def test_an_office_added_at_the_top_renumbers_blocks_without_changing_their_fields():
    new_box = "President of the National Assembly | 14 May 2017 | " + OLD_BOX
    new_fields = fields(new_box, ("1", "office", "President of the National Assembly"),
                        ("1", "term_start", "14 May 2017"),
                        *[("2" if f["block"] == "1" else f["block"], f["key"], f["value"]) for f in OLD_FIELDS])
    changes = align_infobox_fields(OLD_BOX, OLD_FIELDS, new_box, new_fields)
    assert kinds(changes) == ["added", "added"] + ["unchanged"] * 5
    assert {(c["from_block"], c["to_block"]) for c in changes if c["kind"] == "unchanged"} == {
        ("1", "2"), ("personal", "personal")}


def test_an_office_renamed_in_place_is_one_reworded_field():
    new_box = OLD_BOX.replace("Minister of the Interior", "Minister of Government")
    new_fields = fields(new_box, ("1", "office", "Minister of Government"),
                        *[(f["block"], f["key"], f["value"]) for f in OLD_FIELDS[1:]])
    changes = align_infobox_fields(OLD_BOX, OLD_FIELDS, new_box, new_fields)
    assert kinds(changes) == ["reworded", "unchanged", "unchanged", "unchanged", "unchanged"]


def test_multi_valued_fields_are_aligned_value_by_value():
    old_box = "A | Universidad San Francisco de Quito | Universidad del Azuay"
    new_box = "A | Universidad de Cuenca | Universidad San Francisco de Quito | Universidad del Azuay | Harvard"
    old = fields(old_box, ("personal", "birth_place", "A"), ("personal", "alma_mater", "Universidad San Francisco de Quito"),
                 ("personal", "alma_mater", "Universidad del Azuay"))
    new = fields(new_box, ("personal", "birth_place", "A"), ("personal", "alma_mater", "Universidad de Cuenca"),
                 ("personal", "alma_mater", "Universidad San Francisco de Quito"),
                 ("personal", "alma_mater", "Universidad del Azuay"), ("personal", "alma_mater", "Harvard"))
    changes = align_infobox_fields(old_box, old, new_box, new)
    assert kinds(changes) == ["unchanged", "added", "unchanged", "unchanged", "added"]


def test_align_revisions_lists_fields_then_sentences():
    changes = align_revisions(OLD_BOX, [], OLD_BOX, [], OLD_FIELDS, OLD_FIELDS)
    assert {c["unit"] for c in changes} == {"infobox_field"}
    text, sentences = OLD
    changes = align_revisions(text, sentences, text, sentences)
    assert {c["unit"] for c in changes} == {"sentence"}


# --- the real seeds -------------------------------------------------------------

def read(name: str) -> str:
    with open(SOURCES / f"wikipedia-rendering-{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def seeds():
    texts = {name: read(name) for name in "ab"}
    documents = {name: parse_wikipedia(name, texts[name]) for name in "ab"}
    changes = align_revisions(texts["a"], documents["a"].sentences, texts["b"],
                              documents["b"].sentences, documents["a"].infobox_fields,
                              documents["b"].infobox_fields)
    return texts, documents, changes


def change_from(seeds, sentence: str) -> dict:
    texts, _, changes = seeds
    start = texts["a"].index(sentence)
    [change] = [c for c in changes if c["unit"] == "sentence" and c["from_start"] == start]
    return change


def test_seeds_the_interior_term_sentence_is_reworded_2011_to_2012(seeds):
    texts, _, _ = seeds
    change = change_from(seeds, "He was Minister of the Interior from 13 May 2011 to 15 November 2016.")
    assert change["kind"] == "reworded"
    assert texts["b"][change["to_start"]:change["to_end"]] == (
        "He was Minister of the Interior from 13 May 2012 to 15 November 2016.")
    assert ops([change]) == [("replace", "2011", "2012")]
    assert (change["from_section"], change["to_section"]) == ("lead", "lead")


def test_seeds_every_sentence_and_field_is_in_exactly_one_change(seeds):
    _, documents, changes = seeds
    assert_partition(changes, len(documents["a"].sentences), len(documents["b"].sentences))
    assert_partition(changes, len(documents["a"].infobox_fields), len(documents["b"].infobox_fields),
                     unit="infobox_field")


def test_seeds_sentences_in_one_revision_only_are_added_or_removed(seeds):
    texts, _, changes = seeds
    # The References list exists only in rendering A; the Ayala suspension only in B.
    assert change_from(seeds, '- ^ "Home".')["kind"] == "removed"
    [ayala] = [c for c in changes if c["to_start"] is not None and c["unit"] == "sentence"
               and texts["b"][c["to_start"]:c["to_end"]].startswith("On 11 September, the Council")]
    assert ayala["kind"] == "added"
    assert change_from(seeds, "He previously held other cabinet posts.")["kind"] == "unchanged"
    despite = change_from(seeds, "Despite this, Serrano remains a resilient figure")
    assert despite["kind"] == "reworded" and ops([despite]) == [("delete", ", admired for his courage", "")]


def test_seeds_infobox_only_the_birth_date_differs(seeds):
    _, _, changes = seeds
    fields_changed = [(c["kind"], c["key"]) for c in changes if c["unit"] == "infobox_field" and c["kind"] != "unchanged"]
    assert fields_changed == [("removed", "birth_date")]  # rendering B's infobox has no birth date


# --- property: random edits never break the partition ------------------------------

WORDS = "he was elected minister in 2011 2012 Quito Cuenca the of law police resigned".split()
sentence_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(
    lambda w: " ".join(w).capitalize() + ".")


@st.composite
def revision_pairs(draw):
    old = draw(st.lists(sentence_text, min_size=0, max_size=14))
    new = list(old)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["delete", "insert", "replace", "move", "edit"]))
        if action == "insert" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(sentence_text))
        elif action == "delete":
            new.pop(draw(st.integers(0, len(new) - 1)))
        elif action == "replace":
            new[draw(st.integers(0, len(new) - 1))] = draw(sentence_text)
        elif action == "move":
            moved = new.pop(draw(st.integers(0, len(new) - 1)))
            new.insert(draw(st.integers(0, len(new))), moved)
        else:  # edit one word of a sentence
            k = draw(st.integers(0, len(new) - 1))
            words = new[k][:-1].split()
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(WORDS))
            new[k] = " ".join(words).capitalize() + "."
    paragraph_size = draw(st.integers(1, 5))
    return [old[i:i + paragraph_size] for i in range(0, len(old), paragraph_size)], \
           [new[i:i + paragraph_size] for i in range(0, len(new), paragraph_size)]


@settings(max_examples=200, deadline=None)
@given(revision_pairs())
def test_property_every_sentence_is_in_exactly_one_change(pair):
    old, new = article(*pair[0]), article(*pair[1])
    changes = align(old, new)
    assert_partition(changes, len(old[1]), len(new[1]))
    for c in changes:
        if c["kind"] == "unchanged":
            assert revision_align.reading_text(old[0], c["from_start"], c["from_end"]) == \
                   revision_align.reading_text(new[0], c["to_start"], c["to_end"])
    assert changes == align(old, new)
