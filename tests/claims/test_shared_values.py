"""A curated file's claims share one object for each value they repeat, through the pickle that carries
them to the main process and into the cache (build.claims.sharing)."""

import pickle
from pathlib import Path

from build.claims.curated import curated_file
from build.claims.sharing import SHARED_FIELDS
from build.claims.vocabularies import load_vocabularies
from build.common.executors import LOCAL
from build.sources.documents import parse_sources
from build.sources.manifest import load_manifest

DATA = Path(__file__).resolve().parents[2] / "data"


def test_equal_values_are_one_object_after_the_round_trip():
    vocabularies = load_vocabularies(DATA, LOCAL)
    parsed = {item.source.id: item for item in parse_sources(load_manifest(DATA))}
    text = (DATA / "claims" / "wikipedia-a.yml").read_text(encoding="utf-8")
    result = curated_file(vocabularies, ("data/claims/wikipedia-a.yml", text, "wikipedia-a", parsed["wikipedia-a"]))
    claims = [claim for claim, _label in pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))["claims"]]
    assert len(claims) > 50
    values = [claim[key] for claim in claims for key in SHARED_FIELDS if isinstance(claim.get(key), str)]
    assert len({id(value) for value in values}) == len(set(values))  # as many objects as distinct values
    person = next(claim for claim in claims if claim["property"] == "birth_date")
    assert person["subject_id"] is person["person_id"] is person["entity_id"]
