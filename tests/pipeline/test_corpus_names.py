"""The synthetic corpus's people stay distinct at every size the benchmarks build.

The 10,000x corpus (``make bench-scale`` with ``--sizes 100,10000``) once failed to build at person
1297: first name and surname pairs run out at 36 x 36 = 1296 people, and two persons claimed one
alias.  Past that, ``person_names`` adds a second given name; the first 1296 names (the 1,000x
corpus the README's figures were measured on) are the ones they were.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import generate_corpus  # noqa: E402  (benchmarks/ is not a package)

PEOPLE = 10_000


def test_every_person_has_a_name_no_one_else_has():
    names = [f"{first} {last}" for first, last, _ in generate_corpus.person_names(PEOPLE)]
    assert len(set(names)) == PEOPLE


def test_no_name_is_written_inside_another_persons_name():
    """A name inside another ("Elena Quiroga" inside "Marta Elena Quiroga") would let a mention of one
    person be read as the other's."""
    names = [f"{first} {last}" for first, last, _ in generate_corpus.person_names(PEOPLE)]
    known = set(names)
    for name in names:
        words = name.split()
        inner = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)} - {name}
        assert not inner & known, name


def test_the_first_1296_names_are_the_first_and_surname_pairs():
    names = generate_corpus.person_names(1296)
    assert all(" " not in first for first, _, _ in names)
    assert len({(first, last) for first, last, _ in names}) == 1296
    assert generate_corpus.person_names(PEOPLE)[:1296] == names


def test_a_second_given_name_keeps_the_persons_gender():
    for first, _, gender in generate_corpus.person_names(PEOPLE)[1296:]:
        second = first.split()[1]
        assert second in (generate_corpus.SECOND_F if gender == "f" else generate_corpus.SECOND_M), first
