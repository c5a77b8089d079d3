"""Regular expressions compiled on first use.

Every build is a fresh process, and compiling a pattern costs 20-400 µs of its
start.  A pattern that only some inputs need (a layout variant, a rare
separator) is declared as ``LazyPattern(...)`` instead of ``re.compile(...)``:
it is used the same way (``.match``, ``.search``, ``.sub``, ``.pattern``...)
but compiled the first time one of its methods is looked up; from then on
those methods are the compiled pattern's own, so later calls cost nothing extra.
"""

from __future__ import annotations

import re

_DELEGATED = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
              "flags", "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        # Only reached for an attribute this object does not have yet: compile, and keep the compiled
        # pattern's methods on this object, where they are found directly from now on.
        if name not in _DELEGATED:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _DELEGATED:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"
