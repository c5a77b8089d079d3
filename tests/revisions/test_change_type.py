"""An alignment's change is a ``Change`` (build.revisions.changes): a named tuple read as the dict it was."""

import pickle
import sys

from build.revisions.align import align_revisions
from build.revisions.changes import Change, change, reversed_change
from build.sources.sentences import Sentence, split_sentences

OLD = "He was born in Quito. He studied law. He was elected in 2013."
NEW = "He was born in Quito. He studied law at the Central University. He was re-elected in 2013. He left."


def sentences(text: str) -> list[Sentence]:
    return [Sentence(start, end, "lead") for start, end in split_sentences(text, 0, len(text))]


def aligned():
    return align_revisions(OLD, sentences(OLD), NEW, sentences(NEW))


def test_fields_read_as_attributes_and_as_keys():
    changes = aligned()
    assert changes and all(type(c) is Change for c in changes)
    for c in changes:
        assert [c[name] for name in Change._fields] == list(c) == [getattr(c, name) for name in Change._fields]
        assert c.get("kind") == c.kind and c.get("no such field", 3) == 3
    assert {c.kind for c in changes} >= {"unchanged", "reworded", "added"}


def test_changes_without_word_operations_share_one_empty_tuple():
    """Two million changes at 10,000 times the seeds, most with no word operations: an empty list each
    was 56 bytes; one shared tuple is none, and stays one through the pickle to the cache."""
    changes = pickle.loads(pickle.dumps(aligned(), protocol=pickle.HIGHEST_PROTOCOL))
    empty = [c.word_ops for c in changes if not c.word_ops]
    assert len(empty) > 1 and len({id(ops) for ops in empty}) == 1 and empty[0] == ()
    assert any(c.word_ops for c in changes)  # the reworded sentence keeps its operations


def test_reversing_swaps_the_sides_and_twice_gives_the_change_back():
    for c in aligned():
        back = reversed_change(c)
        assert (back.from_start, back.from_end, back.to_start, back.to_end) == (c.to_start, c.to_end, c.from_start, c.from_end)
        assert (back.from_index, back.to_index, back.from_section, back.to_section) == \
               (c.to_index, c.from_index, c.to_section, c.from_section)
        assert back.kind == {"added": "removed", "removed": "added"}.get(c.kind, c.kind)
        assert reversed_change(back) == c


def test_a_change_is_smaller_than_the_dict_it_was():
    c = change("sentence", "unchanged", from_index=0, to_index=0, from_span=(0, 10), to_span=(0, 10), similarity=1.0)
    assert sys.getsizeof(c) < 0.5 * sys.getsizeof(c._asdict())
