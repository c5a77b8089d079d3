"""A claim is a ``Claim`` (build.claims.claim): the dict it was, in slots."""

import pickle
import sys

import pytest

from build.claims.claim import FIELDS, Claim
from build.tables.schema import TABLES

CURATED = {"id": "c1", "source_id": "wikipedia-a", "subject_table": "persons", "subject_id": "p", "person_id": "p",
           "entity_id": "p", "holding": None, "property": "birth_date", "value": "1969-01-01", "quote": "born 1969",
           "char_start": 10, "char_end": 19, "method": "curated", "note": None}


def test_it_reads_and_writes_as_the_dict_it_was():
    claim = Claim(CURATED)
    assert claim["value"] == "1969-01-01" and claim.get("quote") == "born 1969"
    # A field this kind of claim does not fill reads as the missing key did: None.
    assert claim["rule"] is None and claim.get("origin_id") is None and claim.get("no such field", 5) == 5
    claim["inferred"] = "a reader's inference"
    assert claim["inferred"] == "a reader's inference"
    assert {**claim} == claim.as_dict() == {**dict.fromkeys(FIELDS), **CURATED, "inferred": "a reader's inference"}
    with pytest.raises(KeyError):
        claim["no such field"]
    with pytest.raises(KeyError):
        claim["no such field"] = 1  # a typo never becomes a new field
    with pytest.raises(KeyError):
        Claim({**CURATED, "valeu": "1969"})


def test_every_field_is_a_column_of_the_claims_table():
    """``insert_rows`` refuses a key the table has no column for: every field must be one."""
    assert set(FIELDS) <= set(TABLES["claims"].columns)


def test_it_survives_the_pickle_to_a_worker_and_the_cache():
    claim = Claim(CURATED)
    copied = pickle.loads(pickle.dumps(claim, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(copied) is Claim and copied == claim and copied.as_dict() == claim.as_dict()


def test_it_is_smaller_than_the_dict():
    """The reason for the type: 1.9 million claims at 10,000 times the seeds."""
    claim = Claim(CURATED)
    assert sys.getsizeof(claim) < 0.5 * sys.getsizeof(claim.as_dict())
