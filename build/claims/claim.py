"""A claim: one value one source states about one fact, with where it states it.

Claims are the build's most numerous objects: 1.9 million at 10,000 times the seeds, all held from
their collection to the last table.  As dicts of 32 keys they took 832 bytes each before their values;
a ``Claim`` holds the same values in slots, 336 bytes: about 1 GB less at that size.

A ``Claim`` reads and writes as the dict it was (``claim["value"]``, ``claim.get("unit")``,
``claim["inferred"] = ...``, ``{**claim}``), so its readers did not change.  Its keys are ``FIELDS``,
the claims table's columns a claim can hold, and every claim has them all: a field a kind of claim
does not fill (``rule`` of a curated claim, ``carried_from`` of an extracted one) is None, which is
what the table stores for it and what ``get`` gave for the missing key.  A key outside ``FIELDS`` is
refused (``KeyError``), as ``insert_rows`` refuses a column the table does not have.
"""

from collections import deque
from collections.abc import MutableMapping
from itertools import repeat
from operator import attrgetter

FIELDS = ("id", "source_id", "subject_table", "subject_id", "person_id", "entity_id", "holding", "property",
          "value_type", "value_label", "unit", "precision", "date_start", "date_end", "inferred", "qualifier",
          "value", "value_raw", "period", "item", "char_start", "char_end", "quote", "value_start", "value_end",
          "section", "attributed_to", "method", "rule", "reviewed", "note", "curated_in", "inferred_from_start",
          "inferred_from_end", "credited_term_id", "carried_from", "origin_id", "reference_id")
_FIELD_SET = frozenset(FIELDS)
_VALUES = attrgetter(*FIELDS)


class Claim(MutableMapping):
    __slots__ = FIELDS

    def __init__(self, fields: dict):
        unknown = fields.keys() - _FIELD_SET
        if unknown:
            raise KeyError(f"a claim has no field {sorted(unknown)[0]!r}")
        _set_all(self, map(fields.get, FIELDS))

    def __getitem__(self, key: str):
        if key in _FIELD_SET:
            return getattr(self, key)
        raise KeyError(key)

    def get(self, key: str, default=None):
        return getattr(self, key) if key in _FIELD_SET else default

    def __setitem__(self, key: str, value) -> None:
        if key not in _FIELD_SET:
            raise KeyError(f"a claim has no field {key!r}")
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        raise TypeError("a claim's fields are fixed: set one to None instead")

    def __iter__(self):
        return iter(FIELDS)

    def __len__(self) -> int:
        return len(FIELDS)

    def __contains__(self, key) -> bool:
        return key in _FIELD_SET

    def keys(self):
        return FIELDS

    def as_dict(self) -> dict:
        """A plain dict of every field (what ``{**claim}`` gives, at C speed)."""
        return dict(zip(FIELDS, _VALUES(self)))

    def __reduce__(self):
        # Pickled as its values in FIELDS order: one tuple, not a dict of names per claim.
        return _from_values, (_VALUES(self),)

    def __repr__(self) -> str:
        return f"Claim({self.as_dict()!r})"


def _from_values(values: tuple) -> Claim:
    claim = Claim.__new__(Claim)
    _set_all(claim, values)
    return claim


def _set_all(claim: Claim, values) -> None:
    """Every field of ``claim`` from ``values`` (in FIELDS order), in one loop run by C: made or
    unpickled, 1.9 million claims at 10,000 times the seeds, where a Python loop of setattr took
    three times as long."""
    deque(map(setattr, repeat(claim), FIELDS, values), maxlen=0)
