"""The index of office titles (build/compare/rules.py, ``TitleIndex``): a sentence gets every title it
contains, in the titles' order, without being searched for each of thousands of titles."""

from hypothesis import given, settings
from hypothesis import strategies as st

from build.compare.rules import TitleIndex

# Few letters, so that titles share runs and sentences contain titles, whole or cut.
WORDS = st.sampled_from(["minister", "of", "the", "interior", "zarloma", "labour", "interior minister", "x"])
TITLES = st.lists(st.lists(WORDS, min_size=2, max_size=5).map(" ".join).filter(lambda t: len(t) > 8),
                  min_size=1, max_size=30, unique=True)


@settings(max_examples=300, deadline=None)
@given(TITLES, st.lists(WORDS, max_size=12).map(" ".join), st.data())
def test_a_sentence_gets_every_title_it_contains_in_the_titles_order(titles, sentence, data):
    # A sentence made of one of the titles too, cut into it at both ends, so that most examples contain some.
    title = data.draw(st.sampled_from(titles))
    sentence = sentence + " " + title + " " + sentence
    ordered = [(t, f"office-{i}") for i, t in enumerate(sorted(titles, key=lambda t: -len(t)))]
    candidates = TitleIndex(ordered).candidates(sentence)
    contained = [item for item in ordered if item[0] in sentence]
    assert contained and set(contained) <= set(candidates)
    assert candidates == sorted(candidates, key=ordered.index)  # the order searching all of them would take


def test_a_sentence_with_no_title_gets_few_candidates_from_thousands():
    titles = [(f"minister of security of province {n:04d}", f"office-{n}") for n in range(3000)]
    index = TitleIndex(titles)
    assert index.candidates("the minister of security of province 0042 said") == [titles[42]]
    assert index.candidates("a minister of security spoke") == []
