"""build/common/yamlio.py builds most values itself (for speed); they must be exactly what PyYAML's
safe_load gives, with every mapping knowing its line."""

import datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build.common.errors import BuildError
from build.common.yamlio import LineDict, load_yaml

# Strings YAML would read as something else unless quoted, and ordinary ones.
TRICKY = st.sampled_from(["yes", "no", "on", "off", "true", "~", "null", "", "1.0", "0x1f", "1e3", "2016-10-05",
                          "12:30", ".inf", "-", "- a", "a: b", "#x", "'q'", '"q"', "[1]", "{a: 1}", "<<",
                          "Nestór Arbito", "María Verónica Cordovez", "line\nbreak", "  padded  "])
SCALARS = (st.text(max_size=30) | TRICKY | st.integers(-10**12, 10**12) | st.booleans() | st.none()
           | st.floats(allow_nan=False, allow_infinity=True) | st.dates(datetime.date(1900, 1, 1)))
KEYS = st.text(min_size=1, max_size=12) | TRICKY
TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                     max_leaves=25)


def load(tmp_path, text: str):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "x.yml")


def mappings(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from mappings(item)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.dictionaries(KEYS, TREES, min_size=1, max_size=5), flow=st.booleans())
def test_values_are_what_safe_load_gives_and_every_mapping_has_its_line(tmp_path, tree, flow):
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    loaded = load(tmp_path, text)
    assert loaded == yaml.safe_load(text)
    for mapping in mappings(loaded):
        # YAML counts U+0085, U+2028 and U+2029 as line breaks too; splitlines counts those and more.
        assert isinstance(mapping, LineDict) and 1 <= mapping.line <= len(text.splitlines()) + 1


def test_each_mapping_knows_the_line_it_starts_on(tmp_path):
    loaded = load(tmp_path, "source: a\nclaims:\n  - id: one\n    value: 2016\n\n  - id: two\n    nested: {k: v}\n")
    assert loaded.line == 1
    assert [claim.line for claim in loaded["claims"]] == [3, 6]
    assert loaded["claims"][1]["nested"].line == 7


@pytest.mark.parametrize("text", [
    "a: !!str 2016\nb: !!int '7'\nc: !!float '1'\n",  # explicit tags: PyYAML's constructors
    "tags: !!set {a, b}\n",
    "when: 2016-10-05\nempty:\nflag: yes\n",
])
def test_tags_merges_and_implicit_types_are_pyyaml_s(tmp_path, text):
    loaded = load(tmp_path, text)
    assert loaded == yaml.safe_load(text)
    assert all(isinstance(mapping, LineDict) for mapping in mappings(loaded))


def test_a_key_given_twice_is_refused_with_its_line(tmp_path):
    with pytest.raises(BuildError, match=r"line 3: key 'id' is given twice"):
        load(tmp_path, "claims:\n  - id: a\n    id: b\n")


def test_an_unhashable_key_is_reported_as_pyyaml_reports_it(tmp_path):
    with pytest.raises(BuildError, match="unhashable"):
        load(tmp_path, "? [a, b]\n: c\n")


def test_a_merge_key_is_refused_with_its_line(tmp_path):
    with pytest.raises(BuildError, match=r"line 3: YAML merge keys \(<<\) are not allowed"):
        load(tmp_path, "base: {x: 1}\nmerged:\n  <<: {x: 1, y: 2}\n  y: 3\n")


def test_a_value_yaml_reads_as_a_date_but_is_none_fails_in_one_line(tmp_path):
    with pytest.raises(BuildError, match=r"line 2: '2017-13-45' reads as a date but is not one \(month must be"):
        load(tmp_path, "id: a\nrevision_date: 2017-13-45\n")


def test_anchors_are_still_refused(tmp_path):
    with pytest.raises(BuildError, match="anchors and aliases"):
        load(tmp_path, "a: &x 1\nb: *x\n")


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r", "\u2028"])
def test_block_nesting_deeper_than_the_limit_is_refused_whatever_breaks_the_lines(tmp_path, line_break):
    # Each "- " on its own line opens one more block sequence; YAML breaks lines at all four.
    deep = line_break.join("  " * level + "-" for level in range(60)) + line_break
    with pytest.raises(BuildError, match="nested more than"):
        load(tmp_path, deep)
    shallow = line_break.join("  " * level + "-" for level in range(10)) + line_break
    assert load(tmp_path, shallow) is not None


def test_the_top_level_mapping_knows_the_line_of_each_key(tmp_path):
    loaded = load(tmp_path, "# a comment\nsource: a\n\nclaims:\n  - id: one\nmarks: []\n")
    assert loaded.key_lines == {"source": 2, "claims": 4, "marks": 6}
    assert loaded["claims"][0].key_lines == {}  # only the top level needs them (a misspelt top-level key)
