"""The YAML loader's refusals at their edges and with their lines (build/common/yamlio.py).

README, *Reliability*: nesting deeper than 40 levels and anchors are refused, each in one
line naming where.  Chosen from survivors of `make mutate` (a depth of exactly 40, and the
line an anchor or a too-deep level is reported at, were not tested)."""

import pytest

from build.common.errors import BuildError
from build.common.yamlio import load_yaml, parse_yaml_text


def nested(levels: int) -> str:
    """A block mapping ``levels`` deep (the document's own mapping is level 1), one key a line."""
    return "".join(f"{'  ' * k}k{k}:\n" for k in range(levels - 1)) + f"{'  ' * (levels - 1)}leaf: 1\n"


def test_nesting_40_levels_deep_is_read(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(nested(40), encoding="utf-8")
    node = load_yaml(path, "data/x.yml")
    for k in range(39):
        node = node[f"k{k}"]
    assert node == {"leaf": 1}


def test_nesting_41_levels_deep_is_refused_at_the_line_of_the_41st(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(nested(41), encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path, "data/x.yml")
    assert str(refused.value) == "data/x.yml: line 41: nested more than 40 levels deep"


def test_nesting_42_levels_deep_is_refused_at_the_line_past_the_limit(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(nested(42), encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path, "data/x.yml")
    assert str(refused.value) == "data/x.yml: line 41: nested more than 40 levels deep"


def test_an_anchor_is_refused_at_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("source: a\nclaims:\n  - &first\n    id: b\n  - *first\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path, "data/x.yml")
    assert str(refused.value) == ("data/x.yml: line 3: YAML anchors and aliases (&name, *name) are not allowed in "
                                  "curated data: write each value out")


def test_nesting_41_levels_deep_with_one_space_indents_is_refused(tmp_path):
    # YAML allows an indentation of one space: 41 levels open with only 40 spaces.
    path = tmp_path / "x.yml"
    path.write_text("".join(f"{' ' * k}k{k}:\n" for k in range(40)) + f"{' ' * 40}leaf: 1\n", encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        load_yaml(path, "data/x.yml")
    assert str(refused.value) == "data/x.yml: line 41: nested more than 40 levels deep"


def test_deep_nesting_after_many_closed_lists_is_still_refused():
    # Each closed list lowers the depth by one, no more: 40 of them do not make room for 41 levels below.
    # (Lists of two words, not "[1]" or "[a]": the bracket count skips what looks like a citation mark.)
    text = "".join(f"k{i}: [one, two]\n" for i in range(40)) + "deep: " + "[" * 41 + "]" * 41 + "\n"
    with pytest.raises(BuildError) as refused:
        parse_yaml_text(text, "data/x.yml")
    assert str(refused.value) == "data/x.yml: line 41: nested more than 40 levels deep"
