"""Mappings that PyYAML's own constructors build keep their line and refuse a key given twice, like
those the loader's fast path builds (build/common/yamlio.py, ``construct_mapping``).

The fast path builds every plain mapping; PyYAML's constructors take over inside other tagged nodes,
such as an ordered map (``!!omap``), and build the mappings in it with ``construct_mapping``.  Chosen
from a survivor of `make mutate`: no test reached that method."""

import pytest

from build.common.errors import BuildError
from build.common.yamlio import LineDict, load_yaml


def test_a_mapping_inside_an_ordered_map_knows_the_line_it_starts_on(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("source: a\nclaims: !!omap\n  - first:\n      id: b\n  - second: {id: c}\n", encoding="utf-8")
    (first, inner), (second, other) = load_yaml(path, "data/x.yml")["claims"]
    assert (first, second) == ("first", "second")
    assert isinstance(inner, LineDict) and inner == {"id": "b"} and inner.line == 4 and type(inner.line) is int
    assert other.line == 5


def test_a_key_given_twice_there_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("source: a\nclaims: !!omap\n  - first:\n      id: b\n      id: c\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"line 5: key 'id' is given twice"):
        load_yaml(path, "data/x.yml")
