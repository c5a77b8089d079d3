"""A passage of an article (a section, a paragraph or a sentence): where it lies in the text.

Its ``text`` is not kept but derived from the document's text when asked for, since it is a
function of the span (``build.sources.wikipedia``'s invariants)::

    " ".join(text[s:e].split()) == p["text"]                # sections, paragraphs
    " ".join(strip_marks(text[s:e]).split()) == p["text"]   # sentences

Why a class of its own and not the dict it was: an article of 12,000 characters has about 180
passages, and as dicts, each holding its own copy of its text (a section's text again in its
paragraphs, and again in their sentences), they took about 110 KB of a parsed article's 160 KB:
3 GB of the 10,000x corpus's memory, read back from the cache at every build.  A ``Passage`` holds
the spans and a reference to the one text the document already holds, about a fifth of that.

It reads as the dict did (``p["kind"]``, ``p.get("heading_start")``, ``dict(p)``, ``p == {...}``), as a
read-only ``Mapping`` whose keys are ``KEYS``, so its readers did not change.
"""

from collections.abc import Mapping

from .sentences import reading_text

KEYS = ("section", "kind", "ordinal", "parent", "text", "char_start", "char_end", "heading_start", "heading_end")


class Passage(Mapping):
    __slots__ = ("section", "kind", "ordinal", "parent", "char_start", "char_end", "heading_start",
                 "heading_end", "_document_text")

    def __init__(self, section: str | None, kind: str, ordinal: int, parent: int | None, document_text: str,
                 char_start: int, char_end: int, heading_start: int | None = None, heading_end: int | None = None):
        self.section, self.kind, self.ordinal, self.parent = section, kind, ordinal, parent
        self.char_start, self.char_end = char_start, char_end
        self.heading_start, self.heading_end = heading_start, heading_end
        self._document_text = document_text

    @property
    def text(self) -> str:
        if self.kind == "sentence":
            return reading_text(self._document_text, self.char_start, self.char_end)
        return " ".join(self._document_text[self.char_start:self.char_end].split())

    def __getitem__(self, key: str):
        if key not in _KEY_SET:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(KEYS)

    def __len__(self) -> int:
        return len(KEYS)

    def __reduce__(self):
        # Pickled (the parse cache) as the constructor's arguments: the document text is the object
        # the document and its source already hold, so a pickle stores it once.
        return Passage, (self.section, self.kind, self.ordinal, self.parent, self._document_text,
                         self.char_start, self.char_end, self.heading_start, self.heading_end)

    def __repr__(self) -> str:
        return f"Passage({dict(self)!r})"


_KEY_SET = frozenset(KEYS)
