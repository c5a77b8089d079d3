"""Every operative phrase of an IPU decision paragraph, not only the first (issue 27, reading 11)."""

from build.sources.ipu import operative_phrases


def phrases(text: str) -> list[tuple[str, str]]:
    return [(p["phrase"], text[p["char_start"]:p["char_end"]]) for p in operative_phrases(text, 0, len(text))]


def test_later_phrases_after_a_semicolon_and_an_and_with_their_spans():
    text = ("5. Notes also that the threats began well before his election; considers in this regard that the\n"
            "acts appear to be related mainly to his work; 7. ignored")
    assert phrases(text)[:2] == [("Notes also", "Notes also"), ("considers", "considers")]
    text = ("Concludes, therefore, that the complaint is not admissible and decides not to examine the case;\n"
            "acknowledges, however, that the case raises concerns;")
    assert phrases(text) == [("Concludes", "Concludes"), ("decides", "decides"), ("acknowledges", "acknowledges")]


def test_a_phrase_broken_over_lines_keeps_its_exact_span():
    text = "Urges the authorities to act; calls\non the parliament to respond;"
    assert phrases(text) == [("Urges", "Urges"), ("calls on", "calls\non")]


def test_near_misses_a_plain_verb_after_and_or_a_capitalised_word_are_not_phrases():
    # "and is", "and takes" belong to the object's sentence; "Requests" after a semicolon is not lower case
    # (a list in the text), and "notes" as a noun after "the" is no clause opening.
    text = "Notes that he is abroad and is not reachable and takes no calls; the notes show nothing;"
    assert phrases(text) == [("Notes", "Notes")]


def test_a_piece_continued_after_a_page_break_has_no_opening_phrase():
    text = "the authorities; and urges them to act;"
    assert [p["phrase"] for p in operative_phrases(text, 0, len(text), opening=False)] == ["urges"]


def test_the_seed_decision_lists_what_the_committee_considered_decided_and_acknowledged(db):
    found = {(r["number"], r["phrase"]) for r in db.query(
        "select number, phrase from operative_phrases where source_id = 'ipu-ecu-92' and ordinal > 1")}
    assert found == {(5, "considers"), (7, "decides"), (7, "acknowledges")}
    text = db["sources"].get("ipu-ecu-92")["text"]
    for row in db.query("select * from operative_phrases"):
        assert " ".join(text[row["char_start"]:row["char_end"]].split()) == row["phrase"]
    assert db["decision_paragraphs"].get("ipu-ecu-92-decision-7")["operative_phrases"] == \
        "Concludes; decides; acknowledges"


async def test_the_decision_by_verb_query_finds_a_later_phrase(datasette):
    rows = (await datasette.client.get("/serrano/decision_by_verb.json?verb=decides&_shape=array")).json()
    assert [r["number"] for r in rows] == [7]
    rows = (await datasette.client.get("/serrano/decision_by_verb.json?verb=Notes&_shape=array")).json()
    assert [r["number"] for r in rows] == [2, 3, 4, 5, 6]
