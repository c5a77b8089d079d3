"""Read YAML files so that every mapping remembers the line it starts on.

Curated data is edited by hand; an error must point at the line to fix.  Each
mapping loaded here is a ``LineDict``: a plain ``dict`` with a ``line`` attribute
(1-based).  A syntax error becomes a one-line ``BuildError`` with its position.
"""

from pathlib import Path

import yaml

from .errors import BuildError


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from."""

    line: int = 0


# libyaml's parser when PyYAML has it (the wheels do): curated files at scale are
# thousands of entries, and the pure-Python scanner was most of the build's time.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    def construct_mapping(self, node, deep=False):
        mapping = LineDict(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def load_yaml(path: Path, display: str):
    """Parse ``path``; ``display`` is how errors name the file (e.g. ``data/x.yml``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(display, "file not found")
    except UnicodeDecodeError as error:
        raise BuildError(display, f"not valid UTF-8 at byte {error.start}")
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise BuildError(display, f"not valid YAML: {error.problem or error.context}", where)
    except yaml.YAMLError as error:
        raise BuildError(display, f"not valid YAML: {error}")


def entry_label(entry, index: int, key: str = "id") -> str:
    """How errors name an entry: its id when it has one, and always its line."""
    line = getattr(entry, "line", 0)
    ident = entry.get(key) if isinstance(entry, dict) else None
    label = f"entry {index + 1}" + (f" (id {ident})" if ident else "")
    return f"{label} at line {line}" if line else label
