"""Tokens with spans, word similarity, word operations and span mapping between two passages."""

from build.revisions.words import WordDiff, tokenize, words


def diff(old: str, new: str) -> WordDiff:
    return WordDiff(old, (0, len(old)), new, (0, len(new)))


def test_tokens_are_words_and_single_marks_with_their_spans():
    text = "In 2016, the rate fell to 5.5%."
    tokens = tokenize(text)
    assert words(tokens) == ["In", "2016", ",", "the", "rate", "fell", "to", "5", ".", "5", "%", "."]
    assert all(text[t.start:t.end] == t.text for t in tokens)


def test_citation_marks_and_edit_markers_are_not_tokens():
    text = "[edit]José Serrano, born in Cuenca, Ecuador[1] He is[2][3] a politician."
    assert words(tokenize(text)) == words(tokenize("José Serrano, born in Cuenca, Ecuador He is a politician."))
    # A span inside the text: only its tokens, positions still in the whole text.
    start = text.index("Ecuador")
    assert [(t.text, t.start) for t in tokenize(text, start, start + 14)] == [("Ecuador", start), ("He", start + 11)]


def test_similarity_is_the_ratio_over_tokens():
    assert diff("a b c d", "a b c d").similarity == 1.0
    assert diff("a b c d", "a b c e").similarity == 0.75
    assert diff("a b", "c d").similarity == 0.0


def test_operations_slice_both_texts():
    old, new = "He served from May 2012 until 2016.", "He served from 13 May 2012 to 2016, twice."
    ops = diff(old, new).operations()
    assert [(o["op"], o["from_text"], o["to_text"]) for o in ops] == [
        ("insert", "", "13"), ("replace", "until", "to"), ("insert", "", ", twice")]
    # An insertion is a point in the old text: before the token it precedes.
    assert ops[0]["from_start"] == ops[0]["from_end"] == old.index("May")
    assert ops[2]["from_start"] == ops[2]["from_end"] == old.index(".")
    for o in ops:
        assert old[o["from_start"]:o["from_end"]] == o["from_text"]
        assert new[o["to_start"]:o["to_end"]] == o["to_text"]


def test_map_span_follows_equal_and_replaced_tokens():
    old, new = "On 14 May 2017 he was elected.", "On 24 May 2017 he was elected."
    start = old.index("14")
    s, e = diff(old, new).map_span(start, start + len("14 May 2017"))
    assert new[s:e] == "24 May 2017"


def test_map_span_takes_a_share_of_a_longer_rewrite():
    old, new = "It happened on 5 June in Quito.", "It happened during a long visit in Quito."
    start = old.index("5")
    # "on 5 June" (3 tokens) became "during a long visit" (4): the value "5" is the 2nd third.
    s, e = diff(old, new).map_span(start, start + 1)
    assert new[s:e] == "a long"


def test_map_span_includes_words_inserted_inside_and_none_for_deleted_words():
    old, new = "Elected on 14 May 2017 again.", "Elected on 14 late May 2017."
    start = old.index("14")
    s, e = diff(old, new).map_span(start, start + len("14 May 2017"))
    assert new[s:e] == "14 late May 2017"
    assert diff(old, new).map_span(old.index("again"), old.index("again") + 5) is None


def test_same_words_only_when_the_diff_leaves_every_word_of_the_span_equal():
    old, new = "He was born in 1970[1] in Cuenca, it says.", "He was born in 1970 in Cuenca, it now says."
    d = diff(old, new)
    start = old.index("born")
    s, e = d.same_words(start, old.index("Cuenca") + 6)
    assert new[s:e] == "born in 1970 in Cuenca"
    assert d.same_words(old.index("it"), len(old)) is None  # "now" was inserted among its words
