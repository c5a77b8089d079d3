"""``Vocabulary.having``: the entries whose field holds a value, as a scan of every entry finds them.

Extraction asks it of every sentence naming an office or a body, so it is an index (a scan per
sentence grew with the corpus times the corpus); these tests hold it to the scan's answer, in the
scan's order, also after extraction adds a provisional entry."""

from build.claims.vocabularies import load_vocabularies
from build.common.executors import LOCAL
from tests.conftest import ROOT


def scan(vocabulary, key, value):
    return [entry for entry in vocabulary.entries.values() if entry.get(key) == value]


def test_having_finds_what_a_scan_finds_for_every_value_of_every_field_the_rules_ask():
    vocabularies = load_vocabularies(ROOT / "data", LOCAL)
    asked = 0
    for table, key in (("events", "seats"), ("events", "kind"), ("awards", "conferred_by"), ("offices", "body")):
        vocabulary = vocabularies[table]
        values = {entry.get(key) for entry in vocabulary.entries.values()} | {"no-such-value"}
        for value in values:
            assert vocabulary.having(key, value) == scan(vocabulary, key, value), (table, key, value)
            asked += bool(scan(vocabulary, key, value))
    assert asked >= 5, "the seeds' vocabularies give these fields values"


def test_having_sees_an_entry_added_after_it_was_first_asked():
    vocabulary = load_vocabularies(ROOT / "data", LOCAL)["awards"]
    assert vocabulary.having("provisional", True) == []
    entity = vocabulary.resolve_or_provisional("Order of the Imaginary Star", "wikipedia-a")
    assert [entry["id"] for entry in vocabulary.having("provisional", True)] == [entity]
    assert vocabulary.having("provisional", True) == scan(vocabulary, "provisional", True)
