"""build.common.lazy_re.LazyPattern: the same pattern as re.compile, compiled on first use."""

import re

from build.common import dates
from build.sources import infobox
from build.sources import ipu as parse_ipu
from build.sources import wikipedia as parse_wikipedia
from build.claims import vocabularies
from build.common.lazy_re import LazyPattern


def test_lazy_pattern_behaves_as_compiled():
    text = "Case No. ECU-92 - Annex II: from 13 May 2012 to 2016"
    for pattern, flags in ((r"(?P<year>\d{4})", 0), (r"annex\s+([IVX]+)", re.I), (r"\s+", 0)):
        lazy, compiled = LazyPattern(pattern, flags), re.compile(pattern, flags)
        assert lazy.pattern == compiled.pattern
        assert lazy.flags == compiled.flags and lazy.groups == compiled.groups
        assert lazy.groupindex == compiled.groupindex
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.sub("_", text) == compiled.sub("_", text)
        assert lazy.split(text) == compiled.split(text)
        for method in ("search", "match", "fullmatch"):
            found, expected = getattr(lazy, method)(text, 5), getattr(compiled, method)(text, 5)
            assert (found and found.span()) == (expected and expected.span())


def test_lazy_pattern_compiles_once():
    lazy = LazyPattern(r"\d+")
    assert "search" not in vars(lazy)
    lazy.search("a1")
    search = vars(lazy)["search"]
    lazy.fullmatch("12")
    assert vars(lazy)["search"] is search


def test_declared_lazy_patterns_compile():
    lazies = [value for module in (dates, infobox, parse_ipu, parse_wikipedia, vocabularies)
              for value in vars(module).values() if isinstance(value, LazyPattern)]
    assert len(lazies) >= 10
    for lazy in lazies:
        assert lazy.flags == re.compile(lazy.pattern, lazy._flags).flags
