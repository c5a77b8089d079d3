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
  30,000 deep crashes the interpreter) and files larger than ``MAX_BYTES``.
"""

import re
from pathlib import Path

import yaml

from .errors import BuildError

MAX_BYTES = 20 * 1024 * 1024  # the 1,000x benchmark's manifest is under 2 MB
MAX_DEPTH = 40  # curated files nest four or five levels


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from."""

    line: int = 0


# libyaml's parser when PyYAML has it (the wheels do): curated files at scale are
# thousands of entries, and the pure-Python scanner was most of the build's time.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Duplicate(Exception):
    def __init__(self, key, line):
        self.key, self.line = key, line


class _LineLoader(_BaseLoader):
    def construct_mapping(self, node, deep=False):
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


def load_yaml(path: Path, display: str):
    """Parse ``path``; ``display`` is how errors name the file (e.g. ``data/x.yml``)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BuildError(display, f"{size:,} bytes; a curated file may have at most {MAX_BYTES:,}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(display, "file not found")
    except UnicodeDecodeError as error:
        raise BuildError(display, f"not valid UTF-8 at byte {error.start}")
    except OSError as error:
        raise BuildError(display, f"cannot be read: {error.strerror}")
    _refuse_what_curated_data_never_needs(text, display)
    try:
        return yaml.load(text, Loader=_LineLoader)
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
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]", re.MULTILINE)


def _refuse_what_curated_data_never_needs(text: str, display: str) -> None:
    """Anchors, aliases and deep nesting, found from the parser's events before anything is built."""
    if not _MAYBE_ANCHOR.search(text) and _bracket_depth(text) <= 8 and _indent_depth(text) <= MAX_DEPTH:
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


def _indent_depth(text: str) -> int:
    """An upper bound on block nesting: the deepest indentation plus the "- " that open a line."""
    deepest = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        dashes = 0
        while stripped.startswith("- "):
            dashes += 1
            stripped = stripped[2:].lstrip(" ")
        deepest = max(deepest, (len(line) - len(line.lstrip(" "))) // 2 + dashes)
    return deepest


_CITATION_MARK = re.compile(r"\[(?:\d+|edit)\]")


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
