"""How the YAML loader names an entry, a syntax error's place and a file that is not UTF-8 (build/common/yamlio.py).

Every bad-input message names the file, the entry (its number, its id when it has one, its line) and what is
wrong (README, *Reliability*).  Written for survivors of `make mutate` in ``entry_label``, the syntax error's
mark and the UTF-8 check, which the build-wide tests reach only through whole builds."""

import pytest

from build.common.errors import BuildError
from build.common.yamlio import LineDict, entry_label, load_yaml, parse_yaml_text


def entry(line: int = 7, **fields) -> LineDict:
    made = LineDict(fields)
    made.line = line
    return made


@pytest.mark.parametrize("made, index, label", [
    (entry(id="a-claim"), 0, "entry 1 (id a-claim) at line 7"),
    (entry(id="a-claim"), 4, "entry 5 (id a-claim) at line 7"),  # counted from 1
    (entry(id=42), 1, "entry 2 (id 42) at line 7"),
    (entry(id=True), 0, "entry 1 at line 7"),  # a flag where an id belongs is no id
    (entry(id=["x"]), 0, "entry 1 at line 7"),  # nor is a list: the schema reports it
    (entry(id=""), 0, "entry 1 at line 7"),
    (entry(), 2, "entry 3 at line 7"),
    (entry(id="x" * 100), 0, f"entry 1 (id {'x' * 80}) at line 7"),  # a long id is cut at 80 characters
    ({"id": "plain"}, 0, "entry 1 (id plain)"),  # no line known: none given
    (["not", "a", "mapping"], 5, "entry 6"),
])
def test_an_entry_is_named_by_its_number_its_id_and_its_line(made, index, label):
    assert entry_label(made, index) == label


def test_a_syntax_error_is_placed_where_the_parser_found_it():
    # PyYAML reports where the flow sequence began (line 1) and where it went wrong (line 2): the second is named.
    with pytest.raises(BuildError) as refused:
        parse_yaml_text("key: [1, 2\nother: 3\n", "data/x.yml")
    assert str(refused.value).startswith("data/x.yml: line 2, column 6: not valid YAML: ")


def test_a_file_that_is_not_utf8_is_refused_naming_the_byte(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"key: caf\xe9\n")
    with pytest.raises(BuildError) as refused:
        load_yaml(path, "data/x.yml")
    assert str(refused.value) == "data/x.yml: not valid UTF-8 at byte 8"


def test_a_character_yaml_does_not_allow_is_refused_in_one_line():
    # PyYAML's reader refuses it before parsing, with an error that has no line mark.
    with pytest.raises(BuildError) as refused:
        parse_yaml_text("key: a\x07b\n", "data/x.yml")
    assert str(refused.value).startswith("data/x.yml: not valid YAML: unacceptable character #x0007")
