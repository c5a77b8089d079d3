"""The shared input types and the one-line errors they give (build/common/inputs.py), at their edges.

README, *Reliability*: "slugs for every id that becomes a URL or an anchor, non-empty
aliases, bounded text", each refusal one line naming the field.  The bounds are written
here as promised (ids up to 200 characters, text from 1 to 20,000), not imported, so a
loosened bound fails; these cases were chosen from the survivors of `make mutate`.
"""

import pytest

from build.common.errors import BuildError
from build.common.inputs import LanguageTag, OptionalText, Slug, Strict, Text, validate, validate_file
from build.common.yamlio import parse_yaml_text


class Entry(Strict):
    id: Slug
    title: Text
    note: OptionalText = None
    count: int = 0
    flag: bool = False


def check(**entry) -> str | None:
    """None when the entry is valid, else the one-line message the build would print."""
    try:
        validate(Entry, {"id": "a", "title": "t", **entry}, "data/x.yml", "entry 1")
    except BuildError as error:
        return str(error)
    return None


@pytest.mark.parametrize("slug", ["a", "0", "jose-serrano-salgado", "ecu-92", "a" * 200])
def test_a_slug_is_lower_case_words_joined_by_single_hyphens(slug):
    assert check(id=slug) is None


@pytest.mark.parametrize("slug", ["", "A", "a--b", "-a", "a-", "a b", "a_b", "ä", "a/b", "a" * 201])
def test_anything_else_is_refused_as_an_id(slug):
    message = check(id=slug)
    assert message is not None and message.startswith("data/x.yml: entry 1: id: "), message


@pytest.mark.parametrize("title", ["x", "x" * 20_000])
def test_text_from_one_character_to_20000_is_accepted(title):
    assert check(title=title) is None


@pytest.mark.parametrize("title, words", [("", "at least 1 character"), ("x" * 20_001, "at most 20000 characters")])
def test_empty_or_longer_text_is_refused(title, words):
    message = check(title=title)
    assert message is not None and message.startswith("data/x.yml: entry 1: title: ") and words in message, message


def test_optional_text_may_be_empty_or_null_but_is_bounded_too():
    assert check(note=None) is None and check(note="") is None
    assert "at most 20000 characters" in check(note="x" * 20_001)


def test_a_missing_or_unknown_key_is_named_without_echoing_the_entry():
    assert check(title=None) == "data/x.yml: entry 1: title: Input should be a valid string"
    missing = "data/x.yml: entry 1: title: missing required key"
    try:
        validate(Entry, {"id": "a"}, "data/x.yml", "entry 1")
    except BuildError as error:
        assert str(error) == missing
    else:
        pytest.fail("a missing key was accepted")
    assert check(colour="red") == "data/x.yml: entry 1: colour: unknown key"


@pytest.mark.parametrize("field, value", [("count", "3"), ("count", 3.0), ("flag", "yes"), ("flag", 1),
                                          ("title", b"bytes"), ("title", 5)])
def test_values_are_never_converted_between_types(field, value):
    """YAML's "3" stays text and a !!binary value stays bytes: strict models refuse both where a number or
    text is declared, instead of converting them as pydantic's lax mode would."""
    message = check(**{field: value})
    assert message is not None and f"entry 1: {field}: " in message, message


def test_a_checked_entry_cannot_be_changed_afterwards():
    entry = validate(Entry, {"id": "a", "title": "t"}, "data/x.yml", "entry 1")
    with pytest.raises(ValueError, match="frozen"):
        entry.title = "changed"


def test_a_wrong_value_is_shown_whole_up_to_60_characters_then_cut():
    exactly = "x" * 58  # its repr, with the quotes, is 60 characters: shown whole
    assert check(id=exactly.upper()) == (
        "data/x.yml: entry 1: id: must be a lower-case slug (letters, digits and single hyphens, like "
        f"'jose-serrano-salgado') (got {exactly.upper()!r})")
    longer = "X" * 59  # 61 characters of repr: the first 57 and "..."
    assert check(id=longer).endswith(f"(got {repr(longer)[:57]}...)")
    assert check(title=5).endswith("title: Input should be a valid string (got 5)")


class Tagged(Strict):
    language: LanguageTag


@pytest.mark.parametrize("tag", ["en", "es-EC", "en" + "-abcdefgh" * 3 + "-abcde"])  # the last is 35 characters
def test_a_language_tag_of_up_to_35_characters_is_accepted(tag):
    assert validate(Tagged, {"language": tag}, "data/x.yml", "entry 1").language == tag


def test_a_language_tag_of_36_characters_is_refused_though_its_subtags_are_well_formed():
    tag = "en" + "-abcdefgh" * 3 + "-abcdef"
    assert len(tag) == 36
    with pytest.raises(BuildError, match="entry 1: language: String should have at most 35 characters"):
        validate(Tagged, {"language": tag}, "data/x.yml", "entry 1")


class File(Strict):
    """A file's top level, as the manifest's, the vocabularies' and the curated files' schemas are."""
    people: list[Entry]
    version: int = 1


def check_file(text: str) -> str | None:
    """None when the file's top level is valid, else the one-line message the build would print."""
    try:
        validate_file(File, parse_yaml_text(text, "data/f.yml"), "data/f.yml")
    except BuildError as error:
        return str(error)
    return None


def test_an_unknown_top_level_key_is_named_with_its_line_and_the_keys_the_file_may_have():
    assert check_file("people: []\n\nextra: 1\n") == (
        "data/f.yml: line 3: extra: unknown key (the keys of this file: people, version)")


def test_a_problem_inside_a_top_level_value_is_named_with_the_line_of_its_key():
    # The error's location is (people, 0, title): the line is the top-level key's, not looked up by the field.
    assert check_file("version: 2\npeople:\n  - id: a\n") == (
        "data/f.yml: line 2: people.0.title: missing required key")


def test_of_several_problems_the_first_is_named_with_its_own_line():
    # A wrong value (line 1) before an unknown key (line 2): the message and the line are both the first one's,
    # and only an unknown key lists the keys the file may have.
    assert check_file("version: two\nextra: 1\npeople: []\n") == (
        "data/f.yml: line 1: version: Input should be a valid integer (got 'two')")


def test_a_missing_top_level_key_has_no_line_to_name():
    assert check_file("version: 2\n") == "data/f.yml: people: missing required key"
