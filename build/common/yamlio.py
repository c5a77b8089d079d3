"""Read hand-edited YAML safely, so that every mapping remembers the line it starts on.

Curated data is edited by hand; an error must point at the line to fix.  Each
mapping loaded here is a ``LineDict``: a plain ``dict`` with a ``line``
attribute (1-based).  A syntax error becomes a one-line ``BuildError`` with its
position.

What YAML allows but curated data never needs is refused before it can do
harm, each with one line naming the file and the place:

* a key given twice in one mapping (YAML parsers silently keep the last);
* anchors and aliases (``&a``, ``*a``): an alias "bomb" of a few hundred
  bytes expands to gigabytes;
* nesting deeper than ``MAX_DEPTH`` (libyaml recurses, and a list nested
  30,000 deep crashes the interpreter);
* anything but a regular file of at most ``MAX_BYTES`` (a FIFO, a link to a
  device), refused before it is read, and never read past the limit.
"""

import re
from pathlib import Path

import yaml

from .errors import BuildError
from .regular_files import UnreadableFile, read_regular_file
from .text import INLINE_MARK

MAX_BYTES = 20 * 1024 * 1024  # the 1,000x benchmark's manifest is under 2 MB
MAX_DEPTH = 40  # curated files nest four or five levels


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from.  A file's top-level
    mapping also knows the line of each of its keys (``key_lines``), so that a misspelt top-level key
    is named with its line."""

    line: int = 0
    key_lines: dict = {}


# libyaml's parser when PyYAML has it (the wheels do): curated files at scale are
# thousands of entries, and the pure-Python scanner was most of the build's time.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Duplicate(Exception):
    def __init__(self, key, line):
        self.key, self.line = key, line


class _MergeKey(Exception):
    def __init__(self, line):
        self.line = line


class _BadValue(Exception):
    def __init__(self, line, written, kind, error):
        self.line, self.written, self.kind, self.error = line, written, kind, error


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_MERGE = "tag:yaml.org,2002:merge"


class _LineLoader(_BaseLoader):
    """libyaml composes the node tree; plain strings, lists and mappings (nearly every node of a
    curated file) are then built here in one pass, and everything else (numbers, dates, nulls,
    booleans, explicit tags) by PyYAML's own constructors, so values are exactly what
    ``yaml.safe_load`` gives.  Merge keys (``<<``), which PyYAML's generic pass never accepted here
    either, are refused with their line.  PyYAML's generic pass was a third of the time a seed build spent on YAML."""

    def __init__(self, stream):
        super().__init__(stream)
        self._scalar_tags = {}

    def resolve(self, kind, value, implicit):
        # Curated files repeat the same keys thousands of times; a plain scalar's tag depends only on
        # its text and style here (no path resolvers are registered).
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._scalar_tags.get(key)
        if tag is None:
            tag = self._scalar_tags[key] = super().resolve(kind, value, implicit)
        return tag

    def construct_document(self, node):
        data = self._build(node)
        if isinstance(data, LineDict) and len(data) == len(node.value):  # keys in the order of their nodes
            data.key_lines = {key: key_node.start_mark.line + 1 for key, (key_node, _) in zip(data, node.value)}
        self.constructed_objects, self.recursive_objects = {}, {}
        return data

    def _build(self, node):
        tag = node.tag
        if tag == _STR and node.id == "scalar":
            return node.value
        if tag == _SEQ and node.id == "sequence":
            return [self._build(child) for child in node.value]
        if tag == _MAP and node.id == "mapping":
            merge = next((key for key, _ in node.value if key.tag == _MERGE), None)
            if merge is not None:
                raise _MergeKey(merge.start_mark.line + 1)
            mapping = LineDict()
            for key_node, value_node in node.value:
                key = self._build(key_node)
                try:
                    if key in mapping:
                        raise _Duplicate(key, key_node.start_mark.line + 1)
                except TypeError:  # an unhashable key (a list as a key): PyYAML reports it
                    return self.construct_object(node, deep=True)
                mapping[key] = self._build(value_node)
            mapping.line = node.start_mark.line + 1
            return mapping
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # "2017-13-45" looks like a date to YAML, and is none
            kind = {"timestamp": "date", "int": "integer", "float": "number"}.get(node.tag.rsplit(":", 1)[-1], "value")
            raise _BadValue(node.start_mark.line + 1, node.value if node.id == "scalar" else None, kind, error)

    def construct_mapping(self, node, deep=False):
        """The mappings PyYAML builds itself (a ``!!set``, or one with a key that cannot be hashed, which it
        reports)."""
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    raise _Duplicate(key, key_node.start_mark.line + 1)
                seen[key] = True
            except TypeError:  # an unhashable key (a list as a key): let the base report it
                pass
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def read_yaml_text(path: Path, display: str) -> str:
    """The text of a hand-edited file: a regular file of at most ``MAX_BYTES``, in UTF-8.  Checked before
    it is read (a FIFO would block forever, a link to ``/dev/zero`` never end) and read no further than
    the limit, whatever its size says (``build.common.regular_files``)."""
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except UnreadableFile as problem:
        raise BuildError(display, f"the file {problem}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BuildError(display, f"not valid UTF-8 at byte {error.start}") from None


def load_yaml(path: Path, display: str):
    """Parse ``path``; ``display`` is how errors name the file (e.g. ``data/x.yml``)."""
    return parse_yaml_text(read_yaml_text(path, display), display)


def parse_yaml_text(text: str, display: str):
    """Parse the text of a hand-edited file (``read_yaml_text``), refusing what ``load_yaml`` refuses."""
    _refuse_what_curated_data_never_needs(text, display)
    try:
        return yaml.load(text, Loader=_LineLoader)
    except _BadValue as bad:
        raise BuildError(display, f"{bad.written!r} reads as a {bad.kind} but is not one ({bad.error}); correct it, "
                                  "or quote it if it is text", f"line {bad.line}")
    except _MergeKey as merge:
        raise BuildError(display, "YAML merge keys (<<) are not allowed in curated data: write each key out",
                         f"line {merge.line}")
    except _Duplicate as duplicate:
        raise BuildError(display, f"key {duplicate.key!r} is given twice in one entry (YAML would keep only the "
                                  "last)", f"line {duplicate.line}")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise BuildError(display, f"not valid YAML: {error.problem or error.context}", where)
    except yaml.YAMLError as error:
        raise BuildError(display, f"not valid YAML: {error}")
    except RecursionError:
        raise BuildError(display, f"nested too deeply (more than {MAX_DEPTH} levels)")


# Where an anchor (&a) or an alias (*a) could start: quoted prose ("Mines & Petroleum") rarely matches,
# and when it does the parser's events decide.
# Written to start with the [&*] it looks for (a lookbehind then checks the character before it), so the
# regex engine skips ahead to each & or * instead of trying every position.
_MAYBE_ANCHOR = re.compile(r"[&*](?<=(?<![^\s\[{,:-])[&*])[^\s,\]}]")


def _refuse_what_curated_data_never_needs(text: str, display: str) -> None:
    """Anchors, aliases and deep nesting, found from the parser's events before anything is built."""
    if not _MAYBE_ANCHOR.search(text) and _bracket_depth(text) <= 8 and not _may_nest_deeper_than_max(text):
        return  # the common case, decided without parsing twice
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise BuildError(display, "YAML anchors and aliases (&name, *name) are not allowed in curated "
                                          "data: write each value out", f"line {event.start_mark.line + 1}")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise BuildError(display, f"nested more than {MAX_DEPTH} levels deep",
                                     f"line {event.start_mark.line + 1}")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError:
        return  # the parse below reports the syntax error with its position


# Each level of block nesting below the document's own takes at least one more character of a line's
# opening (YAML allows an indentation of one space; a block sequence's "- " takes two), so a line
# nested deeper than MAX_DEPTH opens with at least MAX_DEPTH spaces and hyphens.  Searching for
# those from each line break is what re does fast (a pattern anchored with ^ under MULTILINE is tried
# at every character); a line that opens so far in is rare, and then the parser's events decide.
_DEEP_OPENING = re.compile(rf"[ -]{{{MAX_DEPTH}}}")
_DEEP_LINE = re.compile(rf"\n{_DEEP_OPENING.pattern}")


def _may_nest_deeper_than_max(text: str) -> bool:
    """Whether some line's opening allows more than MAX_DEPTH levels of block nesting (then the
    parser's events decide)."""
    if text.count("\r") != text.count("\r\n") or any(brk in text for brk in "\x85\u2028\u2029"):
        return True  # YAML breaks lines there too, and the search below would not see it
    return _DEEP_OPENING.match(text) is not None or _DEEP_LINE.search(text) is not None


_CITATION_MARK = re.compile(INLINE_MARK)


def _bracket_depth(text: str) -> int:
    """An upper bound on flow nesting: brackets opened and not yet closed (quotes not skipped)."""
    text = _CITATION_MARK.sub("", text)  # quotes are full of "[1]"; they nest nothing
    if text.count("[") + text.count("{") <= 8:
        return text.count("[") + text.count("{")
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def entry_label(entry, index: int, key: str = "id") -> str:
    """How errors name an entry: its id when it has one, and always its line."""
    line = getattr(entry, "line", 0)
    ident = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(ident, (str, int)) or isinstance(ident, bool):
        ident = None  # a list or a mapping where an id belongs is reported by the schema, not shown here
    label = f"entry {index + 1}" + (f" (id {str(ident)[:80]})" if ident not in (None, "") else "")
    return f"{label} at line {line}" if line else label
