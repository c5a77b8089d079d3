"""A parsed article's passages keep their spans, not copies of their text (build.sources.passages)."""

import pickle
from pathlib import Path

import pytest

from build.sources.passages import KEYS, Passage
from build.sources.wikipedia import parse_wikipedia

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


@pytest.fixture(scope="module", params=["a", "b"])
def article(request):
    with open(SOURCES / f"wikipedia-rendering-{request.param}.txt", encoding="utf-8", newline="") as handle:
        text = handle.read()
    return text, parse_wikipedia(f"wikipedia-{request.param}", text)


def test_a_pickled_article_holds_its_text_once(article):
    """The parse cache pickles each document with its text.  With every passage holding its own text
    (a section's again in its paragraphs, and again in their sentences) the pickle was 4.4-4.7 times the
    text's; spans and one shared text keep it under 2.5."""
    text, document = article
    assert len(pickle.dumps((text, document), protocol=pickle.HIGHEST_PROTOCOL)) < 2.5 * len(
        pickle.dumps(text, protocol=pickle.HIGHEST_PROTOCOL))
    assert all(p._document_text is text for p in document.passages)


def test_a_passage_reads_as_the_dict_it_was(article):
    text, document = article
    for p in document.passages:
        as_dict = dict(p)
        assert list(as_dict) == list(KEYS) and p == as_dict
        assert p.get("heading_end") == as_dict["heading_end"] and p.get("no such key", 7) == 7
        with pytest.raises(KeyError):
            p["_document_text"]  # the reference to the text is no key


def test_a_passage_survives_the_cache_round_trip(article):
    text, document = article
    copied = pickle.loads(pickle.dumps((text, document.passages), protocol=pickle.HIGHEST_PROTOCOL))
    assert [dict(p) for p in copied[1]] == [dict(p) for p in document.passages]
    assert all(p._document_text is copied[0] for p in copied[1])  # still one text, not one per passage


def test_the_text_is_derived_from_the_span():
    text = "Intro.  She  was[1] born.\nNext   line."
    sentence = Passage("lead", "sentence", 1, 0, text, 8, 25)
    paragraph = Passage("lead", "paragraph", 1, None, text, 0, len(text))
    assert sentence["text"] == "She was born."  # marks stripped, white space folded
    assert paragraph["text"] == "Intro. She was[1] born. Next line."  # only white space folded
